// The built binary with the anthropic plugin, end to end, against an in-process upstream that
// speaks the Anthropic Messages wire format: streamed, --json and --no-stream chat, models,
// options, exit codes, and the anthropic-custom:<URL> selector.
#include "support/mock_upstream.hpp"
#include "support/test_env.hpp"

#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

using namespace llmhost::testing;

namespace {

bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

const std::string api_key = "sk-ant-e2e-SECRET-5678";
const std::vector<std::string> key_env{"ANTHROPIC_API_KEY=" + api_key};

std::string event(std::string_view name, std::string_view data) {
    return "event: " + std::string(name) + "\ndata: " + std::string(data) + "\n\n";
}

std::string text_delta(std::string_view text) {
    return event("content_block_delta",
                 R"({"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":")" +
                     std::string(text) + R"("}})");
}

const std::string message_start = event(
    "message_start",
    R"({"type":"message_start","message":{"id":"msg_E1","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929","content":[],"usage":{"input_tokens":9,"cache_read_input_tokens":1,"output_tokens":1}}})");

ScriptedResponse messages_stream() {
    return ScriptedResponse::sse(
        {message_start,
         event("content_block_start",
               R"({"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}})"),
         event("ping", R"({"type":"ping"})"), text_delta("Hello"), text_delta(" there"),
         event("content_block_stop", R"({"type":"content_block_stop","index":0})"),
         event(
             "message_delta",
             R"({"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":4}})"),
         event("message_stop", R"({"type":"message_stop"})")});
}

ScriptedResponse whole_message() {
    return ScriptedResponse::json(200,
                                  R"({"id":"msg_E2","type":"message","role":"assistant","model":"claude-sonnet-4-5",
        "content":[{"type":"text","text":"Whole answer"}],"stop_reason":"max_tokens","stop_sequence":null,
        "usage":{"input_tokens":3,"output_tokens":7}})");
}

// Answers POST /v1/messages (streamed or not, as asked) and GET /v1/models.
ScriptedResponse messages_api(const RecordedRequest& request) {
    if (request.method == "GET")
        return ScriptedResponse::json(
            200, R"({"data":[{"type":"model","id":"claude-sonnet-4-5","display_name":"Claude Sonnet 4.5"},
            {"type":"model","id":"claude-haiku-4-5","display_name":"Claude Haiku 4.5"}],"has_more":false})");
    return boost::json::parse(request.body).at("stream").as_bool() ? messages_stream() : whole_message();
}

// A config file that points the built-in `anthropic` provider at `upstream`.
struct AnthropicConfig {
    TempDir dir;
    std::string path;
    AnthropicConfig(const MockUpstream& upstream, const std::string& extra = {}) {
        dir.write("config.toml", "[providers.anthropic]\nbase_url = \"" + upstream.base_url() + "\"\n" + extra);
        path = dir.file("config.toml");
    }
};

ProcessResult run_anthropic(const AnthropicConfig& config, std::vector<std::string> args,
                            const std::vector<std::string>& env = key_env) {
    args.insert(args.begin(), {"--config", config.path});
    return run_host(args, env);
}

} // namespace

BOOST_AUTO_TEST_CASE(chat_streams_text_to_stdout) {
    MockUpstream upstream(messages_api);
    AnthropicConfig config(upstream);
    const auto r = run_anthropic(config, {"-p", "anthropic", "chat", "hi", "there"});
    BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
    BOOST_TEST(r.out == "Hello there\n");
    const auto requests = upstream.requests();
    BOOST_REQUIRE_EQUAL(requests.size(), 1u);
    BOOST_TEST(requests[0].method == "POST");
    BOOST_TEST(requests[0].target == "/v1/messages");
    BOOST_TEST(requests[0].header("x-api-key") == api_key);
    BOOST_TEST(requests[0].header("anthropic-version") == "2023-06-01");
    const auto body = boost::json::parse(requests[0].body);
    BOOST_TEST(body.at("model").as_string() == "claude-sonnet-4-5"); // the provider's default model
    BOOST_TEST(body.at("max_tokens").as_int64() == 4096);
    BOOST_TEST(body.at("stream").as_bool());
    BOOST_TEST(body.at("messages") == boost::json::parse(R"([{"role":"user","content":"hi there"}])"));
}

BOOST_AUTO_TEST_CASE(chat_json_prints_the_response_document) {
    MockUpstream upstream(messages_api);
    AnthropicConfig config(upstream);
    const auto r = run_anthropic(config, {"-p", "claude", "chat", "--json", "hi"}); // the alias
    BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
    const auto doc = boost::json::parse(r.out);
    BOOST_TEST(doc.at("provider").as_string() == "anthropic");
    BOOST_TEST(doc.at("text").as_string() == "Hello there");
    BOOST_TEST(doc.at("finish_reason").as_string() == "stop");
    BOOST_TEST(doc.at("usage").at("input_tokens").as_int64() == 10);
    BOOST_TEST(doc.at("usage").at("output_tokens").as_int64() == 4);
    BOOST_TEST(doc.at("tool_calls").as_array().empty());
}

BOOST_AUTO_TEST_CASE(chat_without_streaming) {
    MockUpstream upstream(messages_api);
    AnthropicConfig config(upstream);
    const auto r = run_anthropic(config, {"-p", "anthropic", "-m", "claude-haiku-4-5", "chat", "--no-stream", "--json",
                                          "--system", "Be brief.", "--max-tokens", "50", "--temperature", "0.2", "hi"});
    BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
    const auto doc = boost::json::parse(r.out);
    BOOST_TEST(doc.at("text").as_string() == "Whole answer");
    BOOST_TEST(doc.at("finish_reason").as_string() == "length");
    BOOST_TEST(doc.at("model").as_string() == "claude-sonnet-4-5"); // the model that answered, as the message says
    const auto body = boost::json::parse(upstream.requests().at(0).body);
    BOOST_TEST(!body.at("stream").as_bool());
    BOOST_TEST(body.at("model").as_string() == "claude-haiku-4-5");
    BOOST_TEST(body.at("system").as_string() == "Be brief.");
    BOOST_TEST(body.at("max_tokens").as_int64() == 50);
    BOOST_TEST(body.at("temperature").as_double() == 0.2);

    const auto text = run_anthropic(config, {"-p", "anthropic", "chat", "--no-stream", "hi"});
    BOOST_TEST(text.exit_code == 0, text.err);
    BOOST_TEST(text.out == "Whole answer\n");
}

BOOST_AUTO_TEST_CASE(chat_with_a_schema_asks_for_structured_output) {
    MockUpstream upstream(messages_api);
    AnthropicConfig config(upstream);
    config.dir.write("schema.json", R"({"type":"object","properties":{"a":{"type":"string"}},"required":["a"]})");
    const auto r = run_anthropic(config, {"-p", "anthropic", "chat", "--schema", config.dir.file("schema.json"), "hi"});
    BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
    const auto body = boost::json::parse(upstream.requests().at(0).body);
    BOOST_TEST(body.at("output_config").at("format").at("type").as_string() == "json_schema");
    BOOST_TEST(body.at("output_config").at("format").at("schema").at("required") == boost::json::parse(R"(["a"])"));
}

BOOST_AUTO_TEST_CASE(models_lists_the_api_models) {
    MockUpstream upstream(messages_api);
    AnthropicConfig config(upstream);
    const auto r = run_anthropic(config, {"-p", "anthropic", "models"});
    BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
    BOOST_TEST(r.out == "claude-sonnet-4-5\nclaude-haiku-4-5\n");
    const auto json = run_anthropic(config, {"-p", "anthropic", "models", "--json"});
    BOOST_TEST_REQUIRE(json.exit_code == 0, json.err);
    BOOST_TEST(boost::json::parse(json.out).at("models").at(1) ==
               boost::json::parse(R"({"id":"claude-haiku-4-5","display_name":"Claude Haiku 4.5"})"));
    BOOST_TEST(upstream.requests().at(0).target == "/v1/models?limit=1000");
}

BOOST_AUTO_TEST_CASE(anthropic_custom_selector_reaches_any_messages_server) {
    MockUpstream upstream(messages_api);
    const std::string selector = "anthropic-custom:" + upstream.base_url();
    const auto r = run_host({"-p", selector, "-m", "claude-gw", "chat", "hi"});
    BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
    BOOST_TEST(r.out == "Hello there\n");
    const auto requests = upstream.requests();
    BOOST_REQUIRE_EQUAL(requests.size(), 1u);
    BOOST_TEST(requests[0].target == "/v1/messages");
    BOOST_TEST(requests[0].header("x-api-key").empty()); // keyless unless a key is configured
    BOOST_TEST(boost::json::parse(requests[0].body).at("model").as_string() == "claude-gw");

    // Its key variable, when set, is sent as Anthropic's key.
    const auto keyed = run_host({"-p", selector, "-m", "claude-gw", "chat", "hi"}, {"ANTHROPIC_CUSTOM_API_KEY=gw-key"});
    BOOST_TEST_REQUIRE(keyed.exit_code == 0, keyed.err);
    BOOST_TEST(upstream.requests().back().header("x-api-key") == "gw-key");

    const auto models = run_host({"-p", selector, "models"});
    BOOST_TEST_REQUIRE(models.exit_code == 0, models.err);
    BOOST_TEST(models.out == "claude-sonnet-4-5\nclaude-haiku-4-5\n");
}

BOOST_AUTO_TEST_CASE(options_from_the_config_file) {
    MockUpstream upstream(messages_api);
    AnthropicConfig bearer(upstream, "options = { auth = \"bearer\", anthropic_beta = [\"b1\", \"b2\"] }\n");
    const auto r = run_anthropic(bearer, {"-p", "anthropic", "chat", "hi"});
    BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
    BOOST_TEST(upstream.requests().at(0).header("authorization") == "Bearer " + api_key);
    BOOST_TEST(upstream.requests().at(0).header("x-api-key").empty());
    BOOST_TEST(upstream.requests().at(0).header("anthropic-beta") == "b1,b2");

    AnthropicConfig unknown(upstream, "options = { max_tokens = 5 }\n");
    const auto bad = run_anthropic(unknown, {"-p", "anthropic", "chat", "hi"});
    BOOST_TEST(bad.exit_code == 2, bad.err);
    BOOST_TEST(contains(bad.err, "unknown option 'max_tokens'"), bad.err);
    BOOST_TEST(contains(bad.err, "default_max_tokens"), bad.err);
    BOOST_TEST(upstream.requests().size() == 1u); // nothing sent for the refused configuration
}

BOOST_AUTO_TEST_CASE(upstream_errors_map_to_exit_codes_without_printing_the_key) {
    struct Case {
        int status;
        std::string body;
        int exit_code;
    };
    for (const auto& c : std::vector<Case>{
             {401,
              R"({"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key )" + api_key +
                  R"("}})",
              3},
             {429, R"({"type":"error","error":{"type":"rate_limit_error","message":"slow down"}})", 4},
             {400, R"({"type":"error","error":{"type":"invalid_request_error","message":"prompt is too long"}})", 5},
             {529, R"({"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}})", 5},
             {200, "this is not json", 5}}) {
        MockUpstream upstream([&](const RecordedRequest&) { return ScriptedResponse::json(c.status, c.body); });
        AnthropicConfig config(upstream, "[reliability]\nprovider_retries = 0\n");
        const auto r = run_anthropic(config, {"-p", "anthropic", "chat", "--no-stream", "hi"});
        BOOST_TEST(r.exit_code == c.exit_code, "status " << c.status << ": " << r.err);
        BOOST_TEST(!r.err.empty());
        BOOST_TEST(!contains(r.out + r.err, "SECRET"), "status " << c.status << ": " << r.err);
    }
}

BOOST_AUTO_TEST_CASE(a_stream_cut_short_is_an_upstream_error) {
    MockUpstream upstream([](const RecordedRequest&) {
        auto r = ScriptedResponse::sse({message_start, text_delta("partial")});
        r.close_after_chunks = true;
        return r;
    });
    AnthropicConfig config(upstream);
    const auto r = run_anthropic(config, {"-p", "anthropic", "chat", "hi"});
    BOOST_TEST(r.exit_code == 5, r.err);
    BOOST_TEST(r.out == "partial"); // what arrived was shown
    BOOST_TEST(contains(r.err, "stream ended before message_stop"), r.err);
}

BOOST_AUTO_TEST_CASE(the_key_variable_selects_anthropic_and_is_required) {
    MockUpstream upstream(messages_api);
    AnthropicConfig config(upstream);
    const auto detected = run_anthropic(config, {"chat", "--json", "hi"});
    BOOST_TEST_REQUIRE(detected.exit_code == 0, detected.err);
    BOOST_TEST(boost::json::parse(detected.out).at("provider").as_string() == "anthropic");

    const auto missing = run_anthropic(config, {"-p", "anthropic", "chat", "hi"}, {});
    BOOST_TEST(missing.exit_code == 3, missing.err);
    BOOST_TEST(contains(missing.err, "ANTHROPIC_API_KEY"), missing.err);
}
