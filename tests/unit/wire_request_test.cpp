// make_wire_request: the request line and headers the transport writes.
#include "core/transport/wire_request.hpp"

#include <boost/test/unit_test.hpp>

#include <stdexcept>

using namespace llmhost::transport;

namespace {

WireRequest build(std::string_view method, std::string_view url, std::span<const HeaderView> headers = {},
                  std::string_view body = {}, const ProxyServer* proxy = nullptr) {
    Request request;
    request.method = method;
    request.url = url;
    request.headers = headers;
    request.body = body;
    return make_wire_request(request, parse_url(url), proxy);
}

} // namespace

BOOST_AUTO_TEST_CASE(origin_form_with_host_and_content_length) {
    const HeaderView headers[] = {
        {"Authorization", "Bearer k"}, {"Content-Length", "999"}, {"Transfer-Encoding", "chunked"}};
    const auto wire = build("POST", "https://api.openai.com/v1/chat/completions?a=1", headers, "{}");
    BOOST_TEST(wire.head == "POST /v1/chat/completions?a=1 HTTP/1.1\r\n"
                            "Host: api.openai.com\r\n"
                            "Authorization: Bearer k\r\n"
                            "Content-Length: 2\r\n"
                            "\r\n");
    BOOST_TEST(wire.body == "{}");
    BOOST_TEST(!wire.asks_to_close);
    BOOST_TEST(wire.response_has_body);
}

BOOST_AUTO_TEST_CASE(bodiless_methods_and_explicit_host) {
    const HeaderView headers[] = {{"host", "virtual.example"}, {"Connection", "Close"}};
    const auto get = build("GET", "http://127.0.0.1:8080/models", headers);
    BOOST_TEST(get.head == "GET /models HTTP/1.1\r\nhost: virtual.example\r\nConnection: Close\r\n\r\n");
    BOOST_TEST(get.asks_to_close);
    BOOST_TEST(build("POST", "http://h/").head.find("Content-Length: 0\r\n") != std::string::npos);
    BOOST_TEST(!build("HEAD", "http://h/").response_has_body);
    BOOST_TEST(build("GET", "http://[::1]:11434/api/tags").head.find("Host: [::1]:11434\r\n") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(absolute_form_through_a_forward_proxy) {
    const ProxyServer proxy = parse_proxy_url("http://u:p@proxy:3128");
    const auto wire = build("GET", "http://localhost:11434/api/tags", {}, {}, &proxy);
    BOOST_TEST(wire.head == "GET http://localhost:11434/api/tags HTTP/1.1\r\n"
                            "Host: localhost:11434\r\n"
                            "Proxy-Authorization: Basic dTpw\r\n"
                            "\r\n");
}

BOOST_AUTO_TEST_CASE(framing_attacks_are_rejected_without_echoing_values) {
    const HeaderView split[] = {{"X-Api-Key", "sk-123\r\nInjected: 1"}};
    try {
        build("GET", "http://h/", split);
        BOOST_FAIL("expected an exception");
    } catch (const std::invalid_argument& e) {
        BOOST_TEST(std::string(e.what()).find("X-Api-Key") != std::string::npos);
        BOOST_TEST(std::string(e.what()).find("sk-123") == std::string::npos);
    }
    const HeaderView bad_name[] = {{"Bad Name", "v"}};
    BOOST_CHECK_THROW(build("GET", "http://h/", bad_name), std::invalid_argument);
    BOOST_CHECK_THROW(build("GE T", "http://h/"), std::invalid_argument);
    BOOST_CHECK_THROW(build("", "http://h/"), std::invalid_argument);
}
