// The model listing (paginated GET /models) and embeddings (batchEmbedContents) of the gemini
// plugin, against canned responses.
#include "plugins/gemini/tests/test_support.hpp"

#include <boost/test/unit_test.hpp>

using namespace llmhost;
using namespace llmhost::testing;

namespace {

std::string list_models(FakeHost& fake, const std::string& config = gemini_config()) {
    AbiProvider provider(gemini_table(), fake, "gemini", config);
    auto ctx = fake.context(gemini_key);
    return provider.list_models(ctx);
}

std::string embed(FakeHost& fake, const std::string& request_json, const std::string& config = gemini_config()) {
    AbiProvider provider(gemini_table(), fake, "gemini", config);
    auto ctx = fake.context(gemini_key);
    return provider.embed(ctx, request_json);
}

std::string embed_request(const std::string& model, std::vector<std::string> input) {
    return boost::json::serialize(to_json(EmbedRequest{model, std::move(input)}));
}

std::string vectors(size_t n) {
    boost::json::array embeddings;
    for (size_t i = 0; i < n; ++i)
        embeddings.push_back(boost::json::object{{"values", boost::json::array{static_cast<double>(i), 0.5}}});
    return boost::json::serialize(boost::json::object{{"embeddings", std::move(embeddings)}});
}

Error error_of(const std::function<void()>& f) {
    try {
        f();
    } catch (const Error& e) {
        return e;
    }
    BOOST_FAIL("expected an error");
    throw std::logic_error("unreachable");
}

} // namespace

BOOST_AUTO_TEST_CASE(models_follow_pages_and_keep_chat_models) {
    FakeHost fake;
    fake.responses.push_back(CannedResponse::json(200, R"({"models":[
        {"name":"models/gemini-2.5-flash","displayName":"Gemini 2.5 Flash","inputTokenLimit":1048576,
         "outputTokenLimit":65536,"supportedGenerationMethods":["generateContent","countTokens"]},
        {"name":"models/gemini-embedding-001","displayName":"Gemini Embedding 001",
         "supportedGenerationMethods":["embedContent"]}],"nextPageToken":"page+2/="})"));
    fake.responses.push_back(CannedResponse::json(200, R"({"models":[
        {"name":"models/gemini-2.5-pro","supportedGenerationMethods":["generateContent"],"thinking":true}],
        "nextPageToken":"p3"})"));
    fake.responses.push_back(
        CannedResponse::json(200, R"({"models":[{"name":"models/learnlm-2.0","displayName":"LearnLM"}]})"));
    const auto models = boost::json::parse(list_models(fake));
    check_json_equal(models, boost::json::parse(R"({"models":[
        {"id":"gemini-2.5-flash","display_name":"Gemini 2.5 Flash","input_token_limit":1048576,"output_token_limit":65536},
        {"id":"gemini-2.5-pro"},
        {"id":"learnlm-2.0","display_name":"LearnLM"}]})"));
    BOOST_REQUIRE_EQUAL(fake.requests.size(), 3u);
    BOOST_TEST(fake.requests[0].method == "GET");
    BOOST_TEST(fake.requests[0].url == gemini_base + "/models?pageSize=1000");
    BOOST_TEST(fake.requests[1].url == gemini_base + "/models?pageSize=1000&pageToken=page%2B2%2F%3D");
    BOOST_TEST(fake.requests[2].url == gemini_base + "/models?pageSize=1000&pageToken=p3");
    for (const auto& r : fake.requests) {
        BOOST_TEST(r.header("x-goog-api-key") == gemini_key);
        BOOST_TEST(r.body.empty());
        BOOST_TEST(!r.has_header("Content-Type"));
    }
}

BOOST_AUTO_TEST_CASE(models_pagination_is_bounded) {
    FakeHost fake;
    for (int i = 0; i < 20; ++i)
        fake.responses.push_back(CannedResponse::json(200, R"({"models":[{"name":"models/m)" + std::to_string(i) +
                                                               R"("}],"nextPageToken":"t)" + std::to_string(i) +
                                                               R"("})"));
    const auto models = boost::json::parse(list_models(fake));
    BOOST_TEST(fake.requests.size() == 10u);
    BOOST_TEST(models.at("models").as_array().size() == 10u);

    // A server that repeats its token is not asked again.
    FakeHost repeating;
    for (int i = 0; i < 3; ++i)
        repeating.responses.push_back(CannedResponse::json(200, R"({"models":[],"nextPageToken":"same"})"));
    list_models(repeating);
    BOOST_TEST(repeating.requests.size() == 2u);
}

BOOST_AUTO_TEST_CASE(models_errors_are_typed) {
    FakeHost fake;
    fake.responses.push_back(CannedResponse::json(200, R"({"models":[],"nextPageToken":"2"})"));
    fake.responses.push_back(CannedResponse::json(
        403,
        R"({"error":{"code":403,"message":"Generative Language API has not been used in project 1","status":"PERMISSION_DENIED"}})"));
    const auto e = error_of([&] { list_models(fake); });
    BOOST_TEST(e.error_class() == LLMH_ERR_PERMISSION);
    BOOST_TEST(e.http_status() == 403);

    FakeHost garbled;
    garbled.responses.push_back(CannedResponse::json(200, "[1,2]"));
    BOOST_TEST(error_of([&] { list_models(garbled); }).error_class() == LLMH_ERR_MALFORMED_RESPONSE);
}

BOOST_AUTO_TEST_CASE(embeddings_request_and_result) {
    FakeHost fake;
    fake.responses.push_back(
        CannedResponse::json(200, R"({"embeddings":[{"values":[0.1,-0.2]},{"values":[0.3,0.4]}]})"));
    const auto result = boost::json::parse(embed(fake, embed_request("text-embedding-004", {"alpha", "beta"})));
    check_json_equal(result, boost::json::parse(R"({"model":"text-embedding-004",
        "data":[{"index":0,"embedding":[0.1,-0.2]},{"index":1,"embedding":[0.3,0.4]}],"usage":{}})"));
    BOOST_REQUIRE_EQUAL(fake.requests.size(), 1u);
    const auto& sent = fake.requests[0];
    BOOST_TEST(sent.method == "POST");
    BOOST_TEST(sent.url == gemini_base + "/models/text-embedding-004:batchEmbedContents");
    BOOST_TEST(sent.header("x-goog-api-key") == gemini_key);
    check_json_equal(sent.json(), boost::json::parse(R"({"requests":[
        {"model":"models/text-embedding-004","content":{"parts":[{"text":"alpha"}]}},
        {"model":"models/text-embedding-004","content":{"parts":[{"text":"beta"}]}}]})"));
}

BOOST_AUTO_TEST_CASE(chat_default_or_no_model_embeds_with_the_embedding_model) {
    struct Case {
        std::string requested;
        boost::json::object options;
        std::string expected;
    };
    for (const auto& c : std::vector<Case>{{"", {}, "gemini-embedding-001"},
                                           {"gemini-2.5-flash", {}, "gemini-embedding-001"},
                                           {"models/gemini-2.5-flash", {}, "gemini-embedding-001"},
                                           {"", {{"embedding_model", "text-embedding-004"}}, "text-embedding-004"},
                                           {"models/my-embedder", {}, "my-embedder"}}) {
        FakeHost fake;
        fake.responses.push_back(CannedResponse::json(200, vectors(1)));
        const auto result =
            boost::json::parse(embed(fake, embed_request(c.requested, {"x"}), gemini_config(c.options)));
        BOOST_TEST_CONTEXT("requested '" << c.requested << "'") {
            BOOST_TEST(result.at("model") == boost::json::value(c.expected));
            BOOST_TEST(fake.requests.at(0).url == gemini_base + "/models/" + c.expected + ":batchEmbedContents");
            BOOST_TEST(fake.requests.at(0).json().at("requests").at(0).at("model") ==
                       boost::json::value("models/" + c.expected));
        }
    }
}

BOOST_AUTO_TEST_CASE(long_inputs_go_in_batches_of_100) {
    FakeHost fake;
    fake.responses.push_back(CannedResponse::json(200, vectors(100)));
    fake.responses.push_back(CannedResponse::json(200, vectors(5)));
    const auto result = boost::json::parse(embed(fake, embed_request("e", std::vector<std::string>(105, "w"))));
    BOOST_REQUIRE_EQUAL(fake.requests.size(), 2u);
    BOOST_TEST(fake.requests[0].json().at("requests").as_array().size() == 100u);
    BOOST_TEST(fake.requests[1].json().at("requests").as_array().size() == 5u);
    const auto& data = result.at("data").as_array();
    BOOST_REQUIRE_EQUAL(data.size(), 105u);
    BOOST_TEST(data[100].at("index") == 100);
    BOOST_TEST(data[100].at("embedding").at(0) == 0.0); // the second batch's first vector
    BOOST_TEST(data[104].at("embedding").at(0) == 4.0);
}

BOOST_AUTO_TEST_CASE(embedding_failures) {
    FakeHost none;
    BOOST_TEST(error_of([&] { embed(none, embed_request("e", {})); }).error_class() == LLMH_ERR_BAD_REQUEST);
    BOOST_TEST(none.requests.empty());

    FakeHost short_answer;
    short_answer.responses.push_back(CannedResponse::json(200, vectors(1)));
    const auto e = error_of([&] { embed(short_answer, embed_request("e", {"a", "b"})); });
    BOOST_TEST(e.error_class() == LLMH_ERR_MALFORMED_RESPONSE);
    BOOST_TEST(std::string(e.what()).find("1 vectors for 2 inputs") != std::string::npos, e.what());

    FakeHost unknown_model;
    unknown_model.responses.push_back(CannedResponse::json(
        404, R"({"error":{"code":404,"message":"models/nope is not found","status":"NOT_FOUND"}})"));
    BOOST_TEST(error_of([&] { embed(unknown_model, embed_request("nope", {"a"})); }).error_class() ==
               LLMH_ERR_NOT_FOUND);
}
