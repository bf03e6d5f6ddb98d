// Proxy selection: NO_PROXY matching, proxy URLs and the environment variables.
#include "core/transport/proxy.hpp"

#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <stdexcept>

using namespace llmhost::transport;

BOOST_AUTO_TEST_CASE(no_proxy_exact_suffix_and_wildcard) {
    BOOST_TEST(no_proxy_matches("example.com", "example.com", 443));
    BOOST_TEST(no_proxy_matches("example.com", "api.example.com", 443));
    BOOST_TEST(no_proxy_matches(".example.com", "api.example.com", 443));
    BOOST_TEST(no_proxy_matches(".example.com", "example.com", 443));
    BOOST_TEST(no_proxy_matches("*.example.com", "a.b.example.com", 443));
    BOOST_TEST(no_proxy_matches("EXAMPLE.com", "api.example.COM", 443));
    BOOST_TEST(!no_proxy_matches("example.com", "notexample.com", 443));
    BOOST_TEST(!no_proxy_matches("example.com", "example.com.evil.net", 443));
    BOOST_TEST(no_proxy_matches("*", "anything.at.all", 80));
    BOOST_TEST(!no_proxy_matches("", "example.com", 80));
    BOOST_TEST(!no_proxy_matches(" , ,", "example.com", 80));
}

BOOST_AUTO_TEST_CASE(no_proxy_lists_and_ports) {
    const char* list = "localhost, 127.0.0.1 ,.internal.corp,svc:8080,[::1]:11434";
    BOOST_TEST(no_proxy_matches(list, "localhost", 11434));
    BOOST_TEST(no_proxy_matches(list, "127.0.0.1", 8000));
    BOOST_TEST(no_proxy_matches(list, "db.internal.corp", 443));
    BOOST_TEST(no_proxy_matches(list, "svc", 8080));
    BOOST_TEST(!no_proxy_matches(list, "svc", 8081));
    BOOST_TEST(no_proxy_matches(list, "::1", 11434));
    BOOST_TEST(!no_proxy_matches(list, "::1", 80));
    BOOST_TEST(!no_proxy_matches(list, "api.openai.com", 443));
}

BOOST_AUTO_TEST_CASE(no_proxy_ip_addresses_match_literally) {
    BOOST_TEST(no_proxy_matches("10.0.0.1", "10.0.0.1", 80));
    BOOST_TEST(!no_proxy_matches("0.0.1", "10.0.0.1", 80)); // no suffix matching for addresses
    BOOST_TEST(!no_proxy_matches("10.0.0.0/8", "10.0.0.1", 80));
    BOOST_TEST(no_proxy_matches("::1", "::1", 80));
    BOOST_TEST(no_proxy_matches("[::1]", "::1", 80));
}

BOOST_AUTO_TEST_CASE(proxy_urls) {
    const ProxyServer a = parse_proxy_url("http://user:pass@proxy.corp:3128");
    BOOST_TEST(a.host == "proxy.corp");
    BOOST_TEST(a.port == 3128);
    BOOST_TEST(a.authorization == "Basic dXNlcjpwYXNz");
    BOOST_TEST(a.host_port() == "proxy.corp:3128");

    const ProxyServer b = parse_proxy_url("proxy.corp");
    BOOST_TEST(b.port == 1080); // curl's default proxy port
    BOOST_TEST(b.authorization.empty());

    BOOST_TEST(parse_proxy_url("http://%61lice:p%3Aw@h:1").authorization == "Basic YWxpY2U6cDp3"); // alice:p:w
    BOOST_CHECK_THROW(parse_proxy_url("https://proxy.corp:443"), std::invalid_argument);
    BOOST_CHECK_THROW(parse_proxy_url("socks5://proxy.corp:1080"), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(selection_by_scheme_and_no_proxy) {
    const ProxySettings settings{"http://plain:1", "http://tunnel:2", "localhost,.local"};
    BOOST_TEST(select_proxy(settings, parse_url("http://api.example.com/"))->host == "plain");
    BOOST_TEST(select_proxy(settings, parse_url("https://api.example.com/"))->host == "tunnel");
    BOOST_TEST(!select_proxy(settings, parse_url("http://localhost:11434/")));
    BOOST_TEST(!select_proxy(settings, parse_url("https://printer.local/")));
    BOOST_TEST(!select_proxy(ProxySettings{}, parse_url("https://api.example.com/")));
}

BOOST_AUTO_TEST_CASE(environment_lower_case_wins) {
    setenv("http_proxy", "http://lower:1", 1);
    setenv("HTTP_PROXY", "http://upper:1", 1);
    unsetenv("https_proxy");
    setenv("HTTPS_PROXY", "http://upper-tls:2", 1);
    setenv("no_proxy", "", 1); // empty counts as unset
    setenv("NO_PROXY", "example.com", 1);
    const ProxySettings s = ProxySettings::from_environment();
    BOOST_TEST(s.http_proxy == "http://lower:1");
    BOOST_TEST(s.https_proxy == "http://upper-tls:2");
    BOOST_TEST(s.no_proxy == "example.com");
    for (const char* name : {"http_proxy", "HTTP_PROXY", "HTTPS_PROXY", "no_proxy", "NO_PROXY"})
        unsetenv(name);
    const ProxySettings none = ProxySettings::from_environment();
    BOOST_TEST(none.http_proxy.empty());
    BOOST_TEST(none.https_proxy.empty());
}
