#include "sigv4.hpp"

#include <llmhost/error.hpp>

#include <openssl/evp.h>

#include <algorithm>
#include <cctype>
#include <ctime>
#include <vector>

namespace llmhost::bedrock {

namespace {

std::string hex(const unsigned char* data, size_t size) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    out.reserve(size * 2);
    for (size_t i = 0; i < size; ++i) {
        out.push_back(digits[data[i] >> 4]);
        out.push_back(digits[data[i] & 15]);
    }
    return out;
}

bool is_unreserved(unsigned char c) { return std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~'; }

// Percent-encodes every byte outside the unreserved set (and '/' when keep_slash).
std::string uri_encode(std::string_view s, bool keep_slash) {
    static constexpr char digits[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(s.size());
    for (unsigned char c : s) {
        if (is_unreserved(c) || (keep_slash && c == '/')) {
            out.push_back(static_cast<char>(c));
        } else {
            out.push_back('%');
            out.push_back(digits[c >> 4]);
            out.push_back(digits[c & 15]);
        }
    }
    return out;
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// Undoes percent-encoding (and '+' is left alone: AWS query strings use %20 for spaces).
std::string uri_decode(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%' && i + 2 < s.size()) {
            const int hi = hex_value(s[i + 1]), lo = hex_value(s[i + 2]);
            if (hi >= 0 && lo >= 0) {
                out.push_back(static_cast<char>(hi * 16 + lo));
                i += 2;
                continue;
            }
        }
        out.push_back(s[i]);
    }
    return out;
}

// RFC 3986 remove_dot_segments for an absolute path; "" becomes "/".
std::string normalize_path(std::string_view path) {
    if (path.empty()) return "/";
    std::vector<std::string_view> segments;
    size_t from = path.front() == '/' ? 1 : 0;
    while (true) {
        const size_t slash = path.find('/', from);
        const std::string_view segment = path.substr(from, slash == std::string_view::npos ? path.npos : slash - from);
        if (segment == "..") {
            if (!segments.empty()) segments.pop_back();
        } else if (segment != ".") {
            segments.push_back(segment);
        }
        if (slash == std::string_view::npos) break;
        from = slash + 1;
    }
    // A path ending in "/." or "/.." still names a directory.
    const bool trailing_dir = path.ends_with("/.") || path.ends_with("/..");
    std::string out;
    for (auto s : segments)
        out.append("/").append(s);
    if (trailing_dir || out.empty()) out.push_back('/');
    return out;
}

std::string trim_and_collapse(std::string_view value) {
    std::string out;
    bool pending_space = false;
    for (unsigned char c : value) {
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
            pending_space = !out.empty();
            continue;
        }
        if (pending_space) out.push_back(' ');
        pending_space = false;
        out.push_back(static_cast<char>(c));
    }
    return out;
}

std::string lower(std::string_view s) {
    std::string out(s);
    for (auto& c : out)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

[[noreturn]] void crypto_failure(const char* what) {
    throw Error(LLMH_ERR_PLUGIN_INTERNAL, std::string("libcrypto failed to compute ") + what);
}

} // namespace

std::string sha256_hex(std::string_view data) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    if (EVP_Digest(data.data(), data.size(), digest, &size, EVP_sha256(), nullptr) != 1) crypto_failure("SHA-256");
    return hex(digest, size);
}

std::string hmac_sha256(std::string_view key, std::string_view data) {
    unsigned char mac[EVP_MAX_MD_SIZE];
    size_t size = 0;
    if (!EVP_Q_mac(nullptr, "HMAC", nullptr, "SHA256", nullptr, key.data(), key.size(),
                   reinterpret_cast<const unsigned char*>(data.data()), data.size(), mac, sizeof mac, &size))
        crypto_failure("HMAC-SHA256");
    return std::string(reinterpret_cast<const char*>(mac), size);
}

std::string to_hex(std::string_view bytes) {
    return hex(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
}

std::string sigv4_amz_date(int64_t unix_ms) {
    const std::time_t seconds = static_cast<std::time_t>(unix_ms / 1000 - (unix_ms % 1000 < 0 ? 1 : 0));
    std::tm tm{};
    gmtime_r(&seconds, &tm);
    char out[17];
    if (std::strftime(out, sizeof out, "%Y%m%dT%H%M%SZ", &tm) != 16)
        throw Error(LLMH_ERR_PLUGIN_INTERNAL, "the clock gave a time that cannot be formatted");
    return out;
}

std::string sigv4_canonical_uri(std::string_view wire_path) {
    return uri_encode(normalize_path(wire_path), /*keep_slash=*/true);
}

std::string sigv4_canonical_query(std::string_view raw_query) {
    std::vector<std::pair<std::string, std::string>> params;
    size_t from = 0;
    while (!raw_query.empty()) {
        const size_t amp = raw_query.find('&', from);
        const std::string_view pair =
            raw_query.substr(from, amp == std::string_view::npos ? raw_query.npos : amp - from);
        if (!pair.empty()) {
            const size_t eq = pair.find('=');
            const std::string_view key = pair.substr(0, eq);
            const std::string_view value = eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1);
            params.emplace_back(uri_encode(uri_decode(key), false), uri_encode(uri_decode(value), false));
        }
        if (amp == std::string_view::npos) break;
        from = amp + 1;
    }
    std::sort(params.begin(), params.end());
    std::string out;
    for (const auto& [k, v] : params)
        out.append(out.empty() ? "" : "&").append(k).append("=").append(v);
    return out;
}

std::pair<std::string, std::string> sigv4_canonical_headers(const Headers& headers) {
    std::vector<std::pair<std::string, std::string>> sorted;
    for (const auto& [name, value] : headers) {
        const std::string key = lower(name);
        const std::string v = trim_and_collapse(value);
        auto it = std::find_if(sorted.begin(), sorted.end(), [&](const auto& kv) { return kv.first == key; });
        if (it == sorted.end())
            sorted.emplace_back(key, v);
        else
            it->second.append(",").append(v);
    }
    std::sort(sorted.begin(), sorted.end());
    std::string block, names;
    for (const auto& [k, v] : sorted) {
        block.append(k).append(":").append(v).append("\n");
        names.append(names.empty() ? "" : ";").append(k);
    }
    return {block, names};
}

std::string sigv4_canonical_request(const SigV4Request& r) {
    const auto [header_block, signed_headers] = sigv4_canonical_headers(r.headers);
    return r.method + "\n" + sigv4_canonical_uri(r.path) + "\n" + sigv4_canonical_query(r.query) + "\n" + header_block +
           "\n" + signed_headers + "\n" + r.payload_hash;
}

std::string sigv4_credential_scope(std::string_view amz_date, const SigV4Scope& scope) {
    return std::string(amz_date.substr(0, 8)) + "/" + scope.region + "/" + scope.service + "/aws4_request";
}

std::string sigv4_string_to_sign(std::string_view amz_date, const SigV4Scope& scope,
                                 std::string_view canonical_request) {
    return "AWS4-HMAC-SHA256\n" + std::string(amz_date) + "\n" + sigv4_credential_scope(amz_date, scope) + "\n" +
           sha256_hex(canonical_request);
}

std::string sigv4_signing_key(std::string_view secret_access_key, std::string_view date_stamp,
                              const SigV4Scope& scope) {
    const std::string k_date = hmac_sha256("AWS4" + std::string(secret_access_key), date_stamp);
    const std::string k_region = hmac_sha256(k_date, scope.region);
    const std::string k_service = hmac_sha256(k_region, scope.service);
    return hmac_sha256(k_service, "aws4_request");
}

std::string sigv4_signature(std::string_view secret_access_key, std::string_view amz_date, const SigV4Scope& scope,
                            std::string_view string_to_sign) {
    return to_hex(hmac_sha256(sigv4_signing_key(secret_access_key, amz_date.substr(0, 8), scope), string_to_sign));
}

std::string sigv4_authorization(std::string_view access_key_id, std::string_view amz_date, const SigV4Scope& scope,
                                std::string_view signed_headers, std::string_view signature) {
    return "AWS4-HMAC-SHA256 Credential=" + std::string(access_key_id) + "/" + sigv4_credential_scope(amz_date, scope) +
           ", SignedHeaders=" + std::string(signed_headers) + ", Signature=" + std::string(signature);
}

SigV4UrlParts sigv4_split_url(std::string_view url) {
    SigV4UrlParts parts;
    const size_t scheme_end = url.find("://");
    if (scheme_end == std::string_view::npos)
        throw Error(LLMH_ERR_INVALID_CONFIG, "'" + std::string(url) + "' is not an absolute http(s) URL");
    std::string_view rest = url.substr(scheme_end + 3);
    if (const size_t hash = rest.find('#'); hash != std::string_view::npos) rest = rest.substr(0, hash);
    const size_t path_at = rest.find_first_of("/?");
    std::string_view authority = rest.substr(0, path_at);
    if (const size_t at = authority.rfind('@'); at != std::string_view::npos) authority = authority.substr(at + 1);
    parts.authority = std::string(authority);
    if (path_at == std::string_view::npos) return parts;
    std::string_view target = rest.substr(path_at);
    const size_t q = target.find('?');
    parts.path = std::string(target.substr(0, q));
    if (q != std::string_view::npos) parts.query = std::string(target.substr(q + 1));
    return parts;
}

void sigv4_sign(HttpRequest& http, const SigV4Credentials& credentials, const SigV4Scope& scope, int64_t unix_ms) {
    const SigV4UrlParts url = sigv4_split_url(http.url);
    const std::string amz_date = sigv4_amz_date(unix_ms);
    set_header(http.headers, "Host", url.authority);
    set_header(http.headers, "X-Amz-Date", amz_date);
    if (!credentials.session_token.empty()) set_header(http.headers, "X-Amz-Security-Token", credentials.session_token);

    SigV4Request r;
    r.method = http.method;
    r.path = url.path;
    r.query = url.query;
    for (const auto& [name, value] : http.headers) {
        const std::string key = lower(name);
        if (key == "host" || key == "content-type" || key.starts_with("x-amz-")) r.headers.emplace_back(name, value);
    }
    const std::string_view declared_hash = find_header(http.headers, "x-amz-content-sha256");
    r.payload_hash = declared_hash.empty() ? sha256_hex(http.body) : std::string(declared_hash);

    const std::string canonical = sigv4_canonical_request(r);
    const std::string signature = sigv4_signature(credentials.secret_access_key, amz_date, scope,
                                                  sigv4_string_to_sign(amz_date, scope, canonical));
    set_header(http.headers, "Authorization",
               sigv4_authorization(credentials.access_key_id, amz_date, scope,
                                   sigv4_canonical_headers(r.headers).second, signature));
}

} // namespace llmhost::bedrock
