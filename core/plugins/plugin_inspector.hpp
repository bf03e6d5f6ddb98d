// Decides a plugin file's status from the file alone: ELF checks, metadata section, ABI
// version, machine, and dependencies. One inspector serves a whole discovery run so that
// dependency lookups shared by many plugins are done once.
#pragma once

#include "core/plugins/discovery.hpp"
#include "core/plugins/library_search.hpp"

#include <string>

namespace llmhost::plugins {

class PluginInspector {
  public:
    PluginInspector() : PluginInspector(LibrarySearchPaths::for_this_process()) {}
    explicit PluginInspector(LibrarySearchPaths paths) : dependencies_(std::move(paths)) {}

    PluginFile inspect(const std::string& path);

  private:
    DependencyChecker dependencies_;
};

// Metadata larger than this is refused unread (real metadata is a few hundred bytes).
inline constexpr size_t kMaxMetadataSize = 1 << 20;

} // namespace llmhost::plugins
