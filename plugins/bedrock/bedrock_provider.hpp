// The bedrock provider: per call it resolves AWS credentials and region, builds the Converse
// body, signs the request (SigV4) or sends the Bedrock API key as a bearer token, and decodes
// the answer — an event stream or one JSON document — into canonical events. Token counts
// come from CountTokens the same way.
#pragma once

#include "aws_credentials.hpp"
#include "bedrock_options.hpp"

#include <llmhost/error.hpp>
#include <llmhost/http.hpp>
#include <llmhost/provider.hpp>
#include <llmhost/support/error_text.hpp>

#include <boost/json.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

namespace llmhost::bedrock {

// The SigV4 signing name of both the runtime and the control plane.
inline constexpr std::string_view signing_service = "bedrock";

class BedrockProvider final : public Provider {
  public:
    BedrockProvider(ProviderConfig config, BedrockOptions options)
        : config_(std::move(config)), options_(std::move(options)) {}

    void chat(const ChatRequest& request, Call& call, EventSink& sink) override;

    // CountTokens on the Converse form of the request, signed like every call.
    int64_t count_tokens(const ChatRequest& request, Call& call) override;

    boost::json::value list_models(Call& call) override;

  private:
    std::string resolve_model(std::string_view requested) const;

    // This call's credentials and region; signing needs the region even with an explicit endpoint.
    AwsAuth credentials(const Call& call) const;

    HttpRequest request_to(const std::string& endpoint, const std::string& path, std::string method,
                           std::string body) const;

    // A Bedrock API key goes as a bearer token; AWS keys sign the request (last, so every
    // header it covers is in place).
    static void authorize(HttpRequest& http, const AwsAuth& auth, const Call& call);

    // Runs `body`, scrubbing every secret of `auth` from errors on the way out (a rejected
    // signature's message can quote the canonical request, session token included).
    template <class Body> auto without_secrets(const AwsAuth& auth, Body&& body) const -> decltype(body()) {
        try {
            return body();
        } catch (const Error& e) {
            Error scrubbed = e;
            for (const auto secret : auth.secrets())
                scrubbed = redact_secret(scrubbed, secret);
            throw scrubbed;
        }
    }

    ProviderConfig config_;
    BedrockOptions options_;
};

std::unique_ptr<Provider> make_provider(const Host& host, const ProviderConfig& config);

} // namespace llmhost::bedrock
