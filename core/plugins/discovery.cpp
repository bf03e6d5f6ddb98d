#include "core/plugins/discovery.hpp"

#include "core/plugins/plugin_inspector.hpp"
#include "core/plugins/plugin_trace.hpp"

#include <algorithm>
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
    }
    return "unknown";
}

namespace {

// The *.so files of one directory (following symlinks), sorted by file name.
std::vector<std::string> plugin_files_in(const std::string& dir) {
    std::vector<std::string> names;
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        std::error_code type_ec;
        if (name.size() > 3 && name.ends_with(".so") && it->is_regular_file(type_ec)) names.push_back(name);
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
        for (const auto& path : plugin_files_in(dir)) {
            out.push_back(inspector.inspect(path));
            if (tracing) trace_decision(out.back());
        }
    }
    return out;
}

PluginFile inspect_plugin_file(const std::string& path) {
    PluginFile f = PluginInspector().inspect(path);
    if (plugin_tracing_enabled()) trace_decision(f);
    return f;
}

std::string default_plugin_dir() {
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (ec) return "/usr/lib/llmhost/plugins";
    return (exe.parent_path() / ".." / "lib" / "llmhost" / "plugins").lexically_normal().string();
}

} // namespace llmhost::plugins
