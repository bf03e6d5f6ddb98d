// HttpClient over TLS against MockUpstream's test CA: verification with an extra CA file,
// failures without it and for a name the certificate lacks, reuse and truncation.
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

transport::ClientOptions trusting_test_ca() {
    auto options = direct_options();
    options.extra_ca_file = MockUpstream::test_ca_file();
    return options;
}

MockUpstream json_server() {
    return MockUpstream([](const RecordedRequest&) { return ScriptedResponse::json(200, "{\"secure\":true}"); }, true);
}

} // namespace

BOOST_AUTO_TEST_CASE(https_with_the_extra_ca_by_ip_and_by_name) {
    MockUpstream upstream = json_server();
    transport::HttpClient client(trusting_test_ca());
    for (const std::string host : {"127.0.0.1", "localhost"}) {
        Collected got;
        const auto result =
            fetch(client, "https://" + host + ":" + std::to_string(upstream.port()) + "/v1/models", got);
        BOOST_TEST_REQUIRE(result.ok(), result.message);
        BOOST_TEST(got.status == 200);
        BOOST_TEST(got.body == "{\"secure\":true}");
    }
    BOOST_TEST(upstream.requests().at(1).header("host") == "localhost:" + std::to_string(upstream.port()));
}

BOOST_AUTO_TEST_CASE(https_keep_alive_reuse_and_streaming) {
    MockUpstream upstream(
        [](const RecordedRequest&) {
            return ScriptedResponse::sse({"data: a\n\n", "data: b\n\n"});
        },
        true);
    transport::HttpClient client(trusting_test_ca());
    for (int i = 0; i < 3; ++i) {
        Collected got;
        const auto result = fetch(client, upstream.base_url() + "/", got);
        BOOST_TEST_REQUIRE(result.ok(), result.message);
        BOOST_TEST(got.body == "data: a\n\ndata: b\n\n");
    }
    BOOST_TEST(upstream.connections_accepted() == 1u);
}

BOOST_AUTO_TEST_CASE(untrusted_certificate_fails_verification) {
    MockUpstream upstream = json_server();
    transport::HttpClient client(direct_options()); // system store only
    Collected got;
    const auto result = fetch(client, upstream.base_url() + "/", got);
    BOOST_TEST(result.error == LLMH_ERR_NETWORK);
    BOOST_TEST(contains(result.message, "TLS handshake with 127.0.0.1:" + std::to_string(upstream.port())),
               result.message);
    BOOST_TEST(contains(result.message, "certificate verify failed"), result.message);
    BOOST_TEST(got.status == 0);
}

BOOST_AUTO_TEST_CASE(certificate_for_another_name_fails_verification) {
    // The proxy tunnels "wrong-name.test" to the server, whose certificate only covers
    // 127.0.0.1 and localhost.
    MockUpstream upstream = json_server();
    TestProxy proxy;
    auto options = trusting_test_ca();
    options.proxy = transport::ProxySettings{"", proxy.url(), ""};
    transport::HttpClient client(options);
    Collected got;
    const auto result = fetch(client, "https://wrong-name.test:" + std::to_string(upstream.port()) + "/", got);
    BOOST_TEST(result.error == LLMH_ERR_NETWORK);
    BOOST_TEST(contains(result.message, "certificate verify failed"), result.message);
    BOOST_TEST(contains(result.message, "hostname mismatch"), result.message);
    BOOST_TEST(proxy.connect_targets().size() == 1u);
}

BOOST_AUTO_TEST_CASE(missing_extra_ca_file_is_reported) {
    auto options = direct_options();
    options.extra_ca_file = "/nonexistent/ca.pem";
    transport::HttpClient client(options);
    Collected got;
    const auto result = fetch(client, "https://127.0.0.1:1/", got);
    BOOST_TEST(result.error == LLMH_ERR_NETWORK);
    BOOST_TEST(contains(result.message, "/nonexistent/ca.pem"), result.message);
}

BOOST_AUTO_TEST_CASE(truncated_tls_body) {
    MockUpstream upstream(
        [](const RecordedRequest&) {
            ScriptedResponse response;
            response.chunks = {"0123456789"};
            response.declared_body_size = 100;
            response.close_after_chunks = true;
            return response;
        },
        true);
    transport::HttpClient client(trusting_test_ca());
    Collected got;
    const auto result = fetch(client, upstream.base_url() + "/", got);
    BOOST_TEST(result.error == LLMH_ERR_NETWORK);
    BOOST_TEST(contains(result.message, "connection closed after 10 bytes of the response body"), result.message);
    BOOST_TEST(got.body == "0123456789");
}

BOOST_AUTO_TEST_CASE(tls_connection_close_is_honoured) {
    MockUpstream upstream(
        [](const RecordedRequest&) {
            auto response = ScriptedResponse::json(200, "{\"closing\":true}");
            response.keep_alive = false;
            return response;
        },
        true);
    transport::HttpClient client(trusting_test_ca());
    for (int i = 0; i < 2; ++i) {
        Collected got;
        const auto result = fetch(client, upstream.base_url() + "/", got);
        BOOST_TEST_REQUIRE(result.ok(), result.message);
        BOOST_TEST(got.body == "{\"closing\":true}");
    }
    BOOST_TEST(upstream.connections_accepted() == 2u);
}
