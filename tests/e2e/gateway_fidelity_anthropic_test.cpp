// Nothing lost on the way: the official `@anthropic-ai/sdk` (pinned in tests/sdk_clients)
// talks to `llmhost serve`'s Anthropic face, which reaches Anthropic-format upstreams through
// the anthropic plugin. At the upstream: cache_control with its ttl on a system block, a
// message block and a tool; system still blocks; is_error on the tool_result; metadata.user_id;
// context_management, which the canonical model has no field for, unchanged; the client's
// anthropic-beta header — unless the provider filters it (forward_betas = [], drop_betas), as
// Bedrock- and Vertex-style upstreams need. At the client: the upstream's cache usage.
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
const std::string client_beta = "context-management-2025-06-27";

std::string event(const std::string& name, const std::string& data) {
    return "event: " + name + "\ndata: " + data + "\n\n";
}

// Anthropic's usage with a prompt cache: input_tokens counts neither the write nor the read.
const std::string cache_usage = R"("input_tokens":12,"cache_creation_input_tokens":100,"cache_read_input_tokens":2000)";

// An Anthropic Messages upstream: token counts, and one answer, whole or streamed.
ScriptedResponse anthropic_upstream(const RecordedRequest& r) {
    if (r.target.starts_with("/v1/messages/count_tokens"))
        return ScriptedResponse::json(200, R"({"input_tokens":321})");
    const auto body = json::parse(r.body).as_object();
    if (!body.at("stream").as_bool())
        return ScriptedResponse::json(
            200,
            R"({"id":"msg_up","type":"message","role":"assistant","model":"claude-up","content":[{"type":"text","text":"Probably sunny."}],)"
            R"("stop_reason":"end_turn","stop_sequence":null,"usage":{)" +
                cache_usage + R"(,"output_tokens":3}})");
    return ScriptedResponse::sse(
        {event(
             "message_start",
             R"({"type":"message_start","message":{"id":"msg_up","type":"message","role":"assistant","model":"claude-up",)"
             R"("content":[],"stop_reason":null,"stop_sequence":null,"usage":{)" +
                 cache_usage + R"(,"output_tokens":1}}})"),
         event("content_block_start",
               R"({"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}})"),
         event("content_block_delta",
               R"({"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Probably sunny."}})"),
         event("content_block_stop", R"({"type":"content_block_stop","index":0})"),
         event(
             "message_delta",
             R"({"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":3}})"),
         event("message_stop", R"({"type":"message_stop"})")});
}

std::string anthropic_provider(const std::string& id, const MockUpstream& up, const std::string& options = {}) {
    return "[providers." + id + "]\nplugin = \"anthropic\"\nbase_url = \"" + up.base_url() +
           "\"\napi_key = \"${UPSTREAM_KEY}\"\n" + (options.empty() ? "" : "options = " + options + "\n");
}

// One gateway before three Anthropic-format upstreams: Anthropic itself (`claude/...`), and two
// that take no beta of the client's (`vertex/...`: forward_betas = []; `bedrock/...`: a
// configured beta of its own, the client's dropped).
struct Setup {
    MockUpstream anthropic{anthropic_upstream};
    MockUpstream vertex{anthropic_upstream};
    MockUpstream bedrock{anthropic_upstream};
    GatewayProcess gateway{
        "[server]\napi_keys = [\"${SERVER_KEY}\"]\n" + anthropic_provider("claude", anthropic) +
            anthropic_provider("vertex", vertex, "{ forward_betas = [] }") +
            anthropic_provider(
                "bedrock", bedrock,
                R"({ anthropic_beta = "configured-2025-01-01", drop_betas = ["context-management-*"] })"),
        {"SERVER_KEY=" + server_key, "UPSTREAM_KEY=" + upstream_key}};
    std::string url() const { return "http://127.0.0.1:" + std::to_string(gateway.port()); }
};

const std::vector<std::string> sdk_lines{
    "ok create: Probably sunny. (in 12, cache write 100, cache read 2000, out 3)",
    "ok stream: Probably sunny. (in 12, cache write 100, cache read 2000, out 3)",
    "ok count: 321",
};

void run_sdk(const Setup& s, const std::string& model) {
    const SdkRun run =
        run_sdk_client("anthropic_fidelity_client.mjs", {s.url(), model}, {"ANTHROPIC_API_KEY=" + server_key});
    BOOST_TEST_REQUIRE(run.exit_code == 0, "the SDK script failed (exit " << run.exit_code << "):\n"
                                                                          << run.err << "\ngateway log:\n"
                                                                          << s.gateway.stderr_text());
    BOOST_TEST(run.lines() == sdk_lines, boost::test_tools::per_element());
}

void check_json(const json::value& actual, const std::string& expected) {
    BOOST_TEST(actual == json::parse(expected), "sent:     " << json::serialize(actual) << "\nexpected: " << expected);
}

const std::string hour = R"({"type":"ephemeral","ttl":"1h"})";

// What the script's conversation must look like at any Anthropic-format upstream.
void check_conversation(const json::object& body) {
    check_json(body.at("system"), R"([{"type":"text","text":"You are a weather assistant."},)"
                                  R"({"type":"text","text":"Project notes worth caching.","cache_control":)" +
                                      hour + "}]");
    BOOST_TEST(body.at("tools").at(0).at("cache_control") == json::parse(hour));
    const auto& messages = body.at("messages").as_array();
    BOOST_REQUIRE_EQUAL(messages.size(), 3u);
    check_json(
        messages[2],
        R"({"role":"user","content":[)"
        R"({"type":"tool_result","tool_use_id":"toolu_1","content":"weather service unavailable","is_error":true},)"
        R"({"type":"text","text":"Answer anyway.","cache_control":)" +
            hour + "}]}");
    check_json(body.at("context_management"),
               R"({"edits":[{"type":"clear_tool_uses_20250919","keep":{"type":"tool_uses","value":3}}]})");
}

struct Sent {
    std::vector<json::object> messages; // the two /v1/messages bodies: whole, then streamed
    json::object count;                 // the /v1/messages/count_tokens body
    std::vector<std::string> betas;     // the anthropic-beta header of each request ("" when none), in order
};

Sent sent_to(const MockUpstream& up) {
    Sent sent;
    const auto requests = up.requests();
    BOOST_REQUIRE_EQUAL(requests.size(), 3u);
    for (const auto& r : requests) {
        BOOST_TEST(std::string(r.header("x-api-key")) == upstream_key); // never the client's key
        sent.betas.emplace_back(r.header("anthropic-beta"));
        auto body = json::parse(r.body).as_object();
        if (r.target.starts_with("/v1/messages/count_tokens"))
            sent.count = std::move(body);
        else
            sent.messages.push_back(std::move(body));
    }
    BOOST_REQUIRE_EQUAL(sent.messages.size(), 2u);
    return sent;
}

} // namespace

BOOST_AUTO_TEST_CASE(the_sdk_request_reaches_anthropic_whole) {
    Setup s;
    run_sdk(s, "claude/claude-up");
    const Sent sent = sent_to(s.anthropic);
    for (const auto& body : sent.messages) {
        check_conversation(body);
        BOOST_TEST(body.at("metadata") == json::parse(R"({"user_id":"user-42"})"));
        BOOST_TEST(body.at("model") == "claude-up");
        BOOST_TEST(body.at("max_tokens") == 256);
    }
    BOOST_TEST(sent.messages[0].at("stream") == false);
    BOOST_TEST(sent.messages[1].at("stream") == true);
    // count_tokens: the same conversation, nothing it would refuse.
    check_conversation(sent.count);
    for (const char* refused : {"max_tokens", "stream", "metadata"})
        BOOST_TEST(!sent.count.contains(refused), refused);
    // The SDK's own beta for counting travels with the client's.
    BOOST_TEST(sent.betas ==
                   (std::vector<std::string>{client_beta, client_beta, client_beta + ",token-counting-2024-11-01"}),
               boost::test_tools::per_element());
    BOOST_TEST(s.vertex.requests().empty());
    BOOST_TEST(s.bedrock.requests().empty());
}

BOOST_AUTO_TEST_CASE(an_upstream_that_takes_no_client_betas_gets_none) {
    Setup s;
    run_sdk(s, "vertex/claude-up");
    const Sent sent = sent_to(s.vertex);
    for (const auto& body : sent.messages)
        check_conversation(body);
    BOOST_TEST(sent.betas == (std::vector<std::string>{"", "", ""}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(dropped_betas_stay_behind_and_configured_ones_go) {
    Setup s;
    run_sdk(s, "bedrock/claude-up");
    const Sent sent = sent_to(s.bedrock);
    const std::string configured = "configured-2025-01-01";
    BOOST_TEST(sent.betas ==
                   (std::vector<std::string>{configured, configured, configured + ",token-counting-2024-11-01"}),
               boost::test_tools::per_element());
}

int main(int argc, char* argv[]) { return sdk_clients_test_main(argc, argv, &init_unit_test); }
