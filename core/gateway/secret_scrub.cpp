#include "core/gateway/secret_scrub.hpp"

namespace llmhost::gateway {

std::string scrub_secrets(std::string text, const std::vector<std::string>& secrets) {
    for (const auto& secret : secrets) {
        if (secret.size() < 4) continue; // too short to be a key; masking would garble the text
        for (size_t at = text.find(secret); at != std::string::npos; at = text.find(secret, at + 4))
            text.replace(at, secret.size(), "****");
    }
    return text;
}

} // namespace llmhost::gateway
