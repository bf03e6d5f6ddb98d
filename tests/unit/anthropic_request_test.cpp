// Canonical request -> Anthropic Messages wire request, through the anthropic plugin's C
// table: the body (against checked-in goldens), URL, headers and credential.
#include "anthropic_test_support.hpp"

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
    check_json_equal(body.at("messages").at(1),
                     boost::json::parse(R"({"role":"assistant","content":[
                         {"type":"thinking","thinking":"Let me check.","signature":"EqQBsig=="},
                         {"type":"redacted_thinking","data":"EmwKredacted"},
                         {"type":"tool_use","id":"toolu_1","name":"w","input":{}}]})"));
}
