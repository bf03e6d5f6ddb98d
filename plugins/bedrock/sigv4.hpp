// AWS Signature Version 4, written from the steps in docs/protocols/bedrock.md ("SigV4, step
// by step"), with SHA-256 and HMAC-SHA256 from OpenSSL's libcrypto. The pieces (canonical
// request, string to sign, signing key) are separate functions so the tests can check each
// against the published vectors, and a test server can recompute what it receives.
#pragma once

#include <llmhost/http.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

namespace llmhost::bedrock {

struct SigV4Credentials {
    std::string access_key_id;
    std::string secret_access_key;
    std::string session_token; // empty when the credentials are long-term
};

// What the signature is scoped to: YYYYMMDD/region/service/aws4_request.
struct SigV4Scope {
    std::string region;
    std::string service;
};

// The parts of a request that are signed, as they go on the wire.
struct SigV4Request {
    std::string method;
    std::string path;         // percent-encoded as sent, e.g. /model/x%3A0/converse
    std::string query;        // raw query string without '?', may be empty
    Headers headers;          // exactly the headers to sign (names in any case)
    std::string payload_hash; // hex SHA-256 of the body (or x-amz-content-sha256's value)
};

// ---- primitives ---------------------------------------------------------------------------

std::string sha256_hex(std::string_view data);

// Raw (binary) HMAC-SHA256 of `data` under `key`.
std::string hmac_sha256(std::string_view key, std::string_view data);

std::string to_hex(std::string_view bytes);

// ---- the steps ------------------------------------------------------------------------------

// "YYYYMMDD'T'HHMMSS'Z'" (UTC) for a Unix time in milliseconds.
std::string sigv4_amz_date(int64_t unix_ms);

// Step 2: the path as sent, dot segments removed, then encoded a second time ('/' kept).
std::string sigv4_canonical_uri(std::string_view wire_path);

// Step 3: every key and value decoded, re-encoded strictly, sorted by key then value.
std::string sigv4_canonical_query(std::string_view raw_query);

// Steps 4 and 5: "name:value\n" per header (sorted, lower-case, values trimmed and joined
// with ',') and the signed-headers list.
std::pair<std::string, std::string> sigv4_canonical_headers(const Headers& headers);

// Step 7.
std::string sigv4_canonical_request(const SigV4Request& r);

std::string sigv4_credential_scope(std::string_view amz_date, const SigV4Scope& scope);

// Step 8.
std::string sigv4_string_to_sign(std::string_view amz_date, const SigV4Scope& scope,
                                 std::string_view canonical_request);

// Step 9, the key: HMAC chain over date, region, service and "aws4_request" (binary).
std::string sigv4_signing_key(std::string_view secret_access_key, std::string_view date_stamp, const SigV4Scope& scope);

// Step 9, the signature (hex).
std::string sigv4_signature(std::string_view secret_access_key, std::string_view amz_date, const SigV4Scope& scope,
                            std::string_view string_to_sign);

// Step 10.
std::string sigv4_authorization(std::string_view access_key_id, std::string_view amz_date, const SigV4Scope& scope,
                                std::string_view signed_headers, std::string_view signature);

// ---- signing an outgoing request ----------------------------------------------------------

// The path and query of an absolute URL, and its authority (the Host header's value).
struct SigV4UrlParts {
    std::string authority;
    std::string path;
    std::string query;
};

SigV4UrlParts sigv4_split_url(std::string_view url);

// Signs `http` in place at `unix_ms`: adds Host, X-Amz-Date, X-Amz-Security-Token (with a
// session token) and Authorization. Signed: host, content-type and every x-amz-* header
// (so proxies that touch Accept or User-Agent cannot break the signature). An
// X-Amz-Content-Sha256 header already on the request is signed and used as the payload hash.
void sigv4_sign(HttpRequest& http, const SigV4Credentials& credentials, const SigV4Scope& scope, int64_t unix_ms);

} // namespace llmhost::bedrock
