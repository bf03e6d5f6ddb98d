// Same-protocol pass-through in the SDK: extension fields merge under the provider's own, and
// beta headers go through the configured filter.
#include <llmhost/support/wire_extension.hpp>

#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

using namespace llmhost;

namespace {

ChatRequest with_extension(std::string protocol, std::string fields,
                           std::vector<std::pair<std::string, std::string>> headers = {}) {
    ChatRequest r;
    r.extension = {std::move(protocol), std::move(fields), std::move(headers)};
    return r;
}

BetaFilter filter(const char* options_json) {
    const auto options = boost::json::parse(options_json).as_object();
    return BetaFilter(OptionReader(options, {forward_betas_option, drop_betas_option}));
}

} // namespace

BOOST_AUTO_TEST_CASE(fields_merge_without_overriding_the_providers_own) {
    boost::json::object body{{"model", "real"}, {"stream", true}};
    const auto r = with_extension("openai-chat", R"({"model":"spoofed","stream":false,"seed":7,"x":{"y":[1]}})");
    const auto refused = merge_extension_fields(body, r, wire_protocol::openai_chat);
    BOOST_TEST(body.at("model") == "real");
    BOOST_TEST(body.at("stream") == true);
    BOOST_TEST(body.at("seed") == 7);
    BOOST_TEST(boost::json::serialize(body.at("x")) == R"({"y":[1]})");
    BOOST_TEST(refused == (std::vector<std::string>{"model", "stream"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(another_protocols_extension_is_ignored) {
    boost::json::object body{{"model", "real"}};
    const auto r = with_extension("anthropic-messages", R"({"context_management":{}})", {{"anthropic-beta", "b1"}});
    merge_extension_fields(body, r, wire_protocol::openai_chat);
    BOOST_TEST(body.size() == 1u);
    BOOST_TEST(forwarded_beta_header(r, wire_protocol::openai_chat, "anthropic-beta", BetaFilter()) == "");
    BOOST_TEST(forwarded_beta_header(r, wire_protocol::anthropic_messages, "Anthropic-Beta", BetaFilter()) == "b1");
}

BOOST_AUTO_TEST_CASE(betas_pass_the_configured_filter) {
    const auto r = with_extension("anthropic-messages", "",
                                  {{"anthropic-beta", "interleaved-thinking-2025-05-14, context-1m-2025-08-07"},
                                   {"anthropic-beta", "files-api-2025-04-14"}});
    const auto header = [&](const char* options) {
        return forwarded_beta_header(r, wire_protocol::anthropic_messages, "anthropic-beta", filter(options));
    };
    BOOST_TEST(header("{}") == "interleaved-thinking-2025-05-14,context-1m-2025-08-07,files-api-2025-04-14");
    BOOST_TEST(header(R"({"forward_betas":[]})") == "");
    BOOST_TEST(header(R"({"forward_betas":["interleaved-thinking-*"]})") == "interleaved-thinking-2025-05-14");
    BOOST_TEST(header(R"({"drop_betas":["context-1m-2025-08-07"]})") ==
               "interleaved-thinking-2025-05-14,files-api-2025-04-14");
    BOOST_TEST(header(R"({"forward_betas":["*"],"drop_betas":["*"]})") == "");
}

BOOST_AUTO_TEST_CASE(a_filter_option_of_the_wrong_shape_is_a_config_error) {
    try {
        filter(R"({"forward_betas":"all"})");
        BOOST_FAIL("accepted a string");
    } catch (const Error& e) {
        BOOST_TEST(e.error_class() == LLMH_ERR_INVALID_CONFIG);
        BOOST_TEST(std::string(e.what()) == "option 'forward_betas' must be an array of beta names (\"*\" for all)");
    }
}

BOOST_AUTO_TEST_CASE(the_beta_header_is_the_configured_betas_then_the_clients_each_once) {
    const auto r = with_extension("anthropic-messages", "", {{"anthropic-beta", " b2 ,b1,, b3"}});
    BOOST_TEST(beta_header_value("b1, b2", &r, wire_protocol::anthropic_messages, "anthropic-beta", BetaFilter()) ==
               "b1,b2,b3");
    BOOST_TEST(beta_header_value("", &r, wire_protocol::anthropic_messages, "anthropic-beta",
                                 filter(R"({"drop_betas":["b3"]})")) == "b2,b1");
    BOOST_TEST(beta_header_value("b1", nullptr, wire_protocol::anthropic_messages, "anthropic-beta", BetaFilter()) ==
               "b1");
}
