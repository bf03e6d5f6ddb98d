// POST /api/embed -> {"model","data":[{"index","embedding"}],"usage":{"input_tokens"}}.
#include "plugins/ollama/tests/test_support.hpp"
#include "unit/fake_host_services.hpp"

#include <boost/test/unit_test.hpp>

using namespace llmhost;
using namespace llmhost::testing;

namespace {

struct Embedding {
    std::optional<boost::json::value> result;
    std::optional<Error> error;
};

Embedding embed(const std::string& body,
                const std::string& request = R"({"model":"nomic-embed-text","input":["alpha","beta"]})") {
    FakeHost fake;
    fake.responses.push_back(CannedResponse::json(200, body));
    AbiProvider provider(ollama_table(), fake, "ollama", ollama_config());
    auto ctx = fake.context();
    Embedding out;
    try {
        out.result = boost::json::parse(provider.embed(ctx, request));
    } catch (const Error& e) {
        out.error = e;
    }
    return out;
}

} // namespace

BOOST_AUTO_TEST_CASE(vectors_in_input_order_with_usage) {
    const auto out = embed(
        R"({"model":"nomic-embed-text","embeddings":[[0.1,-0.2,0.3],[0.4,0.5,-0.6]],"total_duration":14143917,"load_duration":1019500,"prompt_eval_count":8})");
    BOOST_REQUIRE_MESSAGE(out.result, (out.error ? out.error->what() : ""));
    const auto expected = boost::json::parse(
        R"({"model":"nomic-embed-text","data":[{"index":0,"embedding":[0.1,-0.2,0.3]},{"index":1,"embedding":[0.4,0.5,-0.6]}],"usage":{"input_tokens":8}})");
    BOOST_TEST(*out.result == expected, boost::json::serialize(*out.result));
}

BOOST_AUTO_TEST_CASE(missing_model_and_count_fall_back) {
    const auto out = embed(R"({"embeddings":[[1],[2]]})");
    BOOST_REQUIRE(out.result);
    BOOST_TEST(out.result->at("model") == "nomic-embed-text");
    BOOST_TEST(out.result->at("usage").at("input_tokens") == 0);
}

BOOST_AUTO_TEST_CASE(the_default_model_is_used_when_none_is_given) {
    FakeHost fake;
    fake.responses.push_back(CannedResponse::json(200, R"({"embeddings":[[1]]})"));
    AbiProvider provider(ollama_table(), fake, "ollama", ollama_config());
    auto ctx = fake.context();
    provider.embed(ctx, R"({"model":"","input":["x"]})");
    BOOST_TEST(fake.requests.at(0).json().at("model") == "llama3.2");
}

BOOST_AUTO_TEST_CASE(wrong_shapes_are_malformed) {
    for (const std::string body :
         {R"({"embedding":[1,2]})", R"({"embeddings":[[1]]})", R"({"embeddings":[1,2]})", "not json"}) {
        const auto out = embed(body);
        BOOST_REQUIRE_MESSAGE(out.error, body);
        BOOST_TEST(out.error->error_class() == LLMH_ERR_MALFORMED_RESPONSE, body);
    }
}

BOOST_AUTO_TEST_CASE(an_error_in_a_200_body_is_typed) {
    const auto out = embed(R"({"error":"this model does not support embeddings"})");
    BOOST_REQUIRE(out.error);
    BOOST_TEST(out.error->error_class() == LLMH_ERR_SERVER);
    BOOST_TEST(out.error->what() ==
               std::string("ollama: this model does not support embeddings (reported in the response)"));
}
