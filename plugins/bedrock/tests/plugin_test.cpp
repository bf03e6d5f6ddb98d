// The built bedrock plugin loaded by the host's loader, talking through the host's HTTP client
// to an in-process upstream that checks every SigV4 signature it receives (recomputed with the
// plugin's own signing code) and answers with real binary event-stream frames.
#include "integration/plugin_checks.hpp"
#include "integration/plugin_harness.hpp"
#include "support/bedrock/event_stream_encoder.hpp"
#include "support/bedrock/sigv4_verifier.hpp"
#include "support/mock_upstream.hpp"
#include "support/test_env.hpp"

#include "core/plugins/elf_file.hpp"

#include <llmhost/error.hpp>

#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <vector>

using namespace llmhost;
using namespace llmhost::testing;
using namespace llmhost::bedrock::testing;
using namespace std::chrono_literals;

namespace {

constexpr const char* access_key_id = "AKIDINTEGRATION";
constexpr const char* secret_key = "integration/secret+KEY";
constexpr const char* model = "anthropic.claude-3-haiku-20240307-v1:0";

const std::string plugin_path = built_plugin_path("bedrock");

// The environment the plugin sees through Host::env: every AWS variable it reads is set
// (empty counts as unset), so nothing leaks in from the machine running the tests.
void set_environment(std::map<std::string, std::string> values) {
    static TempDir nowhere;
    std::map<std::string, std::string> env{{"AWS_BEARER_TOKEN_BEDROCK", ""},
                                           {"AWS_ACCESS_KEY_ID", ""},
                                           {"AWS_SECRET_ACCESS_KEY", ""},
                                           {"AWS_SESSION_TOKEN", ""},
                                           {"AWS_REGION", ""},
                                           {"AWS_DEFAULT_REGION", ""},
                                           {"AWS_PROFILE", ""},
                                           {"AWS_SHARED_CREDENTIALS_FILE", nowhere.file("credentials")},
                                           {"AWS_CONFIG_FILE", nowhere.file("config")},
                                           {"HOME", nowhere.path()}};
    for (auto& [k, v] : values)
        env[k] = std::move(v);
    for (auto& [k, v] : env)
        plugin_host_services().set_env_override(k, v);
}

void use_access_keys(std::string secret = secret_key, std::string session_token = "") {
    set_environment({{"AWS_ACCESS_KEY_ID", access_key_id},
                     {"AWS_SECRET_ACCESS_KEY", std::move(secret)},
                     {"AWS_SESSION_TOKEN", std::move(session_token)},
                     {"AWS_REGION", "us-east-1"}});
}

std::unique_ptr<plugins::ProviderInstance> provider_for(const MockUpstream& upstream,
                                                        boost::json::object options = {}) {
    options["endpoint"] = upstream.base_url();
    return built_plugin("bedrock").create(
        "bedrock",
        provider_config("bedrock", "https://bedrock-runtime.{region}.amazonaws.com", model, std::move(options)));
}

void chat(plugins::ProviderInstance& provider, const std::string& request_json, ChatResult& result,
          std::string_view api_key = {}) {
    run_plugin_chat(provider, request_json, result, with_api_key(api_key));
}

std::string request_json(bool stream) {
    return R"({"model":")" + std::string(model) + R"(","stream":)" + (stream ? "true" : "false") +
           R"(,"messages":[{"role":"user","content":"Weather in Paris?"}],
             "tools":[{"name":"get_weather","description":"Current weather","parameters":{"type":"object"}}]})";
}

// A 403 as Bedrock's auth layer sends it when the signature does not verify.
ScriptedResponse signature_rejected(const std::string& why) {
    auto r = ScriptedResponse::json(403, R"({"message":"The request signature we calculated does not match: )" + why +
                                             "\"}");
    r.headers.emplace_back("x-amzn-ErrorType", "InvalidSignatureException:http://internal.amazon.com/coral/");
    return r;
}

std::string verify(const RecordedRequest& r, std::string_view secret = secret_key) {
    return sigv4_verify(ReceivedRequest{r.method, r.target, r.headers, r.body}, access_key_id, secret, "bedrock");
}

// A ConverseStream answer; frames are cut across HTTP chunks at odd places.
ScriptedResponse event_stream(const std::string& frames) {
    ScriptedResponse r;
    r.headers = {{"Content-Type", "application/vnd.amazon.eventstream"}, {"x-amzn-RequestId", "req-integration"}};
    for (size_t at = 0; at < frames.size(); at += 37)
        r.chunks.push_back(frames.substr(at, 37));
    r.chunked = true;
    r.delay_between_chunks = 1ms;
    return r;
}

const std::string tool_stream =
    event_frame("messageStart", R"({"role":"assistant"})") +
    event_frame("contentBlockDelta", R"({"contentBlockIndex":0,"delta":{"text":"Checking."},"p":"abcdefghij"})") +
    event_frame("contentBlockStop", R"({"contentBlockIndex":0})") +
    event_frame("contentBlockStart",
                R"({"contentBlockIndex":1,"start":{"toolUse":{"toolUseId":"tooluse_1","name":"get_weather"}}})") +
    event_frame("contentBlockDelta", R"({"contentBlockIndex":1,"delta":{"toolUse":{"input":"{\"city\":\"Pa"}}})") +
    event_frame("contentBlockDelta", R"({"contentBlockIndex":1,"delta":{"toolUse":{"input":"ris\"}"}}})") +
    event_frame("contentBlockStop", R"({"contentBlockIndex":1})") +
    event_frame("messageStop", R"({"stopReason":"tool_use"})") +
    event_frame("metadata",
                R"({"usage":{"inputTokens":52,"outputTokens":20,"totalTokens":72},"metrics":{"latencyMs":812}})");

// The tool stream, to a request whose signature verifies.
ScriptedResponse tool_stream_if_signed(const RecordedRequest& r) {
    if (auto why = verify(r); !why.empty()) return signature_rejected(why);
    return event_stream(tool_stream);
}

} // namespace

BOOST_AUTO_TEST_CASE(metadata_is_read_without_loading) {
    const auto p = sole_provider_metadata("bedrock");
    BOOST_TEST(p.aliases == (std::vector<std::string>{"aws-bedrock", "amazon-bedrock"}),
               boost::test_tools::per_element());
    BOOST_TEST(p.keyless);
    BOOST_TEST(p.key_env == std::vector<std::string>{"AWS_BEARER_TOKEN_BEDROCK"}, boost::test_tools::per_element());
    BOOST_TEST(p.default_model == "global.anthropic.claude-sonnet-4-5-20250929-v1:0");
    BOOST_TEST(p.base_url == "https://bedrock-runtime.{region}.amazonaws.com");
    const uint32_t expected = LLMH_CAP_CHAT | LLMH_CAP_STREAMING | LLMH_CAP_TOOLS | LLMH_CAP_STRUCTURED_OUTPUT |
                              LLMH_CAP_VISION | LLMH_CAP_REASONING | LLMH_CAP_MODEL_LISTING;
    BOOST_TEST(p.capabilities == expected);
    // The plugin brings its own libcrypto dependency.
    const auto needed = plugins::ElfFile::open(plugin_path).dynamic().needed;
    BOOST_TEST(
        std::any_of(needed.begin(), needed.end(), [](const std::string& n) { return n.starts_with("libcrypto"); }));
}

BOOST_AUTO_TEST_CASE(signed_stream_with_tool_call_and_usage) {
    use_access_keys(secret_key, "INTEGRATION-SESSION-TOKEN");
    MockUpstream upstream(tool_stream_if_signed);
    auto provider = provider_for(upstream);
    ChatResult result;
    chat(*provider, request_json(true), result);
    BOOST_REQUIRE_MESSAGE(!result.error, (result.error ? result.error->what() : ""));
    const auto lines = result.events.lines();
    const std::vector<std::string> expected{"start id= model=anthropic.claude-3-haiku-20240307-v1:0",
                                            "text Checking.",
                                            "tool_start 0 tooluse_1 get_weather",
                                            "tool_delta 0 {\"city\":\"Pa",
                                            "tool_delta 0 ris\"}",
                                            "usage in=52 out=20 cached=-1 reasoning=-1",
                                            "finish tool_calls"};
    BOOST_TEST(lines == expected, boost::test_tools::per_element());

    const auto requests = upstream.requests();
    BOOST_REQUIRE_EQUAL(requests.size(), 1u);
    BOOST_TEST(requests[0].target == "/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse-stream");
    BOOST_TEST(requests[0].header("x-amz-security-token") == "INTEGRATION-SESSION-TOKEN");
    BOOST_TEST(requests[0].header("accept") == "application/vnd.amazon.eventstream");
    const auto body = boost::json::parse(requests[0].body);
    BOOST_TEST(body.at("messages").at(0).at("content").at(0).at("text") == "Weather in Paris?");
    BOOST_TEST(body.at("toolConfig").at("tools").at(0).at("toolSpec").at("name") == "get_weather");
}

BOOST_AUTO_TEST_CASE(converse_with_keys_from_a_profile_file) {
    TempDir dir;
    dir.write("credentials", "[bedrock-test]\naws_access_key_id = " + std::string(access_key_id) +
                                 "\naws_secret_access_key = " + secret_key + "\n");
    dir.write("config", "[profile bedrock-test]\nregion = eu-west-1\n");
    set_environment({{"AWS_SHARED_CREDENTIALS_FILE", dir.file("credentials")},
                     {"AWS_CONFIG_FILE", dir.file("config")},
                     {"AWS_PROFILE", "bedrock-test"}});
    MockUpstream upstream([](const RecordedRequest& r) {
        if (auto why = verify(r); !why.empty()) return signature_rejected(why);
        return ScriptedResponse::json(200, R"({"output":{"message":{"role":"assistant","content":[{"text":"Hello!"}]}},
            "stopReason":"end_turn","usage":{"inputTokens":5,"outputTokens":2,"totalTokens":7},"metrics":{"latencyMs":9}})");
    });
    auto provider = provider_for(upstream);
    ChatResult result;
    chat(*provider, request_json(false), result);
    BOOST_REQUIRE_MESSAGE(!result.error, (result.error ? result.error->what() : ""));
    const std::vector<std::string> expected{"start id= model=anthropic.claude-3-haiku-20240307-v1:0", "text Hello!",
                                            "usage in=5 out=2 cached=-1 reasoning=-1", "finish stop"};
    BOOST_TEST(result.events.lines() == expected, boost::test_tools::per_element());
    const auto r = upstream.requests().at(0);
    BOOST_TEST(r.target == "/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse");
    BOOST_TEST(r.header("authorization").find("/eu-west-1/bedrock/aws4_request") !=
               std::string::npos); // profile region
    BOOST_TEST(r.header("x-amz-security-token").empty());
}

BOOST_AUTO_TEST_CASE(a_wrong_secret_is_rejected_as_authentication) {
    use_access_keys("not-the-right-secret");
    MockUpstream upstream(tool_stream_if_signed);
    auto provider = provider_for(upstream);
    ChatResult result;
    chat(*provider, request_json(true), result);
    BOOST_REQUIRE(result.error);
    BOOST_TEST(result.error->error_class() == LLMH_ERR_AUTHENTICATION);
    BOOST_TEST(result.error->http_status() == 403);
    BOOST_TEST(std::string(result.error->what()).find("signature mismatch") != std::string::npos, result.error->what());
    BOOST_TEST(std::string(result.error->what()).find("not-the-right-secret") == std::string::npos);
    BOOST_TEST(result.events.events.empty());
}

BOOST_AUTO_TEST_CASE(a_bedrock_api_key_is_sent_as_a_bearer_token) {
    set_environment({{"AWS_BEARER_TOKEN_BEDROCK", "ABSK-integration-key"}, {"AWS_REGION", "us-west-2"}});
    MockUpstream upstream([](const RecordedRequest& r) {
        if (r.header("authorization") != "Bearer ABSK-integration-key")
            return ScriptedResponse::json(403, R"({"message":"bad key"})");
        return event_stream(tool_stream);
    });
    auto provider = provider_for(upstream);
    ChatResult result;
    chat(*provider, request_json(true), result);
    BOOST_REQUIRE_MESSAGE(!result.error, (result.error ? result.error->what() : ""));
    BOOST_TEST(result.events.response().finish_reason == LLMH_FINISH_TOOL_CALLS);
    BOOST_TEST(upstream.requests().at(0).header("x-amz-date").empty());

    // The key the host resolves per attempt (config api_key, rotation) is used as is.
    ChatResult rotated;
    chat(*provider, request_json(true), rotated, "ABSK-rotated");
    BOOST_REQUIRE(rotated.error);
    BOOST_TEST(rotated.error->error_class() == LLMH_ERR_PERMISSION);
    BOOST_TEST(upstream.requests().at(1).header("authorization") == "Bearer ABSK-rotated");
}

BOOST_AUTO_TEST_CASE(a_stream_exception_after_text) {
    use_access_keys();
    MockUpstream upstream([](const RecordedRequest&) {
        return event_stream(event_frame("messageStart", R"({"role":"assistant"})") +
                            event_frame("contentBlockDelta", R"({"contentBlockIndex":0,"delta":{"text":"par"}})") +
                            exception_frame("throttlingException", R"({"message":"Too many tokens, please wait."})"));
    });
    auto provider = provider_for(upstream);
    ChatResult result;
    chat(*provider, request_json(true), result);
    BOOST_REQUIRE(result.error);
    BOOST_TEST(result.error->error_class() == LLMH_ERR_RATE_LIMITED);
    BOOST_TEST(result.events.response().text == "par");
}

BOOST_AUTO_TEST_CASE(a_stream_cut_inside_a_frame_is_malformed) {
    use_access_keys();
    MockUpstream upstream([](const RecordedRequest&) {
        const std::string frames =
            event_frame("messageStart", R"({"role":"assistant"})") +
            event_frame("contentBlockDelta", R"({"contentBlockIndex":0,"delta":{"text":"par"}})");
        auto r = event_stream(frames.substr(0, frames.size() - 10));
        r.close_after_chunks = true;
        return r;
    });
    auto provider = provider_for(upstream);
    ChatResult result;
    chat(*provider, request_json(true), result);
    BOOST_REQUIRE(result.error);
    BOOST_TEST(result.error->error_class() == LLMH_ERR_MALFORMED_RESPONSE);
}

BOOST_AUTO_TEST_CASE(models_are_listed_from_the_signed_control_plane) {
    use_access_keys();
    MockUpstream upstream([](const RecordedRequest& r) {
        if (auto why = verify(r); !why.empty()) return signature_rejected(why);
        if (r.target != "/foundation-models?byOutputModality=TEXT") return ScriptedResponse::json(404, "{}");
        return ScriptedResponse::json(200,
                                      R"({"modelSummaries":[{"modelId":"amazon.nova-pro-v1:0","modelName":"Nova Pro",
            "providerName":"Amazon","outputModalities":["TEXT"]}]})");
    });
    auto provider = provider_for(upstream);
    const auto models = boost::json::parse(provider->list_models({}));
    BOOST_TEST(models == boost::json::parse(
                             R"({"models":[{"id":"amazon.nova-pro-v1:0","name":"Nova Pro","owned_by":"Amazon"}]})"));
}

BOOST_AUTO_TEST_CASE(missing_credentials_never_reach_the_network) {
    set_environment({{"AWS_REGION", "us-east-1"}});
    MockUpstream upstream([](const RecordedRequest&) { return ScriptedResponse::json(500, "{}"); });
    auto provider = provider_for(upstream);
    ChatResult result;
    chat(*provider, request_json(true), result);
    BOOST_REQUIRE(result.error);
    BOOST_TEST(result.error->error_class() == LLMH_ERR_MISSING_CREDENTIALS);
    BOOST_TEST(upstream.connections_accepted() == 0u);
}
