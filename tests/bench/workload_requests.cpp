#include "bench/workload_requests.hpp"

#include "bench/workload_upstream.hpp"
#include "support/test_env.hpp"

#include <boost/json.hpp>

#include <fstream>

namespace llmhost::bench {

namespace {

namespace json = boost::json;

json::object agent_request(const std::string& file) {
    return json::parse(testing::read_file(std::string(LLMHOST_TEST_SOURCE_DIR) + "/tests/data/agents/" + file))
        .as_object();
}

std::string with_model(json::object body, const std::string& model, bool stream) {
    body["model"] = model;
    body["stream"] = stream;
    return json::serialize(body);
}

// Claude Code's headers that reach the Anthropic face (as recorded from Claude Code 2.1.328).
const std::string claude_code_headers =
    "anthropic-version: 2023-06-01\r\n"
    "anthropic-beta: claude-code-20250219,interleaved-thinking-2025-05-14,context-management-2025-06-27\r\n";

constexpr double small_cpu = 1.2, agent_cpu = 2.0, together_cpu = 2.0, spaced_cpu = 1.1;
constexpr double small_p50 = 0.05, agent_p50 = 0.3, stream_p50 = 0.1;

} // namespace

std::string small_chat_body(const std::string& model, bool stream) {
    return R"({"model":")" + model + R"(",)" + (stream ? R"("stream":true,)" : "") +
           R"("messages":[{"role":"system","content":"You are a helpful assistant."},)"
           R"({"role":"user","content":"Say hello in one short sentence."}]})";
}

std::vector<Workload> workloads() {
    std::vector<Workload> all;
    const std::string chat = "/v1/chat/completions", messages = "/v1/messages", responses = "/v1/responses";
    all.push_back({"a", "small chat request (2 messages), chat face -> OpenAI upstream", chat, "",
                   small_chat_body("oai/m", false), 0, false, small_cpu, small_p50, upstream_answer_text});

    // The agent-size requests, each whole and streamed (35 frames together). Streamed, they
    // are held to the agent-size request's latency target: its parsing dominates the stream.
    const json::object claude_code = agent_request("claude-code-tool-result-request.json");
    const json::object codex = agent_request("codex-tool-result-request.json");
    const json::object chat_equivalent = agent_request("claude-code-tool-result-request.chat.json");
    struct Agent {
        const char *id, *title;
        std::string path, headers, provider;
        const json::object& body;
    };
    const Agent agents[] = {
        {"b1", "Claude Code request (69 KB), Anthropic face -> Anthropic upstream", messages, claude_code_headers,
         "ant", claude_code},
        {"b2", "Claude Code request (69 KB), Anthropic face -> OpenAI upstream", messages, claude_code_headers, "oai",
         claude_code},
        {"b3", "Codex request (40 KB), Responses face -> OpenAI upstream", responses, "", "oai", codex},
        {"b4", "Claude Code request as OpenAI chat, chat face -> OpenAI upstream", chat, "", "oai", chat_equivalent},
    };
    for (const Agent& a : agents) {
        all.push_back({std::string(a.id) + "-whole", std::string(a.title) + ", whole", a.path, a.headers,
                       with_model(a.body, a.provider + "/m", false), 0, false, agent_cpu, agent_p50,
                       upstream_answer_text});
        all.push_back({std::string(a.id) + "-stream", std::string(a.title) + ", streamed (35 frames together)", a.path,
                       a.headers, with_model(a.body, a.provider + "/stream-35-together", true), 35, false, agent_cpu,
                       agent_p50, frame_text(35)});
    }

    for (int frames : {35, 500})
        for (bool spaced : {false, true}) {
            const std::string arrival = spaced ? "spaced" : "together";
            all.push_back({"c-" + std::to_string(frames) + "-" + arrival,
                           "stream of " + std::to_string(frames) + " frames " +
                               (spaced ? "2 ms apart" : "arriving together") + ", chat face -> OpenAI upstream",
                           chat, "", small_chat_body("oai/stream-" + std::to_string(frames) + "-" + arrival, true),
                           frames, spaced, spaced ? spaced_cpu : together_cpu, stream_p50, frame_text(frames)});
        }
    return all;
}

std::string write_wrk_script(const std::string& dir, const Workload& w) {
    const std::string body_file = dir + "/" + w.id + ".json", script = dir + "/" + w.id + ".lua";
    std::ofstream(body_file, std::ios::binary) << w.body;
    std::string lua = "wrk.method = \"POST\"\nwrk.headers[\"Content-Type\"] = \"application/json\"\n";
    for (size_t line = 0; line < w.headers.size();) {
        const size_t end = w.headers.find("\r\n", line), colon = w.headers.find(": ", line);
        lua += "wrk.headers[\"" + w.headers.substr(line, colon - line) + "\"] = \"" +
               w.headers.substr(colon + 2, end - colon - 2) + "\"\n";
        line = end + 2;
    }
    lua += "local f = io.open(\"" + body_file + "\", \"rb\")\nwrk.body = f:read(\"*a\")\nf:close()\n";
    std::ofstream(script) << lua;
    return script;
}

} // namespace llmhost::bench
