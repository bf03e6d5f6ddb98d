// The plugin's options: known keys and their types are checked when the provider is created.
#include "plugins/ollama/tests/test_support.hpp"
#include "unit/fake_host_services.hpp"

#include <boost/test/unit_test.hpp>

using namespace llmhost;
using namespace llmhost::testing;

namespace {

std::optional<Error> create_error(boost::json::object options) {
    FakeHost fake;
    try {
        AbiProvider provider(ollama_table(), fake, "ollama", ollama_config(std::move(options)));
    } catch (const Error& e) {
        return e;
    }
    return std::nullopt;
}

std::string message_for(boost::json::object options) {
    const auto e = create_error(std::move(options));
    BOOST_REQUIRE_MESSAGE(e, "options were accepted");
    BOOST_TEST(e->error_class() == LLMH_ERR_INVALID_CONFIG);
    return e->what();
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

} // namespace

BOOST_AUTO_TEST_CASE(valid_options_are_accepted) {
    BOOST_TEST(!create_error({}));
    BOOST_TEST(
        !create_error({{"options", {{"num_ctx", 8192}, {"top_p", 0.9}}}, {"keep_alive", "10m"}, {"think", true}}));
    BOOST_TEST(!create_error({{"keep_alive", 3600}, {"think", "high"}}));
    BOOST_TEST(!create_error({{"keep_alive", -1}, {"think", false}}));
    BOOST_TEST(!create_error({{"options", nullptr}})); // null means unset
}

BOOST_AUTO_TEST_CASE(unknown_options_name_the_known_ones) {
    const auto message = message_for({{"num_ctx", 8192}});
    BOOST_TEST(contains(message, "ollama: unknown option 'num_ctx'"), message);
    BOOST_TEST(contains(message, "options, keep_alive, think"), message);
}

BOOST_AUTO_TEST_CASE(wrongly_typed_options_say_what_is_expected) {
    auto message = message_for({{"options", 8192}});
    BOOST_TEST(contains(message, "option 'options' must be a table"), message);
    message = message_for({{"keep_alive", true}});
    BOOST_TEST(contains(message, "option 'keep_alive' must be"), message);
    message = message_for({{"keep_alive", ""}});
    BOOST_TEST(contains(message, "option 'keep_alive' must be"), message);
    message = message_for({{"think", 1}});
    BOOST_TEST(contains(message, "option 'think' must be"), message);
}
