// Image URLs as clients send them: a data: URL becomes inline bytes (media type + base64),
// anything else must be an http(s) URL the provider fetches.
#pragma once

#include <llmhost/chat.hpp>

#include <string>
#include <string_view>

namespace llmhost::gateway {

// Throws GatewayException (400) naming `where` for a malformed data: URL or another scheme.
ContentPart image_from_url(std::string_view url, const std::string& where);

} // namespace llmhost::gateway
