#include "core/plugins/discovery.hpp"

#include "core/plugins/plugin_inspector.hpp"
#include "core/plugins/plugin_trace.hpp"
#include "core/plugins/plugin_trust.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <system_error>

namespace llmhost::plugins {

namespace fs = std::filesystem;

std::string_view to_string(PluginStatus status) {
    switch (status) {
    case PluginStatus::ok: return "ok";
    case PluginStatus::unreadable: return "unreadable";
    case PluginStatus::not_a_plugin: return "not_a_plugin";
    case PluginStatus::bad_metadata: return "bad_metadata";
    case PluginStatus::abi_major_mismatch: return "abi_major_mismatch";
    case PluginStatus::abi_minor_newer: return "abi_minor_newer";
    case PluginStatus::missing_dependency: return "missing_dependency";
    case PluginStatus::untrusted: return "untrusted";
    }
    return "unknown";
}

namespace {

// Why a *.so entry that is not a regular file (after following symlinks) is skipped. Only
// stat and lstat: opening a FIFO would block, and a device may never end.
std::string not_a_regular_file(const fs::path& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) {
        const int err = errno;
        if (err == ELOOP) return "a symlink loop";
        if (err == ENOENT && ::lstat(path.c_str(), &st) == 0) return "a symlink to nothing";
        return std::string("cannot be examined: ") + std::strerror(err);
    }
    if (S_ISFIFO(st.st_mode)) return "a FIFO";
    if (S_ISCHR(st.st_mode)) return "a character device";
    if (S_ISBLK(st.st_mode)) return "a block device";
    if (S_ISSOCK(st.st_mode)) return "a socket";
    if (S_ISDIR(st.st_mode)) return "a directory";
    return "not a regular file";
}

// The *.so regular files of one directory (following symlinks), sorted by file name.
std::vector<std::string> plugin_files_in(const std::string& dir, bool tracing) {
    std::vector<std::string> names;
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (name.size() <= 3 || !name.ends_with(".so")) continue;
        std::error_code type_ec;
        if (it->is_regular_file(type_ec))
            names.push_back(name);
        else if (tracing)
            trace_plugins(it->path().string() + ": skipped: " + not_a_regular_file(it->path()));
    }
    std::sort(names.begin(), names.end());
    for (auto& n : names)
        n = (fs::path(dir) / n).string();
    return names;
}

void trace_decision(const PluginFile& f) {
    if (f.status != PluginStatus::ok) {
        trace_plugins(f.path + ": rejected: " + f.error);
        return;
    }
    std::string ids;
    for (const auto& p : f.metadata->providers)
        ids += (ids.empty() ? "" : ", ") + p.id;
    trace_plugins(f.path + ": accepted, serves " + ids);
}

// Inspects `path`, then marks a plugin untrusted when an elevated process must not load it
// (its metadata stays, so that it is listed and selecting it names the reason). A file that
// is no plugin keeps its own error.
PluginFile inspect_trusted(PluginInspector& inspector, const std::string& path, const std::string& dir) {
    PluginFile f = inspector.inspect(path);
    if (!f.metadata) return f;
    if (auto problem = plugin_trust_problem(path, dir)) {
        f.status = PluginStatus::untrusted;
        f.error = std::move(*problem);
    }
    return f;
}

} // namespace

std::vector<PluginFile> discover_plugins(const std::vector<std::string>& dirs) {
    const bool tracing = plugin_tracing_enabled();
    PluginInspector inspector;
    std::vector<PluginFile> out;
    std::vector<fs::path> seen_dirs; // the same directory given twice is scanned once
    for (const auto& dir : dirs) {
        std::error_code ec;
        const fs::path canonical = fs::weakly_canonical(dir, ec);
        if (std::find(seen_dirs.begin(), seen_dirs.end(), canonical) != seen_dirs.end()) continue;
        seen_dirs.push_back(canonical);
        if (!fs::is_directory(dir, ec)) {
            if (tracing) trace_plugins(dir + ": not a directory, skipped");
            continue;
        }
        for (const auto& path : plugin_files_in(dir, tracing)) {
            out.push_back(inspect_trusted(inspector, path, dir));
            if (tracing) trace_decision(out.back());
        }
    }
    return out;
}

PluginFile inspect_plugin_file(const std::string& path) {
    PluginInspector inspector;
    const fs::path dir = fs::path(path).parent_path();
    PluginFile f = inspect_trusted(inspector, path, dir.empty() ? "." : dir.string());
    if (plugin_tracing_enabled()) trace_decision(f);
    return f;
}

std::vector<std::string> default_plugin_dirs() {
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    const fs::path lib = ec ? fs::path("/usr/lib") : (exe.parent_path() / ".." / "lib").lexically_normal();
    std::vector<std::string> dirs;
    const std::string_view multiarch = LLMHOST_MULTIARCH;
    if (!multiarch.empty()) dirs.push_back((lib / multiarch / "llmhost" / "plugins").string());
    dirs.push_back((lib / "llmhost" / "plugins").string());
    return dirs;
}

} // namespace llmhost::plugins
