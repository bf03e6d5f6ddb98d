// Canonical request -> OpenAI wire request: the body (against checked-in goldens), the URL,
// headers and credentials the OpenAICompatibleClient sends.
#include "openai_test_support.hpp"

#include <llmhost/support/wire_extension.hpp>

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

// ---- canonical request 2 -------------------------------------------------------------------

namespace {

// A tool round trip with every request-2 field, and what a Chat Completions client sent beyond
// them: seed and logit_bias go on; its model, stream, messages and stream_options do not
// override the provider's own.
const std::string request_2 = R"({"model":"gpt-4o-mini","stream":true,
  "messages":[
    {"role":"system","content":[{"type":"text","text":"Be terse.","cache":{"ttl":"1h"}}]},
    {"role":"user","content":"Weather?"},
    {"role":"assistant","content":[],"tool_calls":[{"id":"c1","name":"get_weather","arguments":"{}","cache":{}}]},
    {"role":"tool","tool_call_id":"c1","content":"service down","is_error":true,"cache":{}}],
  "tools":[{"name":"get_weather","description":"Weather","parameters":{"type":"object"},"cache":{}}],
  "tool_choice":"auto","top_p":0.5,"top_k":40,"parallel_tool_calls":false,
  "user":"user-1","service_tier":"flex","prompt_cache_key":"session-1",
  "extension":{"protocol":"openai-chat",
    "fields":{"seed":7,"logit_bias":{"50256":-100},"model":"client-model","stream":false,"messages":[],
              "stream_options":{"include_obfuscation":false},"x_vendor_field":{"a":[1,null]}},
    "headers":[["OpenAI-Beta","assistants=v2"]]}})";

const std::string request_2_wire = R"({"model":"gpt-4o-mini",
  "messages":[
    {"role":"system","content":"Be terse."},
    {"role":"user","content":"Weather?"},
    {"role":"assistant","content":null,"tool_calls":[{"id":"c1","type":"function","function":{"name":"get_weather","arguments":"{}"}}]},
    {"role":"tool","tool_call_id":"c1","content":"Error: service down"}],
  "tools":[{"type":"function","function":{"name":"get_weather","description":"Weather","parameters":{"type":"object"}}}],
  "tool_choice":"auto","parallel_tool_calls":false,"top_p":0.5,
  "user":"user-1","service_tier":"flex","prompt_cache_key":"session-1",
  "stream":true,"stream_options":{"include_usage":true},
  "seed":7,"logit_bias":{"50256":-100},"x_vendor_field":{"a":[1,null]}})";

size_t occurrences(std::string_view text, std::string_view what) {
    size_t n = 0;
    for (auto at = text.find(what); at != std::string_view::npos; at = text.find(what, at + 1))
        ++n;
    return n;
}

} // namespace

BOOST_AUTO_TEST_CASE(request_2_fields_and_the_clients_own_fields_match_golden) {
    OpenAICompatibleClient client(openai_config());
    const auto sent = sent_request(client, parse_chat_request(request_2));
    check_json_equal(sent.json(), boost::json::parse(request_2_wire));
    // Each field once: a duplicate key would leave the upstream to pick one.
    for (const char* key : {"\"model\":", "\"stream\":", "\"messages\":", "\"stream_options\":"})
        BOOST_TEST(occurrences(sent.body, key) == 1u, key);
    BOOST_TEST(sent.header("OpenAI-Beta") == "assistants=v2");
}

BOOST_AUTO_TEST_CASE(parallel_tool_calls_only_go_with_tools) {
    auto request = user_request("hi");
    request.parallel_tool_calls = true;
    OpenAICompatibleClient client(openai_config());
    BOOST_TEST(!sent_request(client, request).json().as_object().contains("parallel_tool_calls"));
    request.tools.push_back({"f", "", {}});
    BOOST_TEST(sent_request(client, request).json().at("parallel_tool_calls") == true);
}

BOOST_AUTO_TEST_CASE(unset_request_2_fields_are_not_sent) {
    OpenAICompatibleClient client(openai_config());
    const auto body = sent_request(client, user_request("hi")).json().as_object();
    for (const char* key : {"top_p", "top_k", "parallel_tool_calls", "user", "service_tier", "prompt_cache_key"})
        BOOST_TEST(!body.contains(key), key);
}

BOOST_AUTO_TEST_CASE(another_protocols_extension_is_not_sent) {
    auto request = parse_chat_request(request_2);
    request.extension.protocol = "openai-responses"; // a Responses client's fields are not Chat Completions'
    OpenAICompatibleClient client(openai_config());
    const auto sent = sent_request(client, request);
    BOOST_TEST(!sent.json().as_object().contains("seed"));
    BOOST_TEST(!sent.has_header("OpenAI-Beta"));
}

BOOST_AUTO_TEST_CASE(openai_beta_goes_through_the_providers_filter_after_its_own) {
    auto request = user_request("hi");
    request.extension = {"openai-chat", {}, {{"openai-beta", "assistants=v2, realtime=v1,responses=v1"}}};
    const boost::json::object options{{"forward_betas", boost::json::array{"assistants=*", "realtime=*"}},
                                      {"drop_betas", boost::json::array{"realtime=v1"}}};
    OpenAIWireOptions wire;
    wire.betas = BetaFilter(OptionReader(options, {forward_betas_option, drop_betas_option}));
    auto config = openai_config();
    OpenAICompatibleClient filtered(config, wire);
    BOOST_TEST(sent_request(filtered, request).header("OpenAI-Beta") == "assistants=v2");
    // A configured OpenAI-Beta is always sent, first, and a value is sent once.
    config.http_headers = {{"OpenAI-Beta", "assistants=v2,configured=v1"}};
    OpenAICompatibleClient configured(config, wire);
    BOOST_TEST(sent_request(configured, request).header("OpenAI-Beta") == "assistants=v2,configured=v1");
    // forward_betas = []: none of the client's.
    wire.betas = BetaFilter(OptionReader(boost::json::object{{"forward_betas", boost::json::array{}}},
                                         {forward_betas_option, drop_betas_option}));
    OpenAICompatibleClient none(openai_config(), wire);
    BOOST_TEST(!sent_request(none, request).has_header("OpenAI-Beta"));
    OpenAICompatibleClient all(openai_config());
    BOOST_TEST(sent_request(all, request).header("OpenAI-Beta") == "assistants=v2,realtime=v1,responses=v1");
}

// Copilot's dialect: the text as reasoning_text, the state's data as reasoning_opaque — all of
// this origin's blocks, in order (an opaque value streamed in pieces goes back whole).
BOOST_AUTO_TEST_CASE(reasoning_goes_back_in_the_providers_fields) {
    ChatRequest r = user_request("weather?");
    Message assistant;
    assistant.role = Role::assistant;
    assistant.tool_calls = {{"call_1", "w", "{}"}};
    assistant.reasoning = {{"Need ", {"copilot", {}, "opa", {}}},
                           {"weather.", {"copilot", {}, {}, {}}},
                           {"", {"copilot", {}, "que==", {}}},
                           {"Not mine.", {"anthropic", "sig", {}, {}}}};
    r.messages.push_back(assistant);
    OpenAIWireOptions copilot;
    copilot.reasoning_origin = "copilot";
    copilot.reasoning_field = OpenAIWireOptions::ReasoningField::reasoning_text;
    check_json_equal(boost::json::parse(openai_chat_body(r, "m", copilot)).at("messages").at(1),
                     boost::json::parse(R"({"role":"assistant","content":null,"tool_calls":[{"id":"call_1",)"
                                        R"("type":"function","function":{"name":"w","arguments":"{}"}}],)"
                                        R"("reasoning_text":"Need weather.","reasoning_opaque":"opaque=="})"));
    OpenAIWireOptions deepseek;
    deepseek.reasoning_origin = "openai-chat/deepseek";
    const auto to_deepseek = boost::json::parse(openai_chat_body(r, "m", deepseek)).at("messages").at(1).as_object();
    for (const char* key : {"reasoning_content", "reasoning_text", "reasoning_opaque"})
        BOOST_TEST(!to_deepseek.contains(key), key);
}

// A tier only another protocol knows (Anthropic's standard_only) is mapped or left out, never
// sent to be refused.
BOOST_AUTO_TEST_CASE(service_tiers_are_sent_as_openai_names_them) {
    OpenAICompatibleClient client(openai_config());
    auto request = user_request("hi");
    const auto tier_sent = [&](const char* tier) {
        request.service_tier = tier;
        const auto body = sent_request(client, request).json().as_object();
        return body.contains("service_tier") ? std::string(body.at("service_tier").as_string()) : std::string("-");
    };
    BOOST_TEST(tier_sent("flex") == "flex");
    BOOST_TEST(tier_sent("priority") == "priority");
    BOOST_TEST(tier_sent("standard_only") == "default");
    BOOST_TEST(tier_sent("reserved") == "-");
}
