// Turning a plugin's failed ABI call into llmhost::Error.
#pragma once

#include <llmhost/provider_abi.h>

#include <cstdint>
#include <string>
#include <string_view>

namespace llmhost::plugins {

// "openai", or "the plugin" when the table carries no name.
std::string plugin_display_name(const llmh_plugin& plugin);

// Throws llmhost::Error for any result but LLMH_OK. The result code is authoritative; an
// unknown class becomes LLMH_ERR_PLUGIN_INTERNAL and an empty message says which operation
// of which plugin failed.
void throw_if_failed(int32_t result, llmh_error& error, std::string_view plugin, std::string_view operation);

} // namespace llmhost::plugins
