// The metadata a plugin embeds in its LLMH_METADATA_SECTION, parsed.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace llmhost::plugins {

// One provider id a plugin serves, with everything the host needs before loading it.
struct ProviderMetadata {
    std::string id;
    std::vector<std::string> aliases;
    std::vector<std::string> prefixes; // prefix families: selectors starting with one of these
    std::string base_url;              // default base URL ("" when the user must give one)
    std::vector<std::string> key_env;  // documented key variables, most preferred first
    bool keyless = false;              // works without a key (local servers)
    std::string default_model;
    uint32_t capabilities = 0; // LLMH_CAP_* bits
    std::string description;
    std::string family;                        // vendor family its variants share ("moonshot"), or ""
    std::string credentials;                   // how to authenticate, for people, when key_env alone does not say it
    std::vector<std::string> responses_models; // models served only by OpenAI's Responses API
};

struct PluginMetadata {
    uint32_t abi_major = 0;
    uint32_t abi_minor = 0;
    std::string name;
    std::string version;
    std::string description;
    std::vector<ProviderMetadata> providers;
};

// The ABI version from the section's first line, "llmhost-plugin abi=M.m". Discovery reads it
// first so that a plugin for another ABI is reported as such even when the rest of its
// metadata uses keys this host does not know. Throws std::runtime_error.
struct MetadataAbi {
    uint32_t major = 0;
    uint32_t minor = 0;
};
MetadataAbi parse_metadata_abi(std::string_view section);

// Parses the section's bytes ("llmhost-plugin abi=M.m\n{json}", possibly NUL-padded).
// Throws std::runtime_error saying what is wrong.
PluginMetadata parse_plugin_metadata(std::string_view section);

// "chat", "streaming", "tools", "structured_output", "embeddings", "vision", "reasoning",
// "model_listing" <-> LLMH_CAP_* bits.
uint32_t capability_from_name(std::string_view name); // 0 when unknown
std::vector<std::string> capability_names(uint32_t capabilities);

} // namespace llmhost::plugins
