#include "core/plugins/plugin_trust.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string_view>
#include <vector>

namespace llmhost::plugins {

namespace fs = std::filesystem;

bool process_is_elevated() { return geteuid() == 0 || geteuid() != getuid() || getegid() != getgid(); }

bool trust_all_plugins_requested() {
    const char* v = std::getenv("LLMHOST_TRUST_ALL_PLUGINS");
    return v && *v && std::string_view(v) != "0";
}

std::optional<std::string> untrusted_because(const std::string& path, const struct stat& st, uid_t euid) {
    char mode[8];
    std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
    if (st.st_mode & S_IWOTH) return path + " is writable by every user (mode " + mode + ")";
    if (st.st_mode & S_IWGRP) return path + " is writable by its group (mode " + mode + ")";
    if (st.st_uid != 0 && st.st_uid != euid)
        return path + " is owned by uid " + std::to_string(st.st_uid) + ", neither root nor the user llmhost runs as";
    return std::nullopt;
}

namespace {

std::optional<std::string> check_path(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return path + " cannot be checked: " + std::strerror(errno);
    return untrusted_because(path, st, geteuid());
}

} // namespace

std::optional<std::string> plugin_trust_problem(const std::string& file, const std::string& dir) {
    if (!process_is_elevated() || trust_all_plugins_requested()) return std::nullopt;
    std::vector<std::string> paths{file, dir};
    std::error_code ec;
    if (fs::is_symlink(file, ec)) { // the directory holding the real file matters too
        const fs::path target = fs::canonical(file, ec);
        if (!ec) paths.insert(paths.end(), {target.string(), target.parent_path().string()});
    }
    for (const auto& path : paths)
        if (auto problem = check_path(path))
            return "not loaded by a privileged process: " + *problem +
                   "; make it owned by root (or you) and writable only by its owner (chown root; chmod go-w), or "
                   "set LLMHOST_TRUST_ALL_PLUGINS=1 if you trust everyone who can write it";
    return std::nullopt;
}

} // namespace llmhost::plugins
