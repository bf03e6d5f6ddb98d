// The anthropic plugin through its C table: non-streaming messages, model listing, options
// validation and what it refuses to do.
#include "plugins/anthropic/tests/test_support.hpp"

#include <boost/test/unit_test.hpp>

using namespace llmhost;
using namespace llmhost::testing;

namespace {

using Lines = std::vector<std::string>;

const char* const tool_message = R"({"id":"msg_01","type":"message","role":"assistant","model":"claude-sonnet-4-5",
 "content":[{"type":"thinking","thinking":"The user wants weather.","signature":"EqQBCgIYAhIM"},
            {"type":"redacted_thinking","data":"EmwKAhgBEgy3va"},
            {"type":"text","text":"Checking."},
            {"type":"tool_use","id":"toolu_01","name":"get_weather","input":{"city":"Paris"}},
            {"type":"server_tool_use","id":"srvtoolu_1","name":"web_search","input":{"query":"x"}},
            {"type":"tool_use","id":"toolu_02","name":"get_time","input":{}}],
 "stop_reason":"tool_use","stop_sequence":null,
 "usage":{"input_tokens":472,"output_tokens":41,"cache_creation_input_tokens":8,"cache_read_input_tokens":20}})";

std::string models_page(std::string_view data, bool has_more, std::string_view last_id) {
    return R"({"data":)" + std::string(data) + R"(,"has_more":)" + (has_more ? "true" : "false") +
           R"(,"first_id":null,"last_id":")" + std::string(last_id) + R"("})";
}

} // namespace

BOOST_AUTO_TEST_CASE(non_streaming_message_with_thinking_text_and_tools) {
    const auto run = anthropic_exchange(CannedResponse::json(200, tool_message), anthropic_user_request(false)).first;
    BOOST_REQUIRE_MESSAGE(!run.error, (run.error ? run.error->what() : ""));
    const Lines expected{"start id=msg_01 model=claude-sonnet-4-5",
                         "reasoning The user wants weather.",
                         "state -1 origin=anthropic signature=EqQBCgIYAhIM",
                         "state -1 origin=anthropic data=EmwKAhgBEgy3va",
                         "text Checking.",
                         "tool_start 0 toolu_01 get_weather",
                         R"(tool_delta 0 {"city":"Paris"})",
                         "tool_start 1 toolu_02 get_time",
                         "tool_delta 1 {}",
                         "usage in=500 out=41 cached=20 reasoning=-1 cache_write=8",
                         "finish tool_calls"};
    BOOST_TEST(run.lines == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(non_streaming_and_streaming_give_the_same_response) {
    const auto whole = anthropic_exchange(CannedResponse::json(200, R"({"id":"msg_9","type":"message","model":"m",
        "content":[{"type":"text","text":"Hello there"}],"stop_reason":"max_tokens",
        "usage":{"input_tokens":3,"output_tokens":2}})"),
                                          anthropic_user_request(false))
                           .first;
    const auto streamed =
        anthropic_exchange(
            CannedResponse::sse(
                "event: message_start\ndata: "
                R"({"type":"message_start","message":{"id":"msg_9","model":"m","usage":{"input_tokens":3,"output_tokens":1}}})"
                "\n\nevent: content_block_start\ndata: "
                R"({"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}})"
                "\n\nevent: content_block_delta\ndata: "
                R"({"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hello there"}})"
                "\n\nevent: message_delta\ndata: "
                R"({"type":"message_delta","delta":{"stop_reason":"max_tokens"},"usage":{"output_tokens":2}})"
                "\n\nevent: message_stop\ndata: {\"type\":\"message_stop\"}\n\n"))
            .first;
    BOOST_REQUIRE(!whole.error);
    BOOST_REQUIRE(!streamed.error);
    for (const auto* run : {&whole, &streamed}) {
        BOOST_TEST(run->response.id == "msg_9");
        BOOST_TEST(run->response.model == "m");
        BOOST_TEST(run->response.text == "Hello there");
        BOOST_TEST(run->response.finish_reason == LLMH_FINISH_LENGTH);
        BOOST_TEST(run->response.usage.input_tokens == 3);
        BOOST_TEST(run->response.usage.output_tokens == 2);
    }
}

BOOST_AUTO_TEST_CASE(a_json_answer_to_a_streaming_request_is_understood) {
    const auto run = anthropic_exchange(CannedResponse::json(200, tool_message), anthropic_user_request(true)).first;
    BOOST_REQUIRE(!run.error);
    BOOST_TEST(run.response.tool_calls.size() == 2u);
}

BOOST_AUTO_TEST_CASE(unusable_messages_are_malformed) {
    for (const char* body : {"not json", "[1,2]", R"({"id":"msg_1","type":"message"})"}) {
        BOOST_TEST_CONTEXT(body) {
            const auto run = anthropic_exchange(CannedResponse::json(200, body), anthropic_user_request(false)).first;
            BOOST_REQUIRE(run.error);
            BOOST_TEST(run.error->error_class() == LLMH_ERR_MALFORMED_RESPONSE);
            BOOST_TEST(run.lines.empty());
        }
    }
}

BOOST_AUTO_TEST_CASE(models_listing_follows_pages) {
    FakeHost fake;
    AbiProvider provider(anthropic_table(), fake, "anthropic", anthropic_config());
    fake.responses.push_back(CannedResponse::json(
        200, models_page(R"([{"type":"model","id":"claude-sonnet-4-5-20250929","display_name":"Claude Sonnet 4.5",
                             "created_at":"2025-09-29T00:00:00Z"},{"type":"model","id":"claude-opus-4-1"}])",
                         true, "claude-opus-4-1")));
    fake.responses.push_back(CannedResponse::json(
        200, models_page(R"([{"type":"model","id":"claude-haiku-4-5","display_name":"Claude Haiku 4.5"},{"id":""}])",
                         false, "claude-haiku-4-5")));
    auto ctx = fake.context("sk-ant-models");
    const auto models = boost::json::parse(provider.list_models(ctx));
    BOOST_TEST(models == boost::json::parse(R"({"models":[
        {"id":"claude-sonnet-4-5-20250929","display_name":"Claude Sonnet 4.5"},
        {"id":"claude-opus-4-1"},
        {"id":"claude-haiku-4-5","display_name":"Claude Haiku 4.5"}]})"),
               boost::json::serialize(models));
    BOOST_REQUIRE_EQUAL(fake.requests.size(), 2u);
    BOOST_TEST(fake.requests[0].method == "GET");
    BOOST_TEST(fake.requests[0].url == "https://api.anthropic.test/v1/models?limit=1000");
    BOOST_TEST(fake.requests[1].url == "https://api.anthropic.test/v1/models?limit=1000&after_id=claude-opus-4-1");
    BOOST_TEST(fake.requests[0].header("x-api-key") == "sk-ant-models");
    BOOST_TEST(fake.requests[0].header("anthropic-version") == "2023-06-01");
    BOOST_TEST(fake.requests[0].body.empty());
    BOOST_TEST(!fake.requests[0].has_header("Content-Type"));
}

BOOST_AUTO_TEST_CASE(models_in_llmhost_shape_are_read_too) {
    FakeHost fake;
    AbiProvider provider(anthropic_table(), fake, "anthropic", anthropic_config());
    fake.responses.push_back(CannedResponse::json(200, R"({"models":[{"id":"claude-gw-1"}]})"));
    auto ctx = fake.context("k");
    BOOST_TEST(boost::json::parse(provider.list_models(ctx)) ==
               boost::json::parse(R"({"models":[{"id":"claude-gw-1"}]})"));
}

BOOST_AUTO_TEST_CASE(models_listing_errors_are_typed) {
    FakeHost fake;
    AbiProvider provider(anthropic_table(), fake, "anthropic", anthropic_config());
    fake.responses.push_back(CannedResponse::json(
        401, R"({"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}})"));
    fake.responses.push_back(CannedResponse::json(200, R"({"object":"list"})"));
    auto ctx = fake.context("k");
    for (const auto expected : {LLMH_ERR_AUTHENTICATION, LLMH_ERR_MALFORMED_RESPONSE}) {
        try {
            provider.list_models(ctx);
            BOOST_FAIL("expected an error");
        } catch (const Error& e) {
            BOOST_TEST(e.error_class() == expected, e.what());
        }
    }
}

BOOST_AUTO_TEST_CASE(embeddings_are_not_offered) {
    FakeHost fake;
    AbiProvider provider(anthropic_table(), fake, "anthropic", anthropic_config());
    auto ctx = fake.context("k");
    try {
        provider.embed(ctx, R"({"model":"claude-sonnet-4-5","input":["x"]})");
        BOOST_FAIL("expected an error");
    } catch (const Error& e) {
        BOOST_TEST(e.error_class() == LLMH_ERR_UNSUPPORTED);
    }
    BOOST_TEST(fake.requests.empty());
}

BOOST_AUTO_TEST_CASE(unknown_options_are_rejected_naming_the_known_ones) {
    const auto error = anthropic_create_error(anthropic_config({{"max_tokens_field", "max_tokens"}}));
    BOOST_REQUIRE(error);
    BOOST_TEST(error->error_class() == LLMH_ERR_INVALID_CONFIG);
    BOOST_TEST(std::string(error->what()) ==
                   "anthropic: unknown option 'max_tokens_field' (known options: auth, anthropic_version, "
                   "anthropic_beta, default_max_tokens, forward_betas, drop_betas)",
               error->what());
}

BOOST_AUTO_TEST_CASE(option_values_are_validated) {
    const std::vector<std::pair<boost::json::object, std::string>> cases{
        {{{"auth", "oauth"}}, "option 'auth' must be \"api_key\" or \"bearer\", not \"oauth\""},
        {{{"auth", true}}, "option 'auth' must be a string"},
        {{{"default_max_tokens", 0}}, "option 'default_max_tokens' must be at least 1"},
        {{{"default_max_tokens", "4096"}}, "option 'default_max_tokens' must be an integer"},
        {{{"anthropic_version", ""}}, "option 'anthropic_version' must not be empty"},
        {{{"anthropic_beta", 3}}, "option 'anthropic_beta' must be a string or an array of strings"},
        {{{"anthropic_beta", boost::json::array{"a", 1}}},
         "option 'anthropic_beta' must be a string or an array of strings"}};
    for (const auto& [options, message] : cases) {
        BOOST_TEST_CONTEXT(boost::json::serialize(options)) {
            const auto error = anthropic_create_error(anthropic_config(options));
            BOOST_REQUIRE(error);
            BOOST_TEST(error->error_class() == LLMH_ERR_INVALID_CONFIG);
            BOOST_TEST(std::string(error->what()).find(message) != std::string::npos, error->what());
        }
    }
    BOOST_TEST(!anthropic_create_error(anthropic_config({{"auth", "api_key"},
                                                         {"anthropic_version", "2023-06-01"},
                                                         {"anthropic_beta", boost::json::array()},
                                                         {"default_max_tokens", 8192}})));
}

BOOST_AUTO_TEST_CASE(base_url_must_be_an_http_url) {
    for (const char* url : {"", "api.anthropic.com", "ftp://api.anthropic.com"}) {
        BOOST_TEST_CONTEXT(url) {
            const auto error = anthropic_create_error(anthropic_config({}, url));
            BOOST_REQUIRE(error);
            BOOST_TEST(error->error_class() == LLMH_ERR_INVALID_CONFIG);
            BOOST_TEST(std::string(error->what()).rfind("anthropic: ", 0) == 0u, error->what());
        }
    }
}

// cloudflare-anthropic: Cloudflare AI Gateway's account and gateway fill the base_url, from
// options or the environment.
BOOST_AUTO_TEST_CASE(cloudflare_account_and_gateway_fill_the_base_url) {
    const std::string url = "https://gateway.ai.cloudflare.com/v1/{account_id}/{gateway_id}/anthropic";
    FakeHost fake;
    fake.env = {{"CLOUDFLARE_GATEWAY_ID", "gw"}};
    AbiProvider provider(anthropic_table(), fake, "cloudflare-anthropic",
                         provider_config("cloudflare-anthropic", url, "claude-sonnet-4-5", {{"account_id", "acc"}}));
    fake.responses.push_back(CannedResponse::sse("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n"));
    run_anthropic_chat(fake, provider, anthropic_user_request());
    BOOST_REQUIRE_EQUAL(fake.requests.size(), 1u);
    BOOST_TEST(fake.requests.front().url == "https://gateway.ai.cloudflare.com/v1/acc/gw/anthropic/v1/messages");

    const auto error = anthropic_create_error(provider_config("cloudflare-anthropic", url, "", {{"gateway_id", "gw"}}));
    BOOST_REQUIRE(error);
    BOOST_TEST(error->error_class() == LLMH_ERR_INVALID_CONFIG);
    BOOST_TEST(std::string(error->what()).find("or export CLOUDFLARE_ACCOUNT_ID") != std::string::npos, error->what());
}

BOOST_AUTO_TEST_CASE(a_request_without_any_model_is_refused_before_io) {
    FakeHost fake;
    AbiProvider provider(anthropic_table(), fake, "anthropic-custom",
                         provider_config("anthropic-custom", "http://127.0.0.1:9"));
    const auto run = run_anthropic_chat(fake, provider, R"({"model":"","messages":[{"role":"user","content":"hi"}]})");
    BOOST_REQUIRE(run.error);
    BOOST_TEST(run.error->error_class() == LLMH_ERR_BAD_REQUEST);
    BOOST_TEST(std::string(run.error->what()).find("anthropic-custom: no model given") != std::string::npos,
               run.error->what());
    BOOST_TEST(fake.requests.empty());
}
