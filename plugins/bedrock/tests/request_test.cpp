// Canonical request -> what the bedrock plugin sends: the Converse body (against the goldens in
// tests/expected/bedrock/), the URL, the headers, the signature or bearer token, and the
// requests it refuses before any network I/O.
#include "plugins/bedrock/tests/test_support.hpp"
#include "support/bedrock/event_stream_encoder.hpp"
#include "support/bedrock/sigv4_verifier.hpp"
#include "support/test_env.hpp"

#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include <string>

using namespace llmhost;
using namespace llmhost::bedrock;
using namespace llmhost::bedrock::testing;
using llmhost::testing::SeenRequest;

namespace {

const std::string expected_dir = std::string(LLMHOST_TEST_SOURCE_DIR) + "/tests/expected/bedrock/";

boost::json::value golden(const std::string& name) {
    return boost::json::parse(llmhost::testing::read_file(expected_dir + name));
}

CannedResponse success_for(bool stream) {
    if (stream)
        return event_stream_response(event_frame("messageStart", R"({"role":"assistant"})") +
                                     event_frame("messageStop", R"({"stopReason":"end_turn"})"));
    return CannedResponse::json(
        200, R"({"output":{"message":{"role":"assistant","content":[{"text":"ok"}]}},"stopReason":"end_turn"})");
}

// Sends `request` against a canned success and returns what reached the "server".
SeenRequest sent(const ChatRequest& request, const ProviderConfig& config = bedrock_config(),
                 void (*prepare)(FakeHost&) = &use_example_keys, std::string_view host_key = {}) {
    FakeHost fake;
    prepare(fake);
    fake.responses.push_back(success_for(request.stream));
    const auto out = run_chat(fake, request, config, host_key);
    BOOST_REQUIRE_MESSAGE(!out.error, (out.error ? out.error->what() : ""));
    BOOST_REQUIRE_EQUAL(fake.requests.size(), 1u);
    return fake.requests.front();
}

// The error of a request refused before any network I/O.
Error refused(const ChatRequest& request, const ProviderConfig& config = bedrock_config(),
              void (*prepare)(FakeHost&) = &use_example_keys) {
    FakeHost fake;
    prepare(fake);
    const auto out = run_chat(fake, request, config);
    BOOST_REQUIRE(out.error);
    BOOST_TEST(fake.requests.empty());
    return *out.error;
}

std::string verify(const SeenRequest& r) {
    const auto parts = sigv4_split_url(r.url);
    return sigv4_verify(
        ReceivedRequest{r.method, parts.path + (parts.query.empty() ? "" : "?" + parts.query), r.headers, r.body},
        example_access_key_id, example_secret_access_key, "bedrock");
}

boost::json::object body_of(const ChatRequest& request, const ProviderConfig& config = bedrock_config()) {
    return sent(request, config).json().as_object();
}

void check_json_equal(const boost::json::value& actual, const boost::json::value& expected) {
    BOOST_TEST(actual == expected,
               "sent:     " << boost::json::serialize(actual) << "\nexpected: " << boost::json::serialize(expected));
}

Message tool_message(std::string id, std::string content) {
    Message m;
    m.role = Role::tool;
    m.tool_call_id = std::move(id);
    m.content.push_back(ContentPart::make_text(std::move(content)));
    return m;
}

Message assistant_calling(std::string id, std::string name, std::string arguments) {
    Message m;
    m.role = Role::assistant;
    m.tool_calls.push_back({std::move(id), std::move(name), std::move(arguments)});
    return m;
}

} // namespace

BOOST_AUTO_TEST_CASE(full_request_matches_golden_and_is_signed) {
    const auto request =
        parse_chat_request(llmhost::testing::read_file(expected_dir + "canonical_chat_request_full.json"));
    const auto s = sent(request);
    check_json_equal(s.json(), golden("wire_converse_request_full.json"));
    BOOST_TEST(s.method == "POST");
    BOOST_TEST(s.url == "https://bedrock-runtime.us-east-1.amazonaws.com/model/"
                        "anthropic.claude-3-haiku-20240307-v1%3A0/converse-stream");
    BOOST_TEST(s.header("Content-Type") == "application/json");
    BOOST_TEST(s.header("Accept") == "application/vnd.amazon.eventstream");
    BOOST_TEST(s.header("Host") == "bedrock-runtime.us-east-1.amazonaws.com");
    BOOST_TEST(s.header("X-Amz-Date") == "20231114T221320Z"); // the fake host's clock
    BOOST_TEST(!s.has_header("X-Amz-Security-Token"));
    BOOST_TEST(s.header("Authorization")
                   .starts_with("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20231114/us-east-1/bedrock/aws4_request, "
                                "SignedHeaders=content-type;host;x-amz-date, Signature="));
    BOOST_TEST(verify(s) == "");
    BOOST_TEST(s.api_key.empty());
}

BOOST_AUTO_TEST_CASE(minimal_request_matches_golden_and_uses_the_default_model) {
    const auto s = sent(user_request("hi", false, ""));
    check_json_equal(s.json(), golden("wire_converse_request_minimal.json"));
    BOOST_TEST(s.url == "https://bedrock-runtime.us-east-1.amazonaws.com/model/"
                        "global.anthropic.claude-sonnet-4-5-20250929-v1%3A0/converse");
    BOOST_TEST(s.header("Accept") == "application/json");
    BOOST_TEST(verify(s) == "");
}

BOOST_AUTO_TEST_CASE(an_arn_model_id_is_one_path_segment) {
    const auto s =
        sent(user_request("hi", true, "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.x.y-v1:0"));
    BOOST_TEST(s.url ==
               "https://bedrock-runtime.us-east-1.amazonaws.com/model/"
               "arn%3Aaws%3Abedrock%3Aus-east-1%3A123456789012%3Ainference-profile%2Fus.x.y-v1%3A0/converse-stream");
    BOOST_TEST(verify(s) == "");
}

BOOST_AUTO_TEST_CASE(a_session_token_is_sent_and_signed) {
    const auto s = sent(user_request("hi"), bedrock_config(), [](FakeHost& f) {
        use_example_keys(f);
        f.env["AWS_SESSION_TOKEN"] = "EXAMPLESESSIONTOKEN";
    });
    BOOST_TEST(s.header("X-Amz-Security-Token") == "EXAMPLESESSIONTOKEN");
    BOOST_TEST(s.header("Authorization").find("SignedHeaders=content-type;host;x-amz-date;x-amz-security-token") !=
               std::string::npos);
    BOOST_TEST(verify(s) == "");
}

BOOST_AUTO_TEST_CASE(a_bedrock_api_key_is_a_bearer_token_without_signing) {
    auto bearer_env = [](FakeHost& f) {
        use_example_keys(f); // present, but the API key wins
        f.env["AWS_BEARER_TOKEN_BEDROCK"] = "bedrock-api-key-123";
    };
    const auto s = sent(user_request("hi"), bedrock_config(), bearer_env);
    BOOST_TEST(s.header("Authorization") == "Bearer bedrock-api-key-123");
    BOOST_TEST(!s.has_header("X-Amz-Date"));
    BOOST_TEST(s.url.starts_with("https://bedrock-runtime.us-east-1.amazonaws.com/"));

    // The key the host resolved for the attempt (config api_key, key rotation) comes first.
    const auto rotated = sent(user_request("hi"), bedrock_config(), bearer_env, "host-resolved-key");
    BOOST_TEST(rotated.header("Authorization") == "Bearer host-resolved-key");
}

BOOST_AUTO_TEST_CASE(a_bearer_token_with_an_explicit_endpoint_needs_no_region) {
    const auto s = sent(user_request("hi"), bedrock_config({{"endpoint", "http://127.0.0.1:9/"}}),
                        [](FakeHost& f) { f.env["AWS_BEARER_TOKEN_BEDROCK"] = "k"; });
    BOOST_TEST(s.url == "http://127.0.0.1:9/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse-stream");
}

BOOST_AUTO_TEST_CASE(access_keys_without_a_region_are_refused) {
    const auto e = refused(user_request("hi"), bedrock_config({{"endpoint", "http://127.0.0.1:9"}}), [](FakeHost& f) {
        f.env = {{"AWS_ACCESS_KEY_ID", "AKID"}, {"AWS_SECRET_ACCESS_KEY", "s"}};
    });
    BOOST_TEST(e.error_class() == LLMH_ERR_INVALID_CONFIG);
    BOOST_TEST(std::string(e.what()).starts_with("bedrock: no AWS region"), e.what());
    BOOST_TEST(std::string(e.what()).find("AWS_REGION") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(region_option_and_endpoint_templates) {
    // The option overrides AWS_REGION, in the URL and in the signature's scope.
    const auto s = sent(user_request("hi"), bedrock_config({{"region", "eu-west-3"}}));
    BOOST_TEST(s.url.starts_with("https://bedrock-runtime.eu-west-3.amazonaws.com/model/"));
    BOOST_TEST(s.header("Authorization").find("/eu-west-3/bedrock/aws4_request") != std::string::npos);
    BOOST_TEST(verify(s) == "");
    // base_url (the metadata's template, or the user's) gets the region too.
    const auto vpc =
        sent(user_request("hi"), bedrock_config({}, "https://vpce-1.bedrock-runtime.{region}.vpce.amazonaws.com"));
    BOOST_TEST(vpc.url.starts_with("https://vpce-1.bedrock-runtime.us-east-1.vpce.amazonaws.com/model/"));
    BOOST_TEST(vpc.header("Host") == "vpce-1.bedrock-runtime.us-east-1.vpce.amazonaws.com");
    // Option `endpoint` beats base_url; a path prefix and configured query parameters are signed.
    auto config = bedrock_config({{"endpoint", "http://127.0.0.1:8443/proxy/"}}, "https://ignored.example");
    config.query_params = {{"tag", "a b"}};
    const auto proxied = sent(user_request("hi"), config);
    BOOST_TEST(proxied.url ==
               "http://127.0.0.1:8443/proxy/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse-stream?tag=a%20b");
    BOOST_TEST(proxied.header("Host") == "127.0.0.1:8443");
    BOOST_TEST(verify(proxied) == "");
}

BOOST_AUTO_TEST_CASE(configured_headers_are_sent_but_not_signed) {
    auto config = bedrock_config();
    config.http_headers = {{"X-Team", "search"}};
    const auto s = sent(user_request("hi"), config);
    BOOST_TEST(s.header("X-Team") == "search");
    BOOST_TEST(s.header("Authorization").find("x-team") == std::string::npos);
    BOOST_TEST(verify(s) == "");
}

BOOST_AUTO_TEST_CASE(tool_choice_mapping) {
    auto request = user_request("hi");
    request.tools.push_back({"get_weather", "Current weather", {{"type", "object"}}});
    auto choice_of = [&](std::string choice) -> boost::json::value {
        request.tool_choice = std::move(choice);
        const auto body = body_of(request);
        if (!body.contains("toolConfig")) return "no toolConfig";
        const auto& config = body.at("toolConfig").as_object();
        return config.contains("toolChoice") ? config.at("toolChoice") : boost::json::value("no toolChoice");
    };
    BOOST_TEST(choice_of("") == boost::json::value("no toolChoice"));
    BOOST_TEST(choice_of("auto") == boost::json::parse(R"({"auto":{}})"));
    BOOST_TEST(choice_of("required") == boost::json::parse(R"({"any":{}})"));
    BOOST_TEST(choice_of("get_weather") == boost::json::parse(R"({"tool":{"name":"get_weather"}})"));
    BOOST_TEST(choice_of("none") == boost::json::value("no toolConfig"));
    // With tool blocks in the history the tools must stay declared; "none" then just sends no choice.
    request.messages.push_back(assistant_calling("t1", "get_weather", "{}"));
    request.messages.push_back(tool_message("t1", "sunny"));
    BOOST_TEST(choice_of("none") == boost::json::value("no toolChoice"));
}

BOOST_AUTO_TEST_CASE(history_tool_blocks_without_tools_get_declared) {
    auto request = user_request("weather?");
    request.messages.push_back(assistant_calling("t1", "get_weather", R"({"city":"Paris"})"));
    request.messages.push_back(tool_message("t1", "sunny"));
    const auto body = body_of(request);
    check_json_equal(body.at("toolConfig"), boost::json::parse(R"({"tools":[{"toolSpec":{"name":"get_weather",
        "inputSchema":{"json":{"type":"object","properties":{}}}}}]})"));
}

BOOST_AUTO_TEST_CASE(tool_result_status_only_for_models_that_take_it) {
    auto request = user_request("weather?");
    request.messages.push_back(assistant_calling("t1", "get_weather", ""));
    request.messages.push_back(tool_message("t1", "[1,2]"));
    auto result_of = [&](std::string model) {
        request.model = std::move(model);
        return body_of(request).at("messages").as_array().at(2).at("content").at(0).at("toolResult");
    };
    const auto llama = result_of("meta.llama3-1-70b-instruct-v1:0");
    BOOST_TEST(!llama.as_object().contains("status"));
    BOOST_TEST(llama.at("content") == boost::json::parse(R"([{"text":"[1,2]"}])")); // JSON, but not an object
    BOOST_TEST(result_of("us.amazon.nova-pro-v1:0").at("status") == "success");
    BOOST_TEST(result_of("global.anthropic.claude-sonnet-4-5-20250929-v1:0").at("status") == "success");
    // A call without arguments still sends an input object.
    BOOST_TEST(body_of(request).at("messages").at(1).at("content").at(0).at("toolUse").at("input") ==
               boost::json::object());
}

BOOST_AUTO_TEST_CASE(structured_output_forms) {
    auto request = user_request("hi");
    request.response_format = ResponseFormat{ResponseFormat::Kind::json_object, "", {}, true};
    check_json_equal(body_of(request).at("outputConfig"),
                     boost::json::parse(R"({"textFormat":{"type":"json_schema","structure":{"jsonSchema":{
                         "schema":"{\"type\":\"object\"}","name":"response"}}}})"));
    request.response_format = ResponseFormat{ResponseFormat::Kind::text, "", {}, true};
    BOOST_TEST(!body_of(request).contains("outputConfig"));
}

BOOST_AUTO_TEST_CASE(reasoning_becomes_claude_thinking) {
    auto request = user_request("hi");
    auto thinking_of = [&](ReasoningOptions r, std::string model) -> boost::json::value {
        request.reasoning = std::move(r);
        request.model = std::move(model);
        const auto body = body_of(request);
        if (!body.contains("additionalModelRequestFields")) return nullptr;
        return body.at("additionalModelRequestFields").at("thinking");
    };
    const std::string claude = "us.anthropic.claude-sonnet-4-20250514-v1:0";
    BOOST_TEST(thinking_of({"high", std::nullopt}, claude) ==
               boost::json::parse(R"({"type":"enabled","budget_tokens":16384})"));
    BOOST_TEST(thinking_of({"low", std::nullopt}, claude) ==
               boost::json::parse(R"({"type":"enabled","budget_tokens":1024})"));
    BOOST_TEST(thinking_of({"", 3000}, claude) == boost::json::parse(R"({"type":"enabled","budget_tokens":3000})"));
    BOOST_TEST(thinking_of({"none", std::nullopt}, claude).is_null());
    BOOST_TEST(thinking_of({"high", std::nullopt}, "deepseek.r1-v1:0").is_null());
}

BOOST_AUTO_TEST_CASE(additional_model_request_fields_option_is_merged) {
    auto request = user_request("hi");
    request.reasoning = ReasoningOptions{"", 2048};
    const auto body = body_of(
        request, bedrock_config({{"additional_model_request_fields", {{"top_k", 50}, {"thinking", "config"}}}}));
    check_json_equal(body.at("additionalModelRequestFields"),
                     boost::json::parse(R"({"top_k":50,"thinking":{"type":"enabled","budget_tokens":2048}})"));
}

BOOST_AUTO_TEST_CASE(images_inline_only) {
    auto with_image = [](ContentPart image) {
        auto r = user_request("look");
        image.kind = ContentPart::Kind::image;
        r.messages[0].content.push_back(std::move(image));
        return r;
    };
    ContentPart data_url;
    data_url.url = "data:image/jpeg;base64,/9j/4AAQ";
    BOOST_TEST(body_of(with_image(data_url)).at("messages").at(0).at("content").at(1) ==
               boost::json::parse(R"({"image":{"format":"jpeg","source":{"bytes":"/9j/4AAQ"}}})"));
    ContentPart untyped;
    untyped.data = "R0lGODlhAQABAAAAACw=";
    BOOST_TEST(body_of(with_image(untyped)).at("messages").at(0).at("content").at(1).at("image").at("format") == "gif");

    ContentPart remote;
    remote.url = "https://example.com/cat.png";
    const auto e = refused(with_image(remote));
    BOOST_TEST(e.error_class() == LLMH_ERR_BAD_REQUEST);
    BOOST_TEST(std::string(e.what()).starts_with("bedrock: images must be sent inline"), e.what());
    ContentPart tiff;
    tiff.media_type = "image/tiff";
    tiff.data = "SUkq";
    BOOST_TEST(refused(with_image(tiff)).error_class() == LLMH_ERR_BAD_REQUEST);
}

BOOST_AUTO_TEST_CASE(tool_call_arguments_must_be_a_json_object) {
    auto request = user_request("hi");
    request.messages.push_back(assistant_calling("t1", "f", "{not json"));
    const auto e = refused(request);
    BOOST_TEST(e.error_class() == LLMH_ERR_BAD_REQUEST);
    BOOST_TEST(std::string(e.what()).find("tool call 't1'") != std::string::npos, e.what());
}

BOOST_AUTO_TEST_CASE(blank_text_and_empty_messages_are_left_out) {
    auto request = user_request("");
    request.messages[0].content.push_back(ContentPart::make_text("real"));
    Message empty_assistant;
    empty_assistant.role = Role::assistant;
    empty_assistant.content.push_back(ContentPart::make_text(""));
    request.messages.push_back(empty_assistant);
    Message system;
    system.role = Role::system;
    system.content.push_back(ContentPart::make_text(""));
    request.messages.push_back(system);
    const auto body = body_of(request);
    check_json_equal(body.at("messages"), boost::json::parse(R"([{"role":"user","content":[{"text":"real"}]}])"));
    BOOST_TEST(!body.contains("system"));
}

BOOST_AUTO_TEST_CASE(bad_options_are_refused_at_creation) {
    FakeHost fake;
    try {
        make_provider(fake.host(), bedrock_config({{"regoin", "x"}}));
        BOOST_ERROR("an unknown option was accepted");
    } catch (const Error& e) {
        BOOST_TEST(e.error_class() == LLMH_ERR_INVALID_CONFIG);
        BOOST_TEST(std::string(e.what()).find("region, endpoint, control_endpoint, profile") != std::string::npos,
                   e.what());
    }
    BOOST_CHECK_THROW(make_provider(fake.host(), bedrock_config({{"endpoint", "127.0.0.1:9"}})), Error);
    BOOST_CHECK_THROW(make_provider(fake.host(), bedrock_config({{"additional_model_request_fields", 3}})), Error);
    BOOST_CHECK_THROW(make_provider(fake.host(), bedrock_config({}, "ftp://x")), Error);
}

// ---- canonical request 2: nothing the Converse body has a place for is lost --------------

namespace {

// A request whose every kind of cache mark Converse can carry is set, for `model`.
ChatRequest marked_request(const std::string& model) {
    auto r = parse_chat_request(R"({"model":")" + model + R"(","stream":false,"messages":[
        {"role":"system","content":[{"type":"text","text":"Rules.","cache":{"ttl":"1h"}},{"type":"text","text":"More."}],
         "cache":{}},
        {"role":"user","content":[{"type":"text","text":"Long document.","cache":{"ttl":"5m"}},{"type":"text","text":"Question?"}]},
        {"role":"assistant","content":"Looking.","tool_calls":[{"id":"t1","name":"read","arguments":"{}","cache":{}}]},
        {"role":"tool","tool_call_id":"t1","content":"page","cache":{"ttl":"1h"}},
        {"role":"user","content":"Go on.","cache":{"ttl":"2h"}}],
        "tools":[{"name":"read","description":"Reads","parameters":{"type":"object"},"cache":{}},
                 {"name":"write","description":"Writes","parameters":{"type":"object"}}]})");
    return r;
}

} // namespace

BOOST_AUTO_TEST_CASE(cache_marks_become_cache_points_after_what_they_mark) {
    const auto body = body_of(marked_request("us.anthropic.claude-sonnet-4-20250514-v1:0"));
    check_json_equal(body.at("system"), boost::json::parse(R"([
        {"text":"Rules."},{"cachePoint":{"type":"default","ttl":"1h"}},{"text":"More."},{"cachePoint":{"type":"default"}}])"));
    // A mark on a tool message goes after its toolResult (toolResult content takes none); a
    // ttl Converse does not know ("2h") leaves Bedrock's default.
    check_json_equal(body.at("messages"), boost::json::parse(R"([
        {"role":"user","content":[{"text":"Long document."},{"cachePoint":{"type":"default","ttl":"5m"}},{"text":"Question?"}]},
        {"role":"assistant","content":[{"text":"Looking."},{"toolUse":{"toolUseId":"t1","name":"read","input":{}}},
                                       {"cachePoint":{"type":"default"}}]},
        {"role":"user","content":[{"toolResult":{"toolUseId":"t1","content":[{"text":"page"}],"status":"success"}},
                                  {"cachePoint":{"type":"default","ttl":"1h"}},
                                  {"text":"Go on."},{"cachePoint":{"type":"default"}}]}])"));
    check_json_equal(body.at("toolConfig").at("tools"), boost::json::parse(R"([
        {"toolSpec":{"name":"read","description":"Reads","inputSchema":{"json":{"type":"object"}}}},
        {"cachePoint":{"type":"default"}},
        {"toolSpec":{"name":"write","description":"Writes","inputSchema":{"json":{"type":"object"}}}}])"));
}

BOOST_AUTO_TEST_CASE(cache_points_go_only_where_the_model_caches) {
    auto count_points = [](const boost::json::value& v) {
        const std::string text = boost::json::serialize(v);
        size_t n = 0;
        for (size_t at = text.find("cachePoint"); at != std::string::npos; at = text.find("cachePoint", at + 1))
            ++n;
        return n;
    };
    // Nova caches the system prompt and messages, not tools.
    const auto nova = body_of(marked_request("us.amazon.nova-pro-v1:0"));
    BOOST_TEST(count_points(nova.at("system")) == 2u);
    BOOST_TEST(count_points(nova.at("messages")) == 4u);
    BOOST_TEST(count_points(nova.at("toolConfig")) == 0u);
    // A family that does not cache would refuse the blocks: none are sent.
    BOOST_TEST(count_points(body_of(marked_request("meta.llama3-1-70b-instruct-v1:0"))) == 0u);
}

BOOST_AUTO_TEST_CASE(message_and_part_marks_on_the_same_block_make_one_cache_point) {
    auto r = user_request("only", false, "anthropic.claude-3-haiku-20240307-v1:0");
    r.messages[0].content[0].cache = CacheMark{};
    r.messages[0].cache = CacheMark{"1h"};
    check_json_equal(body_of(r).at("messages"), boost::json::parse(R"([
        {"role":"user","content":[{"text":"only"},{"cachePoint":{"type":"default"}}]}])"));
}

BOOST_AUTO_TEST_CASE(bedrock_reasoning_state_leads_the_assistant_turn_and_other_origins_are_left_out) {
    auto r =
        parse_chat_request(R"({"model":"global.anthropic.claude-sonnet-4-5-20250929-v1:0","stream":false,"messages":[
        {"role":"user","content":"Weather?"},
        {"role":"assistant","reasoning":[
            {"text":"I need the tool.","state":{"origin":"bedrock","signature":"RXFRQmNnSVlBaElN"}},
            {"text":"","state":{"origin":"bedrock","data":"cmVkYWN0ZWQ="}},
            {"text":"Anthropic's own.","state":{"origin":"anthropic","signature":"c2ln"}},
            {"text":"Unsigned thoughts."}],
         "content":"Checking.","tool_calls":[{"id":"t1","name":"weather","arguments":"{\"city\":\"Paris\"}"}]},
        {"role":"tool","tool_call_id":"t1","content":"sunny"}]})");
    const auto assistant = body_of(r).at("messages").at(1);
    check_json_equal(assistant, boost::json::parse(R"({"role":"assistant","content":[
        {"reasoningContent":{"reasoningText":{"text":"I need the tool.","signature":"RXFRQmNnSVlBaElN"}}},
        {"reasoningContent":{"redactedContent":"cmVkYWN0ZWQ="}},
        {"text":"Checking."},
        {"toolUse":{"toolUseId":"t1","name":"weather","input":{"city":"Paris"}}}]})"));
    // A family that never signs its reasoning is not sent Claude's.
    r.model = "meta.llama3-1-70b-instruct-v1:0";
    BOOST_TEST(body_of(r).at("messages").at(1).at("content").at(0) == boost::json::parse(R"({"text":"Checking."})"));
    // A profile ARN hides the family: a Claude one would refuse the tool turn without it.
    r.model = "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123";
    BOOST_TEST(body_of(r).at("messages").at(1).at("content").at(0).as_object().contains("reasoningContent"));
}

BOOST_AUTO_TEST_CASE(a_failed_tool_result_has_status_error_and_keeps_its_images) {
    auto request = user_request("look", false, "global.anthropic.claude-sonnet-4-5-20250929-v1:0");
    request.messages.push_back(assistant_calling("t1", "screenshot", "{}"));
    Message result = tool_message("t1", "could not read the whole page");
    result.is_error = true;
    ContentPart image;
    image.kind = ContentPart::Kind::image;
    image.media_type = "image/png";
    image.data = "iVBORw0KGgo=";
    result.content.push_back(image);
    request.messages.push_back(result);
    check_json_equal(body_of(request).at("messages").at(2).at("content").at(0), boost::json::parse(R"(
        {"toolResult":{"toolUseId":"t1","content":[{"text":"could not read the whole page"},
            {"image":{"format":"png","source":{"bytes":"iVBORw0KGgo="}}}],"status":"error"}})"));
    // A model without `status` is told in the text.
    request.model = "meta.llama3-1-70b-instruct-v1:0";
    const auto result_block = body_of(request).at("messages").at(2).at("content").at(0).at("toolResult");
    BOOST_TEST(!result_block.as_object().contains("status"));
    BOOST_TEST(result_block.at("content").at(0) == boost::json::parse(R"({"text":"Error:"})"));
    BOOST_TEST(result_block.at("content").at(1) == boost::json::parse(R"({"text":"could not read the whole page"})"));
}

BOOST_AUTO_TEST_CASE(top_p_and_top_k_go_where_each_family_takes_them) {
    auto request = user_request("hi", false, "us.anthropic.claude-sonnet-4-20250514-v1:0");
    request.top_p = 0.9;
    request.top_k = 40;
    request.temperature = 0.5;
    // The request's top_k wins over the option's; the option's other fields stay.
    const auto claude =
        body_of(request, bedrock_config({{"additional_model_request_fields", {{"top_k", 5}, {"x", 1}}}}));
    check_json_equal(claude.at("inferenceConfig"), boost::json::parse(R"({"temperature":0.5,"topP":0.9})"));
    check_json_equal(claude.at("additionalModelRequestFields"), boost::json::parse(R"({"top_k":40,"x":1})"));

    request.model = "us.amazon.nova-pro-v1:0";
    const auto nova =
        body_of(request, bedrock_config({{"additional_model_request_fields", {{"inferenceConfig", {{"a", 1}}}}}}));
    check_json_equal(nova.at("additionalModelRequestFields"),
                     boost::json::parse(R"({"inferenceConfig":{"a":1,"topK":40}})"));
    BOOST_TEST(nova.at("inferenceConfig").at("topP") == 0.9);

    // No known slot: left out rather than refused.
    request.model = "meta.llama3-1-70b-instruct-v1:0";
    const auto llama = body_of(request);
    BOOST_TEST(!llama.contains("additionalModelRequestFields"));
    BOOST_TEST(llama.at("inferenceConfig").at("topP") == 0.9);
}

BOOST_AUTO_TEST_CASE(service_tier_goes_as_converse_names_it) {
    auto request = user_request("hi", false);
    auto tier_of = [&](std::string tier) -> boost::json::value {
        request.service_tier = std::move(tier);
        const auto body = body_of(request);
        return body.contains("serviceTier") ? body.at("serviceTier") : boost::json::value(nullptr);
    };
    BOOST_TEST(tier_of("flex") == boost::json::parse(R"({"type":"flex"})"));
    BOOST_TEST(tier_of("priority") == boost::json::parse(R"({"type":"priority"})"));
    BOOST_TEST(tier_of("auto").is_null());
    BOOST_TEST(tier_of("").is_null());
}
