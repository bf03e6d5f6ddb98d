// The model listing: a signed GET to the control plane's ListFoundationModels, read into
// {"models":[...]}; its endpoint choices and failures.
#include "plugins/bedrock/tests/test_support.hpp"
#include "support/bedrock/sigv4_verifier.hpp"

#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include <string>

using namespace llmhost;
using namespace llmhost::bedrock;
using namespace llmhost::bedrock::testing;

namespace {

const std::string listing = R"({"modelSummaries":[
    {"modelArn":"arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0",
     "modelId":"anthropic.claude-3-haiku-20240307-v1:0","modelName":"Claude 3 Haiku","providerName":"Anthropic",
     "inputModalities":["TEXT","IMAGE"],"outputModalities":["TEXT"],"responseStreamingSupported":true},
    {"modelId":"amazon.nova-micro-v1:0"},
    {"modelName":"no id, skipped"},
    "not an object"]})";

boost::json::value list(FakeHost& fake, const ProviderConfig& config = bedrock_config()) {
    auto provider = make_provider(fake.host(), config);
    auto ctx = fake.context();
    Call call(fake.host(), &ctx);
    return provider->list_models(call);
}

} // namespace

BOOST_AUTO_TEST_CASE(lists_text_models_from_the_signed_control_plane) {
    FakeHost fake;
    use_example_keys(fake);
    fake.responses.push_back(CannedResponse::json(200, listing));
    const auto models = list(fake);
    BOOST_TEST(models == boost::json::parse(R"({"models":[
        {"id":"anthropic.claude-3-haiku-20240307-v1:0","name":"Claude 3 Haiku","owned_by":"Anthropic"},
        {"id":"amazon.nova-micro-v1:0"}]})"));
    BOOST_REQUIRE_EQUAL(fake.requests.size(), 1u);
    const auto& r = fake.requests[0];
    BOOST_TEST(r.method == "GET");
    BOOST_TEST(r.url == "https://bedrock.us-east-1.amazonaws.com/foundation-models?byOutputModality=TEXT");
    BOOST_TEST(r.body.empty());
    BOOST_TEST(!r.has_header("Content-Type"));
    BOOST_TEST(r.header("Authorization").find("SignedHeaders=host;x-amz-date,") != std::string::npos);
    BOOST_TEST(sigv4_verify({r.method, "/foundation-models?byOutputModality=TEXT", r.headers, r.body},
                            example_access_key_id, example_secret_access_key, "bedrock") == "");
}

BOOST_AUTO_TEST_CASE(control_endpoint_choices) {
    FakeHost fake;
    use_example_keys(fake);
    for (int i = 0; i < 2; ++i)
        fake.responses.push_back(CannedResponse::json(200, listing));
    list(fake, bedrock_config({{"endpoint", "http://127.0.0.1:9"}}));
    list(fake, bedrock_config(
                   {{"endpoint", "http://127.0.0.1:9"}, {"control_endpoint", "https://bedrock.{region}.example"}}));
    BOOST_TEST(fake.requests[0].url == "http://127.0.0.1:9/foundation-models?byOutputModality=TEXT");
    BOOST_TEST(fake.requests[1].url == "https://bedrock.us-east-1.example/foundation-models?byOutputModality=TEXT");
}

BOOST_AUTO_TEST_CASE(listing_failures_are_typed) {
    FakeHost fake;
    use_example_keys(fake);
    fake.responses.push_back(
        CannedResponse::json(403, R"({"message":"not allowed"})", {{"x-amzn-ErrorType", "AccessDeniedException"}}));
    fake.responses.push_back(CannedResponse::json(200, R"({"models":[]})"));
    try {
        list(fake);
        BOOST_ERROR("a 403 listed models");
    } catch (const Error& e) {
        BOOST_TEST(e.error_class() == LLMH_ERR_PERMISSION);
    }
    try {
        list(fake);
        BOOST_ERROR("a body without modelSummaries listed models");
    } catch (const Error& e) {
        BOOST_TEST(e.error_class() == LLMH_ERR_MALFORMED_RESPONSE);
    }
    FakeHost nobody;
    try {
        list(nobody);
        BOOST_ERROR("listed models without credentials");
    } catch (const Error& e) {
        BOOST_TEST(e.error_class() == LLMH_ERR_MISSING_CREDENTIALS);
    }
    BOOST_TEST(nobody.requests.empty());
}
