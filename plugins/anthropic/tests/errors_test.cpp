// Anthropic HTTP failures -> typed errors, through the anthropic plugin, for streamed and
// non-streamed requests: every error class, retry hints, bodies that are not Anthropic's JSON,
// and the credential never appearing in a message.
#include "plugins/anthropic/tests/test_support.hpp"

#include <boost/test/unit_test.hpp>

using namespace llmhost;
using namespace llmhost::testing;

namespace {

std::string error_body(std::string_view type, std::string_view message) {
    return R"({"type":"error","error":{"type":")" + std::string(type) + R"(","message":")" + std::string(message) +
           R"("},"request_id":"req_011CSHoEeqs5C35K2UUqR7Fy"})";
}

struct Case {
    int status;
    Headers headers;
    std::string body;
    llmh_error_class expected;
    int64_t retry_after_ms;
    std::string message; // expected in the error text
};

const std::vector<Case> cases{
    {401,
     {},
     error_body("authentication_error", "invalid x-api-key"),
     LLMH_ERR_AUTHENTICATION,
     -1,
     "anthropic: invalid x-api-key (authentication_error, HTTP 401)"},
    {403,
     {},
     error_body("permission_error", "Your API key does not have permission to use the specified resource."),
     LLMH_ERR_PERMISSION,
     -1,
     "(permission_error, HTTP 403)"},
    {404, {}, error_body("not_found_error", "model: claude-nope"), LLMH_ERR_NOT_FOUND, -1, "model: claude-nope"},
    {400,
     {},
     error_body("invalid_request_error", "max_tokens: Field required"),
     LLMH_ERR_BAD_REQUEST,
     -1,
     "max_tokens: Field required"},
    {400,
     {},
     error_body("invalid_request_error", "prompt is too long: 208310 tokens > 200000 maximum"),
     LLMH_ERR_CONTEXT_LENGTH,
     -1,
     "prompt is too long"},
    {400,
     {},
     error_body("invalid_request_error",
                "Your credit balance is too low to access the Anthropic API. Please go to Plans & Billing."),
     LLMH_ERR_QUOTA_EXHAUSTED,
     -1,
     "credit balance"},
    {402,
     {},
     error_body("billing_error", "Payment required"),
     LLMH_ERR_QUOTA_EXHAUSTED,
     -1,
     "(billing_error, HTTP 402)"},
    {413,
     {},
     error_body("request_too_large", "Request exceeds the maximum allowed number of bytes."),
     LLMH_ERR_BAD_REQUEST,
     -1,
     "maximum allowed number of bytes"},
    {413,
     {{"Content-Type", "text/html"}},
     "<html><body><h1>413 Request Entity Too Large</h1></body></html>",
     LLMH_ERR_BAD_REQUEST,
     -1,
     "(HTTP 413)"},
    {429,
     {{"retry-after", "7"}},
     error_body("rate_limit_error", "Number of request tokens has exceeded your limit"),
     LLMH_ERR_RATE_LIMITED,
     7000,
     "(rate_limit_error, HTTP 429)"},
    {429, {}, error_body("rate_limit_error", "slow down"), LLMH_ERR_RATE_LIMITED, -1, "slow down"},
    {500, {}, error_body("api_error", "Internal server error"), LLMH_ERR_SERVER, -1, "(api_error, HTTP 500)"},
    {504, {}, error_body("timeout_error", "Request timed out"), LLMH_ERR_TIMEOUT, -1, "Request timed out"},
    {529,
     {},
     error_body("overloaded_error", "Overloaded"),
     LLMH_ERR_OVERLOADED,
     -1,
     "anthropic: Overloaded (overloaded_error, HTTP 529)"},
    {529,
     {{"Content-Type", "text/plain"}},
     "overloaded, try later",
     LLMH_ERR_OVERLOADED,
     -1,
     "overloaded, try later (HTTP 529)"},
    {502, {{"Content-Type", "text/html"}}, "<html>Bad gateway</html>", LLMH_ERR_SERVER, -1, "(HTTP 502)"},
    {401, {}, "", LLMH_ERR_AUTHENTICATION, -1, "no error message (HTTP 401)"},
    {503,
     {},
     R"({"error":{"message":"upstream connect error","type":"server_error"}})",
     LLMH_ERR_OVERLOADED,
     -1,
     "upstream connect error"},
    {302, {{"Location", "https://elsewhere.test/"}}, "", LLMH_ERR_MALFORMED_RESPONSE, -1, "(HTTP 302)"},
};

CannedResponse canned(const Case& c) {
    CannedResponse r;
    r.status = c.status;
    r.headers = c.headers;
    if (find_header(r.headers, "Content-Type").empty()) r.headers.emplace_back("Content-Type", "application/json");
    r.body = c.body;
    return r;
}

} // namespace

BOOST_AUTO_TEST_CASE(every_error_class_streamed_and_not) {
    for (const auto& c : cases) {
        for (const bool streamed : {true, false}) {
            BOOST_TEST_CONTEXT("HTTP " << c.status << " " << c.body << (streamed ? " (streamed)" : "")) {
                const auto run = anthropic_exchange(canned(c), anthropic_user_request(streamed)).first;
                BOOST_REQUIRE(run.error);
                BOOST_TEST(error_class_name(run.error->error_class()) == error_class_name(c.expected));
                BOOST_TEST(run.error->http_status() == c.status);
                BOOST_TEST(run.error->retry_after_ms() == c.retry_after_ms);
                BOOST_TEST(std::string(run.error->what()).find(c.message) != std::string::npos, run.error->what());
                BOOST_TEST(run.lines.empty());
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(error_bodies_are_read_whatever_the_split) {
    CannedResponse r = CannedResponse::json(529, error_body("overloaded_error", "Overloaded"));
    const auto run = anthropic_chat_at_every_split(r);
    BOOST_REQUIRE(run.error);
    BOOST_TEST(run.error->error_class() == LLMH_ERR_OVERLOADED);
}

BOOST_AUTO_TEST_CASE(retry_after_as_an_http_date) {
    // FakeHost's clock is 2023-11-14T22:13:20Z; the date is 30 s later.
    const auto run = anthropic_exchange(CannedResponse::json(429, error_body("rate_limit_error", "slow down"),
                                                             {{"Retry-After", "Tue, 14 Nov 2023 22:13:50 GMT"}}))
                         .first;
    BOOST_REQUIRE(run.error);
    BOOST_TEST(run.error->retry_after_ms() == 30000);
}

BOOST_AUTO_TEST_CASE(an_echoed_key_is_redacted) {
    const auto run =
        anthropic_exchange(CannedResponse::json(401, error_body("authentication_error", "bad key sk-ant-SECRET-42")),
                           anthropic_user_request(), anthropic_config(), "sk-ant-SECRET-42")
            .first;
    BOOST_REQUIRE(run.error);
    const std::string message = run.error->what();
    BOOST_TEST(message.find("SECRET") == std::string::npos, message);
    BOOST_TEST(message.find("[redacted]") != std::string::npos, message);
}

BOOST_AUTO_TEST_CASE(an_error_document_with_status_200) {
    const auto run = anthropic_exchange(CannedResponse::json(200, error_body("overloaded_error", "Overloaded")),
                                        anthropic_user_request(false))
                         .first;
    BOOST_REQUIRE(run.error);
    BOOST_TEST(run.error->error_class() == LLMH_ERR_OVERLOADED);
    BOOST_TEST(run.lines.empty());
}

// Named with the provider id by the SDK's table, like every error a plugin reports.
BOOST_AUTO_TEST_CASE(transport_failures_pass_through) {
    CannedResponse refused;
    refused.status = 0;
    refused.transport_error = LLMH_ERR_NETWORK;
    refused.transport_message = "connection refused";
    const auto run = anthropic_exchange(refused).first;
    BOOST_REQUIRE(run.error);
    BOOST_TEST(run.error->error_class() == LLMH_ERR_NETWORK);
    BOOST_TEST(std::string(run.error->what()) == "anthropic: connection refused");
}

BOOST_AUTO_TEST_CASE(error_type_decides_over_status_and_message_refines_bad_requests) {
    BOOST_TEST(anthropic_error_class(500, {"overloaded_error", "x"}) == LLMH_ERR_OVERLOADED);
    BOOST_TEST(anthropic_error_class(400, {"", "Prompt is too long"}) == LLMH_ERR_CONTEXT_LENGTH);
    BOOST_TEST(anthropic_error_class(422, {"", "input length and `max_tokens` exceed context limit"}) ==
               LLMH_ERR_CONTEXT_LENGTH);
    BOOST_TEST(anthropic_error_class(429, {"", "too long to wait"}) == LLMH_ERR_RATE_LIMITED);
    BOOST_TEST(anthropic_error_class(0, {"", ""}) == LLMH_ERR_SERVER); // mid-stream, unknown
}
