// The bedrock plugin's token counter: CountTokens on the Converse form of the request
// (POST /model/{id}/count-tokens, {"input":{"converse":{...}}}), signed like every call, and
// its answer {"inputTokens"} or error.
#include "plugins/bedrock/tests/test_support.hpp"
#include "support/bedrock/sigv4_verifier.hpp"

#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include <optional>
#include <string>

using namespace llmhost;
using namespace llmhost::bedrock;
using namespace llmhost::bedrock::testing;
using llmhost::testing::SeenRequest;

namespace {

struct Counted {
    std::optional<int64_t> tokens;
    std::optional<Error> error;
};

Counted count(FakeHost& fake, const ChatRequest& request, const ProviderConfig& config = bedrock_config()) {
    Counted out;
    try {
        auto ctx = fake.context();
        Call call(fake.host(), &ctx);
        out.tokens = plugin_detail::with_subject(
            config.id, [&] { return make_provider(fake.host(), config)->count_tokens(request, call); });
    } catch (const Error& e) {
        out.error = e;
    }
    return out;
}

ChatRequest tool_turn() {
    return parse_chat_request(R"({"model":"anthropic.claude-3-5-haiku-20241022-v1:0","stream":true,
        "messages":[{"role":"system","content":"Be terse.","cache":{}},
                    {"role":"user","content":"Weather?"}],
        "tools":[{"name":"weather","description":"Weather","parameters":{"type":"object"}}],
        "tool_choice":"auto","max_tokens":100,"temperature":0.5,"top_k":10,"stop":["END"],
        "response_format":{"type":"json_object"}})");
}

} // namespace

BOOST_AUTO_TEST_CASE(count_tokens_sends_the_converse_input_and_reads_input_tokens) {
    FakeHost fake;
    use_example_keys(fake);
    fake.responses.push_back(CannedResponse::json(200, R"({"inputTokens":57})"));
    const auto out = count(fake, tool_turn());
    BOOST_REQUIRE_MESSAGE(!out.error, (out.error ? out.error->what() : ""));
    BOOST_TEST(*out.tokens == 57);
    BOOST_REQUIRE_EQUAL(fake.requests.size(), 1u);
    const SeenRequest& s = fake.requests.front();
    BOOST_TEST(s.method == "POST");
    BOOST_TEST(s.url == "https://bedrock-runtime.us-east-1.amazonaws.com/model/"
                        "anthropic.claude-3-5-haiku-20241022-v1%3A0/count-tokens");
    BOOST_TEST(s.header("Accept") == "application/json");
    // Only what a ConverseTokensRequest holds: no inferenceConfig or outputConfig, which shape
    // an answer; toolConfig as the Converse body has it.
    BOOST_TEST(s.json() == boost::json::parse(R"({"input":{"converse":{
        "messages":[{"role":"user","content":[{"text":"Weather?"}]}],
        "system":[{"text":"Be terse."},{"cachePoint":{"type":"default"}}],
        "toolConfig":{"tools":[{"toolSpec":{"name":"weather","description":"Weather","inputSchema":{"json":{"type":"object"}}}}],
                      "toolChoice":{"auto":{}}},
        "additionalModelRequestFields":{"top_k":10}}}})"),
               s.body);
    const auto parts = sigv4_split_url(s.url);
    BOOST_TEST(sigv4_verify(ReceivedRequest{s.method, parts.path, s.headers, s.body}, example_access_key_id,
                            example_secret_access_key, "bedrock") == "");
}

BOOST_AUTO_TEST_CASE(count_tokens_errors_are_bedrocks_typed_errors) {
    FakeHost fake;
    use_example_keys(fake);
    auto refused = CannedResponse::json(400, R"({"message":"The provided model doesn't support counting tokens."})");
    refused.headers.emplace_back("x-amzn-ErrorType", "ValidationException:http://internal.amazon.com/coral/");
    fake.responses.push_back(refused);
    const auto out = count(fake, tool_turn());
    BOOST_REQUIRE(out.error);
    BOOST_TEST(out.error->error_class() == LLMH_ERR_BAD_REQUEST);
    BOOST_TEST(std::string(out.error->what()).find("doesn't support counting tokens") != std::string::npos,
               out.error->what());
}

BOOST_AUTO_TEST_CASE(an_answer_without_input_tokens_is_malformed) {
    for (const std::string body : {R"({"tokens":5})", "not json", "[]"}) {
        FakeHost fake;
        use_example_keys(fake);
        fake.responses.push_back(CannedResponse::json(200, body));
        const auto out = count(fake, tool_turn());
        BOOST_REQUIRE_MESSAGE(out.error, body);
        BOOST_TEST(out.error->error_class() == LLMH_ERR_MALFORMED_RESPONSE);
        BOOST_TEST(std::string(out.error->what()).starts_with("bedrock: "), out.error->what());
    }
}

BOOST_AUTO_TEST_CASE(count_tokens_without_a_region_fails_before_any_request) {
    FakeHost fake;
    fake.env = {{"AWS_ACCESS_KEY_ID", "AKID"}, {"AWS_SECRET_ACCESS_KEY", "s"}};
    const auto out = count(fake, tool_turn(), bedrock_config({{"endpoint", "http://127.0.0.1:9"}}));
    BOOST_REQUIRE(out.error);
    BOOST_TEST(out.error->error_class() == LLMH_ERR_INVALID_CONFIG);
    BOOST_TEST(fake.requests.empty());
}
