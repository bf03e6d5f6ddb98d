// Each of the four accepted config shapes, read from a realistic sample file, normalises to
// the checked-in expectation (tests/expected/config/<shape>.json). The normalised form is
// what `llmhost config show --json` prints, secrets masked.
#include "core/config/config.hpp"
#include "core/config/config_json.hpp"
#include "support/test_env.hpp"

#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

using namespace llmhost;

namespace {

boost::json::value normalised(const std::string& shape) {
    auto doc = config::to_masked_json(
        config::load_config_file(std::string(LLMHOST_TEST_SOURCE_DIR) + "/tests/data/config/" + shape + ".toml"));
    doc["path"] = shape + ".toml"; // machine-independent
    return doc;
}

boost::json::value expected(const std::string& shape) {
    return boost::json::parse(
        testing::read_file(std::string(LLMHOST_TEST_SOURCE_DIR) + "/tests/expected/config/" + shape + ".json"));
}

} // namespace

BOOST_AUTO_TEST_CASE(each_shape_normalises_to_its_expectation) {
    for (const std::string shape : {"canonical", "array", "model_providers", "top_level"}) {
        const auto got = normalised(shape);
        BOOST_TEST(got == expected(shape), shape << ":\n" << boost::json::serialize(got));
    }
}

BOOST_AUTO_TEST_CASE(shapes_mean_the_same_thing) {
    // The same provider written in each provider shape gives the same entry (bar its origin).
    const std::string body = "base_url = \"http://h/v1\"\napi_key_env = \"K\"\ndefault_model = \"m\"\n";
    auto table = config::parse_config("[providers.p]\n" + body, "a.toml").providers.at(0);
    auto array = config::parse_config("[[providers]]\nname = \"p\"\n" + body, "b.toml").providers.at(0);
    auto model_providers = config::parse_config("[model_providers.p]\n" + body, "c.toml").providers.at(0);
    auto top = config::parse_config("default_provider = \"p\"\napi_url = \"http://h/v1\"\n", "d.toml").providers.at(0);
    for (auto* e : {&table, &array, &model_providers}) {
        BOOST_TEST(e->id == "p");
        BOOST_TEST(e->base_url == "http://h/v1");
        BOOST_TEST(e->api_key_env == "K");
        BOOST_TEST(e->default_model == "m");
    }
    BOOST_TEST(top.id == "p");
    BOOST_TEST(top.base_url == "http://h/v1");
}

BOOST_AUTO_TEST_CASE(secrets_are_masked_but_references_shown) {
    const auto doc = normalised("canonical");
    const std::string text = boost::json::serialize(doc);
    BOOST_TEST(text.find("literal-header-secret") == std::string::npos);
    BOOST_TEST(text.find("literal-reliability-secret") == std::string::npos);
    BOOST_TEST(text.find("${WORK_KEY}") != std::string::npos);
}
