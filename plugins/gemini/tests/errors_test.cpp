// Gemini error responses -> typed errors, for streamed and whole requests alike, and the key
// never appearing in an error.
#include "plugins/gemini/tests/test_support.hpp"
#include "support/http_error_case.hpp"

#include <boost/test/unit_test.hpp>

using namespace llmhost;
using namespace llmhost::testing;

namespace {

std::string google_error(int code, const std::string& status, const std::string& message,
                         const std::string& details = "") {
    return R"({"error":{"code":)" + std::to_string(code) + R"(,"message":")" + message + R"(","status":")" + status +
           R"(")" + (details.empty() ? "" : R"(,"details":)" + details) + "}}";
}

} // namespace

BOOST_AUTO_TEST_CASE(every_error_class) {
    const std::string key_invalid =
        R"([{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"API_KEY_INVALID","domain":"googleapis.com"}])";
    const std::string retry_30s = R"([{"@type":"type.googleapis.com/google.rpc.QuotaFailure","violations":[]},
        {"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"30s"}])";
    const std::vector<HttpErrorCase> cases{
        {400,
         {},
         google_error(400, "INVALID_ARGUMENT", "Invalid value at 'contents[0].role'"),
         LLMH_ERR_BAD_REQUEST,
         -1},
        {400,
         {},
         google_error(400, "INVALID_ARGUMENT", "API key not valid. Please pass a valid API key.", key_invalid),
         LLMH_ERR_AUTHENTICATION,
         -1},
        {400, {}, google_error(400, "INVALID_ARGUMENT", "Key rejected", key_invalid), LLMH_ERR_AUTHENTICATION, -1},
        {400,
         {},
         google_error(400, "INVALID_ARGUMENT",
                      "The input token count (1200000) exceeds the maximum number of tokens allowed (1048576)."),
         LLMH_ERR_CONTEXT_LENGTH,
         -1},
        {400,
         {},
         google_error(400, "FAILED_PRECONDITION", "User location is not supported for the API use."),
         LLMH_ERR_PERMISSION,
         -1},
        {401,
         {},
         google_error(401, "UNAUTHENTICATED", "Request had invalid authentication credentials."),
         LLMH_ERR_AUTHENTICATION,
         -1},
        {403,
         {},
         google_error(403, "PERMISSION_DENIED", "The caller does not have permission"),
         LLMH_ERR_PERMISSION,
         -1},
        {404,
         {},
         google_error(404, "NOT_FOUND", "models/gemini-9 is not found for API version v1beta"),
         LLMH_ERR_NOT_FOUND,
         -1},
        {429,
         {},
         google_error(429, "RESOURCE_EXHAUSTED", "You exceeded your current quota.", retry_30s),
         LLMH_ERR_RATE_LIMITED,
         30000},
        {429,
         {{"Retry-After", "2"}},
         google_error(429, "RESOURCE_EXHAUSTED", "Resource has been exhausted"),
         LLMH_ERR_RATE_LIMITED,
         2000},
        // RetryInfo says more precisely than the header what Google wants.
        {429,
         {{"Retry-After", "2"}},
         google_error(429, "RESOURCE_EXHAUSTED", "slow down",
                      R"([{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"1.5s"}])"),
         LLMH_ERR_RATE_LIMITED,
         1500},
        {429,
         {},
         google_error(
             429, "RESOURCE_EXHAUSTED", "slow down",
             R"([{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":{"seconds":4,"nanos":500000000}}])"),
         LLMH_ERR_RATE_LIMITED,
         4500},
        // An unreadable RetryInfo leaves the header to say it.
        {429,
         {{"Retry-After", "2"}},
         google_error(429, "RESOURCE_EXHAUSTED", "slow down",
                      R"([{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"soon"}])"),
         LLMH_ERR_RATE_LIMITED,
         2000},
        {500, {}, google_error(500, "INTERNAL", "An internal error has occurred."), LLMH_ERR_SERVER, -1},
        {503,
         {},
         google_error(503, "UNAVAILABLE", "The model is overloaded. Please try again later."),
         LLMH_ERR_OVERLOADED,
         -1},
        {504,
         {},
         google_error(504, "DEADLINE_EXCEEDED", "Deadline expired before operation could complete."),
         LLMH_ERR_TIMEOUT,
         -1},
        // No status string: the HTTP status decides; an HTML page from a proxy is quoted.
        {502, {}, "<html><body>Bad Gateway</body></html>", LLMH_ERR_SERVER, -1},
        {413,
         {},
         R"({"error":{"code":413,"message":"Request payload size exceeds the limit"}})",
         LLMH_ERR_BAD_REQUEST,
         -1},
        // The array shape of the non-SSE streaming endpoint.
        {404, {}, "[" + google_error(404, "NOT_FOUND", "not found") + "]", LLMH_ERR_NOT_FOUND, -1},
    };
    for (const auto& c : cases)
        for (const bool stream : {true, false}) {
            FakeHost fake;
            auto response = CannedResponse::json(c.status, c.body, c.headers);
            fake.responses.push_back(response);
            const auto outcome = gemini_chat(fake, gemini_user_request("hi", stream));
            BOOST_TEST_CONTEXT("HTTP " << c.status << " " << c.body << (stream ? " streamed" : "")) {
                BOOST_REQUIRE(outcome.error);
                BOOST_TEST(error_class_name(outcome.error->error_class()) == error_class_name(c.expected));
                BOOST_TEST(outcome.error->http_status() == c.status);
                BOOST_TEST(outcome.error->retry_after_ms() == c.retry_after_ms);
                BOOST_TEST(outcome.lines.empty());
                BOOST_TEST(std::string(outcome.error->what()).rfind("gemini: ", 0) == 0u, outcome.error->what());
            }
        }
}

BOOST_AUTO_TEST_CASE(message_names_the_status_and_quotes_the_upstream) {
    FakeHost fake;
    fake.responses.push_back(CannedResponse::json(
        404, google_error(404, "NOT_FOUND", "models/gemini-9 is not found for API version v1beta")));
    const auto outcome = gemini_chat(fake, gemini_user_request());
    BOOST_REQUIRE(outcome.error);
    BOOST_TEST(std::string(outcome.error->what()) ==
               "gemini: models/gemini-9 is not found for API version v1beta (HTTP 404 NOT_FOUND)");
    fake.responses.push_back(CannedResponse::json(502, "<html>Bad Gateway</html>"));
    const auto html = gemini_chat(fake, gemini_user_request());
    BOOST_REQUIRE(html.error);
    BOOST_TEST(std::string(html.error->what()) == "gemini: <html>Bad Gateway</html> (HTTP 502)");
}

BOOST_AUTO_TEST_CASE(the_key_never_appears_in_errors) {
    const std::string echoed =
        google_error(400, "INVALID_ARGUMENT", "API key not valid: " + std::string(gemini_key) + " was rejected");
    for (const bool stream : {true, false}) {
        FakeHost fake;
        fake.responses.push_back(CannedResponse::json(400, echoed));
        const auto outcome = gemini_chat(fake, gemini_user_request("hi", stream));
        BOOST_REQUIRE(outcome.error);
        BOOST_TEST(outcome.error->error_class() == LLMH_ERR_AUTHENTICATION);
        const std::string message = outcome.error->what();
        BOOST_TEST(message.find(gemini_key) == std::string::npos, message);
        BOOST_TEST(message.find("[redacted]") != std::string::npos, message);
    }
    // Mid-stream too.
    FakeHost fake;
    fake.responses.push_back(CannedResponse::sse(
        "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"a\"}]}}]}\n\n{\"error\":{\"code\":403,\"message\":"
        "\"key " +
        std::string(gemini_key) + " blocked\",\"status\":\"PERMISSION_DENIED\"}}\n"));
    const auto outcome = gemini_chat(fake, gemini_user_request());
    BOOST_REQUIRE(outcome.error);
    BOOST_TEST(outcome.error->error_class() == LLMH_ERR_PERMISSION);
    BOOST_TEST(std::string(outcome.error->what()).find(gemini_key) == std::string::npos, outcome.error->what());
}

BOOST_AUTO_TEST_CASE(transport_failures_before_a_response_pass_through) {
    FakeHost fake;
    CannedResponse refused;
    refused.status = 0;
    refused.transport_error = LLMH_ERR_TIMEOUT;
    refused.transport_message = "connect timed out";
    fake.responses.push_back(refused);
    const auto outcome = gemini_chat(fake, gemini_user_request());
    BOOST_REQUIRE(outcome.error);
    BOOST_TEST(outcome.error->error_class() == LLMH_ERR_TIMEOUT);
}
