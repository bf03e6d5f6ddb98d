#include "host/app.hpp"

#include "host/interrupts.hpp"

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

const config::Config& App::config() {
    if (!config_) {
        const std::string path = config::locate_config_file(options_.config_file);
        config_ = path.empty() ? config::Config{} : config::load_config_file(path);
        for (const auto& w : config_->warnings)
            warn("warning: " + w);
    }
    return *config_;
}

std::vector<std::string> App::plugin_dirs() { return plugin_dirs_for(config()); }

std::vector<std::string> App::plugin_dirs_for(const config::Config& config) const {
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
    if (!config.plugins_dir.empty()) dirs.push_back(config.plugins_dir);
    for (auto& dir : plugins::default_plugin_dirs())
        dirs.push_back(std::move(dir));
    return dirs;
}

App::Reread App::read_again() const {
    const std::string path = config::locate_config_file(options_.config_file);
    config::Config config = path.empty() ? config::Config{} : config::load_config_file(path);
    plugins::PluginCatalog catalog(plugins::discover_plugins(plugin_dirs_for(config)));
    return {std::move(config), std::move(catalog)};
}

const plugins::PluginCatalog& App::catalog() {
    if (!catalog_) {
        catalog_.emplace(plugins::discover_plugins(plugin_dirs()));
        for (const auto& w : catalog_->warnings())
            warn("warning: " + w);
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
        const llmh_log_level level = options_.verbosity > 0   ? LLMH_LOG_DEBUG
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

reliability::ProviderPool& App::pool() {
    if (!pool_) pool_ = std::make_unique<reliability::ProviderPool>(services());
    return *pool_;
}

plugins::ProviderInstance& App::instance(const registry::ProviderDefinition& provider) { return pool().get(provider); }

RequestPlan App::plan_request(bool model_required) {
    auto selection =
        registry::select_provider({options_.provider, options_.model}, registry(), config(), model_required);
    debug("provider " + selection.provider.id + " (" + selection.provider_origin + "), model " + selection.model);
    RequestPlan plan = reliability::plan_request(std::move(selection), config(), registry(), pool());
    for (const auto& option : plan.options)
        for (const auto& key : option.keys)
            if (!key.empty()) resolved_secrets().push_back(key);
    return plan;
}

reliability::LoopResult App::run_attempts(const RequestPlan& plan, const reliability::InstanceOperation& op,
                                          const std::function<bool()>& committed) {
    reliability::AttemptLoop loop(clock_, health_, &g_interrupted);
    int n = 0;
    loop.on_attempt([&](const reliability::AttemptRecord& a) {
        std::string line = "attempt " + std::to_string(++n) + ": " + a.provider + " model " + a.model + " key #" +
                           std::to_string(a.key_index);
        if (a.delay_ms) line += " after " + std::to_string(a.delay_ms) + " ms";
        line += " -> " + a.status;
        if (!a.error_class.empty()) line += " (" + a.error_class + ")";
        if (!a.message.empty()) line += ": " + scrub_secrets(a.message);
        debug(line);
    });
    // Named if it does not stop on Ctrl-C.
    const auto named_op = [&](plugins::ProviderInstance& instance, const reliability::Option& option,
                              const plugins::CallOptions& call) {
        struct Forget {
            ~Forget() { set_current_call({}); }
        } forget;
        set_current_call("the " + option.provider.plugin + " plugin (provider " + option.provider.id + ")");
        op(instance, option, call);
    };
    return reliability::run_with_pool(loop, pool(), plan.options, named_op, &g_interrupted, committed);
}

void App::warn(const std::string& message) const {
    if (options_.verbosity >= 0) std::cerr << "llmhost: " << message << '\n';
}

void App::debug(const std::string& message) const {
    if (options_.verbosity > 0) std::cerr << "llmhost: " << message << '\n';
}

} // namespace llmhost::cli
