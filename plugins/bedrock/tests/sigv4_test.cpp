// SigV4 signing (plugins/bedrock/sigv4.hpp) against the official AWS test-suite vectors and the
// Bedrock-shaped vectors of docs/protocols/bedrock.md: canonical request, string to sign, signing key,
// signature and the Authorization header, step by step and end to end.
#include "plugins/bedrock/sigv4.hpp"

#include <boost/test/unit_test.hpp>

#include <string>

using namespace llmhost;
using namespace llmhost::bedrock;

namespace {

constexpr const char* akid = "AKIDEXAMPLE";
constexpr const char* secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
constexpr const char* amz_date = "20150830T123600Z";
constexpr int64_t vector_time_ms = 1440938160000; // 2015-08-30T12:36:00Z
constexpr const char* empty_hash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

const SigV4Scope test_suite_scope{"us-east-1", "service"};
const SigV4Scope bedrock_scope{"us-east-1", "bedrock"};

const std::string bedrock_body = R"({"messages":[{"role":"user","content":[{"text":"Hello"}]}]})";
const std::string bedrock_body_hash = "7421da8d1a0949a481724fee62d5886aacde03836bf58248adb73e8b61ac0d54";
const std::string bedrock_url =
    "https://bedrock-runtime.us-east-1.amazonaws.com/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse";

SigV4Request vanilla(std::string method, std::string query = {}) {
    return SigV4Request{std::move(method),
                        "/",
                        std::move(query),
                        {{"Host", "example.amazonaws.com"}, {"X-Amz-Date", amz_date}},
                        empty_hash};
}

std::string sign(const SigV4Request& r, const SigV4Scope& scope) {
    return sigv4_signature(secret, amz_date, scope, sigv4_string_to_sign(amz_date, scope, sigv4_canonical_request(r)));
}

SigV4Request bedrock_request(Headers extra = {}) {
    SigV4Request r{"POST",
                   "/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse",
                   "",
                   {{"Content-Type", "application/json"},
                    {"Host", "bedrock-runtime.us-east-1.amazonaws.com"},
                    {"X-Amz-Date", amz_date}},
                   bedrock_body_hash};
    for (auto& h : extra)
        r.headers.push_back(std::move(h));
    return r;
}

} // namespace

BOOST_AUTO_TEST_CASE(hashes_and_macs_match_known_values) {
    BOOST_TEST(sha256_hex("") == empty_hash);
    BOOST_TEST(sha256_hex(bedrock_body) == bedrock_body_hash);
    // RFC 4231 test case 2.
    BOOST_TEST(to_hex(hmac_sha256("Jefe", "what do ya want for nothing?")) ==
               "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

BOOST_AUTO_TEST_CASE(amz_date_is_utc_basic_format) {
    BOOST_TEST(sigv4_amz_date(vector_time_ms) == amz_date);
    BOOST_TEST(sigv4_amz_date(vector_time_ms + 999) == amz_date); // milliseconds are dropped
    BOOST_TEST(sigv4_amz_date(0) == "19700101T000000Z");
}

BOOST_AUTO_TEST_CASE(get_vanilla_step_by_step) {
    const auto r = vanilla("GET");
    const std::string canonical = sigv4_canonical_request(r);
    BOOST_TEST(canonical == "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n" +
                                std::string(empty_hash));
    BOOST_TEST(sigv4_string_to_sign(amz_date, test_suite_scope, canonical) ==
               "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n"
               "bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63");

    // The intermediate keys of the HMAC chain.
    const std::string k_date = hmac_sha256(std::string("AWS4") + secret, "20150830");
    BOOST_TEST(to_hex(k_date) == "0138c7a6cbd60aa727b2f653a522567439dfb9f3e72b21f9b25941a42f04a7cd");
    const std::string k_region = hmac_sha256(k_date, "us-east-1");
    BOOST_TEST(to_hex(k_region) == "f33d5808504bf34812e5fade63308b424b244c59189be2a591dd2282c7cb563f");
    const std::string k_service = hmac_sha256(k_region, "service");
    BOOST_TEST(to_hex(k_service) == "f7fd819348e53789a8474fb1aebea778f5af85c40612e0f064eecd5642c81bc1");
    BOOST_TEST(to_hex(sigv4_signing_key(secret, "20150830", test_suite_scope)) ==
               "938127b5336810ddb6a5d6af445fcac9e371f9ed418ed386b022aed82901be75");

    const std::string signature = sign(r, test_suite_scope);
    BOOST_TEST(signature == "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
    BOOST_TEST(sigv4_authorization(akid, amz_date, test_suite_scope, "host;x-amz-date", signature) ==
               "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
               "SignedHeaders=host;x-amz-date, "
               "Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
}

BOOST_AUTO_TEST_CASE(post_vanilla) {
    const auto r = vanilla("POST");
    const std::string to_sign = sigv4_string_to_sign(amz_date, test_suite_scope, sigv4_canonical_request(r));
    BOOST_TEST(to_sign.substr(to_sign.rfind('\n') + 1) ==
               "553f88c9e4d10fc9e109e2aeb65f030801b70c2f6468faca261d401ae622fc87");
    BOOST_TEST(sign(r, test_suite_scope) == "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b");
}

BOOST_AUTO_TEST_CASE(get_vanilla_query_order_key_case) {
    BOOST_TEST(sigv4_canonical_query("Param2=value2&Param1=value1") == "Param1=value1&Param2=value2");
    BOOST_TEST(sign(vanilla("GET", "Param2=value2&Param1=value1"), test_suite_scope) ==
               "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500");
}

BOOST_AUTO_TEST_CASE(bedrock_vector_step_by_step) {
    const std::string canonical = sigv4_canonical_request(bedrock_request());
    BOOST_TEST(canonical == "POST\n"
                            "/model/anthropic.claude-3-haiku-20240307-v1%253A0/converse\n"
                            "\n"
                            "content-type:application/json\n"
                            "host:bedrock-runtime.us-east-1.amazonaws.com\n"
                            "x-amz-date:20150830T123600Z\n"
                            "\n"
                            "content-type;host;x-amz-date\n" +
                                bedrock_body_hash);
    BOOST_TEST(sigv4_string_to_sign(amz_date, bedrock_scope, canonical) ==
               "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/bedrock/aws4_request\n"
               "9f2732f2bdf9f81c6c9d30d5698d3e9b881190fe9135b95df0c5aef4e77e39be");
    BOOST_TEST(sign(bedrock_request(), bedrock_scope) ==
               "19f9ff5f31b96d4983cc87f7191e49e8c39475e434ea6b9d581028226bdc060c");
}

BOOST_AUTO_TEST_CASE(bedrock_vectors_with_token_and_content_hash) {
    BOOST_TEST(sign(bedrock_request({{"X-Amz-Security-Token", "EXAMPLESESSIONTOKEN"}}), bedrock_scope) ==
               "7bb515dec5e75a22e679773c68cfcfcfd9c614a71ad254d7f906fd8eb7b5381e");
    BOOST_TEST(sign(bedrock_request({{"X-Amz-Content-Sha256", bedrock_body_hash}}), bedrock_scope) ==
               "b198e4befe1c937987b35a9fb1366502b48853d1da53142f867e0be785ec1d8f");
}

BOOST_AUTO_TEST_CASE(signing_an_http_request_end_to_end) {
    HttpRequest http;
    http.method = "POST";
    http.url = bedrock_url;
    http.headers = {{"Content-Type", "application/json"}, {"Accept", "application/json"}, {"User-Agent", "llmhost"}};
    http.body = bedrock_body;
    sigv4_sign(http, {akid, secret, ""}, bedrock_scope, vector_time_ms);
    BOOST_TEST(http.headers.size() == 6u); // + Host, X-Amz-Date, Authorization; Accept and User-Agent unsigned
    BOOST_TEST(find_header(http.headers, "Host") == "bedrock-runtime.us-east-1.amazonaws.com");
    BOOST_TEST(find_header(http.headers, "X-Amz-Date") == amz_date);
    BOOST_TEST(find_header(http.headers, "X-Amz-Security-Token").empty());
    BOOST_TEST(find_header(http.headers, "Authorization") ==
               "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/bedrock/aws4_request, "
               "SignedHeaders=content-type;host;x-amz-date, "
               "Signature=19f9ff5f31b96d4983cc87f7191e49e8c39475e434ea6b9d581028226bdc060c");

    HttpRequest with_token = http;
    with_token.headers = {{"Content-Type", "application/json"}};
    sigv4_sign(with_token, {akid, secret, "EXAMPLESESSIONTOKEN"}, bedrock_scope, vector_time_ms);
    BOOST_TEST(find_header(with_token.headers, "X-Amz-Security-Token") == "EXAMPLESESSIONTOKEN");
    BOOST_TEST(find_header(with_token.headers, "Authorization")
                   .ends_with("SignedHeaders=content-type;host;x-amz-date;x-amz-security-token, "
                              "Signature=7bb515dec5e75a22e679773c68cfcfcfd9c614a71ad254d7f906fd8eb7b5381e"));

    HttpRequest with_hash = http;
    with_hash.headers = {{"Content-Type", "application/json"}, {"X-Amz-Content-Sha256", bedrock_body_hash}};
    sigv4_sign(with_hash, {akid, secret, ""}, bedrock_scope, vector_time_ms);
    BOOST_TEST(find_header(with_hash.headers, "Authorization")
                   .ends_with("SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date, "
                              "Signature=b198e4befe1c937987b35a9fb1366502b48853d1da53142f867e0be785ec1d8f"));
}

BOOST_AUTO_TEST_CASE(a_different_time_body_or_secret_changes_the_signature) {
    const std::string reference = sign(bedrock_request(), bedrock_scope);
    auto other_body = bedrock_request();
    other_body.payload_hash = sha256_hex(bedrock_body + " ");
    BOOST_TEST(sign(other_body, bedrock_scope) != reference);
    BOOST_TEST(sign(bedrock_request(), SigV4Scope{"us-west-2", "bedrock"}) != reference);
    BOOST_TEST(sigv4_signature("other-secret", amz_date, bedrock_scope,
                               sigv4_string_to_sign(amz_date, bedrock_scope,
                                                    sigv4_canonical_request(bedrock_request()))) != reference);
}

BOOST_AUTO_TEST_CASE(canonical_uri_normalizes_then_encodes_again) {
    BOOST_TEST(sigv4_canonical_uri("") == "/");
    BOOST_TEST(sigv4_canonical_uri("/") == "/");
    BOOST_TEST(sigv4_canonical_uri("/model/arn%3Aaws%3Abedrock%2Fx/converse") ==
               "/model/arn%253Aaws%253Abedrock%252Fx/converse");
    BOOST_TEST(sigv4_canonical_uri("/a/./b/../c") == "/a/c");
    BOOST_TEST(sigv4_canonical_uri("/a/b/..") == "/a/");
    BOOST_TEST(sigv4_canonical_uri("/../x") == "/x");
    BOOST_TEST(sigv4_canonical_uri("/with space/é") == "/with%20space/%C3%A9");
    BOOST_TEST(sigv4_canonical_uri("/keep-_.~/AZaz09") == "/keep-_.~/AZaz09");
}

BOOST_AUTO_TEST_CASE(canonical_query_encodes_strictly_and_sorts_by_key_then_value) {
    BOOST_TEST(sigv4_canonical_query("") == "");
    BOOST_TEST(sigv4_canonical_query("b=2&a=2&a=1") == "a=1&a=2&b=2");
    BOOST_TEST(sigv4_canonical_query("k=a b&x=%7e&y=%2F") == "k=a%20b&x=~&y=%2F");
    BOOST_TEST(sigv4_canonical_query("flag&z=") == "flag=&z=");
    BOOST_TEST(sigv4_canonical_query("byOutputModality=TEXT") == "byOutputModality=TEXT");
}

BOOST_AUTO_TEST_CASE(canonical_headers_trim_collapse_join_and_sort) {
    const auto [block, names] = sigv4_canonical_headers({{"X-Amz-Date", " 20150830T123600Z "},
                                                         {"My-Header", "  a   b \t c  "},
                                                         {"my-header", "second"},
                                                         {"Host", "example.amazonaws.com"}});
    BOOST_TEST(block == "host:example.amazonaws.com\nmy-header:a b c,second\nx-amz-date:20150830T123600Z\n");
    BOOST_TEST(names == "host;my-header;x-amz-date");
}

BOOST_AUTO_TEST_CASE(url_parts_give_host_path_and_query) {
    const auto parts = sigv4_split_url("http://user@127.0.0.1:8080/prefix/model/x%3A0/converse?a=1#frag");
    BOOST_TEST(parts.authority == "127.0.0.1:8080");
    BOOST_TEST(parts.path == "/prefix/model/x%3A0/converse");
    BOOST_TEST(parts.query == "a=1");
    BOOST_TEST(sigv4_split_url("https://example.com").path.empty());
    BOOST_CHECK_THROW(sigv4_split_url("example.com/x"), Error);
}
