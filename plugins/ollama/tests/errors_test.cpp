// Ollama failures -> typed errors: every HTTP status Ollama uses (docs/protocols/ollama.md), errors
// inside 200 bodies, transport failures, and credentials kept out of messages.
#include "plugins/ollama/tests/test_support.hpp"
#include "unit/fake_host_services.hpp"

#include <boost/test/unit_test.hpp>

using namespace llmhost;
using namespace llmhost::testing;

namespace {

std::string chat_request(bool stream) {
    return R"({"model":"llama9","stream":)" + std::string(stream ? "true" : "false") +
           R"(,"messages":[{"role":"user","content":"hi"}]})";
}

// The error one chat call ends with, for a canned response.
Error chat_error(CannedResponse response, bool stream = true, std::string_view api_key = {}) {
    FakeHost fake;
    fake.responses.push_back(std::move(response));
    AbiProvider provider(ollama_table(), fake, "ollama", ollama_config());
    auto ctx = fake.context(api_key);
    EventRecorder recorder;
    const auto error = provider.chat(ctx, chat_request(stream), recorder);
    BOOST_REQUIRE_MESSAGE(error.has_value(), "the call was expected to fail");
    BOOST_TEST(recorder.events.empty(), "an error before the reply produces no events");
    return *error;
}

struct StatusCase {
    int status;
    std::string body;
    llmh_error_class expected;
    std::string message;
};

} // namespace

BOOST_AUTO_TEST_CASE(http_statuses_map_to_error_classes) {
    const std::vector<StatusCase> cases{
        {404, R"({"error":"model 'llama9' not found"})", LLMH_ERR_NOT_FOUND,
         "ollama: model 'llama9' not found (HTTP 404)"},
        {400, R"({"error":"invalid message format"})", LLMH_ERR_BAD_REQUEST,
         "ollama: invalid message format (HTTP 400)"},
        {400, R"({"error":"the input length exceeds the context length"})", LLMH_ERR_CONTEXT_LENGTH,
         "ollama: the input length exceeds the context length (HTTP 400)"},
        {429, R"({"error":"too many requests"})", LLMH_ERR_RATE_LIMITED, "ollama: too many requests (HTTP 429)"},
        {500, R"({"error":"llama runner process has terminated"})", LLMH_ERR_SERVER,
         "ollama: llama runner process has terminated (HTTP 500)"},
        {502, R"({"error":"cloud model unreachable"})", LLMH_ERR_SERVER, "ollama: cloud model unreachable (HTTP 502)"},
        {401, R"({"error":"unauthorized"})", LLMH_ERR_AUTHENTICATION, "ollama: unauthorized (HTTP 401)"},
        {500, "plain text failure", LLMH_ERR_SERVER, "ollama: plain text failure (HTTP 500)"},
    };
    for (const bool stream : {true, false})
        for (const auto& c : cases) {
            const auto e = chat_error(CannedResponse::json(c.status, c.body), stream);
            BOOST_TEST_CONTEXT("HTTP " << c.status << " " << c.body << (stream ? " streamed" : " not streamed")) {
                BOOST_TEST(e.error_class() == c.expected, error_class_name(e.error_class()));
                BOOST_TEST(e.http_status() == c.status);
                BOOST_TEST(e.what() == c.message);
            }
        }
}

BOOST_AUTO_TEST_CASE(rate_limits_carry_retry_after) {
    const auto e = chat_error(CannedResponse::json(429, R"({"error":"slow down"})", {{"Retry-After", "2"}}));
    BOOST_TEST(e.error_class() == LLMH_ERR_RATE_LIMITED);
    BOOST_TEST(e.retry_after_ms() == 2000);
    BOOST_TEST(chat_error(CannedResponse::json(429, R"({"error":"slow down"})")).retry_after_ms() == -1);
}

BOOST_AUTO_TEST_CASE(error_in_a_non_streamed_200_body) {
    auto e =
        chat_error(CannedResponse::json(200, R"({"error":"model 'llama9' not found, try pulling it first"})"), false);
    BOOST_TEST(e.error_class() == LLMH_ERR_NOT_FOUND);
    BOOST_TEST(e.what() ==
               std::string("ollama: model 'llama9' not found, try pulling it first (reported in the response)"));
    e = chat_error(CannedResponse::json(200, R"({"error":"out of memory"})"), false);
    BOOST_TEST(e.error_class() == LLMH_ERR_SERVER);
}

BOOST_AUTO_TEST_CASE(a_non_streamed_body_that_is_not_json_is_malformed) {
    const auto e = chat_error(CannedResponse::json(200, "<html>gateway</html>"), false);
    BOOST_TEST(e.error_class() == LLMH_ERR_MALFORMED_RESPONSE);
    BOOST_TEST(std::string(e.what()).find("<html>gateway</html>") != std::string::npos, e.what());
}

BOOST_AUTO_TEST_CASE(transport_failures_pass_through) {
    CannedResponse refused;
    refused.status = 0;
    refused.transport_error = LLMH_ERR_NETWORK;
    refused.transport_message = "connect to 127.0.0.1:11434: connection refused";
    auto e = chat_error(refused);
    BOOST_TEST(e.error_class() == LLMH_ERR_NETWORK);
    BOOST_TEST(e.what() == "ollama: " + refused.transport_message); // named by the SDK's table

    // A non-streamed body cut short by a timeout stays a timeout.
    CannedResponse cut = CannedResponse::json(200, R"({"model":"llama3.2","mess)");
    cut.transport_error = LLMH_ERR_TIMEOUT;
    cut.transport_message = "idle timeout";
    e = chat_error(cut, false);
    BOOST_TEST(e.error_class() == LLMH_ERR_TIMEOUT);
}

BOOST_AUTO_TEST_CASE(an_error_body_cut_short_is_still_mapped_by_status) {
    CannedResponse r = CannedResponse::json(500, R"({"error":"boom"})");
    r.transport_error = LLMH_ERR_NETWORK;
    const auto e = chat_error(r);
    BOOST_TEST(e.error_class() == LLMH_ERR_SERVER);
    BOOST_TEST(e.http_status() == 500);
}

BOOST_AUTO_TEST_CASE(the_key_never_appears_in_errors) {
    const std::string key = "ollama-SECRET-key-123";
    auto e = chat_error(CannedResponse::json(401, R"({"error":"invalid key ollama-SECRET-key-123"})"), true, key);
    BOOST_TEST(e.error_class() == LLMH_ERR_AUTHENTICATION);
    BOOST_TEST(std::string(e.what()).find("SECRET") == std::string::npos, e.what());
    BOOST_TEST(std::string(e.what()).find("[redacted]") != std::string::npos, e.what());

    // Also for errors reported inside a stream.
    CannedResponse r;
    r.headers = {{"Content-Type", "application/x-ndjson"}};
    r.body = R"({"error":"bad token ollama-SECRET-key-123"})"
             "\n";
    e = chat_error(r, true, key);
    BOOST_TEST(std::string(e.what()).find("SECRET") == std::string::npos, e.what());
}

BOOST_AUTO_TEST_CASE(models_and_embeddings_map_errors_too) {
    FakeHost fake;
    AbiProvider provider(ollama_table(), fake, "ollama", ollama_config());
    auto ctx = fake.context();
    fake.responses.push_back(CannedResponse::json(404, R"({"error":"model 'nomic' not found"})"));
    try {
        provider.embed(ctx, R"({"model":"nomic","input":["a"]})");
        BOOST_FAIL("embed should fail");
    } catch (const Error& e) {
        BOOST_TEST(e.error_class() == LLMH_ERR_NOT_FOUND);
        BOOST_TEST(e.http_status() == 404);
    }
    fake.responses.push_back(CannedResponse::json(500, R"({"error":"boom"})"));
    try {
        provider.list_models(ctx);
        BOOST_FAIL("list_models should fail");
    } catch (const Error& e) {
        BOOST_TEST(e.error_class() == LLMH_ERR_SERVER);
    }
}
