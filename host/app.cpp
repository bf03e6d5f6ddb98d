#include "host/app.hpp"

#include "core/registry/provider_config_json.hpp"

#include <cstdio>
#include <cstdlib>
#include <iostream>

namespace llmhost::cli {

std::atomic<bool> g_interrupted{false};
bool g_stdout_midline = false;

namespace {
std::vector<std::string>& resolved_secrets() {
    static std::vector<std::string> secrets;
    return secrets;
}
} // namespace

std::string scrub_secrets(std::string text) {
    for (const auto& secret : resolved_secrets()) {
        if (secret.size() < 4) continue; // too short to be a key; masking would garble text
        for (size_t at = text.find(secret); at != std::string::npos; at = text.find(secret, at + 4))
            text.replace(at, secret.size(), "****");
    }
    return text;
}

plugins::CallOptions ActiveProvider::call_options() const {
    plugins::CallOptions o;
    o.api_key = key.value;
    o.cancel = &g_interrupted;
    if (const auto* e = selection.provider.entry) {
        if (e->timeout_ms) o.total_timeout = std::chrono::milliseconds(*e->timeout_ms);
        if (e->stream_idle_timeout_ms) o.idle_timeout = std::chrono::milliseconds(*e->stream_idle_timeout_ms);
    }
    return o;
}

const config::Config& App::config() {
    if (!config_) {
        const std::string path = config::locate_config_file(options_.config_file);
        config_ = path.empty() ? config::Config{} : config::load_config_file(path);
        for (const auto& w : config_->warnings) warn("warning: " + w);
    }
    return *config_;
}

std::vector<std::string> App::plugin_dirs() {
    std::vector<std::string> dirs = options_.plugin_dirs;
    if (const char* path = std::getenv("LLMHOST_PLUGIN_PATH")) {
        std::string s = path;
        for (size_t start = 0; start <= s.size();) {
            size_t colon = s.find(':', start);
            if (colon == std::string::npos) colon = s.size();
            if (colon > start) dirs.push_back(s.substr(start, colon - start));
            start = colon + 1;
        }
    }
    if (!config().plugins_dir.empty()) dirs.push_back(config().plugins_dir);
    dirs.push_back(plugins::default_plugin_dir());
    return dirs;
}

const plugins::PluginCatalog& App::catalog() {
    if (!catalog_) {
        catalog_.emplace(plugins::discover_plugins(plugin_dirs()));
        for (const auto& w : catalog_->warnings()) warn("warning: " + w);
    }
    return *catalog_;
}

const registry::ProviderRegistry& App::registry() {
    if (!registry_) registry_.emplace(config(), catalog());
    return *registry_;
}

plugins::HostServices& App::services() {
    if (!services_) {
        http_ = std::make_unique<transport::HttpClient>();
        services_ = std::make_unique<plugins::HostServices>(*http_);
        const llmh_log_level level = options_.verbosity > 0 ? LLMH_LOG_DEBUG
                                     : options_.verbosity < 0 ? LLMH_LOG_ERROR
                                                              : LLMH_LOG_WARN;
        services_->set_logger(
            [](llmh_log_level, std::string_view message) {
                std::fprintf(stderr, "llmhost: %.*s\n", static_cast<int>(message.size()), message.data());
            },
            level);
    }
    return *services_;
}

ActiveProvider App::open_provider(bool model_required) {
    ActiveProvider active;
    active.selection = registry::select_provider({options_.provider, options_.model}, registry(), config(), model_required);
    const auto& provider = active.selection.provider;
    debug("provider " + provider.id + " (" + active.selection.provider_origin + "), model " + active.selection.model);
    // Load first: a plugin that cannot work is reported as such, not as a missing key.
    if (!provider.file)
        throw plugins::PluginLoadError("provider '" + provider.id + "' is implemented by the '" + provider.plugin +
                                       "' plugin, which is not installed in any plugin directory (see `llmhost plugins`)");
    const auto& plugin = plugins::load_plugin(*provider.file, services());
    active.key = registry::require_key(provider, active.selection.route ? std::string_view(active.selection.route->api_key)
                                                                        : std::string_view()); // before any network I/O
    if (!active.key.value.empty()) resolved_secrets().push_back(active.key.value);
    if (!active.key.source.empty()) debug("credential from " + active.key.source);
    active.instance = plugin.create(provider.id, registry::provider_config_json(provider));
    return active;
}

void App::warn(const std::string& message) const {
    if (options_.verbosity >= 0) std::cerr << "llmhost: " << message << '\n';
}

void App::debug(const std::string& message) const {
    if (options_.verbosity > 0) std::cerr << "llmhost: " << message << '\n';
}

} // namespace llmhost::cli
