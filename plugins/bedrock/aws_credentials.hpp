// Where the bedrock plugin finds its AWS credentials and region, per call (docs/protocols/
// bedrock.md "Credentials"). Everything is read through Host::env (so tests and the host can substitute
// values) and the shared files are re-read each call (cheap, and an edited file or a rotated
// key takes effect at once); nothing secret outlives the call.
//
// Credentials, first that yields one:
//   1. a Bedrock API key: the key the host resolved for this call (config api_key /
//      api_key_env, or AWS_BEARER_TOKEN_BEDROCK from the metadata), else AWS_BEARER_TOKEN_BEDROCK
//      itself -> "Authorization: Bearer", no signing
//   2. AWS_ACCESS_KEY_ID + AWS_SECRET_ACCESS_KEY (+ AWS_SESSION_TOKEN)
//   3. the profile (option `profile` › AWS_PROFILE › "default") in the shared credentials file
//      (AWS_SHARED_CREDENTIALS_FILE › ~/.aws/credentials, section [name]) or the config file
//      (AWS_CONFIG_FILE › ~/.aws/config, section [profile name] or [default]); the credentials
//      file wins key by key
// Region: option `region` › AWS_REGION › AWS_DEFAULT_REGION › the profile's `region`.
#pragma once

#include "sigv4.hpp"

#include <llmhost/provider.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace llmhost::bedrock {

inline constexpr std::string_view bearer_token_variable = "AWS_BEARER_TOKEN_BEDROCK";

struct AwsAuth {
    enum class Kind { bearer_token, access_key };
    Kind kind = Kind::access_key;
    std::string bearer_token; // Kind::bearer_token
    SigV4Credentials keys;    // Kind::access_key
    std::string source;       // where they came from, for debug logs; never a value
    std::string region;       // "" when none was found
    std::string region_source;

    // Values that must never appear in an error message or a log.
    std::vector<std::string_view> secrets() const;
};

// What the configuration says about where to look.
struct AwsLookup {
    std::optional<std::string> region;  // option `region`
    std::optional<std::string> profile; // option `profile`
};

namespace aws_credentials_detail {

// The selected profile as both files describe it (aws_credentials.cpp).
struct Profile;

} // namespace aws_credentials_detail

// The region alone (option › AWS_REGION › AWS_DEFAULT_REGION › profile), for callers that
// already have credentials; "" when none is configured.
void resolve_region(const Host& host, const AwsLookup& lookup, AwsAuth& auth,
                    const aws_credentials_detail::Profile* profile);

// Resolves this call's credentials and region. `host_key` is the credential the host
// resolved for the call (may be empty). Throws Error(LLMH_ERR_MISSING_CREDENTIALS) naming
// everything that was looked for.
AwsAuth resolve_aws_auth(const Host& host, std::string_view host_key, const AwsLookup& lookup);

} // namespace llmhost::bedrock
