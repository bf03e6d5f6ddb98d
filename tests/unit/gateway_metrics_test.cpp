// /metrics in the Prometheus text format, exactly.
#include "core/gateway/metrics.hpp"

#include <boost/test/unit_test.hpp>

using namespace llmhost::gateway;

BOOST_AUTO_TEST_CASE(prometheus_text) {
    Metrics m;
    m.request("openai", 200);
    m.request("openai", 200);
    m.request("anthropic", 429);
    m.error("rate_limited");
    m.attempt("a", "ok");
    m.upstream_latency("a", 0.02);
    m.upstream_latency("a", 3);
    m.stream_opened();
    m.stream_output(5, 7);
    const std::string text = m.render();
    for (const char* line :
         {"# TYPE llmhost_requests_total counter\n",
          "llmhost_requests_total{face=\"anthropic\",status=\"429\"} 1\n"
          "llmhost_requests_total{face=\"openai\",status=\"200\"} 2\n",
          "llmhost_errors_total{class=\"rate_limited\"} 1\n",
          "llmhost_attempts_total{provider=\"a\",status=\"ok\"} 1\n",
          "llmhost_upstream_latency_seconds_bucket{provider=\"a\",le=\"0.01\"} 0\n"
          "llmhost_upstream_latency_seconds_bucket{provider=\"a\",le=\"0.025\"} 1\n",
          "llmhost_upstream_latency_seconds_bucket{provider=\"a\",le=\"2.5\"} 1\n"
          "llmhost_upstream_latency_seconds_bucket{provider=\"a\",le=\"5\"} 2\n",
          "llmhost_upstream_latency_seconds_bucket{provider=\"a\",le=\"+Inf\"} 2\n"
          "llmhost_upstream_latency_seconds_sum{provider=\"a\"} 3.02\n"
          "llmhost_upstream_latency_seconds_count{provider=\"a\"} 2\n",
          "llmhost_stream_deltas_total 5\n", "llmhost_streamed_tokens_total 7\n", "llmhost_active_streams 1\n"})
        BOOST_TEST(text.find(line) != std::string::npos, line << "\nin:\n" << text);
}

BOOST_AUTO_TEST_CASE(labels_are_escaped) {
    Metrics m;
    m.attempt("we\"ird\\id", "ok");
    BOOST_TEST(m.render().find(R"(provider="we\"ird\\id")") != std::string::npos);
}
