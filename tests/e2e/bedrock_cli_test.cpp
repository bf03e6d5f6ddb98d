// The built binary with the bedrock plugin, end to end: a config pointing the plugin at an
// in-process upstream on 127.0.0.1 that checks each request's SigV4 signature and answers in
// Bedrock's wire formats (binary event stream or JSON); streamed, --json, --no-stream, --tools,
// the model listing, and the exit codes for missing and rejected credentials.
#include "support/bedrock/event_stream_encoder.hpp"
#include "support/bedrock/sigv4_verifier.hpp"
#include "support/mock_upstream.hpp"
#include "support/test_env.hpp"

#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

using namespace llmhost::testing;
using namespace llmhost::bedrock::testing;

namespace {

constexpr const char* access_key_id = "AKIDE2E";
constexpr const char* secret_key = "e2e-SECRET-access-key";

bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

// A 403 as Bedrock's auth layer sends it when the signature does not verify.
ScriptedResponse signature_rejected(const std::string& why) {
    auto r = ScriptedResponse::json(403, R"({"message":"The request signature we calculated does not match: )" + why +
                                             "\"}");
    r.headers.emplace_back("x-amzn-ErrorType", "InvalidSignatureException:http://internal.amazon.com/coral/");
    return r;
}

ScriptedResponse event_stream(const std::string& frames) {
    ScriptedResponse r;
    r.headers = {{"Content-Type", "application/vnd.amazon.eventstream"}};
    for (size_t at = 0; at < frames.size(); at += 50)
        r.chunks.push_back(frames.substr(at, 50));
    r.chunked = true;
    return r;
}

std::string text_stream() {
    return event_frame("messageStart", R"({"role":"assistant"})") +
           event_frame("contentBlockDelta", R"({"contentBlockIndex":0,"delta":{"text":"Hello"}})") +
           event_frame("contentBlockDelta", R"({"contentBlockIndex":0,"delta":{"text":" there"}})") +
           event_frame("contentBlockStop", R"({"contentBlockIndex":0})") +
           event_frame("messageStop", R"({"stopReason":"end_turn"})") +
           event_frame("metadata",
                       R"({"usage":{"inputTokens":7,"outputTokens":2,"totalTokens":9},"metrics":{"latencyMs":5}})");
}

std::string tool_stream() {
    return event_frame("messageStart", R"({"role":"assistant"})") +
           event_frame(
               "contentBlockStart",
               R"({"contentBlockIndex":0,"start":{"toolUse":{"toolUseId":"tooluse_9","name":"get_weather"}}})") +
           event_frame("contentBlockDelta", R"({"contentBlockIndex":0,"delta":{"toolUse":{"input":"{\"city\":"}}})") +
           event_frame("contentBlockDelta", R"({"contentBlockIndex":0,"delta":{"toolUse":{"input":"\"Paris\"}"}}})") +
           event_frame("contentBlockStop", R"({"contentBlockIndex":0})") +
           event_frame("messageStop", R"({"stopReason":"tool_use"})");
}

// An upstream that answers like Bedrock once the signature verifies: converse-stream with
// `frames`, converse with one JSON document, foundation-models with a listing.
class BedrockUpstream {
  public:
    explicit BedrockUpstream(std::string frames = text_stream())
        : server_([frames](const RecordedRequest& r) {
              if (auto why =
                      sigv4_verify({r.method, r.target, r.headers, r.body}, access_key_id, secret_key, "bedrock");
                  !why.empty())
                  return signature_rejected(why);
              if (r.target.ends_with("/converse-stream")) return event_stream(frames);
              if (r.target.ends_with("/converse"))
                  return ScriptedResponse::json(200, R"({"output":{"message":{"role":"assistant","content":[
                      {"text":"Hello from Converse"}]}},"stopReason":"max_tokens",
                      "usage":{"inputTokens":3,"outputTokens":4,"totalTokens":7}})");
              if (r.target == "/foundation-models?byOutputModality=TEXT")
                  return ScriptedResponse::json(200, R"({"modelSummaries":[{"modelId":"amazon.nova-lite-v1:0"},
                      {"modelId":"anthropic.claude-3-haiku-20240307-v1:0"}]})");
              return ScriptedResponse::json(404, R"({"message":"no such route"})");
          }) {}

    const MockUpstream& server() const { return server_; }

  private:
    MockUpstream server_;
};

// A config file pointing [providers.bedrock] at `upstream`, and an environment with no other
// AWS source than `env` (the shared files point into the empty temporary directory).
struct Setup {
    TempDir dir;
    std::vector<std::string> env;

    Setup(const BedrockUpstream& upstream, std::vector<std::string> extra_env) {
        dir.write("config.toml", "[providers.bedrock]\noptions = { endpoint = \"" + upstream.server().base_url() +
                                     "\", region = \"us-east-1\" }\n");
        env = {"AWS_SHARED_CREDENTIALS_FILE=" + dir.file("no-credentials"), "AWS_CONFIG_FILE=" + dir.file("no-config")};
        env.insert(env.end(), extra_env.begin(), extra_env.end());
    }
    ProcessResult run(std::vector<std::string> args, const std::string& stdin_text = {}) const {
        args.insert(args.begin(), {"--config", dir.file("config.toml")});
        return run_host(args, env, stdin_text);
    }
};

const std::vector<std::string> keys{std::string("AWS_ACCESS_KEY_ID=") + access_key_id,
                                    std::string("AWS_SECRET_ACCESS_KEY=") + secret_key};

} // namespace

BOOST_AUTO_TEST_CASE(streamed_chat_is_signed_and_printed_as_it_arrives) {
    BedrockUpstream upstream;
    Setup setup(upstream, keys);
    const auto r = setup.run({"-p", "bedrock", "-m", "anthropic.claude-3-haiku-20240307-v1:0", "chat", "hi"});
    BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
    BOOST_TEST(r.out == "Hello there\n");
    const auto requests = upstream.server().requests();
    BOOST_REQUIRE_EQUAL(requests.size(), 1u);
    BOOST_TEST(requests[0].target == "/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse-stream");
    BOOST_TEST(requests[0].header("authorization").starts_with("AWS4-HMAC-SHA256 Credential=AKIDE2E/"));
    const auto body = boost::json::parse(requests[0].body);
    BOOST_TEST(body.at("messages").at(0).at("content").at(0).at("text") == "hi");
}

BOOST_AUTO_TEST_CASE(json_output_with_the_default_model) {
    BedrockUpstream upstream;
    Setup setup(upstream, keys);
    const auto r = setup.run({"-p", "bedrock", "chat", "--json", "--system", "Be brief.", "hi"});
    BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
    const auto doc = boost::json::parse(r.out);
    BOOST_TEST(doc.at("provider") == "bedrock");
    BOOST_TEST(doc.at("model") == "global.anthropic.claude-sonnet-4-5-20250929-v1:0");
    BOOST_TEST(doc.at("text") == "Hello there");
    BOOST_TEST(doc.at("finish_reason") == "stop");
    BOOST_TEST(doc.at("usage").at("input_tokens") == 7);
    BOOST_TEST(doc.at("usage").at("output_tokens") == 2);
    const auto requests = upstream.server().requests();
    BOOST_TEST(requests.at(0).target == "/model/global.anthropic.claude-sonnet-4-5-20250929-v1%3A0/converse-stream");
    BOOST_TEST(boost::json::parse(requests.at(0).body).at("system") == boost::json::parse(R"([{"text":"Be brief."}])"));
}

BOOST_AUTO_TEST_CASE(no_stream_uses_converse) {
    BedrockUpstream upstream;
    Setup setup(upstream, keys);
    const auto r =
        setup.run({"-m", "bedrock/amazon.nova-lite-v1:0", "chat", "--no-stream", "--json", "--max-tokens", "4", "hi"});
    BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
    const auto doc = boost::json::parse(r.out);
    BOOST_TEST(doc.at("text") == "Hello from Converse");
    BOOST_TEST(doc.at("finish_reason") == "length");
    const auto requests = upstream.server().requests();
    BOOST_TEST(requests.at(0).target == "/model/amazon.nova-lite-v1%3A0/converse");
    BOOST_TEST(boost::json::parse(requests.at(0).body).at("inferenceConfig").at("maxTokens") == 4);
}

BOOST_AUTO_TEST_CASE(tools_from_a_file_and_a_streamed_tool_call) {
    BedrockUpstream upstream(tool_stream());
    Setup setup(upstream, keys);
    setup.dir.write("tools.json",
                    R"([{"type":"function","function":{"name":"get_weather","description":"Current weather",
        "parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}}])");
    const auto r =
        setup.run({"-p", "aws-bedrock", "chat", "--json", "--tools", setup.dir.file("tools.json"), "Weather?"});
    BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
    const auto doc = boost::json::parse(r.out);
    BOOST_TEST(doc.at("finish_reason") == "tool_calls");
    BOOST_REQUIRE_EQUAL(doc.at("tool_calls").as_array().size(), 1u);
    BOOST_TEST(doc.at("tool_calls").at(0).at("id") == "tooluse_9");
    BOOST_TEST(doc.at("tool_calls").at(0).at("name") == "get_weather");
    BOOST_TEST(doc.at("tool_calls").at(0).at("arguments") == R"({"city":"Paris"})");
    const auto sent = boost::json::parse(upstream.server().requests().at(0).body);
    BOOST_TEST(sent.at("toolConfig").at("tools").at(0).at("toolSpec").at("inputSchema").at("json").at("required") ==
               boost::json::parse(R"(["city"])"));
}

BOOST_AUTO_TEST_CASE(models_come_from_the_control_plane) {
    BedrockUpstream upstream;
    Setup setup(upstream, keys);
    const auto r = setup.run({"-p", "bedrock", "models"});
    BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
    BOOST_TEST(r.out == "amazon.nova-lite-v1:0\nanthropic.claude-3-haiku-20240307-v1:0\n");
}

BOOST_AUTO_TEST_CASE(missing_credentials_exit_3_naming_every_source) {
    BedrockUpstream upstream;
    Setup setup(upstream, {});
    const auto r = setup.run({"-p", "amazon-bedrock", "chat", "hi"});
    BOOST_TEST(r.exit_code == 3, r.err);
    BOOST_TEST(r.out.empty());
    for (const std::string expected : {"AWS_BEARER_TOKEN_BEDROCK", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
                                       "profile 'default'", "no-credentials (not found)", "no-config (not found)"})
        BOOST_TEST(contains(r.err, expected), "missing '" << expected << "' in: " << r.err);
    BOOST_TEST(upstream.server().requests().empty());
}

BOOST_AUTO_TEST_CASE(a_rejected_signature_exits_3_without_printing_the_secret) {
    BedrockUpstream upstream;
    Setup setup(upstream, {std::string("AWS_ACCESS_KEY_ID=") + access_key_id, "AWS_SECRET_ACCESS_KEY=e2e-SECRET-wrong",
                           "AWS_SESSION_TOKEN=e2e-SECRET-token"});
    const auto r = setup.run({"-v", "-p", "bedrock", "chat", "hi"});
    BOOST_TEST(r.exit_code == 3, r.err);
    BOOST_TEST(contains(r.err, "InvalidSignatureException"), r.err);
    BOOST_TEST(!contains(r.out + r.err, "SECRET"), r.err);
}

BOOST_AUTO_TEST_CASE(providers_lists_bedrock_as_needing_no_host_key) {
    BedrockUpstream upstream;
    Setup setup(upstream, {});
    const auto r = setup.run({"providers", "--json"});
    BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
    bool found = false;
    const auto doc = boost::json::parse(r.out);
    for (const auto& p : doc.at("providers").as_array()) {
        if (p.at("id") != "bedrock") continue;
        found = true;
        BOOST_TEST(p.at("plugin") == "bedrock");
        BOOST_TEST(p.at("key").at("required") == false);
        BOOST_TEST(p.at("default_model") == "global.anthropic.claude-sonnet-4-5-20250929-v1:0");
    }
    BOOST_TEST(found);
}
