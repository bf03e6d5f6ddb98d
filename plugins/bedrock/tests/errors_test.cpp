// Bedrock failures -> typed errors: every HTTP exception of docs/protocols/bedrock.md's table and the
// auth layer's 403s, the ways the type and message are spelled, retry hints, every stream
// exception, and secrets scrubbed from what the upstream echoes.
#include "plugins/bedrock/tests/test_support.hpp"
#include "support/bedrock/event_stream_encoder.hpp"

#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

using namespace llmhost;
using namespace llmhost::bedrock;
using namespace llmhost::bedrock::testing;

namespace {

Error http_failure(int status, Headers headers, std::string body, bool stream = false) {
    FakeHost fake;
    use_example_keys(fake);
    fake.responses.push_back(CannedResponse::json(status, std::move(body), std::move(headers)));
    const auto out = run_chat(fake, user_request("hi", stream));
    BOOST_REQUIRE(out.error);
    BOOST_TEST(out.lines.empty());
    return *out.error;
}

Error typed(int status, const std::string& type, const std::string& message = "boom") {
    return http_failure(status, {{"x-amzn-ErrorType", type + ":http://internal.amazon.com/coral/com.amazon.bedrock/"}},
                        R"({"message":")" + message + R"("})");
}

Error stream_failure(const std::string& frames) {
    FakeHost fake;
    use_example_keys(fake);
    fake.responses.push_back(event_stream_response(frames));
    const auto out = run_chat(fake, user_request("hi"));
    BOOST_REQUIRE(out.error);
    return *out.error;
}

std::string text_frames() {
    return event_frame("messageStart", R"({"role":"assistant"})") +
           event_frame("contentBlockDelta", R"({"contentBlockIndex":0,"delta":{"text":"par"}})");
}

bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

} // namespace

BOOST_AUTO_TEST_CASE(every_documented_http_exception_has_its_class) {
    struct Case {
        int status;
        std::string type;
        llmh_error_class cls;
    };
    for (const auto& c : std::vector<Case>{{400, "ValidationException", LLMH_ERR_BAD_REQUEST},
                                           {403, "AccessDeniedException", LLMH_ERR_PERMISSION},
                                           {404, "ResourceNotFoundException", LLMH_ERR_NOT_FOUND},
                                           {408, "ModelTimeoutException", LLMH_ERR_TIMEOUT},
                                           {429, "ThrottlingException", LLMH_ERR_RATE_LIMITED},
                                           {429, "ModelNotReadyException", LLMH_ERR_OVERLOADED},
                                           {424, "ModelErrorException", LLMH_ERR_SERVER},
                                           {500, "InternalServerException", LLMH_ERR_SERVER},
                                           {503, "ServiceUnavailableException", LLMH_ERR_OVERLOADED},
                                           {400, "ServiceQuotaExceededException", LLMH_ERR_QUOTA_EXHAUSTED},
                                           {403, "UnrecognizedClientException", LLMH_ERR_AUTHENTICATION},
                                           {403, "InvalidSignatureException", LLMH_ERR_AUTHENTICATION},
                                           {403, "ExpiredTokenException", LLMH_ERR_AUTHENTICATION},
                                           {403, "IncompleteSignatureException", LLMH_ERR_AUTHENTICATION},
                                           {403, "MissingAuthenticationTokenException", LLMH_ERR_AUTHENTICATION}}) {
        const Error e = typed(c.status, c.type);
        BOOST_TEST(e.error_class() == c.cls, c.type);
        BOOST_TEST(e.http_status() == c.status, c.type);
        BOOST_TEST(std::string(e.what()) == "bedrock: " + c.type + ": boom (HTTP " + std::to_string(c.status) + ")");
    }
}

BOOST_AUTO_TEST_CASE(too_long_validation_errors_are_context_length) {
    for (const std::string message :
         {"Input is too long for requested model.", "prompt is too long: 210000 tokens > 200000 maximum",
          "The model's context window is exceeded"})
        BOOST_TEST(typed(400, "ValidationException", message).error_class() == LLMH_ERR_CONTEXT_LENGTH, message);
    BOOST_TEST(typed(400, "ValidationException", "messages: field required").error_class() == LLMH_ERR_BAD_REQUEST);
}

BOOST_AUTO_TEST_CASE(type_and_message_spellings) {
    // Capitalised "Message", no ErrorType suffix.
    auto e = http_failure(429, {{"X-Amzn-ErrorType", "ThrottlingException"}}, R"({"Message":"Too many tokens"})");
    BOOST_TEST(e.error_class() == LLMH_ERR_RATE_LIMITED);
    BOOST_TEST(std::string(e.what()) == "bedrock: ThrottlingException: Too many tokens (HTTP 429)");
    // The type in the body's __type when the header is absent.
    e = http_failure(400, {}, R"({"__type":"com.amazon.coral.validate#ValidationException","message":"bad"})");
    BOOST_TEST(e.error_class() == LLMH_ERR_BAD_REQUEST);
    BOOST_TEST(contains(e.what(), "ValidationException: bad"), e.what());
    // No type at all: the status decides, and a non-JSON body is quoted.
    e = http_failure(502, {}, "<html>Bad Gateway</html>");
    BOOST_TEST(e.error_class() == LLMH_ERR_SERVER);
    BOOST_TEST(std::string(e.what()) == "bedrock: <html>Bad Gateway</html> (HTTP 502)");
    e = http_failure(403, {}, "");
    BOOST_TEST(e.error_class() == LLMH_ERR_PERMISSION);
    BOOST_TEST(contains(e.what(), "no error message"), e.what());
    // A type not known here: the status decides.
    BOOST_TEST(typed(409, "ConflictException").error_class() == LLMH_ERR_SERVER);
    BOOST_TEST(typed(401, "SomethingNewException").error_class() == LLMH_ERR_AUTHENTICATION);
}

BOOST_AUTO_TEST_CASE(errors_before_a_stream_are_mapped_the_same) {
    const Error e = http_failure(
        429, {{"x-amzn-ErrorType", "ThrottlingException:http://internal.amazon.com/"}, {"Retry-After", "3"}},
        R"({"message":"Too many requests, please wait before trying again."})", /*stream=*/true);
    BOOST_TEST(e.error_class() == LLMH_ERR_RATE_LIMITED);
    BOOST_TEST(e.retry_after_ms() == 3000);
    // Bedrock usually gives no hint [U]: then there is none.
    BOOST_TEST(typed(429, "ThrottlingException").retry_after_ms() == -1);
}

BOOST_AUTO_TEST_CASE(every_stream_exception_has_its_class) {
    struct Case {
        std::string type;
        llmh_error_class cls;
    };
    for (const auto& c : std::vector<Case>{{"throttlingException", LLMH_ERR_RATE_LIMITED},
                                           {"validationException", LLMH_ERR_BAD_REQUEST},
                                           {"modelStreamErrorException", LLMH_ERR_SERVER},
                                           {"internalServerException", LLMH_ERR_SERVER},
                                           {"serviceUnavailableException", LLMH_ERR_OVERLOADED},
                                           {"modelTimeoutException", LLMH_ERR_TIMEOUT},
                                           {"accessDeniedException", LLMH_ERR_PERMISSION},
                                           {"resourceNotFoundException", LLMH_ERR_NOT_FOUND},
                                           {"brandNewException", LLMH_ERR_SERVER}}) {
        const Error e = stream_failure(text_frames() + exception_frame(c.type, R"({"message":"it failed"})"));
        BOOST_TEST(e.error_class() == c.cls, c.type);
        BOOST_TEST(std::string(e.what()) == "bedrock: " + c.type + ": it failed", c.type);
    }
    const Error too_long =
        stream_failure(text_frames() + exception_frame("validationException",
                                                       R"({"message":"Input is too long for requested model."})"));
    BOOST_TEST(too_long.error_class() == LLMH_ERR_CONTEXT_LENGTH);
    const Error model = stream_failure(
        exception_frame("modelStreamErrorException",
                        R"({"message":"Model failed","originalStatusCode":500,"originalMessage":"oops"})"));
    BOOST_TEST(std::string(model.what()) == "bedrock: modelStreamErrorException: Model failed (model: oops)");
}

BOOST_AUTO_TEST_CASE(stream_error_messages_carry_code_and_text_in_headers) {
    const Error e = stream_failure(text_frames() + error_frame("ThrottlingException", "Rate exceeded"));
    BOOST_TEST(e.error_class() == LLMH_ERR_RATE_LIMITED);
    BOOST_TEST(std::string(e.what()) == "bedrock: ThrottlingException: Rate exceeded");
    const Error bare = stream_failure(error_frame("", ""));
    BOOST_TEST(bare.error_class() == LLMH_ERR_SERVER);
    BOOST_TEST(std::string(bare.what()) == "bedrock: stream error: no error message");
}

BOOST_AUTO_TEST_CASE(an_exception_after_text_keeps_what_arrived) {
    FakeHost fake;
    use_example_keys(fake);
    fake.responses.push_back(event_stream_response(text_frames() + exception_frame("throttlingException", "{}")));
    const auto out = run_chat(fake, user_request("hi"));
    BOOST_REQUIRE(out.error);
    BOOST_TEST(out.response.text == "par");
    BOOST_TEST(out.response.finish_reason == LLMH_FINISH_NONE);
}

BOOST_AUTO_TEST_CASE(secrets_echoed_by_the_upstream_are_scrubbed) {
    FakeHost fake;
    use_example_keys(fake);
    fake.env["AWS_SESSION_TOKEN"] = "SESSION-TOKEN-VALUE";
    // A signature error quotes the canonical request, session token included.
    fake.responses.push_back(CannedResponse::json(
        403,
        R"({"message":"The request signature we calculated does not match. The Canonical String for this request should have been 'x-amz-security-token:SESSION-TOKEN-VALUE' with secret wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"})",
        {{"x-amzn-ErrorType", "InvalidSignatureException"}}));
    const auto out = run_chat(fake, user_request("hi"));
    BOOST_REQUIRE(out.error);
    const std::string what = out.error->what();
    BOOST_TEST(out.error->error_class() == LLMH_ERR_AUTHENTICATION);
    BOOST_TEST(!contains(what, "SESSION-TOKEN-VALUE"), what);
    BOOST_TEST(!contains(what, example_secret_access_key), what);
    BOOST_TEST(contains(what, "[redacted]"), what);

    FakeHost bearer;
    bearer.env = {{"AWS_BEARER_TOKEN_BEDROCK", "ABSK-secret-key"}, {"AWS_REGION", "us-east-1"}};
    bearer.responses.push_back(CannedResponse::json(403, R"({"message":"Invalid API key ABSK-secret-key"})",
                                                    {{"x-amzn-ErrorType", "UnrecognizedClientException"}}));
    const auto rejected = run_chat(bearer, user_request("hi"));
    BOOST_REQUIRE(rejected.error);
    BOOST_TEST(!contains(rejected.error->what(), "ABSK-secret-key"), rejected.error->what());
}

BOOST_AUTO_TEST_CASE(transport_failures_pass_through) {
    FakeHost fake;
    use_example_keys(fake);
    CannedResponse refused;
    refused.status = 0;
    refused.transport_error = LLMH_ERR_NETWORK;
    refused.transport_message = "connection refused";
    fake.responses.push_back(refused);
    const auto out = run_chat(fake, user_request("hi"));
    BOOST_REQUIRE(out.error);
    BOOST_TEST(out.error->error_class() == LLMH_ERR_NETWORK);
}

BOOST_AUTO_TEST_CASE(missing_credentials_fail_before_any_request) {
    FakeHost fake; // nothing in the environment, no HOME
    const auto out = run_chat(fake, user_request("hi"));
    BOOST_REQUIRE(out.error);
    BOOST_TEST(out.error->error_class() == LLMH_ERR_MISSING_CREDENTIALS);
    BOOST_TEST(std::string(out.error->what()).starts_with("bedrock: no AWS credentials found"), out.error->what());
    BOOST_TEST(fake.requests.empty());
}
