// The llmh_host_services table as a plugin sees it: logging and its level filter, environment
// with overrides and interned values, clocks, cancellation, allocation, and http_request over
// the real transport against an in-process upstream (timeouts, cancellation, handler stop).
#include "core/plugins/host_services.hpp"

#include "loader/loader_fixtures.hpp"
#include "support/mock_upstream.hpp"

#include <llmhost/error.hpp>

#include <boost/test/unit_test.hpp>

#include <cstring>
#include <thread>

using namespace llmhost::plugins;
using namespace std::chrono_literals;
using llmhost::to_str;
using llmhost::view;
using llmhost::testing::capture_stderr;
using llmhost::testing::MockUpstream;
using llmhost::testing::RecordedRequest;
using llmhost::testing::ScriptedResponse;

namespace {

struct Services {
    llmhost::transport::HttpClient http;
    HostServices host{http};
    const llmh_host_services& t = *host.table();
};

void log(const llmh_host_services& t, int32_t level, std::string_view message) {
    t.log(t.host, level, to_str(message));
}

std::optional<std::string> env(const llmh_host_services& t, std::string_view name) {
    llmh_str value{};
    if (!t.get_env(t.host, to_str(name), &value)) return std::nullopt;
    return std::string(view(value));
}

// One http_request call as a plugin makes it, collecting what the handler sees.
struct Exchange {
    int32_t result = -1;
    llmh_error error = llmhost::make_empty_error();
    int32_t status = 0;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    bool stop_at_head = false;

    void run(const llmh_host_services& t, CallState& state, std::string_view url, int64_t total_timeout_ms = 0,
             std::vector<llmh_header> request_headers = {}) {
        llmh_call_context call{};
        call.struct_size = sizeof call;
        call.host_call = &state;
        llmh_http_request r{};
        r.struct_size = sizeof r;
        r.method = to_str("POST");
        r.url = to_str(url);
        r.headers = request_headers.data();
        r.header_count = request_headers.size();
        r.body = to_str("{\"q\":1}");
        r.total_timeout_ms = total_timeout_ms;
        llmh_http_response_handler h{};
        h.struct_size = sizeof h;
        h.user = this;
        h.on_head = [](void* user, int32_t status, const llmh_header* hs, size_t n) {
            auto& self = *static_cast<Exchange*>(user);
            self.status = status;
            for (size_t i = 0; i < n; ++i)
                self.headers.emplace_back(view(hs[i].name), view(hs[i].value));
            return !self.stop_at_head;
        };
        h.on_body = [](void* user, llmh_str chunk) {
            static_cast<Exchange*>(user)->body.append(view(chunk));
            return true;
        };
        result = t.http_request(&call, &r, &h, &error);
    }
};

} // namespace

BOOST_AUTO_TEST_CASE(table_is_complete) {
    Services s;
    BOOST_TEST(s.t.struct_size == sizeof(llmh_host_services));
    BOOST_TEST(s.t.abi_minor == uint32_t(LLMH_ABI_MINOR));
    BOOST_TEST(s.t.host != nullptr);
    BOOST_TEST((s.t.log && s.t.http_request && s.t.alloc && s.t.free && s.t.monotonic_ns && s.t.wall_clock_ms &&
                s.t.get_env && s.t.is_cancelled));
    BOOST_TEST(&s.host.http_client() == &s.http);
}

BOOST_AUTO_TEST_CASE(logs_warnings_to_stderr_by_default) {
    Services s;
    const std::string out = capture_stderr([&] {
        log(s.t, LLMH_LOG_DEBUG, "noise");
        log(s.t, LLMH_LOG_INFO, "more noise");
        log(s.t, LLMH_LOG_WARN, "rate limit is near");
        log(s.t, LLMH_LOG_ERROR, "upstream broke");
    });
    BOOST_TEST(out == "llmhost: rate limit is near\nllmhost: upstream broke\n");
}

BOOST_AUTO_TEST_CASE(a_logger_receives_messages_at_or_above_its_level) {
    Services s;
    std::vector<std::pair<int, std::string>> got;
    s.host.set_logger([&](llmh_log_level l, std::string_view m) { got.emplace_back(l, m); }, LLMH_LOG_DEBUG);
    log(s.t, LLMH_LOG_DEBUG, "d");
    log(s.t, 99, "clamped to error");
    log(s.t, -5, "clamped to debug");
    BOOST_TEST(
        (got == std::vector<std::pair<int, std::string>>{{0, "d"}, {3, "clamped to error"}, {0, "clamped to debug"}}));
    s.host.set_logger([](llmh_log_level, std::string_view) { throw std::runtime_error("logger broke"); },
                      LLMH_LOG_DEBUG);
    log(s.t, LLMH_LOG_ERROR, "a throwing logger is contained");
}

BOOST_AUTO_TEST_CASE(environment_overrides_win_and_values_stay_valid) {
    Services s;
    const llmhost::testing::ScopedEnv real("LLMHOST_TEST_SERVICES_VAR", "from-environment");
    BOOST_TEST(env(s.t, "LLMHOST_TEST_SERVICES_VAR").value() == "from-environment");
    BOOST_TEST(!env(s.t, "LLMHOST_TEST_SURELY_UNSET_VAR").has_value());
    BOOST_TEST(!env(s.t, "").has_value());

    s.host.set_env_override("LLMHOST_TEST_SERVICES_VAR", "overridden");
    llmh_str first{};
    BOOST_REQUIRE(s.t.get_env(s.t.host, to_str("LLMHOST_TEST_SERVICES_VAR"), &first));
    BOOST_TEST(std::string(view(first)) == "overridden");
    s.host.set_env_override("LLMHOST_TEST_SERVICES_VAR", "changed");
    BOOST_TEST(env(s.t, "LLMHOST_TEST_SERVICES_VAR").value() == "changed");
    // The earlier answer still points at valid memory with the earlier value.
    BOOST_TEST(std::string(view(first)) == "overridden");
}

BOOST_AUTO_TEST_CASE(clocks_and_memory) {
    Services s;
    const int64_t a = s.t.monotonic_ns(s.t.host);
    std::this_thread::sleep_for(2ms);
    BOOST_TEST(s.t.monotonic_ns(s.t.host) - a >= 2'000'000);
    const int64_t now_ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
            .count();
    BOOST_TEST(std::abs(s.t.wall_clock_ms(s.t.host) - now_ms) < 1000);
    void* p = s.t.alloc(s.t.host, 64);
    BOOST_REQUIRE(p);
    std::memset(p, 0xab, 64);
    s.t.free(s.t.host, p);
    s.t.free(s.t.host, nullptr);
}

BOOST_AUTO_TEST_CASE(is_cancelled_reads_the_calls_flag) {
    Services s;
    std::atomic<bool> flag{false};
    CallState state;
    state.cancel = &flag;
    llmh_call_context call{};
    call.struct_size = sizeof call;
    call.host_call = &state;
    BOOST_TEST(!s.t.is_cancelled(&call));
    flag = true;
    BOOST_TEST(s.t.is_cancelled(&call));
    call.host_call = nullptr;
    BOOST_TEST(!s.t.is_cancelled(&call));
    BOOST_TEST(!s.t.is_cancelled(nullptr));
}

BOOST_AUTO_TEST_CASE(http_request_streams_a_response_to_the_handler) {
    Services s;
    MockUpstream upstream([](const RecordedRequest& r) {
        ScriptedResponse resp = ScriptedResponse::sse({"data: one\n\n", "data: two\n\n"});
        resp.headers.emplace_back("X-Echo", std::string(r.header("X-Plugin")) + "|" + r.body);
        return resp;
    });
    CallState state;
    state.http = &s.http;
    Exchange x;
    x.run(s.t, state, upstream.base_url() + "/v1/stream", 0, {{to_str("X-Plugin"), to_str("fixture")}});
    BOOST_TEST(x.result == LLMH_OK);
    BOOST_TEST(x.status == 200);
    BOOST_TEST(x.body == "data: one\n\ndata: two\n\n");
    bool echoed = false;
    for (const auto& [k, v] : x.headers)
        echoed = echoed || (k == "X-Echo" && v == "fixture|{\"q\":1}");
    BOOST_TEST(echoed);
    BOOST_TEST(upstream.requests().at(0).method == "POST");
    BOOST_TEST(upstream.requests().at(0).target == "/v1/stream");
}

BOOST_AUTO_TEST_CASE(http_request_uses_the_calls_timeout_unless_the_request_has_one) {
    Services s;
    MockUpstream upstream([](const RecordedRequest&) {
        ScriptedResponse r = ScriptedResponse::json(200, "{}");
        r.delay_before_head = 400ms;
        return r;
    });
    CallState state;
    state.http = &s.http;
    state.total_timeout = 100ms;
    Exchange timed_out;
    timed_out.run(s.t, state, upstream.base_url() + "/slow");
    BOOST_TEST(timed_out.result == LLMH_ERR_TIMEOUT);
    BOOST_TEST(timed_out.error.error_class == LLMH_ERR_TIMEOUT);
    BOOST_TEST(std::strlen(timed_out.error.message) > 0u);

    Exchange patient;
    patient.run(s.t, state, upstream.base_url() + "/slow", 5000);
    BOOST_TEST(patient.result == LLMH_OK);
    BOOST_TEST(patient.body == "{}");
}

BOOST_AUTO_TEST_CASE(http_request_is_cancelled_by_the_call_or_the_handler) {
    Services s;
    MockUpstream upstream([](const RecordedRequest&) {
        ScriptedResponse r = ScriptedResponse::json(200, "{}");
        r.delay_before_head = 3000ms;
        return r;
    });
    std::atomic<bool> cancel{false};
    CallState state;
    state.http = &s.http;
    state.cancel = &cancel;
    std::thread canceller([&] {
        std::this_thread::sleep_for(100ms);
        cancel = true;
    });
    const auto start = std::chrono::steady_clock::now();
    Exchange x;
    x.run(s.t, state, upstream.base_url() + "/slow");
    canceller.join();
    BOOST_TEST(x.result == LLMH_ERR_CANCELLED);
    const auto waited = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
    BOOST_TEST(waited.count() < 2000);

    MockUpstream quick([](const RecordedRequest&) { return ScriptedResponse::json(200, "{\"a\":1}"); });
    cancel = false;
    Exchange stopped;
    stopped.stop_at_head = true;
    stopped.run(s.t, state, quick.base_url() + "/x");
    BOOST_TEST(stopped.result == LLMH_ERR_CANCELLED);
    BOOST_TEST(stopped.body.empty());
}

BOOST_AUTO_TEST_CASE(http_request_fails_cleanly_without_a_transport_or_a_server) {
    Services s;
    CallState no_transport;
    Exchange x;
    x.run(s.t, no_transport, "http://127.0.0.1:9/");
    BOOST_TEST(x.result == LLMH_ERR_NETWORK);
    BOOST_TEST(std::string(x.error.message) == "no HTTP transport is attached to this call (host bug)");

    CallState state;
    state.http = &s.http;
    Exchange refused;
    refused.run(s.t, state, "http://127.0.0.1:1/nothing-listens-here");
    BOOST_TEST(refused.result == LLMH_ERR_NETWORK);
    BOOST_TEST(refused.error.error_class == LLMH_ERR_NETWORK);
}
