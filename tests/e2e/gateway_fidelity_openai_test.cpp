// Nothing lost on the way: the official `openai` npm SDK (pinned in tests/sdk_clients) talks
// to `llmhost serve`'s Chat Completions face, which reaches OpenAI-format upstreams through the
// openai plugin. At the upstream: prompt_cache_key, user, parallel_tool_calls false,
// service_tier, top_p; fields the canonical model has no place for (seed, logit_bias, a vendor's
// own) unchanged; the provider's own model and stream_options, whatever the client sent; the
// client's OpenAI-Beta header — unless the provider drops it (drop_betas). At the client: the
// upstream's cached and reasoning token counts, whole and streamed.
//
// Reasoning state across a tool turn, as the real APIs demand it: Copilot's reasoning_opaque
// (Gemini and Claude behind Copilot refuse a tool turn without it) and Ollama's thinking, each
// issued on turn 1 with a tool call by an upstream that refuses turn 2 unless it comes back
// byte for byte — streamed and whole.
//
// Needs tests/sdk_clients/node_modules (packaging/install-deps.sh); without it the program
// exits 77, which CTest reports as skipped.
#define BOOST_TEST_NO_MAIN
#include "gateway_test_support.hpp"
#include "sdk_client_runner.hpp"
#include "support/mock_upstream.hpp"

#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

using namespace llmhost::testing;
using namespace gateway_e2e;
namespace json = boost::json;

namespace {

const std::string server_key = "sk-gateway-client-key";
const std::string upstream_key = "sk-upstream-provider-key";

void check_json(const json::value& actual, const std::string& expected) {
    BOOST_TEST(actual == json::parse(expected), "sent:     " << json::serialize(actual) << "\nexpected: " << expected);
}

SdkRun run_script(const std::string& url, const std::vector<std::string>& args, const GatewayProcess& gateway) {
    std::vector<std::string> argv{url};
    argv.insert(argv.end(), args.begin(), args.end());
    SdkRun run = run_sdk_client("openai_fidelity_client.mjs", argv, {"OPENAI_API_KEY=" + server_key});
    BOOST_TEST_REQUIRE(run.exit_code == 0, "the SDK script failed (exit " << run.exit_code << "):\n"
                                                                          << run.err << "\ngateway log:\n"
                                                                          << gateway.stderr_text());
    return run;
}

// ---- request-2 fields and pass-through ----------------------------------------------------

const std::string usage_json =
    R"({"prompt_tokens":2000,"completion_tokens":30,"total_tokens":2030,)"
    R"("prompt_tokens_details":{"cached_tokens":1920},"completion_tokens_details":{"reasoning_tokens":12}})";

// An OpenAI Chat Completions upstream: one answer, whole or streamed, with cache and reasoning counts.
ScriptedResponse openai_upstream(const RecordedRequest& r) {
    const auto body = json::parse(r.body).as_object();
    if (!body.at("stream").as_bool())
        return ScriptedResponse::json(
            200, R"({"id":"chatcmpl-up","object":"chat.completion","created":1,"model":"gpt-up","choices":[{"index":0,)"
                 R"("message":{"role":"assistant","content":"Probably sunny."},"finish_reason":"stop"}],"usage":)" +
                     usage_json + "}");
    const std::string head =
        R"(data: {"id":"chatcmpl-up","object":"chat.completion.chunk","created":1,"model":"gpt-up",)";
    return ScriptedResponse::sse(
        {head + R"("choices":[{"index":0,"delta":{"role":"assistant","content":"Probably "},"finish_reason":null}]})"
                "\n\n",
         head + R"("choices":[{"index":0,"delta":{"content":"sunny."},"finish_reason":"stop"}]})"
                "\n\n",
         head + R"("choices":[],"usage":)" + usage_json + "}\n\n", "data: [DONE]\n\n"});
}

std::string openai_provider(const std::string& id, const MockUpstream& up, const std::string& options = {}) {
    return "[providers." + id + "]\nplugin = \"openai\"\nbase_url = \"" + up.base_url() +
           "/v1\"\napi_key = \"${UPSTREAM_KEY}\"\n" + (options.empty() ? "" : "options = " + options + "\n");
}

// One gateway before two OpenAI-format upstreams: one that takes the client's betas, one that
// drops them and is sent no stream_options (as Mistral is).
struct FieldsSetup {
    MockUpstream open{openai_upstream};
    MockUpstream closed{openai_upstream};
    GatewayProcess gateway{
        "[server]\napi_keys = [\"${SERVER_KEY}\"]\n" + openai_provider("fid", open) +
            openai_provider("closed", closed, R"({ drop_betas = ["assistants=*"], include_usage = false })"),
        {"SERVER_KEY=" + server_key, "UPSTREAM_KEY=" + upstream_key}};
    std::string url() const { return "http://127.0.0.1:" + std::to_string(gateway.port()); }
};

const std::vector<std::string> fields_lines{
    "ok create: Probably sunny. (in 2000, cached 1920, out 30, reasoning 12)",
    "ok stream: Probably sunny. (in 2000, cached 1920, out 30, reasoning 12)",
};

// The two bodies (whole, then streamed) the script's requests became at `up`, checked for
// everything the client sent; returns them with each request's OpenAI-Beta header.
std::vector<std::pair<json::object, std::string>> sent_to(const MockUpstream& up) {
    std::vector<std::pair<json::object, std::string>> out;
    const auto requests = up.requests();
    BOOST_REQUIRE_EQUAL(requests.size(), 2u);
    for (const auto& r : requests) {
        BOOST_TEST(r.target == "/v1/chat/completions");
        BOOST_TEST(std::string(r.header("Authorization")) == "Bearer " + upstream_key); // never the client's key
        auto body = json::parse(r.body).as_object();
        BOOST_TEST(body.at("model") == "gpt-up"); // the provider's model name, not the client's selector
        BOOST_TEST(body.at("prompt_cache_key") == "session-42");
        BOOST_TEST(body.at("user") == "user-42");
        BOOST_TEST(body.at("parallel_tool_calls") == false);
        BOOST_TEST(body.at("service_tier") == "flex");
        BOOST_TEST(body.at("top_p") == 0.5);
        BOOST_TEST(body.at("tool_choice") == "auto");
        check_json(body.at("messages"), R"([{"role":"system","content":"You are a weather assistant."},)"
                                        R"({"role":"user","content":"What is the weather in Paris?"}])");
        // What the gateway has no field for, as the client sent it.
        BOOST_TEST(body.at("seed") == 7);
        check_json(body.at("logit_bias"), R"({"50256":-100})");
        check_json(body.at("x_vendor_field"), R"({"keep":["as","is"],"n":1.5})");
        out.emplace_back(std::move(body), std::string(r.header("OpenAI-Beta")));
    }
    BOOST_TEST(out[0].first.at("stream") == false);
    BOOST_TEST(out[1].first.at("stream") == true);
    return out;
}

// ---- reasoning state across a tool turn -----------------------------------------------------

const std::string thought = "Paris needs the weather tool.";
const std::string opaque = "EqQBCkgIBxABGAIqQFy+/rs1Xa==";
const std::string answer = "Sunny, 24 C.";

// The turn-2 check every reasoning upstream makes: the assistant turn of turn 1 must carry
// `field` = `value`, else a 400 (`refusal`) as the real API gives.
bool carries(const json::object& body, const std::string& field, const std::string& value) {
    const auto& assistant = body.at("messages").as_array().at(1).as_object();
    const auto* v = assistant.if_contains(field);
    return v && v->is_string() && v->get_string() == value;
}

std::string call_json(bool ollama) {
    return ollama
               ? R"({"function":{"name":"get_weather","arguments":{"city":"Paris"}}})"
               : R"({"index":0,"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}})";
}

// GitHub Copilot: the token exchange, then chat. Turn 1 reasons (reasoning_text) and calls a
// tool with reasoning_opaque; turn 2 is refused unless both come back as issued.
ScriptedResponse copilot_upstream(const RecordedRequest& r) {
    if (r.target.starts_with("/copilot_internal/v2/token"))
        return ScriptedResponse::json(200, R"({"token":"tid=fidelity","expires_at":4102444800,"refresh_in":1500})");
    const auto body = json::parse(r.body).as_object();
    if (body.at("messages").as_array().size() == 1) {
        if (!body.at("stream").as_bool())
            return ScriptedResponse::json(
                200, R"({"id":"cp1","object":"chat.completion","created":1,"model":"gemini-up","choices":[{"index":0,)"
                     R"("message":{"role":"assistant","content":null,"reasoning_text":")" +
                         thought + R"(","reasoning_opaque":")" + opaque + R"(","tool_calls":[)" + call_json(false) +
                         R"(]},"finish_reason":"tool_calls"}],"usage":{"prompt_tokens":9,"completion_tokens":5}})");
        const std::string head =
            R"(data: {"id":"cp1","object":"chat.completion.chunk","created":1,"model":"gemini-up",)";
        return ScriptedResponse::sse(
            {head + R"("choices":[{"index":0,"delta":{"role":"assistant","reasoning_text":"Paris needs "}}]})"
                    "\n\n",
             head + R"("choices":[{"index":0,"delta":{"reasoning_text":"the weather tool."}}]})"
                    "\n\n",
             head + R"("choices":[{"index":0,"delta":{"reasoning_opaque":")" + opaque + R"(","tool_calls":[)" +
                 call_json(false) + "]}}]}\n\n",
             head + R"("choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]})"
                    "\n\n",
             "data: [DONE]\n\n"});
    }
    if (!carries(body, "reasoning_opaque", opaque) || !carries(body, "reasoning_text", thought))
        return ScriptedResponse::json(
            400, R"({"error":{"message":"Unable to submit request because function call `get_weather` in the 2. )"
                 R"(content block is missing a `thought_signature`.","code":"invalid_request_body"}})");
    return ScriptedResponse::json(
        200, R"({"id":"cp2","object":"chat.completion","created":1,"model":"gemini-up","choices":[{"index":0,)"
             R"("message":{"role":"assistant","content":")" +
                 answer + R"("},"finish_reason":"stop"}],"usage":{"prompt_tokens":20,"completion_tokens":4}})");
}

std::string ndjson_line(const std::string& message, bool done = false) {
    return R"({"model":"qwen-up","created_at":"2025-07-07T20:22:19Z","message":{"role":"assistant",)" + message + "}," +
           (done ? R"("done":true,"done_reason":"stop","prompt_eval_count":10,"eval_count":5})" : R"("done":false})") +
           "\n";
}

// Ollama: turn 1 thinks and calls a tool; turn 2 is refused unless the thinking comes back with
// its turn (a stand-in for a chat template that needs it).
ScriptedResponse ollama_upstream(const RecordedRequest& r) {
    const auto body = json::parse(r.body).as_object();
    if (body.at("messages").as_array().size() == 1) {
        const std::string calls = R"("content":"","tool_calls":[)" + call_json(true) + "]";
        if (!body.at("stream").as_bool())
            return ScriptedResponse::json(200, ndjson_line(R"("thinking":")" + thought + R"(",)" + calls, true));
        ScriptedResponse s;
        s.headers = {{"Content-Type", "application/x-ndjson"}};
        s.chunked = true;
        s.chunks = {ndjson_line(R"("content":"","thinking":"Paris needs ")"),
                    ndjson_line(R"("content":"","thinking":"the weather tool.")"), ndjson_line(calls),
                    ndjson_line(R"("content":"")", true)};
        return s;
    }
    if (!carries(body, "thinking", thought))
        return ScriptedResponse::json(400, R"({"error":"the assistant turn lost its thinking"})");
    return ScriptedResponse::json(200, ndjson_line(R"("content":")" + answer + "\"", true));
}

struct ReasoningSetup {
    MockUpstream copilot{copilot_upstream};
    MockUpstream ollama{ollama_upstream};
    GatewayProcess gateway{"[providers.copilot]\napi_key = \"ghu_fidelity\"\noptions = { api_url = \"" +
                               copilot.base_url() + "\", chat_url = \"" + copilot.base_url() +
                               "\" }\n[providers.local]\nplugin = \"ollama\"\nbase_url = \"" + ollama.base_url() +
                               "\"\n",
                           {}};
    std::string url() const { return "http://127.0.0.1:" + std::to_string(gateway.port()); }
};

// The chat requests `up` saw (the token exchange left out).
std::vector<json::object> chats(const MockUpstream& up) {
    std::vector<json::object> out;
    for (const auto& r : up.requests())
        if (!r.target.starts_with("/copilot_internal")) out.push_back(json::parse(r.body).as_object());
    return out;
}

void round_trip(const ReasoningSetup& s, const MockUpstream& up, const std::string& model, const std::string& style,
                const std::string& field, const std::string& expected_assistant) {
    const SdkRun run = run_script(s.url(), {"reasoning", model, style}, s.gateway);
    BOOST_TEST(run.lines() ==
                   (std::vector<std::string>{"ok turn 1: reasoning \"" + thought + "\", opaque kept, call get_weather",
                                             "ok turn 2: " + answer}),
               boost::test_tools::per_element());
    const auto sent = chats(up);
    BOOST_REQUIRE_EQUAL(sent.size(), 2u);
    BOOST_TEST(sent[0].at("stream") == (style == "stream"));
    BOOST_TEST(carries(sent[1], field, field == "reasoning_opaque" ? opaque : thought));
    check_json(sent[1].at("messages").at(1), expected_assistant);
}

const std::string copilot_assistant =
    R"({"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function",)"
    R"("function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}}],)"
    R"("reasoning_text":")" +
    thought + R"(","reasoning_opaque":")" + opaque + R"("})";

const std::string ollama_assistant =
    R"({"role":"assistant","content":"","thinking":")" + thought +
    R"(","tool_calls":[{"function":{"name":"get_weather","arguments":{"city":"Paris"}},"id":"call_0"}]})";

} // namespace

BOOST_AUTO_TEST_CASE(every_field_of_the_sdk_reaches_the_upstream_and_the_usage_comes_back) {
    FieldsSetup s;
    const SdkRun run = run_script(s.url(), {"fields", "fid/gpt-up"}, s.gateway);
    BOOST_TEST(run.lines() == fields_lines, boost::test_tools::per_element());
    const auto sent = sent_to(s.open);
    // stream_options are the provider's: the client's include_obfuscation does not override them.
    BOOST_TEST(!sent[0].first.contains("stream_options"));
    check_json(sent[1].first.at("stream_options"), R"({"include_usage":true})");
    BOOST_TEST(sent[0].second == "assistants=v2");
    BOOST_TEST(sent[1].second == "assistants=v2");
    BOOST_TEST(s.closed.requests().empty());
}

BOOST_AUTO_TEST_CASE(a_provider_that_drops_the_clients_betas_gets_none_and_its_own_stream_options) {
    FieldsSetup s;
    const SdkRun run = run_script(s.url(), {"fields", "closed/gpt-up"}, s.gateway);
    BOOST_TEST(run.lines() == fields_lines, boost::test_tools::per_element());
    const auto sent = sent_to(s.closed);
    for (const auto& [body, beta] : sent) {
        BOOST_TEST(beta.empty(), beta);
        BOOST_TEST(!body.contains("stream_options")); // include_usage = false: none, not the client's
    }
}

BOOST_AUTO_TEST_CASE(copilot_reasoning_opaque_survives_a_streamed_tool_turn) {
    ReasoningSetup s;
    round_trip(s, s.copilot, "copilot/gemini-up", "stream", "reasoning_opaque", copilot_assistant);
}

BOOST_AUTO_TEST_CASE(copilot_reasoning_opaque_survives_a_whole_tool_turn) {
    ReasoningSetup s;
    round_trip(s, s.copilot, "copilot/gemini-up", "whole", "reasoning_opaque", copilot_assistant);
    // A client that loses it is refused by the upstream, not by a guess of the gateway's.
    const auto refused = post_json(
        s.gateway.port(), "/v1/chat/completions",
        R"({"model":"copilot/gemini-up","messages":[{"role":"user","content":"What is the weather in Paris?"},)"
        R"({"role":"assistant","content":null,"reasoning_content":")" +
            thought +
            R"(","tool_calls":[{"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{}"}}]},)"
            R"({"role":"tool","tool_call_id":"call_1","content":"sunny"}]})");
    BOOST_TEST(refused.status == 400, refused.body);
    BOOST_TEST(refused.body.find("thought_signature") != std::string::npos, refused.body);
}

BOOST_AUTO_TEST_CASE(ollama_thinking_survives_a_streamed_tool_turn) {
    ReasoningSetup s;
    round_trip(s, s.ollama, "local/qwen-up", "stream", "thinking", ollama_assistant);
}

BOOST_AUTO_TEST_CASE(ollama_thinking_survives_a_whole_tool_turn) {
    ReasoningSetup s;
    round_trip(s, s.ollama, "local/qwen-up", "whole", "thinking", ollama_assistant);
}

int main(int argc, char* argv[]) { return sdk_clients_test_main(argc, argv, &init_unit_test); }
