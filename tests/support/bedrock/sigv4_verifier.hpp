// What an AWS endpoint does with a signed request — reads the Authorization header, rebuilds
// the canonical request from what actually arrived (method, target, the headers it names, the
// body) with the bedrock plugin's own signing steps, and compares signatures. Used by the mock
// upstreams of the integration and end-to-end tests.
#pragma once

#include "plugins/bedrock/sigv4.hpp"

#include <llmhost/http.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace llmhost::bedrock::testing {

struct ReceivedRequest {
    std::string method;
    std::string target; // path and query as received
    Headers headers;
    std::string body;
};

// "" when the request carries a valid signature by `access_key_id` / `secret_access_key` for
// service `service`, else what is wrong.
inline std::string sigv4_verify(const ReceivedRequest& r, std::string_view access_key_id,
                                std::string_view secret_access_key, std::string_view service) {
    const std::string_view auth = find_header(r.headers, "authorization");
    constexpr std::string_view algorithm = "AWS4-HMAC-SHA256 ";
    if (!auth.starts_with(algorithm)) return "no AWS4-HMAC-SHA256 Authorization header";
    auto field = [&](std::string_view name) -> std::string {
        const size_t at = auth.find(name);
        if (at == std::string_view::npos) return {};
        const size_t from = at + name.size();
        const size_t end = auth.find(',', from);
        return std::string(auth.substr(from, end == std::string_view::npos ? auth.npos : end - from));
    };
    const std::string credential = field("Credential="), signed_names = field("SignedHeaders="),
                      signature = field("Signature=");
    // Credential = AKID/date/region/service/aws4_request
    std::vector<std::string> scope;
    for (size_t from = 0;;) {
        const size_t slash = credential.find('/', from);
        scope.push_back(credential.substr(from, slash == std::string::npos ? std::string::npos : slash - from));
        if (slash == std::string::npos) break;
        from = slash + 1;
    }
    if (scope.size() != 5 || scope[4] != "aws4_request") return "malformed Credential: " + credential;
    if (scope[0] != access_key_id) return "signed by an unknown access key id";
    if (scope[3] != service) return "signed for service '" + scope[3] + "', expected '" + std::string(service) + "'";
    const std::string_view amz_date = find_header(r.headers, "x-amz-date");
    if (amz_date.size() != 16 || amz_date.substr(0, 8) != scope[1]) return "x-amz-date does not match the scope";

    SigV4Request canonical;
    canonical.method = r.method;
    const size_t q = r.target.find('?');
    canonical.path = r.target.substr(0, q);
    if (q != std::string::npos) canonical.query = r.target.substr(q + 1);
    for (size_t from = 0;;) {
        const size_t semi = signed_names.find(';', from);
        const std::string name = signed_names.substr(from, semi == std::string::npos ? std::string::npos : semi - from);
        bool present = false;
        for (const auto& [k, v] : r.headers)
            if (iequals(k, name)) {
                canonical.headers.emplace_back(name, v);
                present = true;
            }
        if (!present) return "signed header '" + name + "' is missing";
        if (semi == std::string::npos) break;
        from = semi + 1;
    }
    if (signed_names.find("host") == std::string::npos) return "the host header is not signed";
    canonical.payload_hash = sha256_hex(r.body);
    if (auto declared = find_header(r.headers, "x-amz-content-sha256");
        !declared.empty() && declared != canonical.payload_hash)
        return "x-amz-content-sha256 does not match the body";

    const SigV4Scope s{scope[2], scope[3]};
    const std::string expected = sigv4_signature(secret_access_key, amz_date, s,
                                                 sigv4_string_to_sign(amz_date, s, sigv4_canonical_request(canonical)));
    return expected == signature ? std::string() : "signature mismatch";
}

} // namespace llmhost::bedrock::testing
