#include <llmhost/http.hpp>

#include <boost/test/unit_test.hpp>

using namespace llmhost;

BOOST_AUTO_TEST_CASE(retry_after_forms) {
    const int64_t now = 784111777000; // Sun, 06 Nov 1994 08:49:37 GMT
    BOOST_TEST(parse_retry_after_ms({{"Retry-After-Ms", "1500.7"}}, now) == 1500);
    BOOST_TEST(parse_retry_after_ms({{"retry-after", "2"}}, now) == 2000);
    BOOST_TEST(parse_retry_after_ms({{"retry-after", "0.25"}}, now) == 250);
    BOOST_TEST(parse_retry_after_ms({{"Retry-After", "Sun, 06 Nov 1994 08:49:40 GMT"}}, now) == 3000);
    BOOST_TEST(parse_retry_after_ms({{"Retry-After", "Sun, 06 Nov 1994 08:49:30 GMT"}}, now) == 0);
    // retry-after-ms wins over retry-after
    BOOST_TEST(parse_retry_after_ms({{"retry-after", "9"}, {"retry-after-ms", "10"}}, now) == 10);
    BOOST_TEST(parse_retry_after_ms({{"retry-after", "soon"}}, now) == -1);
    BOOST_TEST(parse_retry_after_ms({}, now) == -1);
}

BOOST_AUTO_TEST_CASE(status_classes) {
    BOOST_TEST(classify_http_status(401) == LLMH_ERR_AUTHENTICATION);
    BOOST_TEST(classify_http_status(403) == LLMH_ERR_PERMISSION);
    BOOST_TEST(classify_http_status(404) == LLMH_ERR_NOT_FOUND);
    BOOST_TEST(classify_http_status(408) == LLMH_ERR_TIMEOUT);
    BOOST_TEST(classify_http_status(429) == LLMH_ERR_RATE_LIMITED);
    BOOST_TEST(classify_http_status(500) == LLMH_ERR_SERVER);
    BOOST_TEST(classify_http_status(529) == LLMH_ERR_OVERLOADED);
    BOOST_TEST(classify_http_status(418) == LLMH_ERR_BAD_REQUEST);
    BOOST_TEST(classify_http_status(200) == LLMH_OK);
}

BOOST_AUTO_TEST_CASE(headers_are_case_insensitive) {
    Headers h{{"Content-Type", "a"}};
    BOOST_TEST(find_header(h, "content-type") == "a");
    set_header(h, "CONTENT-TYPE", "b");
    BOOST_TEST(h.size() == 1u);
    BOOST_TEST(find_header(h, "Content-Type") == "b");
    BOOST_TEST(url_encode("a b/c~") == "a%20b%2Fc~");
}
