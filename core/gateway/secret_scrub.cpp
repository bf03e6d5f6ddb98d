#include "core/gateway/secret_scrub.hpp"

#include <llmhost/support/error_text.hpp>

namespace llmhost::gateway {

std::string scrub_secrets(std::string text, const std::vector<std::string>& secrets) {
    for (const auto& secret : secrets) {
        if (secret.size() < 4) continue; // too short to be a key; masking would garble the text
        text = redact_secret(std::move(text), secret, "****");
    }
    return text;
}

} // namespace llmhost::gateway
