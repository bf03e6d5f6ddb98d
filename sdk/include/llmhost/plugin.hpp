// Naming a C++ plugin once. LLMH_PLUGIN writes the plugin's metadata block with the name and
// version in it, and records them for LLMH_PLUGIN_ENTRY (provider.hpp), which builds the
// plugin's table from the same two strings — in the same source file or in another one of
// the same plugin:
//
//     LLMH_PLUGIN("acme", "1.0.0", R"json(
//       "description": "Acme's models",
//       "providers": [{"id": "acme", "base_url": "https://api.acme.example/v1", ...}]
//     )json");
//     LLMH_PLUGIN_ENTRY(&make_acme_provider);
//
// This header is light (the C ABI and <string_view>), for a metadata file that includes
// nothing else. LLMH_KEEP_OWN_METADATA (plugin_metadata.hpp) works after LLMH_PLUGIN as after
// LLMH_PLUGIN_METADATA.
#pragma once

#include <llmhost/provider_abi.h>

#include <string_view>

namespace llmhost {

// The name and version a plugin declares in LLMH_PLUGIN: its metadata's and its table's.
struct PluginIdentity {
    std::string_view name;
    std::string_view version;
};

namespace plugin_detail {

// Defined by LLMH_PLUGIN, once per plugin; LLMH_PLUGIN_ENTRY reads it.
PluginIdentity plugin_identity() noexcept;

// True when `s` can go between JSON quotes as it is: not empty, no quote, backslash or
// control character.
constexpr bool plain_json_text(std::string_view s) {
    if (s.empty()) return false;
    for (const char c : s)
        if (c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20) return false;
    return true;
}

} // namespace plugin_detail
} // namespace llmhost

// The plugin's metadata block and identity, at file scope. NAME and VERSION are string literals
// (or macros that expand to one, like a version from the build); MEMBERS is a string literal
// holding the rest of the metadata object's members — "description", "providers", ... —
// without the braces around them. The block is the object {"name": NAME, "version": VERSION,
// MEMBERS}.
#define LLMH_PLUGIN(NAME, VERSION, MEMBERS)                                                                            \
    static_assert(::llmhost::plugin_detail::plain_json_text(NAME),                                                     \
                  "LLMH_PLUGIN: the name must be non-empty, without quotes, backslashes or control characters");       \
    static_assert(::llmhost::plugin_detail::plain_json_text(VERSION),                                                  \
                  "LLMH_PLUGIN: the version must be non-empty, without quotes, backslashes or control characters");    \
    ::llmhost::PluginIdentity llmhost::plugin_detail::plugin_identity() noexcept { return {NAME, VERSION}; }           \
    LLMH_PLUGIN_METADATA("{\"name\": \"" NAME "\", \"version\": \"" VERSION "\",\n" MEMBERS "\n}")
