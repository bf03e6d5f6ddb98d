// Canonical request -> Gemini wire request: the body (against checked-in goldens), the URL,
// the key header and the plugin's options.
#include "plugins/gemini/tests/test_support.hpp"

#include <boost/test/unit_test.hpp>

using namespace llmhost;
using namespace llmhost::testing;

namespace {

const std::string stream_done = "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"ok\"}]},"
                                "\"finishReason\":\"STOP\"}]}\n\n";
const std::string whole_done = R"({"candidates":[{"content":{"parts":[{"text":"ok"}]},"finishReason":"STOP"}]})";

// Sends `request_json` against a canned success and returns what reached the "server".
SeenRequest sent_request(const std::string& request_json, const std::string& config = gemini_config(),
                         std::string_view api_key = gemini_key) {
    FakeHost fake;
    const bool stream = boost::json::parse(request_json).at("stream").as_bool();
    fake.responses.push_back(stream ? CannedResponse::sse(stream_done) : CannedResponse::json(200, whole_done));
    const auto outcome = gemini_chat(fake, request_json, config, api_key);
    BOOST_REQUIRE_MESSAGE(!outcome.error, what(outcome.error));
    BOOST_REQUIRE_EQUAL(fake.requests.size(), 1u);
    return fake.requests.front();
}

boost::json::object sent_body(const ChatRequest& request) {
    return sent_request(canonical_json(request)).json().as_object();
}

// The request fails before any network I/O with `cls`, naming `needle`.
void check_refused(const std::string& request_json, llmh_error_class cls, const std::string& needle) {
    FakeHost fake;
    const auto outcome = gemini_chat(fake, request_json);
    BOOST_REQUIRE(outcome.error);
    BOOST_TEST(error_class_name(outcome.error->error_class()) == error_class_name(cls));
    BOOST_TEST(std::string(outcome.error->what()).find(needle) != std::string::npos, outcome.error->what());
    BOOST_TEST(fake.requests.empty());
}

ChatRequest with_tool(std::string choice) {
    auto r = user_request("hi");
    r.tools.push_back({"f", "", {}});
    r.tool_choice = std::move(choice);
    return r;
}

std::optional<Error> create_error(const std::string& config) {
    FakeHost fake;
    try {
        AbiProvider provider(gemini_table(), fake, "gemini", config);
    } catch (const Error& e) {
        return e;
    }
    return std::nullopt;
}

} // namespace

BOOST_AUTO_TEST_CASE(full_request_matches_golden) {
    const auto sent = sent_request(read_text_file(std::string(LLMHOST_TEST_SOURCE_DIR) +
                                                  "/tests/expected/gemini/canonical_chat_request_full.json"));
    check_json_equal(sent.json(), gemini_golden("wire_chat_request_full.json"));
    BOOST_TEST(sent.method == "POST");
    // "models/gemini-2.5-pro" is addressed as the bare id.
    BOOST_TEST(sent.url == gemini_base + "/models/gemini-2.5-pro:streamGenerateContent?alt=sse");
    BOOST_TEST(sent.header("Content-Type") == "application/json");
    BOOST_TEST(sent.header("Accept") == "text/event-stream");
    BOOST_TEST(sent.header("x-goog-api-key") == gemini_key);
}

BOOST_AUTO_TEST_CASE(minimal_request_matches_golden_and_uses_the_default_model) {
    const auto sent = sent_request(gemini_user_request("hi", false, ""));
    check_json_equal(sent.json(), gemini_golden("wire_chat_request_minimal.json"));
    BOOST_TEST(sent.url == gemini_base + "/models/gemini-2.5-flash:generateContent");
    BOOST_TEST(sent.header("Accept") == "application/json");
}

BOOST_AUTO_TEST_CASE(key_goes_in_its_header_per_call_and_never_in_the_url) {
    FakeHost fake;
    for (int i = 0; i < 2; ++i)
        fake.responses.push_back(CannedResponse::sse(stream_done));
    BOOST_REQUIRE(!gemini_chat(fake, gemini_user_request(), gemini_config(), "AIza-first").error);
    BOOST_REQUIRE(!gemini_chat(fake, gemini_user_request(), gemini_config(), "AIza-second").error);
    BOOST_REQUIRE_EQUAL(fake.requests.size(), 2u);
    BOOST_TEST(fake.requests[0].header("x-goog-api-key") == "AIza-first");
    BOOST_TEST(fake.requests[1].header("x-goog-api-key") == "AIza-second");
    for (const auto& r : fake.requests) {
        BOOST_TEST(r.url.find("AIza") == std::string::npos, r.url);
        BOOST_TEST(r.url.find("key=") == std::string::npos, r.url);
        BOOST_TEST(!r.has_header("Authorization"));
    }
}

BOOST_AUTO_TEST_CASE(model_names_are_url_encoded) {
    const auto sent = sent_request(gemini_user_request("hi", true, "models/my model:v1"));
    BOOST_TEST(sent.url == gemini_base + "/models/my%20model%3Av1:streamGenerateContent?alt=sse");
}

BOOST_AUTO_TEST_CASE(base_url_api_version_and_query_params) {
    struct Case {
        std::string base_url;
        boost::json::object options;
        std::string expected_root;
    };
    const std::vector<Case> cases{
        {"http://127.0.0.1:9999", {}, "http://127.0.0.1:9999/v1beta"},
        {"http://127.0.0.1:9999/proxy", {}, "http://127.0.0.1:9999/proxy/v1beta"},
        {"http://127.0.0.1:9999", {{"api_version", "v1alpha"}}, "http://127.0.0.1:9999/v1alpha"},
        {"https://generativelanguage.googleapis.com/v1beta", {}, "https://generativelanguage.googleapis.com/v1beta"},
        {"https://generativelanguage.googleapis.com/v1beta",
         {{"api_version", "v1"}},
         "https://generativelanguage.googleapis.com/v1"},
        {"https://generativelanguage.googleapis.com/v1", {}, "https://generativelanguage.googleapis.com/v1"},
    };
    for (const auto& c : cases) {
        const auto sent = sent_request(gemini_user_request("hi", false, "m"), gemini_config(c.options, c.base_url));
        BOOST_TEST(sent.url == c.expected_root + "/models/m:generateContent", c.base_url);
    }
    // Configured query parameters come first, alt=sse after them; headers and timeouts too.
    const std::string config = boost::json::serialize(boost::json::object{{"id", "gemini"},
                                                                          {"base_url", gemini_base},
                                                                          {"default_model", "gemini-2.5-flash"},
                                                                          {"http_headers", {{"X-Team", "search"}}},
                                                                          {"query_params", {{"team", "a b"}}},
                                                                          {"timeout_ms", 1234},
                                                                          {"stream_idle_timeout_ms", 567},
                                                                          {"options", boost::json::object()}});
    const auto sent = sent_request(gemini_user_request(), config);
    BOOST_TEST(sent.url == gemini_base + "/models/gemini-2.5-flash:streamGenerateContent?team=a%20b&alt=sse");
    BOOST_TEST(sent.header("X-Team") == "search");
    BOOST_TEST(sent.total_timeout_ms == 1234);
    BOOST_TEST(sent.idle_timeout_ms == 567);
}

BOOST_AUTO_TEST_CASE(tool_choice_modes) {
    struct Case {
        std::string choice;
        std::string expected;
    };
    for (const auto& c : std::vector<Case>{{"auto", R"({"mode":"AUTO"})"},
                                           {"none", R"({"mode":"NONE"})"},
                                           {"required", R"({"mode":"ANY"})"},
                                           {"f", R"({"mode":"ANY","allowedFunctionNames":["f"]})"}}) {
        const auto body = sent_body(with_tool(c.choice));
        check_json_equal(body.at("toolConfig").at("functionCallingConfig"), boost::json::parse(c.expected));
    }
    // No choice: the model's default; no tools: no calling mode at all.
    BOOST_TEST(!sent_body(with_tool("")).contains("toolConfig"));
    auto without_tools = with_tool("required");
    without_tools.tools.clear();
    const auto body = sent_body(without_tools);
    BOOST_TEST(!body.contains("toolConfig"));
    BOOST_TEST(!body.contains("tools"));
}

BOOST_AUTO_TEST_CASE(reasoning_options_become_a_thinking_config) {
    struct Case {
        ReasoningOptions reasoning;
        std::string expected;
    };
    for (const auto& c : std::vector<Case>{
             {{"low", std::nullopt}, R"({"includeThoughts":true,"thinkingBudget":1024})"},
             {{"medium", std::nullopt}, R"({"includeThoughts":true,"thinkingBudget":8192})"},
             {{"high", std::nullopt}, R"({"includeThoughts":true,"thinkingBudget":24576})"},
             {{"none", std::nullopt}, R"({"includeThoughts":false,"thinkingBudget":0})"},
             {{"", std::nullopt}, R"({"includeThoughts":true})"},
             {{"extreme", std::nullopt}, R"({"includeThoughts":true})"},
             {{"low", 300}, R"({"includeThoughts":true,"thinkingBudget":300})"},
         }) {
        auto request = user_request("hi");
        request.reasoning = c.reasoning;
        check_json_equal(sent_body(request).at("generationConfig").at("thinkingConfig"),
                         boost::json::parse(c.expected));
    }
    BOOST_TEST(!sent_body(user_request("hi")).contains("generationConfig"));
}

BOOST_AUTO_TEST_CASE(json_object_asks_for_json_without_a_schema) {
    auto request = user_request("hi");
    request.response_format = ResponseFormat{ResponseFormat::Kind::json_object, "", {}, true};
    check_json_equal(sent_body(request).at("generationConfig"),
                     boost::json::parse(R"({"responseMimeType":"application/json"})"));
    request.response_format = ResponseFormat{}; // text: nothing to ask for
    BOOST_TEST(!sent_body(request).contains("generationConfig"));
}

BOOST_AUTO_TEST_CASE(tool_results_that_are_not_objects_are_wrapped) {
    for (const auto& [content, expected] :
         std::vector<std::pair<std::string, std::string>>{{"18", R"({"result":18})"},
                                                          {"[1,2]", R"({"result":[1,2]})"},
                                                          {"\"quoted\"", R"({"result":"quoted"})"},
                                                          {"", R"({"result":""})"},
                                                          {"{\"ok\":true}", R"({"ok":true})"}}) {
        ChatRequest request = user_request("hi");
        Message tool;
        tool.role = Role::tool;
        tool.tool_call_id = "call_9";
        tool.name = "lookup";
        tool.content.push_back(ContentPart::make_text(content));
        request.messages.push_back(tool);
        const auto body = sent_body(request);
        const auto& part = body.at("contents").at(1).at("parts").at(0);
        BOOST_TEST(body.at("contents").at(1).at("role") == "user");
        BOOST_TEST(part.at("functionResponse").at("name") == "lookup");
        check_json_equal(part.at("functionResponse").at("response"), boost::json::parse(expected));
    }
}

BOOST_AUTO_TEST_CASE(failed_tool_results_go_under_error) {
    for (const auto& [content, expected] :
         std::vector<std::pair<std::string, std::string>>{{"file not found", R"({"error":"file not found"})"},
                                                          {R"({"code":404})", R"({"error":{"code":404}})"},
                                                          {"[1]", R"({"error":[1]})"}}) {
        ChatRequest request = user_request("hi");
        Message tool;
        tool.role = Role::tool;
        tool.tool_call_id = "call_9";
        tool.name = "read";
        tool.is_error = true;
        tool.content.push_back(ContentPart::make_text(content));
        request.messages.push_back(tool);
        const auto body = sent_body(request);
        check_json_equal(body.at("contents").at(1).at("parts").at(0).at("functionResponse"),
                         boost::json::parse(R"({"name":"read","response":)" + expected + "}"));
    }
}

BOOST_AUTO_TEST_CASE(top_p_and_top_k_go_in_the_generation_config) {
    ChatRequest request = user_request("hi");
    request.temperature = 0.3;
    request.top_p = 0.95;
    request.top_k = 40;
    // No Gemini field for these: left out, as is a cache mark (Gemini caches by itself).
    request.user = "user-1";
    request.service_tier = "flex";
    request.messages[0].cache = CacheMark{"1h"};
    const auto body = sent_body(request);
    check_json_equal(body.at("generationConfig"), boost::json::parse(R"({"temperature":0.3,"topP":0.95,"topK":40})"));
    check_json_equal(body.at("contents"), boost::json::parse(R"([{"role":"user","parts":[{"text":"hi"}]}])"));
    BOOST_TEST(body.size() == 2u, boost::json::serialize(body));
}

BOOST_AUTO_TEST_CASE(a_gemini_clients_extra_fields_pass_through_under_the_bodys_own) {
    ChatRequest request = user_request("hi");
    request.temperature = 0.3;
    request.extension.protocol = std::string(wire_protocol::gemini);
    request.extension.fields =
        R"({"safetySettings":[{"category":"HARM_CATEGORY_HATE_SPEECH","threshold":"BLOCK_NONE"}],)"
        R"("generationConfig":{"seed":7},"cachedContent":"cachedContents/abc"})";
    auto body = sent_body(request);
    BOOST_TEST(body.at("safetySettings").at(0).at("threshold") == "BLOCK_NONE");
    BOOST_TEST(body.at("cachedContent") == "cachedContents/abc");
    check_json_equal(body.at("generationConfig"), boost::json::parse(R"({"temperature":0.3})")); // the body's own
    // Written for another protocol: not Gemini's to take.
    request.extension.protocol = std::string(wire_protocol::openai_chat);
    body = sent_body(request);
    BOOST_TEST(!body.contains("safetySettings"));
}

BOOST_AUTO_TEST_CASE(requests_gemini_cannot_take_fail_before_any_io) {
    check_refused(
        R"({"model":"m","messages":[{"role":"user","content":"q"},{"role":"tool","tool_call_id":"call_x","content":"42"}]})",
        LLMH_ERR_BAD_REQUEST, "call_x");
    check_refused(
        R"({"model":"m","messages":[{"role":"user","content":"q"},{"role":"assistant","tool_calls":[{"id":"c1","name":"f","arguments":"[1]"}]}]})",
        LLMH_ERR_BAD_REQUEST, "c1");
    check_refused(R"({"model":"m","messages":[{"role":"system","content":"only a system prompt"}]})",
                  LLMH_ERR_BAD_REQUEST, "no user or assistant message");
    check_refused(
        R"({"model":"m","messages":[{"role":"user","content":[{"type":"image","url":"data:image/png,rawbytes"}]}]})",
        LLMH_ERR_BAD_REQUEST, "base64");
}

BOOST_AUTO_TEST_CASE(options_are_validated) {
    auto e = create_error(gemini_config({{"temperature", 1}}));
    BOOST_REQUIRE(e);
    BOOST_TEST(e->error_class() == LLMH_ERR_INVALID_CONFIG);
    BOOST_TEST(std::string(e->what()).find("unknown option 'temperature'") != std::string::npos, e->what());
    BOOST_TEST(std::string(e->what()).find("known options: embedding_model, api_version") != std::string::npos,
               e->what());

    e = create_error(gemini_config({{"api_version", "latest"}}));
    BOOST_REQUIRE(e);
    BOOST_TEST(std::string(e->what()).find("api_version") != std::string::npos, e->what());
    e = create_error(gemini_config({{"embedding_model", ""}}));
    BOOST_REQUIRE(e);
    BOOST_TEST(std::string(e->what()).find("embedding_model") != std::string::npos, e->what());
    e = create_error(gemini_config({{"embedding_model", 3}}));
    BOOST_REQUIRE(e);
    BOOST_TEST(e->error_class() == LLMH_ERR_INVALID_CONFIG);
    e = create_error(gemini_config({}, "generativelanguage.googleapis.com"));
    BOOST_REQUIRE(e);
    BOOST_TEST(std::string(e->what()).find("http://") != std::string::npos, e->what());

    BOOST_TEST(!create_error(gemini_config({{"api_version", "v1beta2"}, {"embedding_model", "text-embedding-004"}})));
}
