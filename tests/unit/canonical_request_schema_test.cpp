// The canonical request's JSON Schema (sdk/schema/canonical-request.schema.json) against the
// code that writes and reads it (<llmhost/chat.hpp>): the schema's examples are valid and read by
// the SDK; what the SDK writes for a request with every field set, and what the gateway's faces
// make of real clients' requests (tests/data/agents) and of hand-written ones, is valid; and
// what the SDK refuses to read, the schema refuses too. The schema's objects are closed, so a
// field the code starts writing without the schema knowing it fails here.
//
// Validation is python3's jsonschema (Debian: python3-jsonschema, draft 2020-12 since 4.0),
// run through tests/support/validate_json_schema.py; without it the program exits 77, which
// CTest reports as skipped.
#include "core/gateway/faces/anthropic/anthropic_face.hpp"
#include "core/gateway/faces/gemini/gemini_face.hpp"
#include "core/gateway/faces/openai_chat/openai_chat_face.hpp"
#include "core/gateway/faces/openai_responses/responses_face.hpp"
#include "support/test_env.hpp"

#include <llmhost/chat.hpp>

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <string>
#include <utility>
#include <vector>

using namespace llmhost;
using namespace llmhost::gateway;
using namespace std::chrono_literals;
namespace fs = std::filesystem;
using llmhost::testing::read_file;
using llmhost::testing::run_process;
using llmhost::testing::TempDir;

namespace {

const std::string source_dir = LLMHOST_TEST_SOURCE_DIR;
const std::string schema_path = source_dir + "/sdk/schema/canonical-request.schema.json";
const std::string examples_dir = source_dir + "/sdk/schema/examples";
const std::string validator = source_dir + "/tests/support/validate_json_schema.py";

// Skips the whole program (exit 77) when python3 or its jsonschema module is missing.
struct NeedsJsonschema {
    NeedsJsonschema() {
        const auto probe = run_process({"/usr/bin/env", "python3", "-c", "import jsonschema"}, {});
        if (probe.exit_code != 0) {
            std::cerr << "canonical_request_schema_test: skipped: python3 with the jsonschema module is needed "
                         "(Debian: apt-get install python3-jsonschema)\n"
                      << probe.err;
            std::exit(77);
        }
    }
};
BOOST_TEST_GLOBAL_FIXTURE(NeedsJsonschema);

using Documents = std::vector<std::pair<std::string, std::string>>; // name, JSON text

// Each document's verdict: "" when valid, else the validator's first error.
std::map<std::string, std::string> validate(const Documents& documents) {
    TempDir dir;
    std::vector<std::string> argv{"/usr/bin/env", "python3", validator, schema_path};
    std::map<std::string, std::string> name_of; // file -> document name
    for (size_t i = 0; i < documents.size(); ++i) {
        const std::string file = "doc" + std::to_string(i) + ".json";
        dir.write(file, documents[i].second);
        argv.push_back(dir.file(file));
        name_of[dir.file(file)] = documents[i].first;
    }
    const auto result = run_process(argv, {});
    BOOST_REQUIRE_MESSAGE(result.exit_code == 0, "the validator failed (" << result.exit_code << "): " << result.err);
    std::map<std::string, std::string> verdicts;
    for (const auto& line : llmhost::testing::lines_of(result.out)) {
        if (line.starts_with("valid ")) {
            verdicts[name_of.at(line.substr(6))] = "";
        } else if (line.starts_with("invalid ")) {
            const auto colon = line.find(": ", 8);
            verdicts[name_of.at(line.substr(8, colon - 8))] = line.substr(colon + 2);
        }
    }
    BOOST_REQUIRE_EQUAL(verdicts.size(), documents.size());
    return verdicts;
}

void require_all_valid(const Documents& documents) {
    for (const auto& [name, error] : validate(documents))
        BOOST_TEST(error.empty(), name << " does not follow the schema: " << error);
}

Documents examples() {
    Documents out;
    for (const auto& entry : fs::directory_iterator(examples_dir))
        if (entry.path().extension() == ".json")
            out.emplace_back(entry.path().filename().string(), read_file(entry.path().string()));
    std::sort(out.begin(), out.end());
    return out;
}

Message message(Role role, std::string text) {
    Message m;
    m.role = role;
    m.content.push_back(ContentPart::make_text(std::move(text)));
    return m;
}

ResponseFormat format_of(ResponseFormat::Kind kind) {
    ResponseFormat f;
    f.kind = kind;
    return f;
}

// A request with every field the canonical model has set, each kind of content, tool and
// response format included somewhere.
ChatRequest every_field() {
    ChatRequest r;
    r.model = "m";
    r.stream = false;
    Message system = message(Role::system, "Be terse.");
    system.content[0].cache = CacheMark{"1h"};
    Message user = message(Role::user, "Look:");
    ContentPart inline_image;
    inline_image.kind = ContentPart::Kind::image;
    inline_image.media_type = "image/png";
    inline_image.data = "iVBORw0KGgo=";
    inline_image.cache = CacheMark{};
    ContentPart url_image;
    url_image.kind = ContentPart::Kind::image;
    url_image.url = "https://example.com/a.png";
    user.content.push_back(inline_image);
    user.content.push_back(url_image);
    user.cache = CacheMark{"5m"};
    Message assistant = message(Role::assistant, "Calling.");
    assistant.reasoning.push_back({"thinking", {"anthropic", "sig", "", ""}});
    assistant.reasoning.push_back({"", {"openai-responses", "", "encrypted", "rs_1"}});
    assistant.tool_calls.push_back({"call_1", "f", R"({"a":1})", {"gemini", "thought-sig", "", ""}, CacheMark{}});
    assistant.tool_calls.push_back({"call_2", "apply_patch", R"({"input":"x"})"});
    Message tool = message(Role::tool, "failed");
    tool.tool_call_id = "call_1";
    tool.name = "f";
    tool.is_error = true;
    r.messages = {system, user, assistant, tool};
    ToolDefinition f{"f", "A function", {{"type", "object"}}};
    f.cache = CacheMark{};
    ToolDefinition custom{"apply_patch", "Edit files", {{"type", "object"}}};
    custom.kind = ToolDefinition::Kind::custom;
    custom.format = {{"type", "grammar"}, {"syntax", "lark"}, {"definition", "start: x"}};
    ToolDefinition any_text{"note", "Free text", {{"type", "object"}}};
    any_text.kind = ToolDefinition::Kind::custom;
    r.tools = {f, custom, any_text};
    r.tool_choice = "f";
    r.response_format = ResponseFormat{ResponseFormat::Kind::json_schema, "answer", {{"type", "object"}}, false};
    r.temperature = 0.5;
    r.max_tokens = 100;
    r.stop = {"END", "STOP"};
    r.reasoning = ReasoningOptions{"high", 2048};
    r.top_p = 0.9;
    r.top_k = 40;
    r.parallel_tool_calls = false;
    r.user = "u";
    r.service_tier = "flex";
    r.prompt_cache_key = "k";
    r.extension = {std::string(wire_protocol::anthropic_messages),
                   R"({"context_management":{"edits":[]}})",
                   {{"anthropic-beta", "x-2025"}}};
    return r;
}

std::string agent_request(const std::string& name) { return read_file(source_dir + "/tests/data/agents/" + name); }

} // namespace

BOOST_AUTO_TEST_CASE(the_examples_follow_the_schema_and_the_sdk_reads_them) {
    const auto docs = examples();
    BOOST_TEST_REQUIRE(docs.size() >= 7u);
    require_all_valid(docs);
    // What the SDK reads from each, written again, is valid too and reads back the same.
    Documents rewritten;
    for (const auto& [name, text] : docs) {
        try {
            const auto again = canonical_json(parse_chat_request(text));
            BOOST_TEST(canonical_json(parse_chat_request(again)) == again, name);
            rewritten.emplace_back(name + " (as the SDK writes it)", again);
        } catch (const Error& e) {
            BOOST_ERROR(name << " follows the schema but the SDK refuses it: " << e.what());
        }
    }
    require_all_valid(rewritten);
}

BOOST_AUTO_TEST_CASE(every_field_the_sdk_writes_is_in_the_schema) {
    auto r = every_field();
    const auto whole = canonical_json(r);
    Documents docs{{"every field", whole},
                   {"every field, beside a wire body", canonical_json(r, CanonicalParts::beside_wire_body)}};
    r.response_format = format_of(ResponseFormat::Kind::json_object);
    docs.emplace_back("json_object", canonical_json(r));
    r.response_format = format_of(ResponseFormat::Kind::text);
    docs.emplace_back("text format", canonical_json(r));
    r.reasoning = ReasoningOptions{"", 1024};
    docs.emplace_back("a budget alone", canonical_json(r));
    r.reasoning = ReasoningOptions{"low", std::nullopt};
    docs.emplace_back("an effort alone", canonical_json(r));
    docs.emplace_back("the least request", canonical_json(ChatRequest{}));
    require_all_valid(docs);
    BOOST_TEST(canonical_json(parse_chat_request(whole)) == whole);
}

BOOST_AUTO_TEST_CASE(what_the_gateway_faces_make_of_client_requests_follows_the_schema) {
    Documents docs;
    const auto add = [&](const std::string& name, const FaceChatRequest& r) {
        docs.emplace_back(name, canonical_json(r.chat));
        docs.emplace_back(name + ", beside its body", canonical_json(r.chat, CanonicalParts::beside_wire_body));
    };
    responses_face::ResponseStore store(8, 1h);

    // Real clients' requests, as the agent tests recorded them.
    add("Claude Code, Anthropic face",
        anthropic_face::parse_messages_request(agent_request("claude-code-tool-result-request.json")));
    add("Claude Code as OpenAI chat, chat face",
        openai_face::parse_chat_request(agent_request("claude-code-tool-result-request.chat.json")));
    add("Codex first request, Responses face",
        responses_face::parse_responses_request(agent_request("codex-first-request.json"), store));
    add("Codex tool result, Responses face",
        responses_face::parse_responses_request(agent_request("codex-tool-result-request.json"), store));
    for (const char* name :
         {"gemini-cli-first-request.json", "gemini-cli-router-request.json", "gemini-cli-tool-result-request.json"})
        add(std::string("Gemini CLI ") + name + ", Gemini face",
            gemini_face::parse_generate_content(agent_request(name), "gemini-2.5-pro", true));

    // Hand-written ones reaching the fields the recordings do not.
    add("Anthropic: thinking, cache, images, is_error, extension",
        anthropic_face::parse_messages_request(
            R"({"model": "claude-x", "max_tokens": 1024, "stream": true, "temperature": 0.5, "top_p": 0.9, "top_k": 40,
                "stop_sequences": ["STOP"], "metadata": {"user_id": "u-1"}, "service_tier": "auto",
                "system": [{"type": "text", "text": "Be terse.", "cache_control": {"type": "ephemeral", "ttl": "1h"}}],
                "thinking": {"type": "enabled", "budget_tokens": 2048},
                "context_management": {"edits": []},
                "messages": [
                  {"role": "user", "content": [
                    {"type": "text", "text": "Look"},
                    {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": "iVBORw0KGgo="}},
                    {"type": "image", "source": {"type": "url", "url": "https://example.com/a.png"}}]},
                  {"role": "assistant", "content": [
                    {"type": "thinking", "thinking": "hmm", "signature": "sig"},
                    {"type": "redacted_thinking", "data": "opaque"},
                    {"type": "tool_use", "id": "toolu_1", "name": "f", "input": {"a": 1},
                     "cache_control": {"type": "ephemeral"}}]},
                  {"role": "user", "content": [
                    {"type": "tool_result", "tool_use_id": "toolu_1", "is_error": true, "content": "boom"}]}],
                "tools": [{"name": "f", "description": "F", "input_schema": {"type": "object"},
                           "cache_control": {"type": "ephemeral"}}],
                "tool_choice": {"type": "tool", "name": "f", "disable_parallel_tool_use": true}})",
            false, "context-management-2025-06-27"));
    add("OpenAI chat: structured output, images, sampling, routing fields",
        openai_face::parse_chat_request(
            R"({"model": "gpt-x", "stream": false, "temperature": 0.2, "top_p": 0.5, "max_completion_tokens": 300,
                "stop": ["END"], "reasoning_effort": "low", "user": "u-2", "service_tier": "flex",
                "prompt_cache_key": "k-1", "parallel_tool_calls": false, "seed": 7,
                "response_format": {"type": "json_schema",
                                    "json_schema": {"name": "w", "schema": {"type": "object"}, "strict": true}},
                "messages": [
                  {"role": "developer", "content": "Be terse."},
                  {"role": "user", "content": [{"type": "text", "text": "What is this?"},
                                               {"type": "image_url", "image_url": {"url": "data:image/png;base64,iVBORw0KGgo="}},
                                               {"type": "image_url", "image_url": {"url": "https://example.com/b.png"}}]},
                  {"role": "assistant", "content": null,
                   "tool_calls": [{"id": "call_1", "type": "function", "function": {"name": "f", "arguments": "{}"}}]},
                  {"role": "tool", "tool_call_id": "call_1", "content": "done"}],
                "tools": [{"type": "function", "function": {"name": "f", "parameters": {"type": "object"}}}],
                "tool_choice": "required"})",
            "assistants=v2"));
    add("OpenAI chat: json_object", openai_face::parse_chat_request(
                                        R"({"model": "gpt-x", "response_format": {"type": "json_object"},
                                            "messages": [{"role": "user", "content": "JSON please"}]})"));
    add("Responses: custom tools, instructions, reasoning",
        responses_face::parse_responses_request(
            R"({"model": "gpt-5-codex", "stream": true, "instructions": "You code.",
                "reasoning": {"effort": "high"}, "max_output_tokens": 2000, "prompt_cache_key": "s-1",
                "input": [
                  {"type": "message", "role": "user", "content": [{"type": "input_text", "text": "Patch it"}]},
                  {"type": "custom_tool_call", "call_id": "call_2", "name": "apply_patch", "input": "*** Begin Patch"},
                  {"type": "custom_tool_call_output", "call_id": "call_2", "output": "Done"}],
                "tools": [
                  {"type": "custom", "name": "apply_patch", "description": "Edit files",
                   "format": {"type": "grammar", "syntax": "lark", "definition": "start: x"}},
                  {"type": "custom", "name": "note", "format": {"type": "text"}},
                  {"type": "function", "name": "now", "parameters": {"type": "object"}}],
                "text": {"format": {"type": "json_schema", "name": "w", "schema": {"type": "object"}, "strict": true}}})",
            store));
    add("Gemini: system, tools, generation config", gemini_face::parse_generate_content(
                                                        R"({"systemInstruction": {"parts": [{"text": "Be terse."}]},
                "contents": [{"role": "user", "parts": [{"text": "Weather?"},
                                                        {"inlineData": {"mimeType": "image/png", "data": "iVBORw0KGgo="}}]},
                             {"role": "model", "parts": [{"functionCall": {"name": "w", "args": {"city": "Paris"}}}]},
                             {"role": "user", "parts": [{"functionResponse": {"name": "w", "response": {"t": 18}}}]}],
                "tools": [{"functionDeclarations": [{"name": "w", "description": "W",
                                                     "parameters": {"type": "object"}}]}],
                "toolConfig": {"functionCallingConfig": {"mode": "ANY"}},
                "generationConfig": {"temperature": 0.3, "topP": 0.8, "topK": 20, "maxOutputTokens": 64,
                                     "stopSequences": ["END"], "responseMimeType": "application/json",
                                     "responseJsonSchema": {"type": "object"},
                                     "thinkingConfig": {"thinkingBudget": 1024}}})",
                                                        "gemini-2.5-flash", false));
    require_all_valid(docs);
}

BOOST_AUTO_TEST_CASE(what_the_sdk_refuses_to_read_the_schema_refuses) {
    // clang-format off
    const Documents refused{
        {"not an object", R"(["model"])"},
        {"a model that is not a string", R"({"model": 4, "stream": true})"},
        {"an unknown role", R"({"model": "m", "stream": true, "messages": [{"role": "robot", "content": []}]})"},
        {"a message without a role", R"({"model": "m", "stream": true, "messages": [{"content": []}]})"},
        {"content that is a number", R"({"model": "m", "stream": true, "messages": [{"role": "user", "content": 3}]})"},
        {"an unknown content type",
         R"({"model": "m", "stream": true, "messages": [{"role": "user", "content": [{"type": "audio", "data": "x"}]}]})"},
        {"an image with neither data nor url",
         R"({"model": "m", "stream": true, "messages": [{"role": "user", "content": [{"type": "image", "media_type": "image/png"}]}]})"},
        {"an image with empty data",
         R"({"model": "m", "stream": true, "messages": [{"role": "user", "content": [{"type": "image", "data": ""}]}]})"},
        {"messages that are not an array", R"({"model": "m", "stream": true, "messages": {"role": "user"}})"},
        {"a tool call that is not an object",
         R"({"model": "m", "stream": true, "messages": [{"role": "assistant", "content": [], "tool_calls": ["f"]}]})"},
        {"tool arguments as an object",
         R"({"model": "m", "stream": true, "messages": [{"role": "assistant", "content": [], "tool_calls": [{"id": "1", "name": "f", "arguments": {}}]}]})"},
        {"a reasoning state that is not an object",
         R"({"model": "m", "stream": true, "messages": [{"role": "assistant", "content": [], "reasoning": [{"text": "t", "state": "s"}]}]})"},
        {"a cache mark that is not an object",
         R"({"model": "m", "stream": true, "messages": [{"role": "user", "content": [], "cache": "5m"}]})"},
        {"tool parameters that are not an object",
         R"({"model": "m", "stream": true, "tools": [{"name": "f", "description": "", "parameters": "x"}]})"},
        {"a custom tool's format that is not an object",
         R"({"model": "m", "stream": true, "tools": [{"name": "f", "type": "custom", "format": "lark", "description": "", "parameters": {}}]})"},
        {"an unknown response format", R"({"model": "m", "stream": true, "response_format": {"type": "yaml"}})"},
        {"a response format schema that is not an object",
         R"({"model": "m", "stream": true, "response_format": {"type": "json_schema", "name": "n", "schema": [], "strict": true}})"},
        {"a temperature that is a string", R"({"model": "m", "stream": true, "temperature": "hot"})"},
        {"max_tokens that is a string", R"({"model": "m", "stream": true, "max_tokens": "many"})"},
        {"stop that is a string", R"({"model": "m", "stream": true, "stop": "END"})"},
        {"reasoning that is a string", R"({"model": "m", "stream": true, "reasoning": "high"})"},
        {"an effort that is a number", R"({"model": "m", "stream": true, "reasoning": {"effort": 3}})"},
        {"a user that is a number", R"({"model": "m", "stream": true, "user": 1})"},
        {"extension headers that are not pairs",
         R"({"model": "m", "stream": true, "extension": {"protocol": "openai-chat", "headers": [["OpenAI-Beta"]]}})"},
        {"extension fields that are not an object",
         R"({"model": "m", "stream": true, "extension": {"protocol": "openai-chat", "fields": "x"}})"},
    };
    // clang-format on
    for (const auto& [name, text] : refused)
        BOOST_CHECK_THROW(parse_chat_request(text), Error);
    for (const auto& [name, error] : validate(refused))
        BOOST_TEST(!error.empty(), "the SDK refuses " << name << " but the schema accepts it");
}
