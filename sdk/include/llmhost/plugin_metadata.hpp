// A plugin reading its own metadata at run time. Data people should see without loading the
// plugin (`llmhost providers --json` shows it) is kept once, in the metadata block, and the
// plugin's code reads it back from there instead of holding a second copy:
//
//   LLMH_PLUGIN_METADATA(R"json({...})json");   // metadata.cpp
//   LLMH_KEEP_OWN_METADATA();                    // right after it
//   ... provider_metadata_strings(own_plugin_metadata(), "openai", "responses_models")
#pragma once

#include <boost/json.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace llmhost {

// The block LLMH_KEEP_OWN_METADATA recorded while the library loaded; empty in a program that
// compiles the plugin's code without its metadata file (a unit test).
inline std::string_view& own_plugin_metadata() {
    static std::string_view block;
    return block;
}

// The strings under `key` in the entry of provider `id`, from a metadata block as
// LLMH_PLUGIN_METADATA lays it out ("llmhost-plugin abi=M.m\n{json}"). Empty when the block,
// the entry or the key is absent.
inline std::vector<std::string> provider_metadata_strings(std::string_view block, std::string_view id,
                                                          std::string_view key) {
    std::vector<std::string> out;
    const size_t json_start = block.find('{');
    if (json_start == std::string_view::npos) return out;
    boost::system::error_code ec;
    const auto root = boost::json::parse(block.substr(json_start), ec);
    if (ec || !root.is_object()) return out;
    const auto* providers = root.get_object().if_contains("providers");
    if (!providers || !providers->is_array()) return out;
    for (const auto& entry : providers->get_array()) {
        const auto* object = entry.if_object();
        const auto* entry_id = object ? object->if_contains("id") : nullptr;
        if (!entry_id || !entry_id->is_string() || entry_id->get_string() != id) continue;
        if (const auto* list = object->if_contains(key); list && list->is_array())
            for (const auto& item : list->get_array())
                if (item.is_string()) out.emplace_back(item.get_string());
        break;
    }
    return out;
}

} // namespace llmhost

// Records this plugin's metadata block for own_plugin_metadata(); use once, after
// LLMH_PLUGIN_METADATA, in the same file.
#define LLMH_KEEP_OWN_METADATA()                                                                                       \
    [[maybe_unused]] static const bool llmh_own_metadata_kept =                                                        \
        (::llmhost::own_plugin_metadata() = llmh_plugin_metadata, true)
