// The azure plugin reading Azure's answers through its C table with a fake host: streams with
// content-filter results (split at every byte offset), and the errors Azure adds to OpenAI's
// (content filter, DeploymentNotFound, retry-after-ms), with no secret in any message.
#include "unit/openai_test_support.hpp"

#include "plugins/azure/azure_provider.hpp"

#include <boost/test/unit_test.hpp>

#include <map>
#include <optional>
#include <string>
#include <vector>

using namespace llmhost;
using namespace llmhost::testing;

namespace {

const llmh_plugin& azure_table() {
    return *plugin_detail::Adapter<&azure_plugin::make_provider>::table("azure", "test");
}

const std::string deployment_config =
    provider_config("azure", "", "gpt-4o", {{"resource", "myres"}, {"deployment", "gpt4o-prod"}});

const std::string stream_request = R"({"model":"gpt-4o","stream":true,"messages":[{"role":"user","content":"hi"}]})";

// One chat through the plugin against `response`; the events and error together.
ChatOutcome plugin_chat(const CannedResponse& response, const std::string& config_json = deployment_config,
                        std::string_view key = "azure-key-SECRET", const std::map<std::string, std::string>& env = {}) {
    FakeHost fake;
    fake.env = env;
    AbiProvider provider(azure_table(), fake, "azure", config_json);
    fake.responses.push_back(response);
    return chat_through_table(fake, provider, stream_request, key);
}

// The same run with the body cut at every offset and byte by byte; all must agree.
ChatOutcome plugin_chat_at_every_split(const CannedResponse& response) {
    return same_outcome_at_every_split(response, [](const CannedResponse& r) { return plugin_chat(r); });
}

std::string chunk(const std::string& choice_fields) {
    return R"(data: {"id":"chatcmpl-Z1","object":"chat.completion.chunk","created":1735689600,"model":"gpt-4o-2024-08-06","choices":[{"index":0,)" +
           choice_fields +
           R"(,"content_filter_results":{"hate":{"filtered":false,"severity":"safe"}}}],"usage":null})"
           "\n\n";
}

// Azure's first chunk: no choices, only the prompt's filter results.
const std::string prompt_filter_chunk =
    R"(data: {"choices":[],"created":0,"id":"","model":"","object":"","prompt_filter_results":[{"prompt_index":0,"content_filter_results":{"hate":{"filtered":false,"severity":"safe"},"jailbreak":{"filtered":false,"detected":false}}}]})"
    "\n\n";

bool contains(std::string_view haystack, std::string_view needle) {
    return haystack.find(needle) != std::string_view::npos;
}

} // namespace

BOOST_AUTO_TEST_CASE(stream_skips_the_prompt_filter_chunk_and_reports_usage) {
    const auto outcome = plugin_chat_at_every_split(CannedResponse::sse(
        prompt_filter_chunk + chunk(R"("delta":{"role":"assistant","content":""},"finish_reason":null)") +
        chunk(R"("delta":{"content":"Hello"},"finish_reason":null)") +
        chunk(R"("delta":{"content":" there"},"finish_reason":null)") + chunk(R"("delta":{},"finish_reason":"stop")") +
        R"(data: {"id":"chatcmpl-Z1","object":"chat.completion.chunk","model":"gpt-4o-2024-08-06","choices":[],"usage":{"prompt_tokens":9,"completion_tokens":2,"total_tokens":11}})"
        "\n\ndata: [DONE]\n\n"));
    BOOST_REQUIRE(!outcome.error);
    // The finish event comes last, after the usage chunk that follows finish_reason.
    const std::vector<std::string> expected{"start id=chatcmpl-Z1 model=gpt-4o-2024-08-06", "text Hello", "text  there",
                                            "usage in=9 out=2 cached=-1 reasoning=-1", "finish stop"};
    BOOST_TEST(outcome.lines == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(content_filter_mid_stream_finishes_with_content_filter) {
    const auto outcome = plugin_chat_at_every_split(CannedResponse::sse(
        prompt_filter_chunk + chunk(R"("delta":{"role":"assistant","content":"Here is"},"finish_reason":null)") +
        R"(data: {"id":"chatcmpl-Z1","object":"chat.completion.chunk","model":"gpt-4o-2024-08-06","choices":[{"index":0,"delta":{},"finish_reason":"content_filter","content_filter_results":{"violence":{"filtered":true,"severity":"high"}}}]})"
        "\n\ndata: [DONE]\n\n"));
    BOOST_REQUIRE(!outcome.error);
    BOOST_TEST(outcome.response.text == "Here is");
    BOOST_TEST(outcome.response.finish_reason == LLMH_FINISH_CONTENT_FILTER);
    BOOST_TEST(outcome.lines.back() == "finish content_filter");
}

BOOST_AUTO_TEST_CASE(prompt_blocked_by_the_content_filter_is_a_bad_request_saying_so) {
    const auto outcome = plugin_chat(CannedResponse::json(
        400,
        R"({"error":{"message":"The response was filtered due to the prompt triggering Azure OpenAI's content management policy.",
            "type":null,"param":"prompt","code":"content_filter","status":400,
            "innererror":{"code":"ResponsibleAIPolicyViolation","content_filter_result":{
              "hate":{"filtered":true,"severity":"high"},"jailbreak":{"filtered":false,"detected":false},
              "self_harm":{"filtered":false,"severity":"safe"},"violence":{"filtered":true,"severity":"medium"}}}}})"));
    BOOST_REQUIRE(outcome.error);
    BOOST_TEST(outcome.error->error_class() == LLMH_ERR_BAD_REQUEST);
    BOOST_TEST(outcome.error->http_status() == 400);
    BOOST_TEST(std::string(outcome.error->what()) ==
               "azure: the Azure content filter blocked the prompt (hate (high), violence (medium)): The response was "
               "filtered due to the prompt triggering Azure OpenAI's content management policy. (HTTP 400)");
    BOOST_TEST(outcome.lines.empty());
}

BOOST_AUTO_TEST_CASE(other_400s_keep_the_openai_mapping) {
    const auto overflow = plugin_chat(CannedResponse::json(
        400,
        R"({"error":{"message":"This model's maximum context length is 128000 tokens.","type":"invalid_request_error",
                 "param":"messages","code":"context_length_exceeded"}})"));
    BOOST_REQUIRE(overflow.error);
    BOOST_TEST(overflow.error->error_class() == LLMH_ERR_CONTEXT_LENGTH);
    BOOST_TEST(!contains(overflow.error->what(), "content filter"));
}

BOOST_AUTO_TEST_CASE(deployment_not_found_names_the_deployment) {
    const auto outcome = plugin_chat(CannedResponse::json(
        404,
        R"({"error":{"code":"DeploymentNotFound","message":"The API deployment for this resource does not exist. If you created the deployment within the last 5 minutes, please wait a moment and try again."}})"));
    BOOST_REQUIRE(outcome.error);
    BOOST_TEST(outcome.error->error_class() == LLMH_ERR_NOT_FOUND);
    BOOST_TEST(outcome.error->http_status() == 404);
    const std::string message = outcome.error->what();
    BOOST_TEST(
        contains(message, "azure: deployment 'gpt4o-prod' does not exist at https://myres.openai.azure.com (HTTP 404)"),
        message);
    BOOST_TEST(contains(message, "The API deployment for this resource does not exist."), message);
}

BOOST_AUTO_TEST_CASE(deployment_not_found_on_embeddings_names_the_embedding_deployment) {
    FakeHost fake;
    AbiProvider provider(azure_table(), fake, "azure", provider_config("azure", "", "gpt-4o", {{"resource", "myres"}}));
    fake.responses.push_back(CannedResponse::json(
        404,
        R"({"error":{"code":"DeploymentNotFound","message":"The API deployment for this resource does not exist."}})"));
    auto ctx = fake.context("azure-key-1");
    try {
        provider.embed(ctx, R"({"model":"embed-small","input":["x"]})");
        BOOST_FAIL("embed succeeded");
    } catch (const Error& e) {
        BOOST_TEST(e.error_class() == LLMH_ERR_NOT_FOUND);
        BOOST_TEST(contains(e.what(), "deployment 'embed-small' does not exist"), e.what());
    }
}

BOOST_AUTO_TEST_CASE(other_404s_are_not_found_without_blaming_the_deployment) {
    const auto outcome =
        plugin_chat(CannedResponse::json(404, R"({"error":{"code":"404","message":"Resource not found"}})"));
    BOOST_REQUIRE(outcome.error);
    BOOST_TEST(outcome.error->error_class() == LLMH_ERR_NOT_FOUND);
    BOOST_TEST(std::string(outcome.error->what()) == "azure: Resource not found (HTTP 404)");
}

BOOST_AUTO_TEST_CASE(rate_limit_honours_retry_after_ms) {
    struct Case {
        Headers headers;
        int64_t retry_after_ms;
    };
    for (const auto& c : std::vector<Case>{{{{"retry-after-ms", "1500"}, {"retry-after", "2"}}, 1500},
                                           {{{"retry-after-ms", "250.75"}}, 250},
                                           {{{"retry-after", "3"}}, 3000},
                                           {{}, 7000}}) {
        const auto outcome = plugin_chat(CannedResponse::json(
            429,
            R"({"error":{"code":"429","message":"Requests to the ChatCompletions_Create Operation have exceeded call rate limit. Please retry after 7 seconds."}})",
            c.headers));
        BOOST_REQUIRE(outcome.error);
        BOOST_TEST(outcome.error->error_class() == LLMH_ERR_RATE_LIMITED);
        BOOST_TEST(outcome.error->retry_after_ms() == c.retry_after_ms);
    }
}

BOOST_AUTO_TEST_CASE(wrong_key_is_an_authentication_error_without_the_key) {
    const auto outcome = plugin_chat(CannedResponse::json(
        401,
        R"({"error":{"code":"401","message":"Access denied due to invalid subscription key azure-key-SECRET or wrong API endpoint."}})"));
    BOOST_REQUIRE(outcome.error);
    BOOST_TEST(outcome.error->error_class() == LLMH_ERR_AUTHENTICATION);
    BOOST_TEST(!contains(outcome.error->what(), "SECRET"), outcome.error->what());
}

BOOST_AUTO_TEST_CASE(entra_token_never_appears_in_errors) {
    const std::string config =
        provider_config("azure", "https://myres.openai.azure.com", "gpt-4o", {{"auth", "entra"}});
    const auto outcome = plugin_chat(
        CannedResponse::json(
            401, R"({"error":{"code":"InvalidAuthenticationToken","message":"Token eyJ-TOKEN-SECRET is expired"}})"),
        config, "", {{"AZURE_OPENAI_AD_TOKEN", "eyJ-TOKEN-SECRET"}});
    BOOST_REQUIRE(outcome.error);
    BOOST_TEST(outcome.error->error_class() == LLMH_ERR_AUTHENTICATION);
    BOOST_TEST(!contains(outcome.error->what(), "eyJ-TOKEN-SECRET"), outcome.error->what());
    BOOST_TEST(contains(outcome.error->what(), "[redacted]"), outcome.error->what());
}

BOOST_AUTO_TEST_CASE(non_streaming_answer_with_filter_results) {
    FakeHost fake;
    AbiProvider provider(azure_table(), fake, "azure", deployment_config);
    fake.responses.push_back(
        CannedResponse::json(200, R"({"id":"chatcmpl-Z2","object":"chat.completion","model":"gpt-4o-2024-08-06",
          "prompt_filter_results":[{"prompt_index":0,"content_filter_results":{}}],
          "choices":[{"index":0,"finish_reason":"stop","message":{"role":"assistant","content":"Hi!"},
                      "content_filter_results":{"hate":{"filtered":false,"severity":"safe"}}}],
          "usage":{"prompt_tokens":5,"completion_tokens":1,"total_tokens":6}})"));
    auto ctx = fake.context("azure-key-1");
    EventRecorder recorder;
    const auto error = provider.chat(
        ctx, R"({"model":"gpt-4o","stream":false,"messages":[{"role":"user","content":"hi"}]})", recorder);
    BOOST_REQUIRE(!error);
    const std::vector<std::string> expected{"start id=chatcmpl-Z2 model=gpt-4o-2024-08-06", "text Hi!",
                                            "usage in=5 out=1 cached=-1 reasoning=-1", "finish stop"};
    BOOST_TEST(recorder.lines() == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(reasoning_content_is_marked_as_this_providers_and_cache_reads_are_counted) {
    const auto outcome = plugin_chat_at_every_split(CannedResponse::sse(
        prompt_filter_chunk + chunk(R"("delta":{"role":"assistant","reasoning_content":"Think."})") +
        chunk(R"("delta":{"content":"42"},"finish_reason":"stop")") +
        R"(data: {"id":"chatcmpl-Z1","choices":[],"usage":{"prompt_tokens":2000,"completion_tokens":9,"prompt_tokens_details":{"cached_tokens":1920},"completion_tokens_details":{"reasoning_tokens":4}}})"
        "\n\ndata: [DONE]\n\n"));
    const std::vector<std::string> expected{"start id=chatcmpl-Z1 model=gpt-4o-2024-08-06",
                                            "reasoning Think.",
                                            "state -1 origin=openai-chat/azure",
                                            "text 42",
                                            "usage in=2000 out=9 cached=1920 reasoning=4",
                                            "finish stop"};
    BOOST_TEST(outcome.transcript() == expected, boost::test_tools::per_element());
}
