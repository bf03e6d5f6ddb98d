// GET /api/tags -> {"models":[{"id","size","family","parameter_size","quantization_level"}]}.
#include "plugins/ollama/tests/test_support.hpp"
#include "unit/fake_host_services.hpp"

#include <boost/test/unit_test.hpp>

using namespace llmhost;
using namespace llmhost::testing;

namespace {

struct Listing {
    std::optional<boost::json::value> result;
    std::optional<Error> error;
    std::vector<SeenRequest> requests;
};

Listing list(CannedResponse response, std::string_view api_key = {}) {
    FakeHost fake;
    fake.responses.push_back(std::move(response));
    AbiProvider provider(ollama_table(), fake, "ollama", ollama_config());
    auto ctx = fake.context(api_key);
    Listing out;
    try {
        out.result = boost::json::parse(provider.list_models(ctx));
    } catch (const Error& e) {
        out.error = e;
    }
    out.requests = fake.requests;
    return out;
}

} // namespace

BOOST_AUTO_TEST_CASE(tags_become_models) {
    const auto listing = list(CannedResponse::json(200, R"({"models":[
        {"name":"llama3.2:latest","model":"llama3.2:latest","modified_at":"2025-05-04T17:37:44Z","size":2019393189,
         "digest":"a80c4f17","details":{"parent_model":"","format":"gguf","family":"llama","families":["llama"],
         "parameter_size":"3.2B","quantization_level":"Q4_K_M"}},
        {"model":"nomic-embed-text:latest","size":274302450},
        {"name":"bare"},
        {"size":1},
        "not an object"
    ]})"));
    BOOST_REQUIRE_MESSAGE(listing.result, (listing.error ? listing.error->what() : ""));
    const auto expected = boost::json::parse(R"({"models":[
        {"id":"llama3.2:latest","size":2019393189,"family":"llama","parameter_size":"3.2B","quantization_level":"Q4_K_M"},
        {"id":"nomic-embed-text:latest","size":274302450},
        {"id":"bare"}
    ]})");
    BOOST_TEST(*listing.result == expected, boost::json::serialize(*listing.result));
    BOOST_REQUIRE_EQUAL(listing.requests.size(), 1u);
    BOOST_TEST(listing.requests[0].method == "GET");
    BOOST_TEST(listing.requests[0].url == "http://ollama.test:11434/api/tags");
    BOOST_TEST(listing.requests[0].body.empty());
    BOOST_TEST(!listing.requests[0].has_header("Content-Type"));
    BOOST_TEST(listing.requests[0].header("Accept") == "application/json");
}

BOOST_AUTO_TEST_CASE(an_empty_server_lists_nothing) {
    const auto listing = list(CannedResponse::json(200, R"({"models":[]})"));
    BOOST_REQUIRE(listing.result);
    BOOST_TEST(listing.result->at("models").as_array().empty());
}

BOOST_AUTO_TEST_CASE(the_cloud_key_is_sent_when_there_is_one) {
    const auto listing = list(CannedResponse::json(200, R"({"models":[]})"), "cloud-key");
    BOOST_TEST(listing.requests.at(0).header("Authorization") == "Bearer cloud-key");
}

BOOST_AUTO_TEST_CASE(a_body_without_models_is_malformed) {
    for (const std::string body : {R"({"data":[]})", "[]", "not json"}) {
        const auto listing = list(CannedResponse::json(200, body));
        BOOST_REQUIRE_MESSAGE(listing.error, body);
        BOOST_TEST(listing.error->error_class() == LLMH_ERR_MALFORMED_RESPONSE, body);
    }
}
