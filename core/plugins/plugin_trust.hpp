// Which plugin files an elevated process (root, setuid or setgid) may load. Like sudo and the
// Vulkan loader: a plugin file, and the directory it was found in, must be owned by root or
// the effective user and writable by nobody else; anyone who could write either could run
// code with the process's privileges. LLMHOST_TRUST_ALL_PLUGINS=1 turns the check off.
#pragma once

#include <sys/stat.h>
#include <sys/types.h>

#include <optional>
#include <string>

namespace llmhost::plugins {

// True for euid 0 and for a process whose effective ids differ from its real ones.
bool process_is_elevated();

// True when LLMHOST_TRUST_ALL_PLUGINS is set to anything but "" or "0".
bool trust_all_plugins_requested();

// Why the file or directory `path` with stat result `st` is not trusted by a process running
// as `euid` (e.g. "/p/x.so is writable by every user (mode 0777)"), or nothing when it is.
std::optional<std::string> untrusted_because(const std::string& path, const struct stat& st, uid_t euid);

// For an elevated process without the override: why the plugin `file` found in `dir` must
// not be loaded (the file, the file a symlink points to, the directory holding it and `dir`
// itself are checked), or nothing. Nothing for a process that is not elevated.
std::optional<std::string> plugin_trust_problem(const std::string& file, const std::string& dir);

} // namespace llmhost::plugins
