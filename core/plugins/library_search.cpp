#include "core/plugins/library_search.hpp"

#include <elf.h>
#include <glob.h>
#include <link.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <mutex>

namespace llmhost::plugins {

namespace {

std::string base_name(std::string_view path) {
    const size_t slash = path.rfind('/');
    return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

std::string dir_name(std::string_view path) {
    const size_t slash = path.rfind('/');
    if (slash == std::string_view::npos) return ".";
    return slash == 0 ? "/" : std::string(path.substr(0, slash));
}

bool is_regular_file(const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

bool is_directory(const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

void add_unique(std::vector<std::string>& list, std::string item) {
    if (std::find(list.begin(), list.end(), item) == list.end()) list.push_back(std::move(item));
}

std::string multiarch_triplet(bool is_64bit, uint16_t machine) {
    switch (machine) {
    case EM_X86_64: return is_64bit ? "x86_64-linux-gnu" : "x86_64-linux-gnux32";
    case EM_386: return "i386-linux-gnu";
    case EM_AARCH64: return "aarch64-linux-gnu";
    case EM_ARM: return "arm-linux-gnueabihf";
    case EM_RISCV: return is_64bit ? "riscv64-linux-gnu" : "";
    case EM_PPC64: return "powerpc64le-linux-gnu";
    case EM_S390: return "s390x-linux-gnu";
    default: return "";
    }
}

// Length of "$NAME" or "${NAME}" at the start of `rest` (which starts with '$'), 0 if neither.
size_t token_length(std::string_view rest, std::string_view name) {
    if (rest.size() >= name.size() + 3 && rest[1] == '{' && rest.substr(2, name.size()) == name &&
        rest[name.size() + 2] == '}')
        return name.size() + 3;
    return rest.substr(1, name.size()) == name ? name.size() + 1 : 0;
}

// Expands the dynamic string tokens ld.so knows in RPATH/RUNPATH entries.
std::string expand_tokens(const std::string& entry, const std::string& origin_dir) {
    if (entry.find('$') == std::string::npos) return entry;
    const HostElf& host = host_elf();
    const std::string lib = !host.multiarch.empty() && is_directory("/lib/" + host.multiarch) ? "lib/" + host.multiarch
                            : host.is_64bit                                                   ? "lib64"
                                                                                              : "lib";
    const std::pair<std::string_view, std::string> tokens[] = {
        {"ORIGIN", origin_dir}, {"LIB", lib}, {"PLATFORM", elf_machine_name(host.machine)}};
    std::string out;
    for (size_t i = 0; i < entry.size();) {
        size_t matched = 0;
        if (entry[i] == '$')
            for (const auto& [name, value] : tokens)
                if ((matched = token_length(std::string_view(entry).substr(i), name)) > 0) {
                    out += value;
                    break;
                }
        if (matched > 0)
            i += matched;
        else
            out += entry[i++];
    }
    return out;
}

std::vector<std::string> split(std::string_view text, std::string_view separators) {
    std::vector<std::string> out;
    size_t start = 0;
    while (start <= text.size()) {
        const size_t end = std::min(text.find_first_of(separators, start), text.size());
        if (end > start) out.emplace_back(text.substr(start, end - start));
        start = end + 1;
    }
    return out;
}

void read_conf_into(const std::string& path, int depth, std::vector<std::string>& dirs) {
    if (depth > 8) return; // include loops
    std::ifstream in(path);
    std::string line;
    while (std::getline(in, line)) {
        line = line.substr(0, line.find('#'));
        auto words = split(line, " \t\r");
        if (words.empty()) continue;
        if (words[0] == "include") {
            for (size_t i = 1; i < words.size(); ++i) {
                // Relative patterns are relative to the including file's directory.
                const std::string pattern = words[i][0] == '/' ? words[i] : dir_name(path) + "/" + words[i];
                glob_t g{};
                if (::glob(pattern.c_str(), 0, nullptr, &g) == 0)
                    for (size_t k = 0; k < g.gl_pathc; ++k)
                        read_conf_into(g.gl_pathv[k], depth + 1, dirs);
                ::globfree(&g);
            }
        } else if (words[0] != "hwcap") {
            for (auto& w : split(line, " \t\r:,"))
                add_unique(dirs, w.substr(0, w.find('='))); // "dir=TYPE" in old files
        }
    }
}

const std::vector<std::string>& default_system_dirs() {
    static const std::vector<std::string> dirs = [] {
        std::vector<std::string> d = read_ld_so_conf("/etc/ld.so.conf");
        const HostElf& host = host_elf();
        if (!host.multiarch.empty()) {
            add_unique(d, "/lib/" + host.multiarch);
            add_unique(d, "/usr/lib/" + host.multiarch);
        }
        if (host.is_64bit) {
            add_unique(d, "/lib64");
            add_unique(d, "/usr/lib64");
        }
        add_unique(d, "/lib");
        add_unique(d, "/usr/lib");
        return d;
    }();
    return dirs;
}

// Names under which already-loaded objects satisfy a DT_NEEDED: file name and soname. The
// soname is read from the file once per path.
std::set<std::string, std::less<>> loaded_object_names() {
    std::vector<std::string> paths;
    ::dl_iterate_phdr(
        [](dl_phdr_info* info, size_t, void* data) {
            if (info->dlpi_name && info->dlpi_name[0])
                static_cast<std::vector<std::string>*>(data)->emplace_back(info->dlpi_name);
            return 0;
        },
        &paths);

    static std::mutex mutex;
    static auto* sonames = new std::map<std::string, std::string>(); // never freed: used at exit
    std::set<std::string, std::less<>> names;
    std::lock_guard lock(mutex);
    for (const auto& path : paths) {
        names.insert(base_name(path));
        auto it = sonames->find(path);
        if (it == sonames->end()) {
            std::string soname;
            try {
                soname = ElfFile::open(path).dynamic().soname;
            } catch (const ElfError&) {
            }
            it = sonames->emplace(path, soname).first;
        }
        if (!it->second.empty()) names.insert(it->second);
    }
    return names;
}

bool compatible(const std::string& candidate, const ElfFile& needer) {
    if (!is_regular_file(candidate)) return false;
    try {
        const ElfFile f = ElfFile::open(candidate); // ld.so skips libraries of another class or machine
        return f.is_64bit() == needer.is_64bit() && f.machine() == needer.machine();
    } catch (const ElfError&) {
        return false; // e.g. a linker script named libc.so
    }
}

std::optional<std::string> search_dirs(std::string_view name, const std::vector<std::string>& dirs,
                                       const ElfFile& needer, const std::string& origin_dir) {
    for (const auto& dir : dirs) {
        const std::string candidate = expand_tokens(dir, origin_dir) + "/" + std::string(name);
        if (compatible(candidate, needer)) return candidate;
    }
    return std::nullopt;
}

} // namespace

const HostElf& host_elf() {
    static const HostElf host = [] {
        HostElf h;
        try {
            const ElfFile self = ElfFile::open("/proc/self/exe");
            h.is_64bit = self.is_64bit();
            h.machine = self.machine();
        } catch (const ElfError&) {
            h.is_64bit = sizeof(void*) == 8;
#if defined(__x86_64__)
            h.machine = EM_X86_64;
#elif defined(__aarch64__)
            h.machine = EM_AARCH64;
#endif
        }
        h.multiarch = multiarch_triplet(h.is_64bit, h.machine);
        return h;
    }();
    return host;
}

std::vector<std::string> read_ld_so_conf(const std::string& path) {
    std::vector<std::string> dirs;
    read_conf_into(path, 0, dirs);
    return dirs;
}

LibrarySearchPaths LibrarySearchPaths::for_this_process() {
    LibrarySearchPaths p;
    if (const char* env = std::getenv("LD_LIBRARY_PATH")) p.ld_library_path = split(env, ":;");
    p.system_dirs = default_system_dirs();
    p.loaded = loaded_object_names();
    return p;
}

DependencyChecker::DependencyChecker(LibrarySearchPaths paths) : paths_(std::move(paths)) {}

std::optional<std::string> DependencyChecker::search_system(std::string_view name, const ElfFile& needer_file) {
    const std::string key =
        std::string(name) + "/" + std::to_string(needer_file.machine()) + (needer_file.is_64bit() ? "/64" : "/32");
    auto it = system_hits_.find(key);
    if (it == system_hits_.end())
        it = system_hits_.emplace(key, search_dirs(name, paths_.system_dirs, needer_file, "")).first;
    return it->second;
}

std::optional<std::string> DependencyChecker::resolve(std::string_view name, const ElfDynamicInfo& needer,
                                                      const std::string& origin_dir, const ElfFile& needer_file) {
    if (name.find('/') != std::string_view::npos) {
        const std::string path(name);
        return compatible(path, needer_file) ? std::optional(path) : std::nullopt;
    }
    if (paths_.loaded.contains(name)) return std::string();
    // ld.so: DT_RPATH (only without DT_RUNPATH), LD_LIBRARY_PATH, DT_RUNPATH, cache, defaults.
    if (needer.runpath.empty())
        if (auto hit = search_dirs(name, needer.rpath, needer_file, origin_dir)) return hit;
    if (auto hit = search_dirs(name, paths_.ld_library_path, needer_file, origin_dir)) return hit;
    if (auto hit = search_dirs(name, needer.runpath, needer_file, origin_dir)) return hit;
    return search_system(name, needer_file);
}

void DependencyChecker::collect(const std::string& path, const ElfFile& file, int depth,
                                std::vector<MissingLibrary>& out) {
    ElfDynamicInfo info;
    try {
        info = file.dynamic();
    } catch (const ElfError&) {
        return; // a damaged dependency is for dlopen to report
    }
    const std::string origin = dir_name(path);
    for (const auto& name : info.needed) {
        const auto found = resolve(name, info, origin, file);
        if (!found) {
            out.push_back({name, depth == 0 ? std::string() : base_name(path)});
            continue;
        }
        if (found->empty() || depth >= 8) continue; // already loaded, with its own dependencies
        auto cached = checked_.find(*found);
        if (cached == checked_.end()) {
            cached = checked_.emplace(*found, std::vector<MissingLibrary>{}).first; // guards against cycles
            std::vector<MissingLibrary> below;
            try {
                collect(*found, ElfFile::open(*found), depth + 1, below);
            } catch (const ElfError&) {
            }
            cached = checked_.find(*found);
            cached->second = std::move(below);
        }
        for (const auto& m : cached->second)
            if (std::none_of(out.begin(), out.end(), [&](const MissingLibrary& o) { return o.name == m.name; }))
                out.push_back(m);
    }
}

std::vector<MissingLibrary> DependencyChecker::missing(const std::string& path, const ElfFile& file) {
    std::vector<MissingLibrary> out;
    collect(path, file, 0, out);
    return out;
}

std::string describe_missing(const std::vector<MissingLibrary>& missing) {
    std::string names;
    for (size_t i = 0; i < missing.size(); ++i) {
        if (i > 0) names += i + 1 == missing.size() ? " and " : ", ";
        names += missing[i].name;
        if (!missing[i].needed_by.empty()) names += " (needed by " + missing[i].needed_by + ")";
    }
    if (missing.size() == 1)
        return "needs " + names + ", which was not found (install it or add its directory to LD_LIBRARY_PATH)";
    return "needs " + names + ", which were not found (install them or add their directories to LD_LIBRARY_PATH)";
}

} // namespace llmhost::plugins
