// Token counting from the providers' own counters, end to end: `llmhost tokens` and the
// faces' counting endpoints, against upstreams that speak Anthropic's count_tokens and
// Gemini's countTokens; a provider without a counter is an error, never a guess.
#include "gateway_test_support.hpp"
#include "support/mock_upstream.hpp"
#include "support/test_env.hpp"

#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

using namespace llmhost::testing;
using namespace gateway_e2e;
namespace json = boost::json;

namespace {

ScriptedResponse anthropic_counter(const RecordedRequest& r) {
    if (!r.target.ends_with("/v1/messages/count_tokens")) return ScriptedResponse::json(404, "{}");
    const auto body = json::parse(r.body).as_object();
    // Anthropic refuses fields that only shape an answer; a count has none.
    if (body.contains("max_tokens") || body.contains("stream"))
        return ScriptedResponse::json(
            400,
            R"({"type":"error","error":{"type":"invalid_request_error","message":"max_tokens: Extra inputs are not permitted"}})");
    return ScriptedResponse::json(200, R"({"input_tokens":42})");
}

ScriptedResponse gemini_counter(const RecordedRequest& r) {
    if (r.target.find(":countTokens") == std::string::npos) return ScriptedResponse::json(404, "{}");
    const auto body = json::parse(r.body).as_object();
    if (!body.contains("generateContentRequest"))
        return ScriptedResponse::json(400, R"({"error":{"code":400,"message":"bad","status":"INVALID_ARGUMENT"}})");
    return ScriptedResponse::json(200, R"({"totalTokens":17})");
}

std::string anthropic_config(const MockUpstream& up) {
    return "[providers.claude]\nplugin = \"anthropic\"\nbase_url = \"" + up.base_url() + "\"\napi_key = \"k\"\n";
}

} // namespace

BOOST_AUTO_TEST_CASE(tokens_counts_with_the_providers_counter) {
    MockUpstream up(anthropic_counter);
    TempDir dir;
    dir.write("config.toml", anthropic_config(up));
    const auto plain =
        run_host({"--config", dir.file("config.toml"), "-m", "claude/claude-x", "tokens", "hello", "there"});
    BOOST_TEST_REQUIRE(plain.exit_code == 0, plain.err);
    BOOST_TEST(plain.out == "42\n");
    const auto as_json = run_host(
        {"--config", dir.file("config.toml"), "-m", "claude/claude-x", "tokens", "--system", "Be terse.", "--json"}, {},
        "from stdin\n");
    BOOST_TEST_REQUIRE(as_json.exit_code == 0, as_json.err);
    const auto doc = json::parse(as_json.out).as_object();
    BOOST_TEST(doc.at("provider") == "claude");
    BOOST_TEST(doc.at("model") == "claude-x");
    BOOST_TEST(doc.at("input_tokens") == 42);
    const auto sent = json::parse(up.requests().back().body).as_object();
    BOOST_TEST(sent.at("system") == "Be terse.");
    BOOST_TEST(sent.at("messages").as_array().at(0).at("content") == "from stdin");
}

BOOST_AUTO_TEST_CASE(a_provider_without_a_counter_is_exit_5_not_a_guess) {
    const auto r = run_host({"-p", "mock", "tokens", "hello"});
    BOOST_TEST(r.exit_code == 5);
    BOOST_TEST(r.out.empty());
    BOOST_TEST(r.err.find("no token counter") != std::string::npos, r.err);
}

BOOST_AUTO_TEST_CASE(the_faces_count_with_the_providers_counter) {
    MockUpstream anthropic(anthropic_counter);
    MockUpstream gemini(gemini_counter);
    GatewayProcess gw(anthropic_config(anthropic) + "[providers.goog]\nplugin = \"gemini\"\nbase_url = \"" +
                      gemini.base_url() + "/v1beta\"\napi_key = \"k\"\n");
    const auto messages = post_json(gw.port(), "/v1/messages/count_tokens",
                                    R"({"model":"claude/claude-x","messages":[{"role":"user","content":"hi"}]})",
                                    {{"anthropic-version", "2023-06-01"}});
    BOOST_TEST(messages.status == 200, messages.body);
    BOOST_TEST(messages.body == R"({"input_tokens":42})");
    const auto google = post_json(gw.port(), "/v1beta/models/goog%2Fgemini-x:countTokens",
                                  R"({"contents":[{"role":"user","parts":[{"text":"hi"}]}]})");
    BOOST_TEST(google.status == 200, google.body);
    BOOST_TEST(json::parse(google.body).at("totalTokens") == 17);
    BOOST_TEST(gemini.requests().back().target.find("/models/gemini-x:countTokens") != std::string::npos);
}
