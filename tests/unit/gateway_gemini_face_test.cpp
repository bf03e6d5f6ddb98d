// The Gemini face with exact expected output: routes and keys, generateContent requests into
// the canonical model (including Gemini CLI's recorded requests), the SSE and JSON-array
// streams, whole responses, errors and the model list.
#include "core/gateway/faces/gemini/gemini_face.hpp"
#include "expected_files.hpp"
#include "gateway_events.hpp"

#include <boost/test/unit_test.hpp>

using namespace llmhost;
using namespace llmhost::gateway;
namespace gt = gateway_test;

namespace {

FaceChatRequest parse(std::string_view body, bool stream = false) {
    return gemini_face::parse_generate_content(body, "m", stream);
}

GatewayError parse_error(std::string_view body) {
    return gt::parse_error([](std::string_view b) { return parse(b); }, body);
}

std::string with_contents(std::string_view contents) { return R"({"contents":)" + std::string(contents) + "}"; }

const std::string user_hi = R"({"contents":[{"parts":[{"text":"hi"}]}],)";

std::string encode(std::initializer_list<gt::Event> events, gemini_face::ReplyShape shape = {}) {
    return gt::encode(*gemini_face::make_stream_encoder({"r1", "m", 1}, shape), events);
}

std::string sse(std::string_view chunk) { return "data: " + std::string(chunk) + "\r\n\r\n"; }

// A chunk holding one part, as the stream writes text and thought deltas.
std::string part_chunk(std::string_view part, std::string_view model = "m", std::string_view id = "r1") {
    return R"({"candidates":[{"content":{"role":"model","parts":[)" + std::string(part) +
           R"(]},"index":0}],"modelVersion":")" + std::string(model) + R"(","responseId":")" + std::string(id) + "\"}";
}

gt::Event usage(int64_t in, int64_t out, int64_t cached, int64_t reasoning) {
    gt::Event e = gt::usage(in, out);
    e.e.usage.cached_input_tokens = cached;
    e.e.usage.reasoning_tokens = reasoning;
    return e;
}

// Just enough of an HTTP exchange for routing, keys and parse_chat.
class FakeExchange final : public HttpExchange {
  public:
    FakeExchange(std::string path, std::string query = {}, ResponseHeaders headers = {}, std::string body = {})
        : path_(std::move(path)), query_(std::move(query)), headers_(std::move(headers)), body_(std::move(body)) {}

    std::string_view method() const override { return "POST"; }
    std::string_view path() const override { return path_; }
    std::string_view query() const override { return query_; }
    std::string_view header(std::string_view name) const override {
        for (const auto& [n, v] : headers_)
            if (n == name) return v;
        return {};
    }
    std::string& body() override { return body_; }
    int rejected_status() const override { return 0; }
    std::chrono::steady_clock::time_point received_at() const override { return {}; }
    void respond(int, std::string_view, std::string, const ResponseHeaders&) override {}
    bool begin_stream(int, std::string_view, const ResponseHeaders&) override { return true; }
    bool send(std::string) override { return true; }
    void end_stream() override {}
    void run_on_fiber(std::function<void()>) override {}
    const std::atomic<bool>& cancelled() const override { return cancelled_; }
    int status() const override { return 0; }

  private:
    std::string path_, query_;
    ResponseHeaders headers_;
    std::string body_;
    std::atomic<bool> cancelled_{false};
};

std::optional<RouteMatch> route(const std::string& path, const std::string& query = {}, ResponseHeaders headers = {}) {
    return gemini_face::make_face()->route("POST", FakeExchange(path, query, std::move(headers)));
}

std::string agents_fixture(const std::string& name) {
    return llmhost::testing::read_text_file(std::string(LLMHOST_TEST_SOURCE_DIR) + "/tests/data/agents/" + name);
}

} // namespace

BOOST_AUTO_TEST_CASE(model_paths_route_to_chat_count_tokens_and_models) {
    auto m = route("/v1beta/models/openai%2Fgpt-4o:streamGenerateContent", "alt=sse");
    BOOST_REQUIRE(m);
    BOOST_TEST((m->endpoint == Endpoint::chat));
    BOOST_TEST(m->method == "POST");
    BOOST_TEST(m->model == "openai/gpt-4o");
    BOOST_TEST(m->stream);

    m = route("/v1beta/models/ollama/llama3:8b:generateContent"); // a literal slash, and a colon of its own
    BOOST_REQUIRE(m);
    BOOST_TEST(m->model == "ollama/llama3:8b");
    BOOST_TEST(!m->stream);

    m = route("/v1/models/gemini-2.5-flash:countTokens");
    BOOST_REQUIRE(m);
    BOOST_TEST((m->endpoint == Endpoint::count_tokens));
    BOOST_TEST(m->model == "gemini-2.5-flash");

    m = route("/v1beta/models");
    BOOST_REQUIRE(m);
    BOOST_TEST((m->endpoint == Endpoint::models));
    BOOST_TEST(m->method == "GET");

    // GET /v1/models is OpenAI's unless the key comes Google's way.
    BOOST_TEST(!route("/v1/models"));
    BOOST_TEST(route("/v1/models", {}, {{"x-goog-api-key", "k"}}).has_value());
    BOOST_TEST(route("/v1/models", "key=k").has_value());

    BOOST_TEST(!route("/v1beta/models/gemini-2.5-flash:embedContent"));
    BOOST_TEST(!route("/v1beta/models/gemini-2.5-flash"));
    BOOST_TEST(!route("/v1/chat/completions"));
    BOOST_TEST(!route("/v1/messages"));
}

BOOST_AUTO_TEST_CASE(claims_and_client_keys) {
    const auto face = gemini_face::make_face();
    BOOST_TEST(face->claims(FakeExchange("/v1beta/models/x:embedContent")));
    BOOST_TEST(face->claims(FakeExchange("/v1/models/x:embedContent")));
    BOOST_TEST(face->claims(FakeExchange("/v1/chat/completions", {}, {{"x-goog-api-key", "k"}})));
    BOOST_TEST(!face->claims(FakeExchange("/v1/chat/completions")));
    BOOST_TEST(!face->claims(FakeExchange("/v1/models")));

    BOOST_TEST(face->client_key(FakeExchange("/v1beta/models", "key=q", {{"x-goog-api-key", "h"}})) == "h");
    BOOST_TEST(face->client_key(FakeExchange("/v1beta/models", "alt=sse&key=q%2B1")) == "q+1");
    BOOST_TEST(face->client_key(FakeExchange("/v1beta/models", {}, {{"authorization", "Bearer b"}})) == "b");
}

BOOST_AUTO_TEST_CASE(parse_chat_reads_model_stream_and_alt_from_the_request) {
    const auto face = gemini_face::make_face();
    const std::string body = R"({"contents":[{"parts":[{"text":"hi"}]}]})";
    FakeExchange sse("/v1beta/models/mock%2Fecho:streamGenerateContent", "alt=sse", {}, body);
    auto match = face->route("POST", sse);
    BOOST_REQUIRE(match);
    auto r = face->parse_chat(sse, *match);
    BOOST_TEST(r.chat.model == "mock/echo");
    BOOST_TEST(r.stream);
    BOOST_TEST(r.chat.stream);
    BOOST_TEST(gemini_face::reply_shape(r).sse);

    FakeExchange array("/v1beta/models/mock:streamGenerateContent", {}, {}, body);
    BOOST_TEST(!gemini_face::reply_shape(face->parse_chat(array, *face->route("POST", array))).sse);

    FakeExchange no_model("/v1beta/models/:generateContent", {}, {}, body);
    match = face->route("POST", no_model);
    BOOST_REQUIRE(match);
    BOOST_TEST(gt::parse_error([&](std::string_view) { return face->parse_chat(no_model, *match); }, body).param ==
               "model");
}

BOOST_AUTO_TEST_CASE(a_full_request_becomes_the_canonical_request) {
    const auto r = parse(R"({
      "systemInstruction": {"role": "user", "parts": [{"text": "Be terse."}, {"text": "Be kind."}]},
      "contents": [
        {"role": "user", "parts": [{"text": "Weather?"},
                                   {"inlineData": {"mimeType": "image/png", "data": "iVBO"}},
                                   {"fileData": {"mimeType": "image/jpeg", "fileUri": "https://x/y.jpg"}}]},
        {"role": "model", "parts": [{"text": "plan", "thought": true},
                                    {"text": "Checking."},
                                    {"functionCall": {"name": "get_weather", "args": {"city": "Paris"}}, "thoughtSignature": "c2ln"},
                                    {"functionCall": {"name": "get_time", "args": {}, "id": "t1"}},
                                    {"thoughtSignature": "c2ln"}]},
        {"role": "user", "parts": [{"text": "Also this."},
                                   {"functionResponse": {"name": "get_time", "id": "t1", "response": {"output": "noon"}}},
                                   {"functionResponse": {"name": "get_weather", "response": {"temp_c": 18}}}]}
      ],
      "tools": [{"functionDeclarations": [
                   {"name": "get_weather", "description": "Weather",
                    "parameters": {"type": "OBJECT", "properties": {"city": {"type": "STRING", "nullable": true},
                                                                    "days": {"type": "ARRAY", "items": {"type": "INTEGER"}}},
                                   "required": ["city"]}},
                   {"name": "get_time", "parametersJsonSchema": {"type": "object", "properties": {}}}]},
                {"googleSearch": {}}, {"codeExecution": {}}],
      "toolConfig": {"functionCallingConfig": {"mode": "ANY", "allowedFunctionNames": ["get_weather"]}},
      "generationConfig": {"temperature": 0.5, "topP": 0.9, "topK": 40, "maxOutputTokens": 1024, "stopSequences": ["END"],
                           "candidateCount": 1, "thinkingConfig": {"thinkingBudget": 2048, "includeThoughts": true}},
      "safetySettings": [{"category": "HARM_CATEGORY_HATE_SPEECH", "threshold": "BLOCK_NONE"}]})",
                         true);
    BOOST_TEST(r.stream);
    BOOST_TEST(gemini_face::reply_shape(r).include_thoughts);
    BOOST_TEST((r.notes == ResponseHeaders{{"X-Llmhost-Tools-Left-Out", "googleSearch, codeExecution"}}));
    BOOST_TEST(
        gt::canonical(r) ==
        R"({"model":"m","stream":true,"messages":[)"
        R"({"role":"system","content":[{"type":"text","text":"Be terse.\n\nBe kind."}]},)"
        R"({"role":"user","content":[{"type":"text","text":"Weather?"},{"type":"image","media_type":"image/png","data":"iVBO"},{"type":"image","url":"https://x/y.jpg"}]},)"
        R"({"role":"assistant","reasoning":[{"text":"","state":{"origin":"gemini","signature":"c2ln"}}],)"
        R"("content":[{"type":"text","text":"Checking."}],"tool_calls":[{"id":"call_1","name":"get_weather","arguments":"{\"city\":\"Paris\"}",)"
        R"("state":{"origin":"gemini","signature":"c2ln"}},{"id":"t1","name":"get_time","arguments":"{}"}]},)"
        R"({"role":"tool","content":[{"type":"text","text":"noon"}],"tool_call_id":"t1","name":"get_time"},)"
        R"({"role":"tool","content":[{"type":"text","text":"{\"temp_c\":18}"}],"tool_call_id":"call_1","name":"get_weather"},)"
        R"({"role":"user","content":[{"type":"text","text":"Also this."}]}],)"
        R"("tools":[{"name":"get_weather","description":"Weather","parameters":{"type":"object","properties":{"city":{"type":["string","null"]},"days":{"type":"array","items":{"type":"integer"}}},"required":["city"]}},)"
        R"({"name":"get_time","description":"","parameters":{"type":"object","properties":{}}}],)"
        R"("tool_choice":"get_weather","temperature":0.5,"max_tokens":1024,"stop":["END"],"reasoning":{"budget_tokens":2048},)"
        R"("top_p":0.9,"top_k":40})");
}

BOOST_AUTO_TEST_CASE(function_responses_pair_with_their_calls) {
    const auto r = parse(with_contents(R"([
        {"role": "model", "parts": [{"functionCall": {"name": "read", "args": {"p": "a"}}},
                                    {"functionCall": {"name": "read", "args": {"p": "b"}}},
                                    {"functionCall": {"name": "ls", "id": "x9"}}]},
        {"role": "user", "parts": [{"functionResponse": {"name": "ls", "id": "x9", "response": {"files": []},
                                                         "parts": [{"inlineData": {"mimeType": "image/png", "data": "iVBO"}}]}},
                                   {"functionResponse": {"name": "read", "response": {"output": "A"}}},
                                   {"functionResponse": {"name": "read", "id": "made-up", "response": {"result": "B"}}}]}])"));
    BOOST_TEST(
        gt::canonical(r) ==
        R"({"model":"m","stream":false,"messages":[)"
        R"({"role":"assistant","content":[],"tool_calls":[{"id":"call_1","name":"read","arguments":"{\"p\":\"a\"}"},{"id":"call_2","name":"read","arguments":"{\"p\":\"b\"}"},{"id":"x9","name":"ls","arguments":"{}"}]},)"
        R"({"role":"tool","content":[{"type":"text","text":"{\"files\":[]}"},{"type":"image","media_type":"image/png","data":"iVBO"}],"tool_call_id":"x9","name":"ls"},)"
        R"({"role":"tool","content":[{"type":"text","text":"A"}],"tool_call_id":"call_1","name":"read"},)"
        R"({"role":"tool","content":[{"type":"text","text":"B"}],"tool_call_id":"call_2","name":"read"}]})");
}

BOOST_AUTO_TEST_CASE(function_responses_with_an_error_are_failed_tool_results) {
    const auto r = parse(with_contents(R"([
        {"role": "model", "parts": [{"functionCall": {"name": "read", "id": "a"}},
                                    {"functionCall": {"name": "read", "id": "b"}},
                                    {"functionCall": {"name": "read", "id": "c"}}]},
        {"role": "user", "parts": [{"functionResponse": {"name": "read", "id": "a", "response": {"error": "no such file"}}},
                                   {"functionResponse": {"name": "read", "id": "b", "response": {"error": {"code": 5}}}},
                                   {"functionResponse": {"name": "read", "id": "c", "response": {"output": "", "error": "partial"}}}]}])"));
    BOOST_TEST(
        gt::canonical(r) ==
        R"({"model":"m","stream":false,"messages":[)"
        R"({"role":"assistant","content":[],"tool_calls":[{"id":"a","name":"read","arguments":"{}"},{"id":"b","name":"read","arguments":"{}"},{"id":"c","name":"read","arguments":"{}"}]},)"
        R"({"role":"tool","content":[{"type":"text","text":"no such file"}],"tool_call_id":"a","name":"read","is_error":true},)"
        R"({"role":"tool","content":[{"type":"text","text":"{\"code\":5}"}],"tool_call_id":"b","name":"read","is_error":true},)"
        R"({"role":"tool","content":[{"type":"text","text":"{\"output\":\"\",\"error\":\"partial\"}"}],"tool_call_id":"c","name":"read","is_error":true}]})");
}

BOOST_AUTO_TEST_CASE(top_p_and_top_k_reach_the_canonical_request) {
    const auto r = parse(user_hi + R"("generationConfig":{"topP":0.5,"topK":20.0}})");
    BOOST_TEST(gt::canonical(r).ends_with(R"("top_p":0.5,"top_k":20})"), gt::canonical(r));
}

BOOST_AUTO_TEST_CASE(generation_config_becomes_format_and_reasoning) {
    auto r = parse(user_hi +
                   R"("generationConfig":{"responseMimeType":"application/json","thinkingConfig":{"thinkingBudget":0},
           "responseJsonSchema":{"type":"OBJECT","properties":{"score":{"type":"INTEGER"}},"required":["score"]}}})");
    BOOST_TEST(
        gt::canonical(r) ==
        R"({"model":"m","stream":false,"messages":[{"role":"user","content":[{"type":"text","text":"hi"}]}],)"
        R"("response_format":{"type":"json_schema","name":"response","schema":{"type":"object","properties":{"score":{"type":"integer"}},"required":["score"]},"strict":false},)"
        R"("reasoning":{"effort":"none"}})");
    BOOST_TEST(!gemini_face::reply_shape(r).include_thoughts);

    r = parse(user_hi +
              R"("generationConfig":{"responseMimeType":"application/json","responseSchema":{"type":"STRING"},
                 "thinkingConfig":{"thinkingLevel":"HIGH","includeThoughts":true}}})");
    BOOST_TEST(gt::canonical(r).ends_with(
        R"("response_format":{"type":"json_schema","name":"response","schema":{"type":"string"},"strict":false},"reasoning":{"effort":"high"}})"));
    BOOST_TEST(gemini_face::reply_shape(r).include_thoughts);

    r = parse(
        user_hi +
        R"("generationConfig":{"responseMimeType":"application/json","thinkingConfig":{"thinkingLevel":"low"}}})");
    BOOST_TEST(gt::canonical(r).ends_with(R"("response_format":{"type":"json_object"},"reasoning":{"effort":"low"}})"));

    // Dynamic thinking, or only includeThoughts: the provider's default, thoughts shown.
    r = parse(user_hi + R"("generationConfig":{"thinkingConfig":{"thinkingBudget":-1,"includeThoughts":true}}})");
    BOOST_TEST(!r.chat.reasoning);
    BOOST_TEST(gemini_face::reply_shape(r).include_thoughts);
    r = parse(user_hi +
              R"("generationConfig":{"responseMimeType":"text/plain","thinkingConfig":{"includeThoughts":true}}})");
    BOOST_TEST(!r.chat.reasoning);
    BOOST_TEST(!r.chat.response_format);
}

BOOST_AUTO_TEST_CASE(function_calling_modes_become_tool_choices) {
    auto choice = [](std::string_view config) {
        return parse(user_hi +
                     R"("tools":[{"functionDeclarations":[{"name":"f"}]}],"toolConfig":{"functionCallingConfig":)" +
                     std::string(config) + "}}")
            .chat.tool_choice;
    };
    BOOST_TEST(choice(R"({"mode":"AUTO"})") == "auto");
    BOOST_TEST(choice(R"({"mode":"VALIDATED"})") == "auto");
    BOOST_TEST(choice(R"({"mode":"NONE"})") == "none");
    BOOST_TEST(choice(R"({"mode":"ANY"})") == "required");
    BOOST_TEST(choice(R"({"mode":"ANY","allowedFunctionNames":["f","g"]})") == "required");
    BOOST_TEST(choice(R"({"mode":"ANY","allowedFunctionNames":["f"]})") == "f");
    BOOST_TEST(choice(R"({})") == "");
    // Without functions there is nothing to choose.
    BOOST_TEST(parse(user_hi + R"("toolConfig":{"functionCallingConfig":{"mode":"ANY"}}})").chat.tool_choice == "");
}

BOOST_AUTO_TEST_CASE(count_tokens_takes_a_wrapped_request) {
    const auto r = parse(R"({"generateContentRequest":{"model":"models/m","contents":[{"parts":[{"text":"hi"}]}]}})");
    BOOST_TEST(gt::canonical(r) ==
               R"({"model":"m","stream":false,"messages":[{"role":"user","content":[{"type":"text","text":"hi"}]}]})");
    BOOST_TEST(parse_error(R"({"generateContentRequest":{"contents":[{"role":"bot","parts":[]}]}})").param ==
               "generateContentRequest.contents[0].role");
}

BOOST_AUTO_TEST_CASE(malformed_requests_are_400s_naming_the_field) {
    BOOST_TEST(parse_error("nope").message.find("not valid JSON") != std::string::npos);
    BOOST_TEST((parse_error("{}").kind == ErrorKind::invalid_request));
    BOOST_TEST(parse_error("{}").param == "contents");
    BOOST_TEST(parse_error(with_contents("[]")).param == "contents");
    BOOST_TEST(parse_error(with_contents("{}")).param == "contents");
    BOOST_TEST(parse_error(with_contents("[5]")).param == "contents[0]");
    BOOST_TEST(parse_error(with_contents(R"([{"role":"system","parts":[{"text":"x"}]}])")).param == "contents[0].role");
    BOOST_TEST(parse_error(with_contents(R"([{"role":"user"}])")).param == "contents[0].parts");
    BOOST_TEST(parse_error(with_contents(R"([{"parts":[{"text":5}]}])")).param == "contents[0].parts[0].text");
    BOOST_TEST(
        parse_error(with_contents(R"([{"parts":[{"inlineData":{"mimeType":"application/pdf","data":"JVBE"}}]}])"))
            .param == "contents[0].parts[0].inlineData.mimeType");
    BOOST_TEST(parse_error(with_contents(R"([{"parts":[{"inlineData":{"mimeType":"image/png"}}]}])")).param ==
               "contents[0].parts[0].inlineData.data");
    BOOST_TEST(parse_error(with_contents(R"([{"parts":[{"fileData":{"fileUri":"gs://b/x.png"}}]}])")).param ==
               "contents[0].parts[0].fileData.fileUri");
    BOOST_TEST(parse_error(with_contents(R"([{"parts":[{"executableCode":{"code":"1"}}]}])")).param ==
               "contents[0].parts[0].executableCode");
    BOOST_TEST(parse_error(with_contents(R"([{"parts":[{"functionCall":{"name":"f"}}]}])")).param ==
               "contents[0].parts[0].functionCall");
    BOOST_TEST(
        parse_error(with_contents(R"([{"role":"model","parts":[{"functionCall":{"name":"f","args":[1]}}]}])")).param ==
        "contents[0].parts[0].functionCall.args");
    BOOST_TEST(parse_error(with_contents(R"([{"role":"model","parts":[{"functionResponse":{"name":"f"}}]}])")).param ==
               "contents[0].parts[0].functionResponse");
    BOOST_TEST(parse_error(with_contents(R"([{"role":"model","parts":[{"functionCall":{"name":"f"}}]},
                                              {"parts":[{"functionResponse":{"name":"g","response":{}}}]}])"))
                   .param == "contents[1].parts[0].functionResponse");
    // A second answer to the one call has no call left to answer.
    BOOST_TEST(parse_error(with_contents(R"([{"role":"model","parts":[{"functionCall":{"name":"f"}}]},
                                              {"parts":[{"functionResponse":{"name":"f","response":{}}},
                                                        {"functionResponse":{"name":"f","response":{}}}]}])"))
                   .param == "contents[1].parts[1].functionResponse");
    BOOST_TEST(parse_error(user_hi + R"("systemInstruction":{"parts":[{"inlineData":{}}]}})").param ==
               "systemInstruction.parts[0]");
    BOOST_TEST(parse_error(user_hi + R"("tools":[{"functionDeclarations":[{"description":"d"}]}]})").param ==
               "tools[0].functionDeclarations[0].name");
    BOOST_TEST(parse_error(user_hi + R"("tools":[{"functionDeclarations":{}}]})").param ==
               "tools[0].functionDeclarations");
    BOOST_TEST(parse_error(user_hi + R"("tools":[{"functionDeclarations":[{"name":"f","parameters":"x"}]}]})").param ==
               "tools[0].functionDeclarations[0].parameters");
    BOOST_TEST(parse_error(user_hi + R"("tools":[{"functionDeclarations":[{"name":"f"}]}],
                                       "toolConfig":{"functionCallingConfig":{"mode":"SOMETIMES"}}})")
                   .param == "toolConfig.functionCallingConfig.mode");
    const auto config_error = [](std::string_view config) {
        return parse_error(user_hi + R"("generationConfig":)" + std::string(config) + "}").param;
    };
    BOOST_TEST(config_error(R"({"candidateCount":2})") == "generationConfig.candidateCount");
    BOOST_TEST(config_error(R"({"maxOutputTokens":0})") == "generationConfig.maxOutputTokens");
    BOOST_TEST(config_error(R"({"temperature":"hot"})") == "generationConfig.temperature");
    BOOST_TEST(config_error(R"({"topK":"many"})") == "generationConfig.topK");
    BOOST_TEST(config_error(R"({"topK":0})") == "generationConfig.topK");
    BOOST_TEST(config_error(R"({"topP":"most"})") == "generationConfig.topP");
    BOOST_TEST(config_error(R"({"stopSequences":["a",1]})") == "generationConfig.stopSequences[1]");
    BOOST_TEST(config_error(R"({"responseMimeType":"text/x.enum"})") == "generationConfig.responseMimeType");
    BOOST_TEST(config_error(R"({"thinkingConfig":{"thinkingBudget":-5}})") ==
               "generationConfig.thinkingConfig.thinkingBudget");
    BOOST_TEST(config_error(R"({"thinkingConfig":{"thinkingLevel":"EXTREME"}})") ==
               "generationConfig.thinkingConfig.thinkingLevel");
    BOOST_TEST(config_error(R"({"thinkingConfig":{"includeThoughts":"yes"}})") ==
               "generationConfig.thinkingConfig.includeThoughts");
    BOOST_TEST(config_error("[]") == "generationConfig");
    BOOST_TEST(gt::parse_error([](std::string_view b) { return gemini_face::parse_generate_content(b, "", false); },
                               R"({"contents":[{"parts":[{"text":"hi"}]}]})")
                   .param == "model");
}

BOOST_AUTO_TEST_CASE(gemini_cli_first_request_is_accepted) {
    const std::string body = agents_fixture("gemini-cli-first-request.json");
    const auto r = gemini_face::parse_generate_content(body, "mock-echo", true);
    BOOST_TEST(r.notes.empty());
    BOOST_TEST(gemini_face::reply_shape(r).include_thoughts);
    const ChatRequest& chat = r.chat;
    BOOST_REQUIRE(chat.messages.size() == 2u);
    BOOST_TEST((chat.messages[0].role == Role::system));
    BOOST_TEST(chat.messages[0].text().starts_with("You are Gemini CLI"));
    BOOST_TEST((chat.messages[1].role == Role::user));
    BOOST_REQUIRE(chat.messages[1].content.size() == 2u);
    BOOST_TEST(chat.messages[1].content[0].text.starts_with("<session_context>"));
    BOOST_TEST(chat.messages[1].content[1].text == "say hi");
    BOOST_TEST(chat.temperature.value_or(0) == 1.0);
    BOOST_TEST(!chat.reasoning); // includeThoughts alone: the provider's default
    BOOST_TEST(!chat.response_format);
    // The declarations are JSON Schema already: they go through unchanged.
    const auto declarations = boost::json::parse(body).at("tools").at(0).at("functionDeclarations").as_array();
    BOOST_REQUIRE(chat.tools.size() == declarations.size());
    BOOST_REQUIRE(chat.tools.size() == 8u);
    for (size_t i = 0; i < chat.tools.size(); ++i) {
        BOOST_TEST(chat.tools[i].name == std::string_view(declarations[i].at("name").as_string()));
        BOOST_TEST(chat.tools[i].parameters == declarations[i].at("parametersJsonSchema").as_object());
    }
}

BOOST_AUTO_TEST_CASE(gemini_cli_tool_result_request_pairs_the_call) {
    const auto r =
        gemini_face::parse_generate_content(agents_fixture("gemini-cli-tool-result-request.json"), "mock-echo", true);
    const auto& messages = r.chat.messages;
    BOOST_REQUIRE(messages.size() == 4u);
    BOOST_TEST((messages[2].role == Role::assistant));
    BOOST_REQUIRE(messages[2].tool_calls.size() == 1u);
    const ToolCall& call = messages[2].tool_calls[0];
    BOOST_TEST(call.id == "read_file_1796375460762_0");
    BOOST_TEST(call.name == "read_file");
    BOOST_TEST(call.arguments == R"({"file_path":"/tmp/agents/work/hello.txt"})");
    BOOST_TEST((messages[3].role == Role::tool));
    BOOST_TEST(messages[3].tool_call_id == call.id);
    BOOST_TEST(messages[3].name == "read_file");
    BOOST_TEST(messages[3].text() == "Hello from hello.txt \xE2\x80\x94 the secret word is PINEAPPLE-42.\n");
}

BOOST_AUTO_TEST_CASE(gemini_cli_router_request_asks_for_its_schema_in_lower_case) {
    const auto r = gemini_face::parse_generate_content(agents_fixture("gemini-cli-router-request.json"),
                                                       "gemini-3.5-flash-lite", false);
    BOOST_TEST(!r.stream);
    BOOST_REQUIRE(r.chat.messages.size() == 3u); // system, and two user turns
    BOOST_TEST(r.chat.messages[2].text() == "say hi");
    BOOST_REQUIRE(r.chat.response_format);
    BOOST_TEST((r.chat.response_format->kind == ResponseFormat::Kind::json_schema));
    BOOST_TEST(boost::json::serialize(r.chat.response_format->schema) ==
               R"({"type":"object","properties":{)"
               R"("complexity_reasoning":{"type":"string","description":"Brief explanation for the score."},)"
               R"("complexity_score":{"type":"integer","description":"Complexity score from 1-100."}},)"
               R"("required":["complexity_reasoning","complexity_score"]})");
    BOOST_REQUIRE(r.chat.reasoning);
    BOOST_TEST(r.chat.reasoning->effort == "high");
}

BOOST_AUTO_TEST_CASE(a_text_stream_as_sse) {
    BOOST_TEST(
        encode({gt::start("up-1", "gemini-x"), gt::usage(12, 1), gt::text("Hi"), gt::text(""), gt::text(" \"there\"\n"),
                gt::usage(12, 3), gt::finish(LLMH_FINISH_STOP)}) ==
        sse(part_chunk(R"({"text":"Hi"})", "gemini-x", "up-1")) +
            sse(part_chunk(R"({"text":" \"there\"\n"})", "gemini-x", "up-1")) +
            sse(R"({"candidates":[{"content":{"role":"model","parts":[{"text":""}]},"finishReason":"STOP","index":0}],)"
                R"("usageMetadata":{"promptTokenCount":12,"candidatesTokenCount":3,"totalTokenCount":15},)"
                R"("modelVersion":"gemini-x","responseId":"up-1"})"));
}

BOOST_AUTO_TEST_CASE(thoughts_then_tool_calls_written_whole_in_the_last_chunk) {
    auto encoder = gemini_face::make_stream_encoder({"r1", "m", 1}, {true, true});
    const std::string out = gt::encode(
        *encoder, {gt::reasoning("hmm"), gt::text("Let me check."), gt::tool_start(0, "call_a", "get_weather"),
                   gt::tool_delta(0, "{\"city\":"), gt::tool_start(1, "call_b", "get_time"), gt::tool_delta(1, "{}"),
                   gt::tool_delta(0, "\"Paris\"}"), gt::tool_delta(2, "oops"), usage(10, 7, 2, 4),
                   gt::finish(LLMH_FINISH_TOOL_CALLS)});
    BOOST_TEST(
        out ==
        sse(part_chunk(R"({"text":"hmm","thought":true})")) + sse(part_chunk(R"({"text":"Let me check."})")) +
            sse(R"({"candidates":[{"content":{"role":"model","parts":[)"
                R"({"functionCall":{"name":"get_weather","args":{"city":"Paris"},"id":"call_a"}},)"
                R"({"functionCall":{"name":"get_time","args":{},"id":"call_b"}},{"functionCall":{"name":"","args":{}}}]},)"
                R"("finishReason":"STOP","index":0}],)"
                R"("usageMetadata":{"promptTokenCount":10,"candidatesTokenCount":3,"totalTokenCount":17,"cachedContentTokenCount":2,"thoughtsTokenCount":4},)"
                R"("modelVersion":"m","responseId":"r1"})"));
    BOOST_TEST(encoder->deltas() == 5u);
    BOOST_TEST(encoder->output_tokens() == 7);
}

BOOST_AUTO_TEST_CASE(a_fragment_before_its_calls_start_is_kept) {
    const std::string out =
        encode({gt::tool_delta(0, "{\"a\":"), gt::tool_start(0, "c", "f"), gt::tool_delta(0, "1}")});
    BOOST_TEST(out.find(R"({"functionCall":{"name":"f","args":{"a":1},"id":"c"}})") != std::string::npos, out);
}

BOOST_AUTO_TEST_CASE(thoughts_are_only_shown_to_clients_that_ask) {
    const std::string out = encode({gt::reasoning("hmm"), gt::text("ok"), gt::finish(LLMH_FINISH_LENGTH)});
    BOOST_TEST(out.find("hmm") == std::string::npos, out);
    BOOST_TEST(out.starts_with(sse(part_chunk(R"({"text":"ok"})"))), out);
    BOOST_TEST(out.find(R"("finishReason":"MAX_TOKENS")") != std::string::npos, out);
}

BOOST_AUTO_TEST_CASE(state_events_write_nothing_until_content_flows) {
    auto encoder = gemini_face::make_stream_encoder({"r1", "m", 1}, {});
    std::string out;
    encoder->event(gt::start("id", "model"), out);
    encoder->event(gt::usage(1, 1), out);
    encoder->event(gt::tool_start(0, "c", "f"), out); // held for the last chunk
    BOOST_TEST(out.empty());
}

BOOST_AUTO_TEST_CASE(line_separators_are_escaped_in_sse_events) {
    // U+2028 and U+2029 would hide an event from the JS SDK's line regex; an em dash is left alone.
    const std::string out = encode({gt::text("a\xE2\x80\xA8"
                                             "b\xE2\x80\xA9"
                                             "c\xE2\x80\x94")});
    BOOST_TEST(out.starts_with(sse(part_chunk(R"({"text":"a\u2028b\u2029c)"
                                              "\xE2\x80\x94"
                                              R"("})"))),
               out);
}

BOOST_AUTO_TEST_CASE(without_alt_sse_the_stream_is_one_json_array) {
    const std::string out =
        encode({gt::text("a"), gt::text("b"), gt::finish(LLMH_FINISH_CONTENT_FILTER)}, {false, false});
    BOOST_TEST(
        out ==
        "[" + part_chunk(R"({"text":"a"})") + ",\r\n" + part_chunk(R"({"text":"b"})") + ",\r\n" +
            R"({"candidates":[{"content":{"role":"model","parts":[{"text":""}]},"finishReason":"SAFETY","index":0}],)"
            R"("usageMetadata":{"promptTokenCount":0,"candidatesTokenCount":0,"totalTokenCount":0},)"
            R"("modelVersion":"m","responseId":"r1"}])");
    BOOST_TEST(boost::json::parse(out).as_array().size() == 3u);
}

BOOST_AUTO_TEST_CASE(a_failing_stream_ends_with_googles_error_object) {
    const GatewayError cut{ErrorKind::upstream, "upstream cut", {}, "network", -1};
    const std::string error = R"({"error":{"code":502,"message":"upstream cut","status":"UNAVAILABLE"}})";

    auto sse_encoder = gemini_face::make_stream_encoder({"r1", "m", 1}, {});
    std::string out;
    sse_encoder->event(gt::text("a"), out);
    sse_encoder->fail(cut, out);
    BOOST_TEST(out == sse(part_chunk(R"({"text":"a"})")) + error + "\r\n");

    auto array_encoder = gemini_face::make_stream_encoder({"r1", "m", 1}, {false, false});
    out.clear();
    array_encoder->event(gt::text("a"), out);
    array_encoder->fail(cut, out);
    BOOST_TEST(out == "[" + part_chunk(R"({"text":"a"})") + ",\r\n" + error + "]");

    auto empty_array = gemini_face::make_stream_encoder({"r1", "m", 1}, {false, false});
    out.clear();
    empty_array->fail(cut, out);
    BOOST_TEST(out == "[" + error + "]");
}

BOOST_AUTO_TEST_CASE(a_whole_response) {
    ChatResponse r;
    r.model = "gemini-x";
    r.reasoning = "thought";
    r.text = "Checking.";
    r.tool_calls = {{"call_1", "get_weather", "{\"city\":\"Paris\"}"}, {"", "f", "not json"}};
    r.finish_reason = LLMH_FINISH_TOOL_CALLS;
    r.usage = {20, 7, 5, 3};
    const std::string parts =
        R"({"text":"Checking."},{"functionCall":{"name":"get_weather","args":{"city":"Paris"},"id":"call_1"}},)"
        R"({"functionCall":{"name":"f","args":{}}}]},"finishReason":"STOP","index":0}],)"
        R"("usageMetadata":{"promptTokenCount":20,"candidatesTokenCount":4,"totalTokenCount":27,"cachedContentTokenCount":5,"thoughtsTokenCount":3},)"
        R"("modelVersion":"gemini-x","responseId":"r9"})";
    BOOST_TEST(gemini_face::render_generate_response(r, {"r9", "m", 1}, {true, true}) ==
               R"({"candidates":[{"content":{"role":"model","parts":[{"text":"thought","thought":true},)" + parts);
    BOOST_TEST(gemini_face::render_generate_response(r, {"r9", "m", 1}, {}) ==
               R"({"candidates":[{"content":{"role":"model","parts":[)" + parts);
}

BOOST_AUTO_TEST_CASE(an_empty_response_still_has_a_part) {
    ChatResponse r;
    r.id = "up";
    r.finish_reason = LLMH_FINISH_ERROR;
    BOOST_TEST(
        gemini_face::render_generate_response(r, {"r9", "m", 1}, {}) ==
        R"({"candidates":[{"content":{"role":"model","parts":[{"text":""}]},"finishReason":"OTHER","index":0}],)"
        R"("usageMetadata":{"promptTokenCount":0,"candidatesTokenCount":0,"totalTokenCount":0},"modelVersion":"m","responseId":"up"})");
}

BOOST_AUTO_TEST_CASE(errors_in_googles_shape) {
    BOOST_TEST(
        gemini_face::render_error(
            {ErrorKind::invalid_request, "'contents' is required", "contents", "bad_request", -1}) ==
        R"({"error":{"code":400,"message":"'contents' is required","status":"INVALID_ARGUMENT","details":[)"
        R"({"@type":"type.googleapis.com/google.rpc.BadRequest","fieldViolations":[{"field":"contents","description":"'contents' is required"}]}]}})");
    BOOST_TEST(gemini_face::render_error({ErrorKind::rate_limited, "slow down", {}, "rate_limited", 1500}) ==
               R"({"error":{"code":429,"message":"slow down","status":"RESOURCE_EXHAUSTED","details":[)"
               R"({"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"1.500s"}]}})");
    // A 404 for the model the path names: no BadRequest details, as Google's NOT_FOUND has none.
    BOOST_TEST(gemini_face::render_error({ErrorKind::not_found, "unknown provider", "model", "not_found", -1}) ==
               R"({"error":{"code":404,"message":"unknown provider","status":"NOT_FOUND"}})");
    BOOST_TEST(gemini_face::render_error({ErrorKind::quota_exhausted, "quota", {}, "quota", 30000})
                   .find(R"("retryDelay":"30s")") != std::string::npos);
    auto status_of = [](ErrorKind kind) {
        const auto e = boost::json::parse(gemini_face::render_error({kind, "x", {}, {}, -1})).at("error");
        return std::to_string(e.at("code").as_int64()) + " " + std::string(e.at("status").as_string());
    };
    BOOST_TEST(status_of(ErrorKind::authentication) == "401 UNAUTHENTICATED");
    BOOST_TEST(status_of(ErrorKind::permission) == "403 PERMISSION_DENIED");
    BOOST_TEST(status_of(ErrorKind::not_found) == "404 NOT_FOUND");
    BOOST_TEST(status_of(ErrorKind::no_such_endpoint) == "404 NOT_FOUND");
    BOOST_TEST(status_of(ErrorKind::method_not_allowed) == "405 INVALID_ARGUMENT");
    BOOST_TEST(status_of(ErrorKind::context_length) == "400 INVALID_ARGUMENT");
    BOOST_TEST(status_of(ErrorKind::internal) == "500 INTERNAL");
    BOOST_TEST(status_of(ErrorKind::upstream) == "502 UNAVAILABLE");
    BOOST_TEST(status_of(ErrorKind::unavailable) == "503 UNAVAILABLE");
    BOOST_TEST(status_of(ErrorKind::timeout) == "504 DEADLINE_EXCEEDED");
}

BOOST_AUTO_TEST_CASE(models_are_listed_under_their_selectors) {
    BOOST_TEST(
        gemini_face::render_models({{"mock/mock-echo", "mock", ""}, {"openai/gpt-4o", "openai", "GPT-4o"}}) ==
        R"({"models":[{"name":"models/mock/mock-echo","baseModelId":"mock/mock-echo","displayName":"mock/mock-echo",)"
        R"("supportedGenerationMethods":["generateContent","streamGenerateContent","countTokens"]},)"
        R"({"name":"models/openai/gpt-4o","baseModelId":"openai/gpt-4o","displayName":"GPT-4o",)"
        R"("supportedGenerationMethods":["generateContent","streamGenerateContent","countTokens"]}]})");
    BOOST_TEST(gemini_face::render_models({}) == R"({"models":[]})");
}

BOOST_AUTO_TEST_CASE(token_counts_in_googles_shape) {
    BOOST_TEST(gemini_face::make_face()->render_token_count(42) == R"({"totalTokens":42})");
}
