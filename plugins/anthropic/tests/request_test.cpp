// Canonical request -> Anthropic Messages wire request, through the anthropic plugin's C
// table: the body (against checked-in goldens), URL, headers and credential.
#include "plugins/anthropic/tests/test_support.hpp"

#include <boost/test/unit_test.hpp>

using namespace llmhost;
using namespace llmhost::testing;

namespace {

const char* const stream_ok = "event: message_start\n"
                              "data: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"model\":\"m\"}}\n\n"
                              "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";
const char* const message_ok = R"({"id":"msg_1","type":"message","role":"assistant","model":"m",
    "content":[{"type":"text","text":"ok"}],"stop_reason":"end_turn","usage":{"input_tokens":1,"output_tokens":1}})";

// Sends `request_json` against a canned success and returns what reached the "server".
SeenRequest sent_request(const std::string& request_json, const std::string& config_json = anthropic_config(),
                         std::string_view api_key = "sk-ant-test-key") {
    const bool stream = boost::json::parse(request_json).at("stream").as_bool();
    auto [run, seen] =
        anthropic_exchange(stream ? CannedResponse::sse(stream_ok) : CannedResponse::json(200, message_ok),
                           request_json, config_json, api_key);
    BOOST_REQUIRE_MESSAGE(!run.error, (run.error ? run.error->what() : ""));
    return seen;
}

// The body sent for a canonical request given as a JSON object.
boost::json::object sent_body(const boost::json::object& request) {
    return sent_request(boost::json::serialize(request)).json().as_object();
}

boost::json::object request_with(boost::json::object fields) {
    boost::json::object r{{"model", "claude-test"},
                          {"stream", false},
                          {"messages", boost::json::array{{{"role", "user"}, {"content", "hi"}}}}};
    for (auto& kv : fields)
        r[kv.key()] = kv.value();
    return r;
}

// What create()+chat() report for a request the plugin must refuse before any I/O.
Error refused_request(const boost::json::object& request) {
    FakeHost fake;
    AbiProvider provider(anthropic_table(), fake, "anthropic", anthropic_config());
    const auto run = run_anthropic_chat(fake, provider, boost::json::serialize(request));
    BOOST_REQUIRE(run.error);
    BOOST_TEST(fake.requests.empty());
    BOOST_TEST(run.lines.empty());
    return *run.error;
}

void check_json_equal(const boost::json::value& actual, const boost::json::value& expected) {
    BOOST_TEST(actual == expected,
               "sent:     " << boost::json::serialize(actual) << "\nexpected: " << boost::json::serialize(expected));
}

} // namespace

BOOST_AUTO_TEST_CASE(full_request_matches_golden) {
    const auto sent = sent_request(anthropic_expected_text("canonical_chat_request_full.json"));
    check_json_equal(sent.json(), anthropic_expected_json("wire_messages_request_full.json"));
    BOOST_TEST(sent.method == "POST");
    BOOST_TEST(sent.url == "https://api.anthropic.test/v1/messages");
    BOOST_TEST(sent.header("Content-Type") == "application/json");
    BOOST_TEST(sent.header("Accept") == "text/event-stream");
    BOOST_TEST(sent.header("anthropic-version") == "2023-06-01");
    BOOST_TEST(sent.header("x-api-key") == "sk-ant-test-key");
    BOOST_TEST(!sent.has_header("Authorization"));
    BOOST_TEST(!sent.has_header("anthropic-beta"));
}

BOOST_AUTO_TEST_CASE(minimal_request_matches_golden) {
    const auto sent = sent_request(anthropic_user_request(false));
    check_json_equal(sent.json(), anthropic_expected_json("wire_messages_request_minimal.json"));
    BOOST_TEST(sent.header("Accept") == "application/json");
}

BOOST_AUTO_TEST_CASE(the_configured_default_model_fills_an_empty_model) {
    auto request = request_with({});
    request["model"] = "";
    BOOST_TEST(sent_body(request).at("model") == "claude-sonnet-4-5");
}

BOOST_AUTO_TEST_CASE(max_tokens_is_always_sent) {
    BOOST_TEST(sent_body(request_with({})).at("max_tokens") == 4096);
    BOOST_TEST(sent_body(request_with({{"max_tokens", 77}})).at("max_tokens") == 77);
    const auto configured =
        sent_request(boost::json::serialize(request_with({})), anthropic_config({{"default_max_tokens", 1000}})).json();
    BOOST_TEST(configured.at("max_tokens") == 1000);
}

BOOST_AUTO_TEST_CASE(reasoning_becomes_a_thinking_budget) {
    struct Case {
        boost::json::object reasoning;
        int64_t budget;
        int64_t max_tokens;
    };
    // With no max_tokens from the user, room for the answer is added above the budget.
    const std::vector<Case> cases{{{{"effort", "low"}}, 1024, 4096},
                                  {{{"effort", "medium"}}, 4096, 8192},
                                  {{{"effort", "high"}}, 16384, 20480},
                                  {{{"budget_tokens", 2048}}, 2048, 4096},
                                  {{{"effort", "low"}, {"budget_tokens", 5000}}, 5000, 9096}};
    for (const auto& c : cases) {
        BOOST_TEST_CONTEXT(boost::json::serialize(c.reasoning)) {
            const auto body = sent_body(request_with({{"reasoning", c.reasoning}}));
            check_json_equal(body.at("thinking"), {{"type", "enabled"}, {"budget_tokens", c.budget}});
            BOOST_TEST(body.at("max_tokens") == c.max_tokens);
        }
    }
    // The user's own limit is left as given.
    const auto limited = sent_body(request_with({{"reasoning", {{"effort", "high"}}}, {"max_tokens", 32000}}));
    BOOST_TEST(limited.at("max_tokens") == 32000);
    BOOST_TEST(!sent_body(request_with({{"reasoning", {{"effort", "none"}}}})).contains("thinking"));
    BOOST_TEST(!sent_body(request_with({})).contains("thinking"));

    const auto error = refused_request(request_with({{"reasoning", {{"effort", "extreme"}}}}));
    BOOST_TEST(error.error_class() == LLMH_ERR_BAD_REQUEST);
    BOOST_TEST(std::string(error.what()).find("'extreme'") != std::string::npos, error.what());
}

BOOST_AUTO_TEST_CASE(tool_choice_spellings) {
    const boost::json::array tools{{{"name", "lookup"}, {"parameters", {{"type", "object"}}}}};
    const std::vector<std::pair<std::string, boost::json::value>> cases{
        {"auto", {{"type", "auto"}}},
        {"none", {{"type", "none"}}},
        {"required", {{"type", "any"}}},
        {"any", {{"type", "any"}}},
        {"lookup", {{"type", "tool"}, {"name", "lookup"}}}};
    for (const auto& [choice, expected] : cases) {
        BOOST_TEST_CONTEXT(choice) {
            const auto body = sent_body(request_with({{"tools", tools}, {"tool_choice", choice}}));
            check_json_equal(body.at("tool_choice"), expected);
            check_json_equal(body.at("tools"),
                             boost::json::array{{{"name", "lookup"}, {"input_schema", {{"type", "object"}}}}});
        }
    }
    // Without tools there is nothing to choose from, and the field would be refused.
    BOOST_TEST(!sent_body(request_with({{"tool_choice", "auto"}})).contains("tool_choice"));
    BOOST_TEST(!sent_body(request_with({})).contains("tools"));
}

BOOST_AUTO_TEST_CASE(roles_alternate_and_tool_results_come_first) {
    const auto body = sent_body(request_with({{"messages", boost::json::parse(R"([
        {"role": "user", "content": "first"},
        {"role": "user", "content": ""},
        {"role": "user", "content": "second"},
        {"role": "assistant", "content": "", "tool_calls": [{"id": "toolu_9", "name": "probe", "arguments": " "}]},
        {"role": "user", "content": "while you wait"},
        {"role": "tool", "tool_call_id": "toolu_9", "content": "probe says hi"},
        {"role": "assistant", "content": "Thinking"},
        {"role": "assistant", "content": "about it."},
        {"role": "assistant", "content": ""}
    ])")}}));
    check_json_equal(body.at("messages"), boost::json::parse(R"([
        {"role": "user", "content": [{"type": "text", "text": "first"}, {"type": "text", "text": "second"}]},
        {"role": "assistant", "content": [{"type": "tool_use", "id": "toolu_9", "name": "probe", "input": {}}]},
        {"role": "user", "content": [
            {"type": "tool_result", "tool_use_id": "toolu_9", "content": "probe says hi"},
            {"type": "text", "text": "while you wait"}]},
        {"role": "assistant", "content": [{"type": "text", "text": "Thinking"}, {"type": "text", "text": "about it."}]}
    ])"));
    BOOST_TEST(!body.contains("system"));
}

BOOST_AUTO_TEST_CASE(tool_results_with_images_are_block_lists) {
    const auto body = sent_body(request_with({{"messages", boost::json::parse(R"([
        {"role": "user", "content": "draw"},
        {"role": "assistant", "tool_calls": [{"id": "t1", "name": "render", "arguments": "{}"}]},
        {"role": "tool", "tool_call_id": "t1", "content": [
            {"type": "text", "text": "rendered"}, {"type": "image", "media_type": "image/png", "data": "iVBOR"}]}
    ])")}}));
    check_json_equal(body.at("messages").at(2), boost::json::parse(R"(
        {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "t1", "content": [
            {"type": "text", "text": "rendered"},
            {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": "iVBOR"}}]}]})"));
}

BOOST_AUTO_TEST_CASE(tool_arguments_that_are_not_an_object_are_refused) {
    for (const char* arguments : {"[1,2]", "{\"city\":", "\"Paris\""}) {
        BOOST_TEST_CONTEXT(arguments) {
            boost::json::array messages{
                {{"role", "user"}, {"content", "hi"}},
                {{"role", "assistant"},
                 {"tool_calls", boost::json::array{{{"id", "toolu_x"}, {"name", "f"}, {"arguments", arguments}}}}}};
            const auto error = refused_request(request_with({{"messages", messages}}));
            BOOST_TEST(error.error_class() == LLMH_ERR_BAD_REQUEST);
            BOOST_TEST(std::string(error.what()).find("toolu_x") != std::string::npos, error.what());
        }
    }
}

BOOST_AUTO_TEST_CASE(response_formats) {
    const auto object_mode = sent_body(request_with({{"response_format", {{"type", "json_object"}}}}));
    check_json_equal(object_mode.at("output_config"),
                     {{"format", {{"type", "json_schema"}, {"schema", {{"type", "object"}}}}}});
    BOOST_TEST(!sent_body(request_with({{"response_format", {{"type", "text"}}}})).contains("output_config"));
}

BOOST_AUTO_TEST_CASE(temperature_and_stop_sequences) {
    const auto body = sent_body(request_with({{"temperature", 0.25}, {"stop", boost::json::array{"\n\nHuman:"}}}));
    BOOST_TEST(body.at("temperature") == 0.25);
    check_json_equal(body.at("stop_sequences"), boost::json::array{"\n\nHuman:"});
    const auto plain = sent_body(request_with({}));
    BOOST_TEST(!plain.contains("temperature"));
    BOOST_TEST(!plain.contains("stop_sequences"));
}

BOOST_AUTO_TEST_CASE(bearer_auth_for_oauth_tokens) {
    const auto sent = sent_request(anthropic_user_request(), anthropic_config({{"auth", "bearer"}}), "oauth-token-1");
    BOOST_TEST(sent.header("Authorization") == "Bearer oauth-token-1");
    BOOST_TEST(!sent.has_header("x-api-key"));
    BOOST_TEST(sent.header("anthropic-version") == "2023-06-01");
}

BOOST_AUTO_TEST_CASE(version_and_beta_headers_from_options) {
    const auto one = sent_request(
        anthropic_user_request(),
        anthropic_config({{"anthropic_version", "2024-01-01"}, {"anthropic_beta", "output-128k-2025-02-19"}}));
    BOOST_TEST(one.header("anthropic-version") == "2024-01-01");
    BOOST_TEST(one.header("anthropic-beta") == "output-128k-2025-02-19");
    const auto many =
        sent_request(anthropic_user_request(),
                     anthropic_config({{"anthropic_beta", boost::json::array{"a-2025-01-01", "b-2025-02-02"}}}));
    BOOST_TEST(many.header("anthropic-beta") == "a-2025-01-01,b-2025-02-02");
}

BOOST_AUTO_TEST_CASE(configured_headers_override_all_but_the_credential) {
    const auto sent = sent_request(
        anthropic_user_request(),
        anthropic_config({}, anthropic_test_base_url,
                         {{"anthropic-version", "2099-12-31"}, {"X-Team", "search"}, {"x-api-key", "config-key"}}));
    BOOST_TEST(sent.header("anthropic-version") == "2099-12-31");
    BOOST_TEST(sent.header("X-Team") == "search");
    BOOST_TEST(sent.header("x-api-key") == "sk-ant-test-key"); // this attempt's key wins
}

BOOST_AUTO_TEST_CASE(no_credential_header_without_a_key) {
    const auto sent = sent_request(anthropic_user_request(), anthropic_config(), "");
    BOOST_TEST(!sent.has_header("x-api-key"));
    BOOST_TEST(!sent.has_header("Authorization"));
}

BOOST_AUTO_TEST_CASE(each_attempt_carries_its_own_key) {
    FakeHost fake;
    AbiProvider provider(anthropic_table(), fake, "anthropic", anthropic_config());
    for (std::string_view key : {"key-one", "key-two"}) {
        fake.responses.push_back(CannedResponse::sse(stream_ok));
        BOOST_REQUIRE(!run_anthropic_chat(fake, provider, anthropic_user_request(), key).error);
    }
    BOOST_REQUIRE_EQUAL(fake.requests.size(), 2u);
    BOOST_TEST(fake.requests[0].header("x-api-key") == "key-one");
    BOOST_TEST(fake.requests[1].header("x-api-key") == "key-two");
}

BOOST_AUTO_TEST_CASE(base_urls_with_or_without_v1_and_query_parameters) {
    BOOST_TEST(sent_request(anthropic_user_request(), anthropic_config({}, "http://gw.test:8080/api/v1")).url ==
               "http://gw.test:8080/api/v1/messages");
    BOOST_TEST(sent_request(anthropic_user_request(), anthropic_config({}, "http://gw.test:8080/")).url ==
               "http://gw.test:8080/v1/messages");
    const auto with_query = provider_config("anthropic", "https://gw.test", "m", {}, {}, {{"tenant", "a b"}});
    BOOST_TEST(sent_request(anthropic_user_request(), with_query).url == "https://gw.test/v1/messages?tenant=a%20b");
}

BOOST_AUTO_TEST_CASE(timeouts_from_the_configuration) {
    auto config = boost::json::parse(anthropic_config()).as_object();
    config["timeout_ms"] = 1234;
    config["stream_idle_timeout_ms"] = 567;
    const auto sent = sent_request(anthropic_user_request(), boost::json::serialize(config));
    BOOST_TEST(sent.total_timeout_ms == 1234);
    BOOST_TEST(sent.idle_timeout_ms == 567);
}

// Canonical request 2: an assistant turn's reasoning goes back as the blocks that lead it —
// thinking with its signature, redacted thinking with its data, byte for byte — and reasoning
// another provider produced is left out (the API would reject the whole request).
BOOST_AUTO_TEST_CASE(reasoning_state_goes_back_and_foreign_state_is_left_out) {
    const auto body = sent_body(request_with(
        {{"messages",
          boost::json::array{
              {{"role", "user"}, {"content", "weather?"}},
              {{"role", "assistant"},
               {"reasoning",
                boost::json::array{
                    {{"text", "Let me check."}, {"state", {{"origin", "anthropic"}, {"signature", "EqQBsig=="}}}},
                    {{"text", ""}, {"state", {{"origin", "anthropic"}, {"data", "EmwKredacted"}}}},
                    {{"text", "from elsewhere"}, {"state", {{"origin", "gemini"}, {"signature", "gsig"}}}}}},
               {"content", boost::json::array{}},
               {"tool_calls", boost::json::array{{{"id", "toolu_1"}, {"name", "w"}, {"arguments", "{}"}}}}},
              {{"role", "tool"}, {"tool_call_id", "toolu_1"}, {"content", "sunny"}}}}}));
    check_json_equal(body.at("messages").at(1), boost::json::parse(R"({"role":"assistant","content":[
                         {"type":"thinking","thinking":"Let me check.","signature":"EqQBsig=="},
                         {"type":"redacted_thinking","data":"EmwKredacted"},
                         {"type":"tool_use","id":"toolu_1","name":"w","input":{}}]})"));
}

// Canonical request 2, end to end on the wire: breakpoints with their ttl on system blocks,
// images, tool_use, tool_result and tools; is_error; metadata; top_p/top_k; a named tool
// with disable_parallel_tool_use; the wire extension merged without overriding the model,
// stream, max_tokens or messages it also names; the client's beta forwarded.
BOOST_AUTO_TEST_CASE(fidelity_request_matches_golden) {
    const auto sent = sent_request(anthropic_expected_text("canonical_chat_request_fidelity.json"));
    check_json_equal(sent.json(), anthropic_expected_json("wire_messages_request_fidelity.json"));
    BOOST_TEST(sent.header("anthropic-beta") == "context-management-2025-06-27");
}

namespace {

boost::json::object system_request(boost::json::array system_messages) {
    system_messages.push_back({{"role", "user"}, {"content", "hi"}});
    return request_with({{"messages", std::move(system_messages)}});
}

} // namespace

BOOST_AUTO_TEST_CASE(system_is_a_string_unless_blocks_keep_something) {
    const auto one = sent_body(system_request({{{"role", "system"}, {"content", "Be terse."}}}));
    BOOST_TEST(one.at("system") == "Be terse.");
    // A breakpoint on the message goes on its last block.
    const auto marked =
        sent_body(system_request({{{"role", "system"}, {"content", "Be terse."}, {"cache", {{"ttl", "1h"}}}}}));
    check_json_equal(marked.at("system"), boost::json::parse(R"([{"type":"text","text":"Be terse.",
        "cache_control":{"type":"ephemeral","ttl":"1h"}}])"));
    // Several parts, or several system messages: one block each, in order, nothing joined.
    const auto parts = sent_body(system_request(
        {{{"role", "system"},
          {"content", boost::json::array{{{"type", "text"}, {"text", "A"}}, {{"type", "text"}, {"text", "B"}}}}},
         {{"role", "system"}, {"content", "C"}}}));
    check_json_equal(parts.at("system"), boost::json::parse(R"([{"type":"text","text":"A"},{"type":"text","text":"B"},
        {"type":"text","text":"C"}])"));
}

BOOST_AUTO_TEST_CASE(a_message_breakpoint_goes_on_its_last_block) {
    const auto body = sent_body(request_with({{"messages", boost::json::parse(R"([
        {"role": "user", "content": [{"type": "text", "text": "a"}, {"type": "text", "text": "b"}], "cache": {}},
        {"role": "assistant", "content": "ok", "cache": {"ttl": "5m"}},
        {"role": "user", "content": "c"}
    ])")}}));
    check_json_equal(body.at("messages"), boost::json::parse(R"([
        {"role": "user", "content": [{"type": "text", "text": "a"},
                                     {"type": "text", "text": "b", "cache_control": {"type": "ephemeral"}}]},
        {"role": "assistant", "content": [{"type": "text", "text": "ok",
                                           "cache_control": {"type": "ephemeral", "ttl": "5m"}}]},
        {"role": "user", "content": "c"}
    ])"));
}

BOOST_AUTO_TEST_CASE(tool_results_carry_is_error_and_their_blocks) {
    const auto body = sent_body(request_with({{"messages", boost::json::parse(R"([
        {"role": "user", "content": "draw"},
        {"role": "assistant", "tool_calls": [{"id": "t1", "name": "render", "arguments": "{}"},
                                             {"id": "t2", "name": "render", "arguments": "{}"}]},
        {"role": "tool", "tool_call_id": "t1", "is_error": true, "content": [
            {"type": "text", "text": "failed:"}, {"type": "text", "text": "no canvas", "cache": {"ttl": "1h"}}]},
        {"role": "tool", "tool_call_id": "t2", "content": [
            {"type": "image", "media_type": "image/png", "data": "iVBOR", "cache": {}}]}
    ])")}}));
    check_json_equal(body.at("messages").at(2), boost::json::parse(R"(
        {"role": "user", "content": [
            {"type": "tool_result", "tool_use_id": "t1", "is_error": true, "content": [
                {"type": "text", "text": "failed:"},
                {"type": "text", "text": "no canvas", "cache_control": {"type": "ephemeral", "ttl": "1h"}}]},
            {"type": "tool_result", "tool_use_id": "t2", "content": [
                {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": "iVBOR"},
                 "cache_control": {"type": "ephemeral"}}]}]})"));
}

BOOST_AUTO_TEST_CASE(tool_choice_and_one_call_per_turn) {
    const boost::json::array tools{{{"name", "lookup"}, {"parameters", {{"type", "object"}}}}};
    struct Case {
        std::string choice;
        std::optional<bool> parallel;
        std::optional<boost::json::value> expected;
    };
    const std::vector<Case> cases{
        {"", false, boost::json::parse(R"({"type":"auto","disable_parallel_tool_use":true})")},
        {"", true, std::nullopt},
        {"", std::nullopt, std::nullopt},
        {"auto", false, boost::json::parse(R"({"type":"auto","disable_parallel_tool_use":true})")},
        {"required", false, boost::json::parse(R"({"type":"any","disable_parallel_tool_use":true})")},
        {"lookup", false, boost::json::parse(R"({"type":"tool","name":"lookup","disable_parallel_tool_use":true})")},
        {"lookup", true, boost::json::parse(R"({"type":"tool","name":"lookup"})")},
        {"none", false, boost::json::parse(R"({"type":"none"})")}}; // none takes no such field
    for (const auto& c : cases) {
        BOOST_TEST_CONTEXT(c.choice << " parallel=" << (c.parallel ? (*c.parallel ? "true" : "false") : "unset")) {
            auto request = request_with({{"tools", tools}});
            if (!c.choice.empty()) request["tool_choice"] = c.choice;
            if (c.parallel) request["parallel_tool_calls"] = *c.parallel;
            const auto body = sent_body(request);
            BOOST_TEST(body.contains("tool_choice") == c.expected.has_value());
            if (c.expected) check_json_equal(body.at("tool_choice"), *c.expected);
        }
    }
    // Without tools, still nothing to choose from.
    BOOST_TEST(!sent_body(request_with({{"parallel_tool_calls", false}})).contains("tool_choice"));
}

BOOST_AUTO_TEST_CASE(user_sampling_and_service_tier) {
    const auto body =
        sent_body(request_with({{"user", "u-1"}, {"top_p", 0.5}, {"top_k", 7}, {"service_tier", "auto"}}));
    check_json_equal(body.at("metadata"), {{"user_id", "u-1"}});
    BOOST_TEST(body.at("top_p") == 0.5);
    BOOST_TEST(body.at("top_k") == 7);
    BOOST_TEST(body.at("service_tier") == "auto");
    // Another protocol's tiers would be refused by the Messages API.
    for (const char* tier : {"flex", "priority", "default"})
        BOOST_TEST(!sent_body(request_with({{"service_tier", tier}})).contains("service_tier"), tier);
    const auto plain = sent_body(request_with({}));
    for (const char* field : {"metadata", "top_p", "top_k", "service_tier"})
        BOOST_TEST(!plain.contains(field), field);
}

BOOST_AUTO_TEST_CASE(extension_fields_are_added_never_over_the_body) {
    const auto with = [](std::string protocol) {
        return request_with(
            {{"max_tokens", 64},
             {"extension",
              {{"protocol", protocol},
               {"fields", boost::json::parse(R"({"container":"c-1","mcp_servers":[{"type":"url","url":"u"}],
                   "model":"other","stream":true,"max_tokens":99999,"messages":[]})")}}}});
    };
    const auto body = sent_body(with("anthropic-messages"));
    BOOST_TEST(body.at("container") == "c-1");
    check_json_equal(body.at("mcp_servers"), boost::json::parse(R"([{"type":"url","url":"u"}])"));
    BOOST_TEST(body.at("model") == "claude-test");
    BOOST_TEST(body.at("stream") == false);
    BOOST_TEST(body.at("max_tokens") == 64);
    BOOST_TEST(body.at("messages").as_array().size() == 1u);
    // Another protocol's extension is not this provider's to send.
    const auto other = sent_body(with("openai-chat"));
    BOOST_TEST(!other.contains("container"));
    BOOST_TEST(!other.contains("mcp_servers"));
}

namespace {

std::string beta_request(std::string_view betas, std::string_view protocol = "anthropic-messages") {
    auto request = request_with({});
    request["extension"] = {{"protocol", protocol},
                            {"headers", boost::json::array{boost::json::array{"anthropic-beta", betas}}}};
    return boost::json::serialize(request);
}

std::string sent_beta(std::string_view betas, boost::json::object options,
                      std::string_view protocol = "anthropic-messages") {
    const auto sent = sent_request(beta_request(betas, protocol), anthropic_config(std::move(options)));
    return sent.has_header("anthropic-beta") ? std::string(sent.header("anthropic-beta")) : "(none)";
}

} // namespace

BOOST_AUTO_TEST_CASE(client_betas_join_the_configured_ones_through_the_filter) {
    BOOST_TEST(sent_beta("a-1, b-2", {}) == "a-1,b-2");
    // The configured betas first, each beta once.
    BOOST_TEST(sent_beta("b-2,c-3", {{"anthropic_beta", boost::json::array{"a-1", "b-2"}}}) == "a-1,b-2,c-3");
    // forward_betas = []: only the configured ones (Bedrock- and Vertex-style upstreams).
    BOOST_TEST(sent_beta("b-2", {{"anthropic_beta", "a-1"}, {"forward_betas", boost::json::array{}}}) == "a-1");
    BOOST_TEST(sent_beta("b-2", {{"forward_betas", boost::json::array{}}}) == "(none)");
    BOOST_TEST(sent_beta("context-1,files-2,x-3", {{"forward_betas", boost::json::array{"context-*", "x-3"}}}) ==
               "context-1,x-3");
    BOOST_TEST(sent_beta("context-1,files-2", {{"drop_betas", boost::json::array{"files-*"}}}) == "context-1");
    BOOST_TEST(sent_beta("a-1", {{"forward_betas", boost::json::array{"*"}},
                                 {"drop_betas", boost::json::array{"a-1"}}}) == "(none)");
    // Another protocol's beta header is not Anthropic's.
    BOOST_TEST(sent_beta("a-1", {}, "openai-chat") == "(none)");

    const auto error = anthropic_create_error(anthropic_config({{"forward_betas", "all"}}));
    BOOST_REQUIRE(error);
    BOOST_TEST(error->error_class() == LLMH_ERR_INVALID_CONFIG);
    BOOST_TEST(std::string(error->what()).find("forward_betas") != std::string::npos, error->what());
}

BOOST_AUTO_TEST_CASE(count_tokens_sends_only_what_that_endpoint_takes) {
    FakeHost fake;
    fake.responses.push_back(CannedResponse::json(200, R"({"input_tokens":42})"));
    const auto config = ProviderConfig::from_json("anthropic", anthropic_config());
    const AnthropicClient client(config, anthropic_plugin::read_anthropic_options(config));
    auto request = boost::json::parse(anthropic_expected_text("canonical_chat_request_fidelity.json")).as_object();
    auto context = fake.context("sk-ant-test-key");
    BOOST_TEST(client.count_tokens(chat_request_from_json(request), Call(fake.host(), &context)) == 42);
    BOOST_REQUIRE_EQUAL(fake.requests.size(), 1u);
    const auto& sent = fake.requests.front();
    BOOST_TEST(sent.url == "https://api.anthropic.test/v1/messages/count_tokens");
    BOOST_TEST(sent.header("anthropic-beta") == "context-management-2025-06-27");
    // The same body as a message would have, less what shapes the answer.
    auto expected = anthropic_expected_json("wire_messages_request_fidelity.json").as_object();
    for (const char* key : {"max_tokens", "stream", "temperature", "top_p", "top_k", "metadata", "service_tier"})
        expected.erase(key);
    check_json_equal(sent.json(), expected);
}
