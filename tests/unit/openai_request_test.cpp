// Canonical request -> OpenAI wire request: the body (against checked-in goldens), the URL,
// headers and credentials the OpenAICompatibleClient sends.
#include "openai_test_support.hpp"

#include <boost/test/unit_test.hpp>

using namespace llmhost;
using namespace llmhost::testing;

namespace {

// Sends `request` against a canned success and returns what reached the "server".
SeenRequest sent_request(const OpenAICompatibleClient& client, const ChatRequest& request,
                         std::string_view api_key = "sk-test-key") {
    FakeHost fake;
    fake.responses.push_back(request.stream
                                 ? CannedResponse::sse("data: [DONE]\n\n")
                                 : CannedResponse::json(200, R"({"choices":[{"message":{"content":"ok"}}]})"));
    const auto outcome = run_chat(fake, client, request, api_key);
    BOOST_REQUIRE(!outcome.error);
    BOOST_REQUIRE_EQUAL(fake.requests.size(), 1u);
    return fake.requests.front();
}

void check_json_equal(const boost::json::value& actual, const boost::json::value& expected) {
    BOOST_TEST(actual == expected,
               "sent:     " << boost::json::serialize(actual) << "\nexpected: " << boost::json::serialize(expected));
}

} // namespace

BOOST_AUTO_TEST_CASE(full_request_matches_golden) {
    const auto request = parse_chat_request(read_text_file(std::string(LLMHOST_TEST_SOURCE_DIR) +
                                                           "/tests/expected/openai/canonical_chat_request_full.json"));
    OpenAIWireOptions wire;
    wire.max_tokens_field = OpenAIWireOptions::MaxTokensField::max_completion_tokens;
    OpenAICompatibleClient client(openai_config(), wire);
    const auto sent = sent_request(client, request);
    check_json_equal(sent.json(), golden("wire_chat_request_full.json"));
    BOOST_TEST(sent.method == "POST");
    BOOST_TEST(sent.url == "https://api.example.test/v1/chat/completions");
    BOOST_TEST(sent.header("Content-Type") == "application/json");
    BOOST_TEST(sent.header("Accept") == "text/event-stream");
}

BOOST_AUTO_TEST_CASE(minimal_request_matches_golden) {
    OpenAICompatibleClient client(openai_config("vllm", "http://localhost:8000/v1", "llama3"));
    const auto sent = sent_request(client, user_request("hi", false, ""));
    check_json_equal(sent.json(), golden("wire_chat_request_minimal.json"));
    BOOST_TEST(sent.header("Accept") == "application/json");
}

BOOST_AUTO_TEST_CASE(max_tokens_field_is_a_knob) {
    auto request = user_request("hi");
    request.max_tokens = 64;
    OpenAICompatibleClient clone(openai_config("groq"));
    auto body = sent_request(clone, request).json().as_object();
    BOOST_TEST(body.at("max_tokens") == 64);
    BOOST_TEST(!body.contains("max_completion_tokens"));

    OpenAIWireOptions wire;
    wire.max_tokens_field = OpenAIWireOptions::MaxTokensField::max_completion_tokens;
    OpenAICompatibleClient openai(openai_config(), wire);
    body = sent_request(openai, request).json().as_object();
    BOOST_TEST(body.at("max_completion_tokens") == 64);
    BOOST_TEST(!body.contains("max_tokens"));
}

BOOST_AUTO_TEST_CASE(include_usage_is_a_knob_and_only_for_streams) {
    OpenAIWireOptions wire;
    wire.include_usage = false;
    OpenAICompatibleClient without(openai_config(), wire);
    BOOST_TEST(!sent_request(without, user_request("hi")).json().as_object().contains("stream_options"));
    OpenAICompatibleClient with(openai_config());
    BOOST_TEST(!sent_request(with, user_request("hi", false)).json().as_object().contains("stream_options"));
}

BOOST_AUTO_TEST_CASE(tool_choice_spellings) {
    auto request = user_request("hi");
    request.tools.push_back({"f", "", {}});
    OpenAICompatibleClient client(openai_config());
    for (std::string choice : {"auto", "none", "required"}) {
        request.tool_choice = choice;
        BOOST_TEST(sent_request(client, request).json().at("tool_choice") == boost::json::value(choice));
    }
    request.tool_choice = "f";
    check_json_equal(sent_request(client, request).json().at("tool_choice"),
                     boost::json::parse(R"({"type":"function","function":{"name":"f"}})"));
    // Without tools, tool_choice is not sent (OpenAI rejects it alone).
    request.tools.clear();
    BOOST_TEST(!sent_request(client, request).json().as_object().contains("tool_choice"));
}

BOOST_AUTO_TEST_CASE(json_object_response_format) {
    auto request = user_request("hi");
    request.response_format = ResponseFormat{ResponseFormat::Kind::json_object, "", {}, true};
    OpenAICompatibleClient client(openai_config());
    check_json_equal(sent_request(client, request).json().at("response_format"),
                     boost::json::parse(R"({"type":"json_object"})"));
    request.response_format = ResponseFormat{}; // text: nothing to send
    BOOST_TEST(!sent_request(client, request).json().as_object().contains("response_format"));
}

BOOST_AUTO_TEST_CASE(request_without_model_uses_default_or_fails_before_io) {
    OpenAICompatibleClient with_default(openai_config("openai", "https://api.example.test/v1", "gpt-4o"));
    BOOST_TEST(sent_request(with_default, user_request("hi", true, "")).json().at("model") == "gpt-4o");

    OpenAICompatibleClient without_default(openai_config("vllm", "http://localhost:8000/v1", ""));
    FakeHost fake;
    const auto outcome = run_chat(fake, without_default, user_request("hi", true, ""));
    BOOST_REQUIRE(outcome.error);
    BOOST_TEST(outcome.error->error_class() == LLMH_ERR_BAD_REQUEST);
    BOOST_TEST(fake.requests.empty());
}

BOOST_AUTO_TEST_CASE(credential_is_taken_per_call) {
    OpenAICompatibleClient client(openai_config());
    FakeHost fake;
    for (int i = 0; i < 3; ++i)
        fake.responses.push_back(CannedResponse::sse("data: [DONE]\n\n"));
    BOOST_REQUIRE(!run_chat(fake, client, user_request("hi"), "sk-first").error);
    BOOST_REQUIRE(!run_chat(fake, client, user_request("hi"), "sk-second").error);
    BOOST_REQUIRE(!run_chat(fake, client, user_request("hi"), "").error); // keyless local server
    BOOST_REQUIRE_EQUAL(fake.requests.size(), 3u);
    BOOST_TEST(fake.requests[0].header("Authorization") == "Bearer sk-first");
    BOOST_TEST(fake.requests[1].header("Authorization") == "Bearer sk-second");
    BOOST_TEST(!fake.requests[2].has_header("Authorization"));
}

BOOST_AUTO_TEST_CASE(configured_headers_query_and_timeouts_are_sent) {
    auto config = openai_config();
    config.http_headers = {{"X-Team", "search"}};
    config.query_params = {{"api-version", "2024-10-21"}};
    config.timeout_ms = 1234;
    config.stream_idle_timeout_ms = 567;
    OpenAICompatibleClient client(config);
    const auto sent = sent_request(client, user_request("hi"));
    BOOST_TEST(sent.url == "https://api.example.test/v1/chat/completions?api-version=2024-10-21");
    BOOST_TEST(sent.header("X-Team") == "search");
    BOOST_TEST(sent.total_timeout_ms == 1234);
    BOOST_TEST(sent.idle_timeout_ms == 567);
}

namespace {

// What an Azure-style plugin does with the hooks: its own URL layout and key header.
class DeploymentClient : public OpenAICompatibleClient {
  public:
    using OpenAICompatibleClient::OpenAICompatibleClient;

  protected:
    std::string url_for(OpenAIOperation, std::string_view model, const Call&) const override {
        return config().url("/openai/deployments/" + std::string(model) + "/chat/completions");
    }
    void authorize(Headers& headers, const Call& call) const override {
        set_header(headers, "api-key", call.api_key());
    }
    void add_headers(Headers& headers, OpenAIOperation, const ChatRequest* chat, const Call&) const override {
        if (chat && chat->has_images()) set_header(headers, "X-Vision", "true");
    }
    void adjust_chat_body(std::string& body, const ChatRequest&) const override {
        auto json = boost::json::parse(body);
        json.as_object().erase("model");
        body = boost::json::serialize(json);
    }
};

} // namespace

BOOST_AUTO_TEST_CASE(hooks_let_a_service_change_urls_auth_headers_and_body) {
    auto config = openai_config("azure", "https://res.openai.azure.com");
    config.query_params = {{"api-version", "2024-10-21"}};
    DeploymentClient client(config);
    const auto sent = sent_request(client, user_request("hi", true, "gpt4o-prod"), "azure-key");
    BOOST_TEST(sent.url ==
               "https://res.openai.azure.com/openai/deployments/gpt4o-prod/chat/completions?api-version=2024-10-21");
    BOOST_TEST(sent.header("api-key") == "azure-key");
    BOOST_TEST(!sent.has_header("Authorization"));
    BOOST_TEST(!sent.has_header("X-Vision"));
    BOOST_TEST(!sent.json().as_object().contains("model"));
}
