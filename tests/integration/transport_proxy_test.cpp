// HttpClient through an HTTP proxy: absolute-form forwarding for http targets, CONNECT
// tunnels for https targets, proxy credentials, NO_PROXY bypass and proxy failures.
#include "integration/transport_socket_servers.hpp"
#include "integration/transport_test_support.hpp"
#include "support/mock_upstream.hpp"

#include <boost/test/unit_test.hpp>

using namespace transport_test;
using llmhost::testing::MockUpstream;
using llmhost::testing::RecordedRequest;
using llmhost::testing::ScriptedResponse;

namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

transport::ClientOptions via(const TestProxy& proxy, const std::string& userinfo = "",
                             const std::string& no_proxy = "") {
    transport::ClientOptions options;
    options.proxy = transport::ProxySettings{proxy.url(userinfo), proxy.url(userinfo), no_proxy};
    options.extra_ca_file = MockUpstream::test_ca_file();
    return options;
}

MockUpstream echo_server(bool tls) {
    return MockUpstream(
        [](const RecordedRequest& r) { return ScriptedResponse::json(200, "{\"path\":\"" + r.target + "\"}"); }, tls);
}

} // namespace

BOOST_AUTO_TEST_CASE(http_target_is_forwarded_in_absolute_form_with_credentials) {
    MockUpstream upstream = echo_server(false);
    TestProxy proxy;
    transport::HttpClient client(via(proxy, "user:p%40ss"));
    for (int i = 0; i < 2; ++i) {
        Collected got;
        const auto result = fetch(client, upstream.base_url() + "/v1/models?limit=5", got);
        BOOST_TEST_REQUIRE(result.ok(), result.message);
        BOOST_TEST(got.body == "{\"path\":\"/v1/models?limit=5\"}");
    }
    const auto forwarded = proxy.forwarded_targets();
    BOOST_TEST_REQUIRE(forwarded.size() == 2u);
    BOOST_TEST(forwarded[0] == upstream.base_url() + "/v1/models?limit=5");
    BOOST_TEST(proxy.authorizations().at(0) == "Basic dXNlcjpwQHNz"); // user:p@ss
    BOOST_TEST(upstream.requests().at(0).header("proxy-authorization").empty());
    BOOST_TEST(client.connections_opened() == 1u); // the proxy connection is kept alive
}

BOOST_AUTO_TEST_CASE(https_target_is_tunnelled_with_connect) {
    MockUpstream upstream = echo_server(true);
    TestProxy proxy;
    transport::HttpClient client(via(proxy, "user:pass"));
    for (int i = 0; i < 3; ++i) {
        Collected got;
        const auto result = fetch(client, upstream.base_url() + "/secure", got);
        BOOST_TEST_REQUIRE(result.ok(), result.message);
        BOOST_TEST(got.body == "{\"path\":\"/secure\"}");
    }
    const auto connects = proxy.connect_targets();
    BOOST_TEST_REQUIRE(connects.size() == 1u); // one tunnel, reused
    BOOST_TEST(connects[0] == "127.0.0.1:" + std::to_string(upstream.port()));
    BOOST_TEST(proxy.authorizations().at(0) == "Basic dXNlcjpwYXNz");
    BOOST_TEST(proxy.forwarded_targets().empty());
    BOOST_TEST(upstream.connections_accepted() == 1u);
}

BOOST_AUTO_TEST_CASE(no_proxy_bypasses_the_proxy) {
    MockUpstream plain = echo_server(false);
    MockUpstream secure = echo_server(true);
    TestProxy proxy;
    transport::HttpClient client(via(proxy, "", "example.com, 127.0.0.1"));
    for (const auto* upstream : {&plain, &secure}) {
        Collected got;
        const auto result = fetch(client, upstream->base_url() + "/direct", got);
        BOOST_TEST_REQUIRE(result.ok(), result.message);
    }
    BOOST_TEST(proxy.connect_targets().empty());
    BOOST_TEST(proxy.forwarded_targets().empty());
}

BOOST_AUTO_TEST_CASE(refused_connect_names_the_status_but_not_the_credentials) {
    MockUpstream upstream = echo_server(true);
    TestProxy proxy;
    proxy.refuse_connect_with(407);
    transport::HttpClient client(via(proxy, "alice:hunter2"));
    Collected got;
    const auto result = fetch(client, upstream.base_url() + "/", got);
    BOOST_TEST(result.error == LLMH_ERR_NETWORK);
    BOOST_TEST(contains(result.message, "refused CONNECT"), result.message);
    BOOST_TEST(contains(result.message, "407"), result.message);
    BOOST_TEST(contains(result.message, "127.0.0.1:" + std::to_string(proxy.port())), result.message);
    BOOST_TEST(!contains(result.message, "hunter2"), result.message);
    BOOST_TEST(!contains(result.message, "alice"), result.message);
}

BOOST_AUTO_TEST_CASE(unreachable_proxy_is_named) {
    uint16_t dead_port;
    {
        TestProxy gone;
        dead_port = gone.port();
    }
    transport::ClientOptions options;
    options.proxy = transport::ProxySettings{"http://bob:secret@127.0.0.1:" + std::to_string(dead_port), "", ""};
    transport::HttpClient client(options);
    Collected got;
    const auto result = fetch(client, "http://api.example.test/v1", got);
    BOOST_TEST(result.error == LLMH_ERR_NETWORK);
    BOOST_TEST(contains(result.message, "proxy 127.0.0.1:" + std::to_string(dead_port)), result.message);
    BOOST_TEST(!contains(result.message, "secret"), result.message);
}

BOOST_AUTO_TEST_CASE(unusable_proxy_setting_is_a_configuration_error) {
    transport::ClientOptions options;
    options.proxy = transport::ProxySettings{"socks5://127.0.0.1:1080", "", ""};
    transport::HttpClient client(options);
    Collected got;
    const auto result = fetch(client, "http://api.example.test/v1", got);
    BOOST_TEST(result.error == LLMH_ERR_INVALID_CONFIG);
    BOOST_TEST(contains(result.message, "proxy"), result.message);
}
