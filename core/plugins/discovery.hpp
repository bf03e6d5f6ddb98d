// Finding plugin files and reading what they serve, without loading any of them.
#pragma once

#include "core/plugins/plugin_metadata.hpp"

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace llmhost::plugins {

enum class PluginStatus {
    ok,
    unreadable,         // cannot open or read the file
    not_a_plugin,       // not an ELF shared object, no llmhost metadata section, or built
                        // for another machine (e.g. aarch64 on an x86_64 host)
    bad_metadata,       // metadata present but malformed
    abi_major_mismatch, // built for another major version of the ABI
    abi_minor_newer,    // built against a newer minor than this host knows
    missing_dependency, // a DT_NEEDED library cannot be found
    untrusted,          // an elevated process refuses it: the file or its directory is writable
                        // by others or owned by someone else (see plugin_trust.hpp)
};

std::string_view to_string(PluginStatus status); // "ok", "missing_dependency", ...

struct PluginFile {
    std::string path;
    PluginStatus status = PluginStatus::not_a_plugin;
    std::string error; // one line for people: what is wrong and what to do; "" when ok
    std::optional<PluginMetadata> metadata;
    std::vector<std::string> missing_libraries;
};

// Every *.so regular file in `dirs` (in the given order; within a directory sorted by file
// name), inspected from the file alone (nothing is loaded; FIFOs, devices and symlink loops
// are skipped without being opened). A directory that does not exist is skipped; one given
// twice is scanned once. An elevated process marks files it must not trust as `untrusted`.
// With LLMHOST_DEBUG_PLUGINS=1 in the environment, every accept/reject/skip decision is
// traced to stderr.
std::vector<PluginFile> discover_plugins(const std::vector<std::string>& dirs);

// Inspects one file.
PluginFile inspect_plugin_file(const std::string& path);

// The installed plugin directories, relative to the running executable: on a multiarch system
// (Debian: LLMHOST_MULTIARCH is the compiler's library architecture, e.g. x86_64-linux-gnu)
// <exe dir>/../lib/<multiarch>/llmhost/plugins, where the Debian packages put them, then always
// <exe dir>/../lib/llmhost/plugins, the build tree's and `cmake --install`'s layout.
std::vector<std::string> default_plugin_dirs();

// Which file serves which provider id. For an id or alias claimed by several files, the
// first file with status ok wins (directory order, then file name); when none is ok, the
// first claimant wins (so selecting it reports its error). Among claims equally ok, an id
// beats an alias. Prefixes and plugin names follow the same rule. Each shadowed file adds one
// warning; each shadowed name is a conflict (traced with LLMHOST_DEBUG_PLUGINS=1).
class PluginCatalog {
  public:
    explicit PluginCatalog(std::vector<PluginFile> files);

    const std::vector<PluginFile>& files() const { return files_; }
    const std::vector<std::string>& warnings() const { return warnings_; }

    // One name claimed by two files, and which one won.
    struct Conflict {
        std::string kind; // "provider id", "provider alias", "prefix", "plugin name"
        std::string name;
        size_t winner = 0; // indexes into files()
        size_t loser = 0;
        std::string why; // " (an id wins over an alias)", " (<path> is <status>)" or ""
    };
    const std::vector<Conflict>& conflicts() const { return conflicts_; }

    struct Match {
        const PluginFile* file = nullptr;
        const ProviderMetadata* provider = nullptr;
    };
    // Exact id first, then alias. Empty match when unknown.
    Match find(std::string_view id_or_alias) const;
    // The provider whose declared prefix family `selector` starts with (longest wins).
    Match find_by_prefix(std::string_view selector) const;
    // The plugin named `name` (metadata "name"), for config entries that name a plugin.
    const PluginFile* find_plugin(std::string_view name) const;

  private:
    struct Claim {
        size_t file = 0;
        size_t provider = 0;
        bool by_alias = false;
    };
    using ClaimMap = std::map<std::string, Claim, std::less<>>;
    void claim(ClaimMap& map, std::string_view kind, const std::string& name, Claim c);
    Match match(const Claim& c) const;
    void summarize_shadowing();

    std::vector<PluginFile> files_;
    std::vector<std::string> warnings_;
    std::vector<Conflict> conflicts_;
    ClaimMap names_; // provider ids and aliases share one namespace
    ClaimMap prefixes_;
    ClaimMap plugins_; // metadata "name" (provider index unused)
};

} // namespace llmhost::plugins
