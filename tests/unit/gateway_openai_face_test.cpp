// The OpenAI face's codecs with exact expected output: request parsing into the canonical
// model, the chat.completion.chunk stream, whole completions, errors and embeddings.
#include "core/gateway/faces/openai_chat/openai_chat_face.hpp"
#include "core/gateway/faces/reasoning_token.hpp"
#include "gateway_events.hpp"

#include <boost/test/unit_test.hpp>

using namespace llmhost;
using namespace llmhost::gateway;
namespace gt = gateway_test;

namespace {

GatewayError parse_error(std::string_view body) {
    return gt::parse_error([](std::string_view b) { return openai_face::parse_chat_request(b); }, body);
}

std::string encode(std::initializer_list<gt::Event> events, bool include_usage) {
    return gt::encode(*openai_face::make_stream_encoder({"chatcmpl-x", "m", 1700000000}, include_usage), events);
}

// A reasoning-state event for the block just streamed; `data` must outlive it.
gt::Event state(std::string origin, const std::string& data) {
    gt::Event ev = gt::make(LLMH_EVENT_REASONING_STATE, {}, {}, std::move(origin), -1);
    ev.e.data = {data.data(), data.size()};
    return ev;
}

gt::Event usage(int64_t in, int64_t out, int64_t cached, int64_t reasoning, int64_t cache_write) {
    gt::Event ev = gt::usage(in, out);
    ev.e.usage = {in, out, cached, reasoning};
    ev.e.cache_write_tokens = cache_write;
    return ev;
}

const std::string weather_tool =
    R"([{"type":"function","function":{"name":"get_weather","parameters":{"type":"object"}}}])";

std::string with_tools(std::string_view members) {
    return R"({"model":"m","messages":[{"role":"user","content":"x"}],"tools":)" + weather_tool + "," +
           std::string(members) + "}";
}

} // namespace

BOOST_AUTO_TEST_CASE(a_full_request_becomes_the_canonical_request) {
    const auto r = openai_face::parse_chat_request(R"({
      "model": "openai/gpt-4o", "stream": true, "stream_options": {"include_usage": true},
      "max_completion_tokens": 512, "max_tokens": 9, "temperature": 0.5, "stop": "END", "reasoning_effort": "low",
      "messages": [
        {"role": "developer", "content": "Be terse."},
        {"role": "user", "content": [{"type": "text", "text": "Weather?"},
                                     {"type": "image_url", "image_url": {"url": "data:image/png;base64,iVBO"}},
                                     {"type": "image_url", "image_url": {"url": "https://x/y.png", "detail": "low"}}]},
        {"role": "assistant", "content": null,
         "tool_calls": [{"id": "call_1", "type": "function", "function": {"name": "get_weather", "arguments": "{\"city\":\"Paris\"}"}}]},
        {"role": "tool", "tool_call_id": "call_1", "content": [{"type": "text", "text": "sunny"}]}
      ],
      "tools": [{"type": "function", "function": {"name": "get_weather", "description": "Weather",
                 "parameters": {"type": "object", "properties": {"city": {"type": "string"}}}}}],
      "tool_choice": {"type": "function", "function": {"name": "get_weather"}},
      "response_format": {"type": "json_schema", "json_schema": {"name": "w", "schema": {"type": "object"}, "strict": true}},
      "unknown_field": 1})");
    BOOST_TEST(r.stream);
    BOOST_TEST(r.include_usage);
    BOOST_TEST(
        gt::canonical(r) ==
        R"({"model":"openai/gpt-4o","stream":true,"messages":[)"
        R"({"role":"system","content":[{"type":"text","text":"Be terse."}]},)"
        R"({"role":"user","content":[{"type":"text","text":"Weather?"},{"type":"image","media_type":"image/png","data":"iVBO"},{"type":"image","url":"https://x/y.png"}]},)"
        R"({"role":"assistant","content":[],"tool_calls":[{"id":"call_1","name":"get_weather","arguments":"{\"city\":\"Paris\"}"}]},)"
        R"({"role":"tool","content":[{"type":"text","text":"sunny"}],"tool_call_id":"call_1"}],)"
        R"("tools":[{"name":"get_weather","description":"Weather","parameters":{"type":"object","properties":{"city":{"type":"string"}}}}],)"
        R"("tool_choice":"get_weather",)"
        R"("response_format":{"type":"json_schema","name":"w","schema":{"type":"object"},"strict":true},)"
        R"("temperature":0.5,"max_tokens":512,"stop":["END"],"reasoning":{"effort":"low"},)"
        R"("extension":{"protocol":"openai-chat","fields":{"stream_options":{"include_usage":true},"unknown_field":1}}})");
}

BOOST_AUTO_TEST_CASE(request_2_fields_and_every_field_the_face_does_not_read) {
    const auto r = openai_face::parse_chat_request(
        R"({"model":"m","messages":[{"role":"user","content":"x"}],"tools":)" + weather_tool +
            R"(,"prompt_cache_key":"pck-1","user":"u-1","parallel_tool_calls":false,"service_tier":"flex","top_p":0.25,)"
            R"("logit_bias":{"50256":-100},"seed":7,"store":true,"metadata":{"k":"v"},)"
            R"("prediction":{"type":"content","content":"x"},"web_search_options":{},"x_vendor_field":[1,{"a":null}],)"
            R"("safety_identifier":"sid","n":1,"stream_options":{"include_usage":true}})",
        "assistants=v2");
    BOOST_TEST(
        gt::canonical(r) ==
        R"({"model":"m","stream":false,"messages":[{"role":"user","content":[{"type":"text","text":"x"}]}],)"
        R"("tools":[{"name":"get_weather","description":"","parameters":{"type":"object"}}],)"
        R"("top_p":0.25,"parallel_tool_calls":false,"user":"u-1","service_tier":"flex","prompt_cache_key":"pck-1",)"
        R"("extension":{"protocol":"openai-chat","fields":{"logit_bias":{"50256":-100},"seed":7,"store":true,)"
        R"("metadata":{"k":"v"},"prediction":{"type":"content","content":"x"},"web_search_options":{},)"
        R"("x_vendor_field":[1,{"a":null}],"safety_identifier":"sid","stream_options":{"include_usage":true}},)"
        R"("headers":[["OpenAI-Beta","assistants=v2"]]}})");
    BOOST_TEST(r.session == "pck-1"); // the prompt cache it names, for affinity
}

BOOST_AUTO_TEST_CASE(safety_identifier_names_the_user_when_user_does_not) {
    const auto r = openai_face::parse_chat_request(
        R"({"model":"m","messages":[{"role":"user","content":"x"}],"safety_identifier":"sid"})");
    BOOST_TEST(r.chat.user == "sid");
    BOOST_TEST(r.chat.extension.fields == R"({"safety_identifier":"sid"})"); // and goes on as it came
    BOOST_TEST(r.session == "sid");
    const auto plain = openai_face::parse_chat_request(R"({"model":"m","messages":[{"role":"user","content":"x"}]})");
    BOOST_TEST(plain.chat.extension.empty());
    BOOST_TEST(plain.chat.user.empty());
    BOOST_TEST(plain.session.empty());
}

BOOST_AUTO_TEST_CASE(every_tool_choice_form) {
    for (const std::string choice : {"auto", "none", "required"})
        BOOST_TEST(openai_face::parse_chat_request(with_tools(R"("tool_choice":")" + choice + "\"")).chat.tool_choice ==
                   choice);
    BOOST_TEST(openai_face::parse_chat_request(
                   with_tools(R"("tool_choice":{"type":"function","function":{"name":"get_weather"}})"))
                   .chat.tool_choice == "get_weather");
    BOOST_TEST(
        openai_face::parse_chat_request(
            with_tools(
                R"("tool_choice":{"type":"allowed_tools","allowed_tools":{"mode":"required","tools":[{"type":"function","function":{"name":"get_weather"}}]}})"))
            .chat.tool_choice == "required");
    BOOST_TEST(parse_error(with_tools(R"("tool_choice":{"type":"function"})")).param == "tool_choice.function");
    BOOST_TEST(
        parse_error(with_tools(R"("tool_choice":{"type":"allowed_tools","allowed_tools":{"mode":"some"}})")).param ==
        "tool_choice.allowed_tools.mode");
}

BOOST_AUTO_TEST_CASE(developer_turns_and_tool_results_in_parts) {
    const auto r = openai_face::parse_chat_request(R"({"model":"m","messages":[
        {"role":"developer","content":[{"type":"text","text":"Be "},{"type":"text","text":"terse."}]},
        {"role":"user","content":"x"},
        {"role":"assistant","content":null,"tool_calls":[{"id":"c1","type":"function","function":{"name":"f","arguments":"{}"}}]},
        {"role":"tool","tool_call_id":"c1","content":[{"type":"text","text":"line 1"},{"type":"text","text":"line 2"}]}]})");
    BOOST_TEST(
        gt::canonical(r) ==
        R"({"model":"m","stream":false,"messages":[)"
        R"({"role":"system","content":[{"type":"text","text":"Be terse."}]},)"
        R"({"role":"user","content":[{"type":"text","text":"x"}]},)"
        R"({"role":"assistant","content":[],"tool_calls":[{"id":"c1","name":"f","arguments":"{}"}]},)"
        R"({"role":"tool","content":[{"type":"text","text":"line 1"},{"type":"text","text":"line 2"}],"tool_call_id":"c1"}]})");
    BOOST_TEST(
        parse_error(R"({"messages":[{"role":"tool","tool_call_id":"c1","content":[{"type":"image_url"}]}]})").param ==
        "messages[0].content[0].type");
}

BOOST_AUTO_TEST_CASE(reasoning_comes_back_with_its_state) {
    // Copilot's own reasoning_opaque is raw; any other provider's state is a token.
    const ReasoningState deepseek{"openai-chat/deepseek", {}, {}, {}};
    const auto r = openai_face::parse_chat_request(
        R"({"model":"m","messages":[{"role":"user","content":"x"},)"
        R"({"role":"assistant","content":"a","reasoning_content":"thought","reasoning_opaque":"cop-opaque=="},)"
        R"({"role":"assistant","content":"b","reasoning_text":"copilot's words","reasoning_opaque":"raw"},)"
        R"({"role":"assistant","content":"c","reasoning_content":"deep","reasoning_opaque":")" +
        wrap_reasoning_state(deepseek) +
        R"("},)"
        R"({"role":"assistant","content":"d","reasoning_content":"alone"}]})");
    const auto& m = r.chat.messages;
    BOOST_REQUIRE_EQUAL(m.size(), 5u);
    BOOST_TEST(m[1].reasoning.at(0).text == "thought");
    BOOST_TEST(m[1].reasoning.at(0).state.origin == "copilot");
    BOOST_TEST(m[1].reasoning.at(0).state.data == "cop-opaque==");
    BOOST_TEST(m[2].reasoning.at(0).text == "copilot's words");
    BOOST_TEST(m[2].reasoning.at(0).state.data == "raw");
    BOOST_TEST(m[3].reasoning.at(0).state.origin == "openai-chat/deepseek");
    BOOST_TEST(m[3].reasoning.at(0).state.data.empty());
    BOOST_TEST(m[4].reasoning.at(0).state.empty());
}

BOOST_AUTO_TEST_CASE(a_minimal_request_is_not_streamed) {
    const auto r = openai_face::parse_chat_request(R"({"model":"m","messages":[{"role":"user","content":"hi"}]})");
    BOOST_TEST(!r.stream);
    BOOST_TEST(!r.include_usage);
    BOOST_TEST(gt::canonical(r) ==
               R"({"model":"m","stream":false,"messages":[{"role":"user","content":[{"type":"text","text":"hi"}]}]})");
}

BOOST_AUTO_TEST_CASE(malformed_requests_are_400s_naming_the_field) {
    BOOST_TEST(parse_error("{not json").message.find("not valid JSON") != std::string::npos);
    BOOST_TEST(parse_error("[1]").message == "the request body must be a JSON object");
    BOOST_TEST(parse_error(R"({"model":"m"})").param == "messages");
    BOOST_TEST(parse_error(R"({"model":"m","messages":[]})").param == "messages");
    BOOST_TEST(parse_error(R"({"model":"m","messages":"hi"})").param == "messages");
    BOOST_TEST(parse_error(R"({"model":"m","messages":[{"role":"user","content":5}]})").param == "messages[0].content");
    BOOST_TEST(parse_error(R"({"model":"m","messages":[{"role":"wizard","content":"x"}]})").param ==
               "messages[0].role");
    BOOST_TEST(parse_error(R"({"model":7,"messages":[{"role":"user","content":"x"}]})").param == "model");
    BOOST_TEST(parse_error(R"({"messages":[{"role":"user","content":"x"}],"stream":"yes"})").param == "stream");
    BOOST_TEST(parse_error(R"({"messages":[{"role":"user","content":"x"}],"n":2})").param == "n");
    BOOST_TEST(parse_error(R"({"messages":[{"role":"tool","content":"x"}]})").param == "messages[0].tool_call_id");
    BOOST_TEST(
        parse_error(R"({"messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"ftp://x"}}]}]})")
            .param == "messages[0].content[0].image_url.url");
    BOOST_TEST(parse_error(R"({"messages":[{"role":"user","content":"x"}],"tool_choice":"maybe"})").param ==
               "tool_choice");
    BOOST_TEST((parse_error("{}").kind == ErrorKind::invalid_request));
}

BOOST_AUTO_TEST_CASE(a_text_stream_with_usage) {
    const std::string head =
        R"(data: {"id":"up-1","object":"chat.completion.chunk","created":1700000000,"model":"gpt-x",)";
    BOOST_TEST(
        encode({gt::start("up-1", "gpt-x"), gt::text("Hel"), gt::text(""), gt::text("lo \"you\"\n"), gt::usage(3, 2),
                gt::finish(LLMH_FINISH_STOP)},
               true) ==
        head +
            R"("choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}],"usage":null})"
            "\n\n" +
            head +
            R"("choices":[{"index":0,"delta":{"content":"Hel"},"finish_reason":null}],"usage":null})"
            "\n\n" +
            head +
            R"("choices":[{"index":0,"delta":{"content":"lo \"you\"\n"},"finish_reason":null}],"usage":null})"
            "\n\n" +
            head +
            R"("choices":[{"index":0,"delta":{},"finish_reason":"stop"}],"usage":null})"
            "\n\n" +
            head +
            R"("choices":[],"usage":{"prompt_tokens":3,"completion_tokens":2,"total_tokens":5}})"
            "\n\n"
            "data: [DONE]\n\n");
}

BOOST_AUTO_TEST_CASE(tool_call_deltas_carry_index_id_and_name_then_argument_fragments) {
    const std::string head =
        R"(data: {"id":"chatcmpl-x","object":"chat.completion.chunk","created":1700000000,"model":"m",)";
    BOOST_TEST(
        encode({gt::reasoning("hmm"), gt::tool_start(0, "call_a", "get_weather"), gt::tool_delta(0, "{\"city\":"),
                gt::tool_delta(0, "\"Paris\"}"), gt::finish(LLMH_FINISH_TOOL_CALLS)},
               false) ==
        head +
            R"("choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]})"
            "\n\n" +
            head +
            R"("choices":[{"index":0,"delta":{"reasoning_content":"hmm"},"finish_reason":null}]})"
            "\n\n" +
            head +
            R"("choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"call_a","type":"function","function":{"name":"get_weather","arguments":""}}]},"finish_reason":null}]})"
            "\n\n" +
            head +
            R"("choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\"city\":"}}]},"finish_reason":null}]})"
            "\n\n" +
            head +
            R"("choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"\"Paris\"}"}}]},"finish_reason":null}]})"
            "\n\n" +
            head +
            R"("choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]})"
            "\n\n"
            "data: [DONE]\n\n");
}

BOOST_AUTO_TEST_CASE(copilot_state_streams_raw_and_other_state_as_a_token) {
    const std::string head =
        R"(data: {"id":"chatcmpl-x","object":"chat.completion.chunk","created":1700000000,"model":"m",)";
    const std::string none, opaque = "cop-opaque==";
    const std::string token = wrap_reasoning_state({"openai-chat/deepseek", {}, {}, {}});
    BOOST_TEST(
        encode({gt::reasoning("hmm"), state("copilot", none), gt::tool_start(0, "c", "f"), state("copilot", opaque),
                state("openai-chat/deepseek", none), gt::finish(LLMH_FINISH_TOOL_CALLS)},
               false) ==
        head +
            R"("choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]})"
            "\n\n" +
            head +
            R"("choices":[{"index":0,"delta":{"reasoning_content":"hmm"},"finish_reason":null}]})"
            "\n\n" +
            head +
            R"("choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"c","type":"function","function":{"name":"f","arguments":""}}]},"finish_reason":null}]})"
            "\n\n" +
            head +
            R"("choices":[{"index":0,"delta":{"reasoning_opaque":"cop-opaque=="},"finish_reason":null}]})"
            "\n\n" +
            head + R"("choices":[{"index":0,"delta":{"reasoning_opaque":")" + token +
            R"("},"finish_reason":null}]})"
            "\n\n" +
            head +
            R"("choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]})"
            "\n\n"
            "data: [DONE]\n\n");
}

BOOST_AUTO_TEST_CASE(usage_details_streamed_and_whole) {
    const std::string details =
        R"({"prompt_tokens":100,"completion_tokens":20,"total_tokens":120,)"
        R"("prompt_tokens_details":{"cached_tokens":80,"cache_write_tokens":15},"completion_tokens_details":{"reasoning_tokens":12}})";
    const std::string streamed =
        encode({gt::text("hi"), usage(100, 20, 80, 12, 15), gt::finish(LLMH_FINISH_STOP)}, true);
    BOOST_TEST(streamed.find(R"("choices":[],"usage":)" + details + "}") != std::string::npos, streamed);
    ChatResponse r;
    r.text = "hi";
    r.usage = {100, 20, 80, 12, 15};
    const std::string whole = openai_face::render_chat_completion(r, {"chatcmpl-9", "m", 5});
    BOOST_TEST(whole.find(R"("usage":)" + details + "}") != std::string::npos, whole);
    // Unknown counts are left out, known ones alone.
    r.usage = {100, 20, -1, -1, 15};
    BOOST_TEST(openai_face::render_chat_completion(r, {"chatcmpl-9", "m", 5})
                   .find(R"("prompt_tokens_details":{"cache_write_tokens":15}})") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(state_events_write_nothing_until_content_flows) {
    auto encoder = openai_face::make_stream_encoder({"chatcmpl-x", "m", 1}, true);
    std::string out;
    encoder->event(gt::start("id", "model"), out);
    encoder->event(gt::usage(1, 1), out);
    BOOST_TEST(out.empty());
}

BOOST_AUTO_TEST_CASE(a_stream_that_fails_ends_with_an_error_event_and_done) {
    auto encoder = openai_face::make_stream_encoder({"chatcmpl-x", "m", 1}, false);
    std::string out;
    encoder->fail({ErrorKind::upstream, "upstream cut", {}, "network", -1}, out);
    BOOST_TEST(
        out ==
        R"(data: {"error":{"message":"upstream cut","type":"server_error","param":null,"code":"upstream_error"}})"
        "\n\ndata: [DONE]\n\n");
}

BOOST_AUTO_TEST_CASE(a_whole_completion) {
    ChatResponse r;
    r.model = "gpt-x";
    r.reasoning = "thought";
    r.tool_calls = {{"call_1", "f", "{\"a\":1}"}};
    r.finish_reason = LLMH_FINISH_TOOL_CALLS;
    r.usage = {10, 4, 2, -1};
    // The last block's state: Copilot's raw (a block without its opaque value says nothing).
    r.reasoning_blocks = {{"thought", {"copilot", {}, {}, {}}}, {"", {"copilot", {}, "cop-opaque==", {}}}};
    BOOST_TEST(
        openai_face::render_chat_completion(r, {"chatcmpl-9", "m", 5}) ==
        R"({"id":"chatcmpl-9","object":"chat.completion","created":5,"model":"gpt-x","choices":[{"index":0,)"
        R"("message":{"role":"assistant","content":null,"reasoning_content":"thought","reasoning_opaque":"cop-opaque==",)"
        R"("tool_calls":[{"id":"call_1","type":"function","function":{"name":"f","arguments":"{\"a\":1}"}}]},)"
        R"("finish_reason":"tool_calls","logprobs":null}],)"
        R"("usage":{"prompt_tokens":10,"completion_tokens":4,"total_tokens":14,"prompt_tokens_details":{"cached_tokens":2}}})");
}

BOOST_AUTO_TEST_CASE(errors_in_openai_shape) {
    BOOST_TEST(openai_face::render_error({ErrorKind::invalid_request, "bad", "messages", "bad_request", -1}) ==
               R"({"error":{"message":"bad","type":"invalid_request_error","param":"messages","code":null}})");
    BOOST_TEST(
        openai_face::render_error({ErrorKind::rate_limited, "slow down", {}, "rate_limited", 1000}) ==
        R"({"error":{"message":"slow down","type":"rate_limit_error","param":null,"code":"rate_limit_exceeded"}})");
}

BOOST_AUTO_TEST_CASE(embeddings_requests_and_results) {
    const auto parsed =
        openai_face::parse_embeddings_request(R"({"model":"mock","input":["a b","c"],"encoding_format":"base64"})");
    BOOST_TEST(parsed.base64);
    BOOST_TEST(parsed.request.input.size() == 2u);
    BOOST_CHECK_THROW(openai_face::parse_embeddings_request(R"({"input":[[1,2]]})"), GatewayException);
    BOOST_CHECK_THROW(openai_face::parse_embeddings_request(R"({"input":[]})"), GatewayException);

    const std::string plugin =
        R"({"model":"e1","data":[{"index":0,"embedding":[1.0,-2.5]}],"usage":{"input_tokens":3}})";
    BOOST_TEST(
        openai_face::render_embeddings(plugin, "m", false) ==
        R"({"object":"list","data":[{"object":"embedding","index":0,"embedding":[1E0,-2.5E0]}],"model":"e1","usage":{"prompt_tokens":3,"total_tokens":3}})");
    // 1.0f = 00 00 80 3f, -2.5f = 00 00 20 c0 (little-endian float32)
    BOOST_TEST(
        openai_face::render_embeddings(plugin, "m", true) ==
        R"({"object":"list","data":[{"object":"embedding","index":0,"embedding":"AACAPwAAIMA="}],"model":"e1","usage":{"prompt_tokens":3,"total_tokens":3}})");
}

BOOST_AUTO_TEST_CASE(models_are_listed_as_provider_slash_model) {
    BOOST_TEST(openai_face::render_models({{"mock/mock-echo", "mock", ""}}) ==
               R"({"object":"list","data":[{"id":"mock/mock-echo","object":"model","created":0,"owned_by":"mock"}]})");
}

// allowed_tools narrows what the model may call: only the listed tools are offered.
BOOST_AUTO_TEST_CASE(allowed_tools_offers_only_the_listed_tools) {
    const auto r = openai_face::parse_chat_request(
        R"({"model":"m","messages":[{"role":"user","content":"hi"}],"tools":[)"
        R"({"type":"function","function":{"name":"get_weather","parameters":{"type":"object"}}},)"
        R"({"type":"function","function":{"name":"delete_files","parameters":{"type":"object"}}}],)"
        R"("tool_choice":{"type":"allowed_tools","allowed_tools":{"mode":"auto","tools":[)"
        R"({"type":"function","function":{"name":"get_weather"}}]}}})");
    BOOST_TEST_REQUIRE(r.chat.tools.size() == 1u);
    BOOST_TEST(r.chat.tools[0].name == "get_weather");
    BOOST_TEST(r.chat.tool_choice == "auto");
}
