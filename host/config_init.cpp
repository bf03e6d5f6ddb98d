// `config init [--path FILE] [--force]`: a commented starter config, written where llmhost
// looks for it. It parses as it is (everything optional is commented out) and never holds a
// key: keys come from the environment.
#include "host/commands.hpp"
#include "host/exit_codes.hpp"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>

namespace llmhost::cli {
namespace {

const char* const starter_config =
    R"(# llmhost configuration. `llmhost config check` validates it, `llmhost config show` prints it
# normalised, `llmhost providers` lists every provider id with the variable its key is read from.
# Every string may use ${VARIABLE}; keep keys in the environment, not in this file.

# The provider and model used when -p / -m are not given.
default_provider = "openai"
# default_model = "gpt-4o"

# Extra plugin directories are searched before the installed one.
# plugins_dir = "/opt/llmhost/plugins"

# Overrides for a built-in provider, or a new one (an OpenAI-compatible server by default).
# [providers.openai]
# api_key_env = "OPENAI_API_KEY"
# default_model = "gpt-4o"
#
# [providers.local]
# base_url = "http://localhost:8000/v1"
# default_model = "qwen"

# Retries and fallbacks.
# [reliability]
# provider_retries = 2
# provider_backoff_ms = 500
# fallback_providers = ["anthropic"]

# Models routed to a provider by name prefix (`-m hint:fast`).
# [[model_routes]]
# hint = "fast"
# provider = "groq"

# The gateway (`llmhost serve`). Clients must send one of api_keys unless it listens on
# loopback only.
[server]
listen = "127.0.0.1:8399"
# api_keys = ["${LLMHOST_SERVER_KEY}"]
)";

// --path › $LLMHOST_CONFIG › $XDG_CONFIG_HOME/llmhost/config.toml › ~/.config/llmhost/config.toml
std::filesystem::path init_path(const std::string& given) {
    if (!given.empty()) return given;
    if (const char* env = std::getenv("LLMHOST_CONFIG"); env && *env) return env;
    if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg && *xdg)
        return std::filesystem::path(xdg) / "llmhost" / "config.toml";
    if (const char* home = std::getenv("HOME"); home && *home)
        return std::filesystem::path(home) / ".config" / "llmhost" / "config.toml";
    throw UsageError("config init: no HOME or XDG_CONFIG_HOME to put the config in; pass --path FILE");
}

} // namespace

int run_config_init(const std::string& given_path, bool force) {
    namespace fs = std::filesystem;
    const fs::path path = init_path(given_path);
    std::error_code ec;
    if (fs::exists(path, ec) && !force) throw UsageError(path.string() + " already exists; pass --force to replace it");
    if (path.has_parent_path()) {
        fs::create_directories(path.parent_path(), ec);
        if (ec) throw UsageError("config init: cannot create " + path.parent_path().string() + ": " + ec.message());
    }
    // Written beside and renamed into place: an interrupted write never leaves half a config.
    const fs::path temporary = path.string() + ".tmp";
    {
        std::ofstream out(temporary, std::ios::trunc);
        out << starter_config;
        if (!out.flush()) throw UsageError("config init: cannot write " + temporary.string());
    }
    fs::permissions(temporary, fs::perms::owner_read | fs::perms::owner_write, ec);
    fs::rename(temporary, path, ec);
    if (ec) throw UsageError("config init: cannot write " + path.string() + ": " + ec.message());
    std::cerr << "wrote " << path.string() << "; check it with `llmhost config check`\n";
    return exit_ok;
}

} // namespace llmhost::cli
