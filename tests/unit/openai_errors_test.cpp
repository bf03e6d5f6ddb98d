// Upstream HTTP errors -> typed llmhost errors, for streamed and non-streamed chats, embeddings
// and model listing. The attempt's key never appears in a message.
#include "openai_test_support.hpp"

#include <boost/test/unit_test.hpp>

using namespace llmhost;
using namespace llmhost::testing;

namespace {

constexpr std::string_view secret = "sk-test-SECRET-0123456789";

struct ErrorCase {
    const char* name;
    int status;
    Headers headers;
    std::string body;
    llmh_error_class expected;
    int64_t retry_after_ms = -1;
    std::string message = {}; // "" = not checked
};

std::vector<ErrorCase> error_cases() {
    const std::string key(secret);
    return {
        {"401 invalid key (upstream echoes the key)",
         401,
         {},
         R"({"error":{"message":"Incorrect API key provided: )" + key +
             R"(.","type":"invalid_request_error","param":null,"code":"invalid_api_key"}})",
         LLMH_ERR_AUTHENTICATION,
         -1,
         "openai: Incorrect API key provided: [redacted]. (HTTP 401)"},
        {"403 region",
         403,
         {},
         R"({"error":{"message":"Country, region, or territory not supported","type":"request_forbidden","code":"unsupported_country_region_territory"}})",
         LLMH_ERR_PERMISSION,
         -1,
         "openai: Country, region, or territory not supported (HTTP 403)"},
        {"404 model",
         404,
         {},
         R"({"error":{"message":"The model `gpt-9` does not exist","type":"invalid_request_error","code":"model_not_found"}})",
         LLMH_ERR_NOT_FOUND},
        {"404 plain string error",
         404,
         {},
         R"({"error":"model 'x' not found"})",
         LLMH_ERR_NOT_FOUND,
         -1,
         "openai: model 'x' not found (HTTP 404)"},
        {"400 context code",
         400,
         {},
         R"({"error":{"message":"too many tokens","type":"invalid_request_error","code":"context_length_exceeded"}})",
         LLMH_ERR_CONTEXT_LENGTH},
        {"400 vLLM flat maximum context length",
         400,
         {},
         R"({"object":"error","message":"This model's maximum context length is 4096 tokens. However, you requested 5000 tokens.","type":"BadRequestError","param":null,"code":400})",
         LLMH_ERR_CONTEXT_LENGTH,
         -1,
         "openai: This model's maximum context length is 4096 tokens. However, you requested 5000 tokens. (HTTP 400)"},
        {"400 llama.cpp context size",
         400,
         {},
         R"({"error":{"code":400,"message":"request (9412 tokens) exceeds the available context size (8192 tokens), try increasing it","type":"exceed_context_size_error","n_prompt_tokens":9412,"n_ctx":8192}})",
         LLMH_ERR_CONTEXT_LENGTH},
        {"400 prompt too long", 400, {}, R"({"error":{"message":"Prompt is too long"}})", LLMH_ERR_CONTEXT_LENGTH},
        {"400 bad parameter",
         400,
         {},
         R"({"error":{"message":"Invalid value for 'temperature'","type":"invalid_request_error","param":"temperature","code":"invalid_value"}})",
         LLMH_ERR_BAD_REQUEST},
        {"429 retry-after-ms",
         429,
         {{"retry-after-ms", "1500.5"}, {"retry-after", "9"}},
         R"({"error":{"message":"Rate limit reached","type":"requests","code":"rate_limit_exceeded"}})",
         LLMH_ERR_RATE_LIMITED,
         1500,
         "openai: Rate limit reached (HTTP 429)"},
        {"429 retry-after seconds",
         429,
         {{"Retry-After", "2"}},
         R"({"error":{"message":"slow down"}})",
         LLMH_ERR_RATE_LIMITED,
         2000},
        {"429 retry-after fractional seconds",
         429,
         {{"retry-after", "0.25"}},
         R"({"error":{"message":"slow down"}})",
         LLMH_ERR_RATE_LIMITED,
         250},
        // The fake clock reads 2023-11-14T22:13:20Z; the date is 30 s later.
        {"429 retry-after HTTP date",
         429,
         {{"Retry-After", "Tue, 14 Nov 2023 22:13:50 GMT"}},
         R"({"error":{"message":"slow down"}})",
         LLMH_ERR_RATE_LIMITED,
         30000},
        {"429 retry hint only in the message (Azure)",
         429,
         {},
         R"({"error":{"code":"429","message":"Requests to the ChatCompletions_Create Operation have exceeded call rate limit. Please retry after 7 seconds."}})",
         LLMH_ERR_RATE_LIMITED,
         7000},
        {"429 without hint", 429, {}, R"({"error":{"message":"slow down"}})", LLMH_ERR_RATE_LIMITED, -1},
        {"429 insufficient_quota",
         429,
         {{"retry-after", "1"}},
         R"({"error":{"message":"You exceeded your current quota","type":"insufficient_quota","param":null,"code":"insufficient_quota"}})",
         LLMH_ERR_QUOTA_EXHAUSTED,
         1000},
        {"422 Mistral validation error (message is an object)",
         422,
         {},
         R"({"object":"error","message":{"detail":[{"type":"extra_forbidden","loc":["body","stream_options"],"msg":"Extra inputs are not permitted"}]},"type":"invalid_request_error","param":null,"code":null})",
         LLMH_ERR_BAD_REQUEST,
         -1,
         R"(openai: {"detail":[{"type":"extra_forbidden","loc":["body","stream_options"],"msg":"Extra inputs are not permitted"}]} (HTTP 422))"},
        {"500", 500, {}, R"({"error":{"message":"The server had an error","type":"server_error"}})", LLMH_ERR_SERVER},
        {"500 engine overloaded",
         500,
         {},
         R"({"error":{"message":"The engine is currently overloaded, please try again later","type":"server_error"}})",
         LLMH_ERR_OVERLOADED},
        {"503",
         503,
         {},
         R"({"error":{"code":503,"message":"Loading model","type":"unavailable_error"}})",
         LLMH_ERR_OVERLOADED,
         -1,
         "openai: Loading model (HTTP 503)"},
        {"502 proxy HTML page",
         502,
         {{"Content-Type", "text/html"}},
         "<html><body>Bad Gateway</body></html>",
         LLMH_ERR_SERVER,
         -1,
         "openai: <html><body>Bad Gateway</body></html> (HTTP 502)"},
        {"504 gateway timeout, empty body", 504, {}, "", LLMH_ERR_TIMEOUT, -1, "openai: no error message (HTTP 504)"},
    };
}

void check_error(const std::optional<Error>& error, const ErrorCase& c) {
    BOOST_TEST_CONTEXT(c.name) {
        BOOST_REQUIRE(error);
        BOOST_TEST(error_class_name(error->error_class()) == error_class_name(c.expected));
        BOOST_TEST(error->http_status() == c.status);
        BOOST_TEST(error->retry_after_ms() == c.retry_after_ms);
        const std::string message = error->what();
        if (!c.message.empty()) BOOST_TEST(message == c.message);
        BOOST_TEST(message.rfind("openai: ", 0) == 0u);
        BOOST_TEST(message.find("(HTTP " + std::to_string(c.status) + ")") != std::string::npos);
        BOOST_TEST(message.find(secret) == std::string::npos);
    }
}

CannedResponse canned(const ErrorCase& c) {
    CannedResponse r = CannedResponse::json(c.status, c.body, c.headers);
    return r;
}

} // namespace

BOOST_AUTO_TEST_CASE(every_http_error_class_non_streaming) {
    OpenAICompatibleClient client(openai_config());
    for (const auto& c : error_cases()) {
        FakeHost fake;
        fake.responses.push_back(canned(c));
        const auto outcome = run_chat(fake, client, user_request("hi", false), secret);
        check_error(outcome.error, c);
        BOOST_TEST(outcome.lines.empty());
    }
}

BOOST_AUTO_TEST_CASE(every_http_error_class_streaming_checks_status_first) {
    OpenAICompatibleClient client(openai_config());
    for (const auto& c : error_cases()) {
        FakeHost fake;
        auto r = canned(c);
        r.byte_by_byte = true;
        fake.responses.push_back(r);
        const auto outcome = run_chat(fake, client, user_request("hi", true), secret);
        check_error(outcome.error, c);
        BOOST_TEST(outcome.lines.empty());
    }
}

BOOST_AUTO_TEST_CASE(error_status_with_event_stream_content_type_is_still_an_error) {
    FakeHost fake;
    auto r = CannedResponse::sse(R"({"error":{"message":"nope","code":"invalid_api_key"}})");
    r.status = 401;
    fake.responses.push_back(r);
    OpenAICompatibleClient client(openai_config());
    const auto outcome = run_chat(fake, client, user_request("hi"));
    BOOST_REQUIRE(outcome.error);
    BOOST_TEST(outcome.error->error_class() == LLMH_ERR_AUTHENTICATION);
}

BOOST_AUTO_TEST_CASE(malformed_success_bodies) {
    OpenAICompatibleClient client(openai_config());
    for (std::string body : {"{not json", "[]", R"({"choices":[]})", R"({"object":"chat.completion"})"}) {
        FakeHost fake;
        fake.responses.push_back(CannedResponse::json(200, body));
        const auto outcome = run_chat(fake, client, user_request("hi", false));
        BOOST_TEST_CONTEXT(body) {
            BOOST_REQUIRE(outcome.error);
            BOOST_TEST(outcome.error->error_class() == LLMH_ERR_MALFORMED_RESPONSE);
            BOOST_TEST(std::string(outcome.error->what()).rfind("openai: ", 0) == 0u);
        }
    }
}

BOOST_AUTO_TEST_CASE(error_inside_a_200_body) {
    FakeHost fake;
    fake.responses.push_back(
        CannedResponse::json(200, R"({"error":{"message":"upstream provider failed","code":502}})"));
    OpenAICompatibleClient client(openai_config("openrouter"));
    const auto outcome = run_chat(fake, client, user_request("hi", false));
    BOOST_REQUIRE(outcome.error);
    BOOST_TEST(outcome.error->error_class() == LLMH_ERR_SERVER);
    BOOST_TEST(outcome.error->http_status() == 502);
    BOOST_TEST(std::string(outcome.error->what()) == "openrouter: upstream provider failed (HTTP 502)");
}

BOOST_AUTO_TEST_CASE(non_http_codes_in_a_200_body_are_not_statuses) {
    FakeHost fake;
    fake.responses.push_back(CannedResponse::json(200, R"({"error":{"message":"internal","code":"1000"}})"));
    OpenAICompatibleClient client(openai_config("mistral"));
    const auto outcome = run_chat(fake, client, user_request("hi", false));
    BOOST_REQUIRE(outcome.error);
    BOOST_TEST(outcome.error->error_class() == LLMH_ERR_SERVER);
    BOOST_TEST(outcome.error->http_status() == 0);
    BOOST_TEST(std::string(outcome.error->what()) == "mistral: internal (reported in the response)");
}

BOOST_AUTO_TEST_CASE(redirects_are_not_results) {
    FakeHost fake;
    fake.responses.push_back(CannedResponse::json(302, "", {{"Location", "https://elsewhere.test/"}}));
    OpenAICompatibleClient client(openai_config());
    const auto outcome = run_chat(fake, client, user_request("hi", false));
    BOOST_REQUIRE(outcome.error);
    BOOST_TEST(outcome.error->error_class() == LLMH_ERR_MALFORMED_RESPONSE);
}

BOOST_AUTO_TEST_CASE(embeddings_and_models_map_errors_too) {
    OpenAICompatibleClient client(openai_config());
    const std::string key(secret);
    FakeHost fake;
    fake.responses.push_back(
        CannedResponse::json(429, R"({"error":{"message":"quota for )" + key + R"(","code":"insufficient_quota"}})"));
    fake.responses.push_back(CannedResponse::json(401, R"({"error":{"message":"bad key )" + key + R"("}})"));
    auto ctx = fake.context(secret);
    Call call(fake.host(), &ctx);
    try {
        client.embed(EmbedRequest{"text-embedding-3-small", {"a"}}, call);
        BOOST_FAIL("expected an error");
    } catch (const Error& e) {
        BOOST_TEST(e.error_class() == LLMH_ERR_QUOTA_EXHAUSTED);
        BOOST_TEST(std::string(e.what()).find(secret) == std::string::npos);
    }
    try {
        client.list_models(call);
        BOOST_FAIL("expected an error");
    } catch (const Error& e) {
        BOOST_TEST(e.error_class() == LLMH_ERR_AUTHENTICATION);
        BOOST_TEST(std::string(e.what()) == "openai: bad key [redacted] (HTTP 401)");
    }
}

BOOST_AUTO_TEST_CASE(error_mapping_function_directly) {
    // The mapping is usable on its own (plugins with their own exchange loop).
    const Error e = openai_http_error("groq", 429, {{"retry-after", "3"}}, R"({"error":{"message":"Rate limit"}})", 0);
    BOOST_TEST(e.error_class() == LLMH_ERR_RATE_LIMITED);
    BOOST_TEST(e.retry_after_ms() == 3000);
    BOOST_TEST(std::string(e.what()) == "groq: Rate limit (HTTP 429)");
    BOOST_TEST(redact_secret("key abc and abc", "abc") == "key [redacted] and [redacted]");
}
