// Listen addresses, client keys, and the error statuses every failure maps to.
#include "core/gateway/client_keys.hpp"
#include "core/gateway/gateway_error.hpp"
#include "core/gateway/gateway_settings.hpp"
#include "core/registry/provider_registry.hpp"

#include <llmhost/error.hpp>

#include <boost/test/unit_test.hpp>

#include <cstdlib>

using namespace llmhost;
using namespace llmhost::gateway;

BOOST_AUTO_TEST_CASE(listen_addresses) {
    const auto a = parse_listen_address("127.0.0.1:8080", "x");
    BOOST_TEST(a.host == "127.0.0.1");
    BOOST_TEST(a.port == 8080);
    BOOST_TEST(a.loopback());
    BOOST_TEST(parse_listen_address(":0", "x").host == "127.0.0.1");
    BOOST_TEST(parse_listen_address("localhost:9", "x").loopback());
    const auto v6 = parse_listen_address("[::1]:7", "x");
    BOOST_TEST(v6.host == "::1");
    BOOST_TEST(v6.url() == "http://[::1]:7");
    BOOST_TEST(!parse_listen_address("0.0.0.0:80", "x").loopback());
    BOOST_CHECK_THROW(parse_listen_address("127.0.0.1", "x"), config::ConfigError);
    BOOST_CHECK_THROW(parse_listen_address("127.0.0.1:99999", "x"), config::ConfigError);
    BOOST_CHECK_THROW(parse_listen_address("example.com:80", "x"), config::ConfigError);
}

BOOST_AUTO_TEST_CASE(the_default_is_loopback_and_the_flag_wins) {
    config::Config c;
    BOOST_TEST(gateway_settings(c, "").listen.url() == "http://127.0.0.1:8399");
    c.server.listen = "0.0.0.0:9000";
    BOOST_TEST(gateway_settings(c, "").listen.host == "0.0.0.0"); // asked for in the file
    BOOST_TEST(gateway_settings(c, "127.0.0.1:0").listen.port == 0);
}

BOOST_AUTO_TEST_CASE(server_keys_are_interpolated_and_an_empty_one_refused) {
    config::Config c;
    setenv("GATEWAY_TEST_KEY", "k-123", 1);
    c.server.api_keys = {"${GATEWAY_TEST_KEY}"};
    BOOST_TEST(gateway_settings(c, "").api_keys.at(0) == "k-123");
    setenv("GATEWAY_TEST_KEY", "", 1);
    BOOST_CHECK_THROW(gateway_settings(c, ""), config::ConfigError);
    c.server.max_body_bytes = 5;
    c.server.api_keys.clear();
    BOOST_TEST(gateway_settings(c, "").max_body_bytes == 5);
}

BOOST_AUTO_TEST_CASE(client_keys) {
    const ClientKeys none({});
    BOOST_TEST(!none.required());
    const ClientKeys keys({"alpha-key", "beta-key"});
    BOOST_TEST(keys.required());
    BOOST_TEST(keys.accepts("beta-key"));
    BOOST_TEST(!keys.accepts("beta-ke"));
    BOOST_TEST(!keys.accepts(""));
    BOOST_TEST(bearer_token("Bearer abc ") == "abc");
    BOOST_TEST(bearer_token("bearer abc") == "abc");
    BOOST_TEST(bearer_token("Basic abc").empty());
}

BOOST_AUTO_TEST_CASE(every_failure_has_a_status) {
    auto status_of = [](auto exception) { return describe_exception(std::make_exception_ptr(exception)).status(); };
    BOOST_TEST(status_of(Error(LLMH_ERR_BAD_REQUEST, "x")) == 400);
    BOOST_TEST(status_of(Error(LLMH_ERR_UNSUPPORTED, "x")) == 400);
    BOOST_TEST(status_of(Error(LLMH_ERR_AUTHENTICATION, "x")) == 401);
    BOOST_TEST(status_of(Error(LLMH_ERR_PERMISSION, "x")) == 403);
    BOOST_TEST(status_of(Error(LLMH_ERR_NOT_FOUND, "x")) == 404);
    BOOST_TEST(status_of(Error(LLMH_ERR_RATE_LIMITED, "x")) == 429);
    BOOST_TEST(status_of(Error(LLMH_ERR_QUOTA_EXHAUSTED, "x")) == 429);
    BOOST_TEST(status_of(Error(LLMH_ERR_SERVER, "x")) == 502);
    BOOST_TEST(status_of(Error(LLMH_ERR_OVERLOADED, "x")) == 502);
    BOOST_TEST(status_of(Error(LLMH_ERR_NETWORK, "x")) == 502);
    BOOST_TEST(status_of(Error(LLMH_ERR_MALFORMED_RESPONSE, "x")) == 502);
    BOOST_TEST(status_of(Error(LLMH_ERR_TIMEOUT, "x")) == 504);
    BOOST_TEST(status_of(registry::SelectionError("unknown provider 'x'")) == 404);
    BOOST_TEST(status_of(registry::SelectionError("no model selected for provider 'p'")) == 400);
    BOOST_TEST(status_of(std::runtime_error("boom")) == 500);
}
