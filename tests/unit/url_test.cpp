// parse_url: the pieces a connection needs from an absolute http(s) URL.
#include "core/transport/url.hpp"

#include <boost/test/unit_test.hpp>

#include <stdexcept>

using llmhost::transport::parse_url;
using llmhost::transport::percent_decode;
using llmhost::transport::Url;

BOOST_AUTO_TEST_CASE(defaults_for_https_and_http) {
    const Url a = parse_url("https://api.openai.com/v1/chat/completions");
    BOOST_TEST(a.scheme == "https");
    BOOST_TEST(a.host == "api.openai.com");
    BOOST_TEST(a.port == 443);
    BOOST_TEST(!a.port_given);
    BOOST_TEST(a.target == "/v1/chat/completions");
    BOOST_TEST(a.authority() == "api.openai.com");
    BOOST_TEST(a.host_port() == "api.openai.com:443");

    const Url b = parse_url("http://localhost:11434");
    BOOST_TEST(b.scheme == "http");
    BOOST_TEST(b.port == 11434);
    BOOST_TEST(b.port_given);
    BOOST_TEST(b.target == "/");
    BOOST_TEST(b.authority() == "localhost:11434");
}

BOOST_AUTO_TEST_CASE(query_kept_fragment_dropped_case_normalised) {
    const Url u = parse_url("HTTPS://Example.COM:8443/v1beta/models/gemini:streamGenerateContent?alt=sse&key=x#frag");
    BOOST_TEST(u.scheme == "https");
    BOOST_TEST(u.host == "example.com");
    BOOST_TEST(u.port == 8443);
    BOOST_TEST(u.target == "/v1beta/models/gemini:streamGenerateContent?alt=sse&key=x");
    BOOST_TEST(parse_url("http://h?q=1").target == "/?q=1");
    BOOST_TEST(parse_url("http://h:80/").authority() == "h");
}

BOOST_AUTO_TEST_CASE(ipv6_literals) {
    const Url u = parse_url("http://[::1]:8080/x");
    BOOST_TEST(u.host == "::1");
    BOOST_TEST(u.port == 8080);
    BOOST_TEST(u.host_is_ipv6());
    BOOST_TEST(u.host_is_ip_literal());
    BOOST_TEST(u.bracketed_host() == "[::1]");
    BOOST_TEST(u.authority() == "[::1]:8080");
    BOOST_TEST(parse_url("https://[2001:db8::7]/").host_port() == "[2001:db8::7]:443");
    BOOST_TEST(parse_url("http://127.0.0.1/").host_is_ip_literal());
    BOOST_TEST(!parse_url("http://localhost/").host_is_ip_literal());
}

BOOST_AUTO_TEST_CASE(userinfo_is_separated) {
    const Url u = parse_url("http://user:p%40ss@proxy.corp:3128");
    BOOST_TEST(u.userinfo == "user:p%40ss");
    BOOST_TEST(u.host == "proxy.corp");
    BOOST_TEST(u.port == 3128);
    BOOST_TEST(percent_decode(u.userinfo) == "user:p@ss");
    BOOST_TEST(percent_decode("100%") == "100%");
    BOOST_TEST(percent_decode("%zz%41") == "%zzA");
}

BOOST_AUTO_TEST_CASE(invalid_urls_are_rejected_without_echoing_credentials) {
    for (const char* bad : {"", "api.openai.com/v1", "ftp://host/", "http://", "http://:80/", "http://host:0/",
                            "http://host:65536/", "http://host:12ab/", "http://[::1/", "http://[zz]/", "http://[::1]x/",
                            "http://a:b:c/", "http://host/with space", "http://host/\r\nX: y"})
        BOOST_CHECK_THROW(parse_url(bad), std::invalid_argument);
    try {
        parse_url("http://user:secret@[bad/");
        BOOST_FAIL("expected an exception");
    } catch (const std::invalid_argument& e) {
        BOOST_TEST(std::string(e.what()).find("secret") == std::string::npos, e.what());
    }
}
