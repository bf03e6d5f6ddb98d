// The Anthropic face's codecs with exact expected output: Messages requests into the
// canonical model, the named-event stream, whole messages and errors.
#include "core/gateway/faces/anthropic/anthropic_face.hpp"
#include "gateway_events.hpp"

#include <boost/test/unit_test.hpp>

using namespace llmhost;
using namespace llmhost::gateway;
namespace gt = gateway_test;

namespace {

GatewayError parse_error(std::string_view body) {
    return gt::parse_error([](std::string_view b) { return anthropic_face::parse_messages_request(b); }, body);
}

std::string encode(std::initializer_list<gt::Event> events) {
    return gt::encode(*anthropic_face::make_stream_encoder({"msg_x", "m", 1}), events);
}

std::string event(std::string_view name, std::string_view data) {
    return "event: " + std::string(name) + "\ndata: " + std::string(data) + "\n\n";
}

} // namespace

BOOST_AUTO_TEST_CASE(a_full_request_becomes_the_canonical_request) {
    const auto r = anthropic_face::parse_messages_request(R"({
      "model": "claude-x", "max_tokens": 1024, "stream": true, "temperature": 0.25, "stop_sequences": ["STOP"],
      "system": [{"type": "text", "text": "Be terse."}, {"type": "text", "text": "Be kind.", "cache_control": {"type": "ephemeral"}}],
      "thinking": {"type": "enabled", "budget_tokens": 2048},
      "messages": [
        {"role": "user", "content": [{"type": "text", "text": "Weather?"},
                                     {"type": "image", "source": {"type": "base64", "media_type": "image/jpeg", "data": "/9j/"}}]},
        {"role": "assistant", "content": [{"type": "thinking", "thinking": "hmm", "signature": "sig"},
                                          {"type": "text", "text": "Checking."},
                                          {"type": "tool_use", "id": "toolu_1", "name": "get_weather", "input": {"city": "Paris"}}]},
        {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "toolu_1", "content": "sunny"},
                                     {"type": "text", "text": "And tomorrow?"}]}
      ],
      "tools": [{"name": "get_weather", "description": "Weather", "input_schema": {"type": "object"}}],
      "tool_choice": {"type": "any"}})");
    BOOST_TEST(r.stream);
    BOOST_TEST(
        gt::canonical(r) ==
        R"({"model":"claude-x","stream":true,"messages":[)"
        R"({"role":"system","content":[{"type":"text","text":"Be terse."},{"type":"text","text":"Be kind.","cache":{}}]},)"
        R"({"role":"user","content":[{"type":"text","text":"Weather?"},{"type":"image","media_type":"image/jpeg","data":"/9j/"}]},)"
        R"({"role":"assistant","reasoning":[{"text":"hmm","state":{"origin":"anthropic","signature":"sig"}}],)"
        R"("content":[{"type":"text","text":"Checking."}],"tool_calls":[{"id":"toolu_1","name":"get_weather","arguments":"{\"city\":\"Paris\"}"}]},)"
        R"({"role":"tool","content":[{"type":"text","text":"sunny"}],"tool_call_id":"toolu_1","name":"get_weather"},)"
        R"({"role":"user","content":[{"type":"text","text":"And tomorrow?"}]}],)"
        R"("tools":[{"name":"get_weather","description":"Weather","parameters":{"type":"object"}}],"tool_choice":"required",)"
        R"("temperature":0.25,"max_tokens":1024,"stop":["STOP"],"reasoning":{"budget_tokens":2048}})");
}

BOOST_AUTO_TEST_CASE(malformed_requests_are_400s_naming_the_field) {
    BOOST_TEST(parse_error("nope").message.find("not valid JSON") != std::string::npos);
    BOOST_TEST(parse_error(R"({"model":"m","messages":[{"role":"user","content":"x"}]})").param == "max_tokens");
    BOOST_TEST(parse_error(R"({"max_tokens":5,"messages":[{"role":"user","content":"x"}]})").param == "model");
    BOOST_TEST(parse_error(R"({"model":"m","max_tokens":5})").param == "messages");
    BOOST_TEST(parse_error(R"({"model":"m","max_tokens":5,"messages":[{"role":"wizard","content":"x"}]})").param ==
               "messages[0].role");
    BOOST_TEST(
        parse_error(
            R"({"model":"m","max_tokens":5,"messages":[{"role":"system","content":[{"type":"tool_use","id":"t","name":"n"}]}]})")
            .param == "messages[0].content[0].type");
    BOOST_TEST(parse_error(R"({"model":"m","max_tokens":5,"messages":[{"role":"user","content":"x"}],)"
                           R"("thinking":{"type":"sometimes"}})")
                   .param == "thinking.type");
    BOOST_TEST(parse_error(R"({"model":"m","max_tokens":5,"messages":[{"role":"user","content":"x"}],)"
                           R"("thinking":{"type":"adaptive"},"output_config":{"effort":"extreme"}})")
                   .param == "output_config.effort");
    BOOST_TEST(
        parse_error(
            R"({"model":"m","max_tokens":5,"messages":[{"role":"assistant","content":[{"type":"tool_result","tool_use_id":"t"}]}]})")
            .param == "messages[0].content[0].type");
    BOOST_TEST(
        parse_error(R"({"model":"m","max_tokens":5,"messages":[{"role":"user","content":"x"}],"tools":[{"name":"t"}]})")
            .param == "tools[0].input_schema");
    BOOST_TEST(parse_error(R"({"model":"m","max_tokens":1.5,"messages":[{"role":"user","content":"x"}]})").param ==
               "max_tokens");
}

// What Claude Code sends (recorded from @anthropic-ai/claude-code 2.1.328): a system message
// between user turns, adaptive thinking with an effort, context management, server tools.
BOOST_AUTO_TEST_CASE(claude_code_requests_are_accepted) {
    const auto r = anthropic_face::parse_messages_request(R"({
      "model": "mock/echo", "max_tokens": 32000, "stream": true,
      "system": [{"type": "text", "text": "You are Claude Code."}],
      "messages": [
        {"role": "user", "content": [{"type": "text", "text": "<reminder>"}, {"type": "text", "text": "say hi"}]},
        {"role": "system", "content": [{"type": "text", "text": "Mid-conversation note."}]},
        {"role": "assistant", "content": [{"type": "thinking", "thinking": "hm", "signature": "sig"},
                                          {"type": "redacted_thinking", "data": "EnCrYpTeD"},
                                          {"type": "tool_use", "id": "toolu_1", "name": "Read", "input": {"file_path": "/x"}}]},
        {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "toolu_1", "content": "hello"}]}
      ],
      "tools": [{"name": "Read", "description": "Reads", "input_schema": {"type": "object"}},
                {"type": "web_search_20250305", "name": "web_search", "max_uses": 5}],
      "metadata": {"user_id": "{\"session_id\":\"s-1\"}"},
      "thinking": {"type": "adaptive", "display": "omitted"}, "output_config": {"effort": "high"},
      "context_management": {"edits": [{"type": "clear_thinking_20251015", "keep": "all"}]}})");
    BOOST_TEST(r.stream);
    BOOST_TEST(r.session == R"({"session_id":"s-1"})");
    BOOST_REQUIRE(r.notes.size() == 1u);
    BOOST_TEST(r.notes[0].first == "X-Llmhost-Tools-Left-Out");
    BOOST_TEST(r.notes[0].second == "web_search_20250305");
    BOOST_TEST(gt::canonical(r) ==
               R"({"model":"mock/echo","stream":true,"messages":[)"
               R"({"role":"system","content":[{"type":"text","text":"You are Claude Code."}]},)"
               R"({"role":"user","content":[{"type":"text","text":"<reminder>"},{"type":"text","text":"say hi"}]},)"
               R"({"role":"system","content":[{"type":"text","text":"Mid-conversation note."}]},)"
               R"({"role":"assistant","reasoning":[{"text":"hm","state":{"origin":"anthropic","signature":"sig"}},)"
               R"({"text":"","state":{"origin":"anthropic","data":"EnCrYpTeD"}}],)"
               R"("content":[],"tool_calls":[{"id":"toolu_1","name":"Read","arguments":"{\"file_path\":\"/x\"}"}]},)"
               R"({"role":"tool","content":[{"type":"text","text":"hello"}],"tool_call_id":"toolu_1","name":"Read"}],)"
               R"("tools":[{"name":"Read","description":"Reads","parameters":{"type":"object"}}],)"
               R"("max_tokens":32000,"reasoning":{"effort":"high"},"user":"{\"session_id\":\"s-1\"}",)"
               R"("extension":{"protocol":"anthropic-messages","fields":)"
               R"({"context_management":{"edits":[{"type":"clear_thinking_20251015","keep":"all"}]}}}})");
    // adaptive without an effort is a medium effort; "max" is the most others offer
    const auto medium = anthropic_face::parse_messages_request(
        R"({"model":"m","max_tokens":5,"messages":[{"role":"user","content":"x"}],"thinking":{"type":"adaptive"}})");
    BOOST_TEST(gt::canonical(medium).find(R"("reasoning":{"effort":"medium"})") != std::string::npos);
    const auto max = anthropic_face::parse_messages_request(
        R"({"model":"m","max_tokens":5,"messages":[{"role":"user","content":"x"}],"thinking":{"type":"adaptive"},)"
        R"("output_config":{"effort":"max"}})");
    BOOST_TEST(gt::canonical(max).find(R"("reasoning":{"effort":"high"})") != std::string::npos);
}

// Canonical request 2: nothing a Messages client sends is lost on the way to a provider that
// speaks Messages too — breakpoints, is_error, the fields the canonical model has, and the
// rest (with the beta header) as the wire extension.
BOOST_AUTO_TEST_CASE(cache_control_marks_what_carries_it) {
    const auto r = anthropic_face::parse_messages_request(R"({
      "model": "m", "max_tokens": 5,
      "system": [{"type": "text", "text": "S1", "cache_control": {"type": "ephemeral", "ttl": "1h"}},
                 {"type": "text", "text": ""}, {"type": "text", "text": "S2"}],
      "messages": [
        {"role": "user", "content": [
          {"type": "text", "text": "look", "cache_control": {"type": "ephemeral"}},
          {"type": "image", "source": {"type": "url", "url": "https://x.test/a.png"}, "cache_control": {"type": "ephemeral", "ttl": "5m"}}]},
        {"role": "assistant", "content": [
          {"type": "tool_use", "id": "toolu_1", "name": "Read", "input": {}, "cache_control": {"type": "ephemeral", "ttl": "1h"}}]},
        {"role": "user", "content": [
          {"type": "tool_result", "tool_use_id": "toolu_1", "is_error": true, "cache_control": {"type": "ephemeral", "ttl": "1h"},
           "content": [{"type": "text", "text": "denied", "cache_control": {"type": "ephemeral"}},
                       {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": "iVBOR"}}]}]}
      ],
      "tools": [{"name": "Read", "input_schema": {"type": "object"}, "cache_control": {"type": "ephemeral", "ttl": "1h"}}]})");
    BOOST_TEST(
        gt::canonical(r) ==
        R"({"model":"m","stream":false,"messages":[)"
        R"({"role":"system","content":[{"type":"text","text":"S1","cache":{"ttl":"1h"}},{"type":"text","text":"S2"}]},)"
        R"({"role":"user","content":[{"type":"text","text":"look","cache":{}},)"
        R"({"type":"image","url":"https://x.test/a.png","cache":{"ttl":"5m"}}]},)"
        R"({"role":"assistant","content":[],"tool_calls":[{"id":"toolu_1","name":"Read","arguments":"{}","cache":{"ttl":"1h"}}]},)"
        R"({"role":"tool","content":[{"type":"text","text":"denied","cache":{}},{"type":"image","media_type":"image/png","data":"iVBOR"}],)"
        R"("tool_call_id":"toolu_1","name":"Read","is_error":true,"cache":{"ttl":"1h"}}],)"
        R"("tools":[{"name":"Read","description":"","parameters":{"type":"object"},"cache":{"ttl":"1h"}}],"max_tokens":5})");
}

BOOST_AUTO_TEST_CASE(an_error_result_is_flagged_not_prefixed) {
    const auto r = anthropic_face::parse_messages_request(R"({"model":"m","max_tokens":5,"messages":[
        {"role":"assistant","content":[{"type":"tool_use","id":"t","name":"f","input":{}}]},
        {"role":"user","content":[{"type":"tool_result","tool_use_id":"t","content":"boom","is_error":true}]}]})");
    const auto& result = r.chat.messages.back();
    BOOST_TEST(result.is_error);
    BOOST_TEST(result.text() == "boom");
    const auto ok = anthropic_face::parse_messages_request(R"({"model":"m","max_tokens":5,"messages":[
        {"role":"user","content":[{"type":"tool_result","tool_use_id":"t","content":"fine","is_error":false}]}]})");
    BOOST_TEST(!ok.chat.messages.back().is_error);
}

BOOST_AUTO_TEST_CASE(metadata_sampling_and_service_tier) {
    const auto r = anthropic_face::parse_messages_request(
        R"({"model":"m","max_tokens":5,"messages":[{"role":"user","content":"x"}],"metadata":{"user_id":"u-7"},)"
        R"("top_p":0.75,"top_k":12,"service_tier":"standard_only"})");
    BOOST_TEST(r.session == "u-7");
    BOOST_TEST(gt::canonical(r).ends_with(
        R"("max_tokens":5,"top_p":0.75,"top_k":12,"user":"u-7","service_tier":"standard_only"})"));
}

BOOST_AUTO_TEST_CASE(every_tool_choice_and_one_call_per_turn) {
    const auto parse = [](std::string_view choice) {
        return anthropic_face::parse_messages_request(
                   R"({"model":"m","max_tokens":5,"messages":[{"role":"user","content":"x"}],)"
                   R"("tools":[{"name":"f","input_schema":{"type":"object"}}],"tool_choice":)" +
                   std::string(choice) + "}")
            .chat;
    };
    const std::vector<std::pair<std::string, std::string>> forms{{R"({"type":"auto"})", "auto"},
                                                                 {R"({"type":"any"})", "required"},
                                                                 {R"({"type":"none"})", "none"},
                                                                 {R"({"type":"tool","name":"f"})", "f"}};
    for (const auto& [choice, canonical] : forms) {
        BOOST_TEST_CONTEXT(choice) {
            const auto r = parse(choice);
            BOOST_TEST(r.tool_choice == canonical);
            BOOST_TEST(!r.parallel_tool_calls.has_value());
        }
    }
    const auto single = parse(R"({"type":"any","disable_parallel_tool_use":true})");
    BOOST_TEST(single.tool_choice == "required");
    BOOST_TEST((single.parallel_tool_calls == false));
    BOOST_TEST((parse(R"({"type":"auto","disable_parallel_tool_use":false})").parallel_tool_calls == true));
}

BOOST_AUTO_TEST_CASE(unread_fields_and_the_beta_header_become_the_wire_extension) {
    const auto r = anthropic_face::parse_messages_request(
        R"({"model":"m","max_tokens":5,"messages":[{"role":"user","content":"x"}],"stream":true,)"
        R"("context_management":{"edits":[]},"container":"cnt_1","mcp_servers":[{"type":"url","url":"https://m.test"}],)"
        R"("some_future_field":{"a":[1,2.5,null]}})",
        false, "context-management-2025-06-27,files-api-2025-04-14");
    const auto& x = r.chat.extension;
    BOOST_TEST(x.protocol == "anthropic-messages");
    BOOST_TEST(boost::json::parse(x.fields) ==
               boost::json::parse(
                   R"({"context_management":{"edits":[]},"container":"cnt_1",)"
                   R"("mcp_servers":[{"type":"url","url":"https://m.test"}],"some_future_field":{"a":[1,2.5,null]}})"));
    BOOST_REQUIRE_EQUAL(x.headers.size(), 1u);
    BOOST_TEST(x.headers[0].first == "anthropic-beta");
    BOOST_TEST(x.headers[0].second == "context-management-2025-06-27,files-api-2025-04-14");
    // Nothing unread, no header: nothing to pass on.
    const auto plain = anthropic_face::parse_messages_request(
        R"({"model":"m","max_tokens":5,"messages":[{"role":"user","content":"x"}]})");
    BOOST_TEST(plain.chat.extension.empty());
}

BOOST_AUTO_TEST_CASE(a_malformed_cache_control_names_its_path) {
    BOOST_TEST(parse_error(R"({"model":"m","max_tokens":5,"messages":[{"role":"user","content":[)"
                           R"({"type":"text","text":"x","cache_control":{"type":"forever"}}]}]})")
                   .param == "messages[0].content[0].cache_control.type");
    BOOST_TEST(parse_error(R"({"model":"m","max_tokens":5,"messages":[{"role":"user","content":"x"}],)"
                           R"("system":[{"type":"text","text":"s","cache_control":"ephemeral"}]})")
                   .param == "system[0].cache_control");
    BOOST_TEST(parse_error(R"({"model":"m","max_tokens":5,"messages":[{"role":"user","content":"x"}],)"
                           R"("tools":[{"name":"f","input_schema":{},"cache_control":{"type":"ephemeral","ttl":60}}]})")
                   .param == "tools[0].cache_control.ttl");
}

BOOST_AUTO_TEST_CASE(a_text_stream) {
    BOOST_TEST(
        encode({gt::start("msg_up", "claude-y"), gt::usage(12, 1), gt::text("Hi"), gt::text(" there"), gt::usage(12, 3),
                gt::finish(LLMH_FINISH_STOP)}) ==
        event(
            "message_start",
            R"({"type":"message_start","message":{"id":"msg_up","type":"message","role":"assistant","model":"claude-y","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":12,"output_tokens":1}}})") +
            event("ping", R"({"type":"ping"})") +
            event("content_block_start",
                  R"({"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}})") +
            event("content_block_delta",
                  R"({"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hi"}})") +
            event("content_block_delta",
                  R"({"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":" there"}})") +
            event("content_block_stop", R"({"type":"content_block_stop","index":0})") +
            event(
                "message_delta",
                R"({"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"input_tokens":12,"output_tokens":3}})") +
            event("message_stop", R"({"type":"message_stop"})"));
}

BOOST_AUTO_TEST_CASE(thinking_then_a_tool_call_streamed_as_input_json_deltas) {
    BOOST_TEST(
        encode({gt::reasoning("let me see"), gt::tool_start(0, "call_1", "get_weather"),
                gt::tool_delta(0, "{\"city\":"), gt::tool_delta(0, "\"Paris\"}"),
                gt::finish(LLMH_FINISH_TOOL_CALLS)}) ==
        event(
            "message_start",
            R"({"type":"message_start","message":{"id":"msg_x","type":"message","role":"assistant","model":"m","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":0,"output_tokens":0}}})") +
            event("ping", R"({"type":"ping"})") +
            event("content_block_start",
                  R"({"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":""}})") +
            event(
                "content_block_delta",
                R"({"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"let me see"}})") +
            event("content_block_stop", R"({"type":"content_block_stop","index":0})") +
            event(
                "content_block_start",
                R"({"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"call_1","name":"get_weather","input":{}}})") +
            event(
                "content_block_delta",
                R"({"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{\"city\":"}})") +
            event(
                "content_block_delta",
                R"({"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"\"Paris\"}"}})") +
            event("content_block_stop", R"({"type":"content_block_stop","index":1})") +
            event(
                "message_delta",
                R"({"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"output_tokens":0}})") +
            event("message_stop", R"({"type":"message_stop"})"));
}

BOOST_AUTO_TEST_CASE(interleaved_tool_calls_are_held_not_lost) {
    const std::string out =
        encode({gt::tool_start(0, "a", "f"), gt::tool_start(1, "b", "g"), gt::tool_delta(1, "{\"y\":2}"),
                gt::tool_delta(0, "{\"x\":1}"), gt::finish(LLMH_FINISH_TOOL_CALLS)});
    const std::string first =
        event(
            "content_block_start",
            R"({"type":"content_block_start","index":0,"content_block":{"type":"tool_use","id":"a","name":"f","input":{}}})") +
        event(
            "content_block_delta",
            R"({"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":"{\"x\":1}"}})") +
        event("content_block_stop", R"({"type":"content_block_stop","index":0})") +
        event(
            "content_block_start",
            R"({"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"b","name":"g","input":{}}})") +
        event(
            "content_block_delta",
            R"({"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{\"y\":2}"}})") +
        event("content_block_stop", R"({"type":"content_block_stop","index":1})");
    BOOST_TEST(out.find(first) != std::string::npos, out);
}

BOOST_AUTO_TEST_CASE(a_whole_message) {
    ChatResponse r;
    r.id = "msg_up";
    r.text = "Checking.";
    r.tool_calls = {{"toolu_1", "get_weather", "{\"city\":\"Paris\"}"}};
    r.finish_reason = LLMH_FINISH_TOOL_CALLS;
    r.usage = {20, 7, 5, -1};
    BOOST_TEST(
        anthropic_face::render_message(r, {"msg_x", "claude-x", 1}) ==
        R"({"id":"msg_up","type":"message","role":"assistant","model":"claude-x","content":[)"
        R"({"type":"text","text":"Checking."},{"type":"tool_use","id":"toolu_1","name":"get_weather","input":{"city":"Paris"}}],)"
        R"("stop_reason":"tool_use","stop_sequence":null,"usage":{"input_tokens":15,"output_tokens":7,"cache_read_input_tokens":5}})");
}

// Canonical input counts cache reads and writes; Anthropic's input_tokens does not, and
// reports both beside it.
BOOST_AUTO_TEST_CASE(cache_reads_and_writes_are_reported_beside_input_tokens) {
    ChatResponse r;
    r.text = "ok";
    r.finish_reason = LLMH_FINISH_STOP;
    r.usage = {2112, 7, 2000, -1, 100};
    BOOST_TEST(
        anthropic_face::render_message(r, {"msg_x", "claude-x", 1})
            .ends_with(
                R"("usage":{"input_tokens":12,"output_tokens":7,"cache_creation_input_tokens":100,"cache_read_input_tokens":2000}})"));

    auto cached = gt::usage(2112, 1);
    cached.e.usage.cached_input_tokens = 2000;
    cached.e.cache_write_tokens = 100;
    auto last = gt::usage(2112, 9);
    last.e.usage.cached_input_tokens = 2000;
    last.e.cache_write_tokens = 100;
    const std::string out =
        encode({gt::start("msg_up", "claude-y"), cached, gt::text("Hi"), last, gt::finish(LLMH_FINISH_STOP)});
    const std::string usage =
        R"("usage":{"input_tokens":12,"output_tokens":%d,"cache_creation_input_tokens":100,"cache_read_input_tokens":2000})";
    const auto with = [&](int output) {
        std::string u = usage;
        u.replace(u.find("%d"), 2, std::to_string(output));
        return u;
    };
    BOOST_TEST(out.find("\"stop_sequence\":null," + with(1) + "}}") != std::string::npos, out); // message_start
    BOOST_TEST(out.find("\"stop_sequence\":null}," + with(9) + "}") != std::string::npos, out); // message_delta
}

BOOST_AUTO_TEST_CASE(errors_in_anthropic_shape) {
    BOOST_TEST(anthropic_face::render_error({ErrorKind::not_found, "no such model", {}, "not_found", -1}) ==
               R"({"type":"error","error":{"type":"not_found_error","message":"no such model"}})");
    BOOST_TEST(anthropic_face::render_stream_error({ErrorKind::upstream, "cut", {}, "network", -1}) ==
               "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"cut\"}}\n\n");
}
