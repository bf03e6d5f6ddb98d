// Finds the libraries a plugin needs the way ld.so would (approximately), from the files
// alone, so discovery can report "needs libfoo.so.1, which was not found" without dlopen.
#pragma once

#include "core/plugins/elf_file.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace llmhost::plugins {

// The class and machine of the running executable (read from /proc/self/exe once): a plugin
// or library built for anything else cannot be loaded here.
struct HostElf {
    bool is_64bit = true;
    uint16_t machine = 0;
    std::string multiarch; // Debian-style triplet, "x86_64-linux-gnu"; "" when unknown
};
const HostElf& host_elf();

// Where libraries are looked for, in ld.so's order after the object's own RPATH/RUNPATH.
struct LibrarySearchPaths {
    std::vector<std::string> ld_library_path; // LD_LIBRARY_PATH entries
    std::vector<std::string> system_dirs;     // /etc/ld.so.conf (with includes), then the defaults
    // Sonames (and file names) of the objects already loaded in this process: a DT_NEEDED
    // matching one is satisfied without a search, as ld.so does (sanitizer runtimes, libstdc++).
    std::set<std::string, std::less<>> loaded;

    // This process's view: LD_LIBRARY_PATH now, ld.so.conf (read once per process), the
    // multiarch defaults for this machine, and dl_iterate_phdr.
    static LibrarySearchPaths for_this_process();
};

// Directories named in an ld.so.conf file, following "include" globs.
std::vector<std::string> read_ld_so_conf(const std::string& path);

struct MissingLibrary {
    std::string name;      // the DT_NEEDED entry
    std::string needed_by; // file name of the library that needs it; "" for the plugin itself
};

// Checks plugins' dependencies, remembering what it found so that many plugins sharing a
// dependency cost one lookup.
class DependencyChecker {
  public:
    explicit DependencyChecker(LibrarySearchPaths paths);

    // Every library `file` (at `path`) needs, directly or through the libraries it needs,
    // that cannot be found.
    std::vector<MissingLibrary> missing(const std::string& path, const ElfFile& file);

    // Where ld.so would find `name` needed by an object in `origin_dir` with these
    // RPATH/RUNPATH entries; "" when it is already loaded, nullopt when not found.
    std::optional<std::string> resolve(std::string_view name, const ElfDynamicInfo& needer,
                                       const std::string& origin_dir, const ElfFile& needer_file);

  private:
    void collect(const std::string& path, const ElfFile& file, int depth, std::vector<MissingLibrary>& out);
    std::optional<std::string> search_system(std::string_view name, const ElfFile& needer_file);

    LibrarySearchPaths paths_;
    std::map<std::string, std::optional<std::string>, std::less<>> system_hits_; // name -> path
    std::map<std::string, std::vector<MissingLibrary>, std::less<>> checked_;    // path -> its missing
};

// "needs libfoo.so.1, which was not found (install it or add its directory to LD_LIBRARY_PATH)"
std::string describe_missing(const std::vector<MissingLibrary>& missing);

} // namespace llmhost::plugins
