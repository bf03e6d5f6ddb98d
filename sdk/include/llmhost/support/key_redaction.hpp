// Keeps the attempt's credential out of every error a provider operation raises: upstreams
// sometimes echo the key they rejected, and llmhost error messages must never carry one.
#pragma once

#include <llmhost/error.hpp>
#include <llmhost/provider.hpp>
#include <llmhost/support/error_text.hpp>

namespace llmhost {

// Runs `body`, scrubbing this attempt's key from any error message on the way out.
template <class Body> auto without_key_in_errors(const Call& call, Body&& body) -> decltype(body()) {
    try {
        return body();
    } catch (const Error& e) {
        if (call.api_key().empty()) throw;
        throw redact_secret(e, call.api_key());
    }
}

} // namespace llmhost
