// version, plugins and providers: what is installed and configured, without loading
// anything (except `plugins check`).
#include "core/config/config_json.hpp"
#include "core/plugins/conformance_kit.hpp"
#include "core/plugins/plugin_lint.hpp"
#include "core/plugins/plugin_loader.hpp"
#include "core/registry/config_validation.hpp"
#include "core/registry/credentials.hpp"
#include "core/registry/provider_config_json.hpp"
#include "host/commands.hpp"
#include "host/exit_codes.hpp"

#include <boost/json.hpp>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>

namespace llmhost::cli {

void print_json(const boost::json::value& document) {
    const std::string text = boost::json::serialize(document);
    std::fwrite(text.data(), 1, text.size(), stdout);
    std::fputc('\n', stdout);
}

namespace {

boost::json::array string_array(const std::vector<std::string>& items) {
    boost::json::array out;
    for (const auto& s : items)
        out.push_back(boost::json::string(s));
    return out;
}

boost::json::object plugin_json(const plugins::PluginFile& f) {
    std::vector<std::string> ids, aliases;
    boost::json::object o;
    o["file"] = f.path;
    if (f.metadata) {
        for (const auto& p : f.metadata->providers) {
            ids.push_back(p.id);
            aliases.insert(aliases.end(), p.aliases.begin(), p.aliases.end());
        }
        o["name"] = f.metadata->name;
        o["abi"] = {{"major", f.metadata->abi_major}, {"minor", f.metadata->abi_minor}};
        o["version"] = f.metadata->version;
        uint32_t caps = 0;
        for (const auto& p : f.metadata->providers)
            caps |= p.capabilities;
        o["capabilities"] = string_array(plugins::capability_names(caps));
    } else {
        o["abi"] = nullptr;
        o["version"] = nullptr;
    }
    o["ids"] = string_array(ids);
    o["aliases"] = string_array(aliases);
    const bool ok = f.status == plugins::PluginStatus::ok;
    o["status"] = ok ? "ok" : "error";
    o["reason"] = plugins::to_string(f.status);
    o["error"] = ok ? boost::json::value(nullptr) : boost::json::value(f.error);
    if (!f.missing_libraries.empty()) o["missing_libraries"] = string_array(f.missing_libraries);
    return o;
}

int plugins_check(App& app, const std::vector<std::string>& files) {
    std::vector<plugins::PluginFile> targets;
    if (files.empty())
        targets = app.catalog().files();
    else
        for (const auto& f : files)
            targets.push_back(plugins::inspect_plugin_file(f));
    int code = exit_ok;
    for (const auto& f : targets) {
        try {
            const auto& loaded = plugins::load_plugin(f, app.services());
            std::printf("ok     %s (%.*s %.*s)\n", f.path.c_str(), static_cast<int>(loaded.table().name.size),
                        loaded.table().name.data, static_cast<int>(loaded.table().version.size),
                        loaded.table().version.data);
            for (const auto& problem : plugins::lint_plugin(f, loaded.table()))
                std::printf("warning %s: %s\n", f.path.c_str(), problem.c_str());
        } catch (const std::exception& e) {
            std::printf("error  %s: %s\n", f.path.c_str(), e.what());
            code = exit_plugin;
        }
    }
    return code;
}

// The conformance kit's checks, one line each; exit 1 when any failed.
int plugins_test(App& app, const std::string& path, const std::string& provider,
                 const std::optional<std::string>& replay, bool json) {
    // A provider the config sets up (a region, an endpoint) is tested as configured.
    std::optional<std::string> configured;
    if (!provider.empty() && app.config().find_provider(provider))
        configured = registry::provider_config_json(app.registry().resolve(provider));
    // FILE may also name an installed plugin, by its name ("openai-codex") or its file's
    // ("openai_codex", for llmhost-openai_codex.so).
    const plugins::PluginFile* installed = nullptr;
    if (path.find('/') == std::string::npos && !std::filesystem::exists(path)) {
        installed = app.catalog().find_plugin(path);
        for (const auto& f : app.catalog().files())
            if (!installed && std::filesystem::path(f.path).filename() == "llmhost-" + path + ".so") installed = &f;
    }
    const auto file = installed ? *installed : plugins::inspect_plugin_file(path);
    plugins::KitReport report;
    try {
        report = plugins::run_conformance_kit(file, provider, configured, replay);
    } catch (const plugins::PluginLoadError&) {
        throw;
    } catch (const std::runtime_error& e) { // a recording that cannot be read
        throw UsageError(e.what());
    }
    if (json) {
        boost::json::array checks;
        for (const auto& c : report.checks)
            checks.push_back({{"name", c.name},
                              {"passed", c.not_run ? boost::json::value(nullptr) : boost::json::value(c.passed)},
                              {"status", c.not_run  ? "not_run"
                                         : c.passed ? "ok"
                                                    : "failed"},
                              {"detail", c.detail}});
        print_json(boost::json::object{{"file", report.file},
                                       {"provider", report.provider},
                                       {"passed", report.passed()},
                                       {"checks", std::move(checks)}});
    } else {
        std::printf("%s, provider %s\n", report.file.c_str(), report.provider.c_str());
        size_t failed = 0, not_run = 0;
        for (const auto& c : report.checks) {
            failed += !c.passed && !c.not_run;
            not_run += c.not_run;
            std::printf("  %s %s%s%s\n",
                        c.not_run  ? "skip"
                        : c.passed ? "ok  "
                                   : "FAIL",
                        c.name.c_str(), c.passed ? "" : ": ", c.detail.c_str());
        }
        std::printf("%zu checks, %zu failed, %zu not run\n", report.checks.size(), failed, not_run);
    }
    return report.passed() ? exit_ok : exit_failure;
}

} // namespace

int run_version(App& app, ArgReader& args) {
    const bool json = args.flag("--json");
    args.positional("version");
    if (!json) {
        std::printf("llmhost %s (plugin ABI %d.%d)\n", LLMHOST_VERSION, LLMH_ABI_MAJOR, LLMH_ABI_MINOR);
        return exit_ok;
    }
    // Each plugin as its metadata says, without loading it.
    boost::json::array plugins;
    for (const auto& f : app.catalog().files()) {
        boost::json::object p{{"file", f.path}, {"status", f.status == plugins::PluginStatus::ok ? "ok" : "error"}};
        p["name"] = f.metadata ? boost::json::value(f.metadata->name) : boost::json::value(nullptr);
        p["version"] = f.metadata ? boost::json::value(f.metadata->version) : boost::json::value(nullptr);
        p["abi"] = f.metadata ? boost::json::value({{"major", f.metadata->abi_major}, {"minor", f.metadata->abi_minor}})
                              : boost::json::value(nullptr);
        plugins.push_back(std::move(p));
    }
    print_json(boost::json::object{{"llmhost", LLMHOST_VERSION},
                                   {"abi", {{"major", LLMH_ABI_MAJOR}, {"minor", LLMH_ABI_MINOR}}},
                                   {"plugins", std::move(plugins)}});
    return exit_ok;
}

int run_plugins(App& app, ArgReader& args) {
    const bool json = args.flag("--json");
    std::optional<std::string> replay; // plugins test
    if (std::string dir; args.value("--replay", dir)) replay = dir;
    auto rest = args.positional("plugins");
    if (replay && (rest.empty() || rest.front() != "test"))
        throw UsageError("--replay belongs to `plugins test FILE --replay DIR`");
    if (!rest.empty() && rest.front() == "check") return plugins_check(app, {rest.begin() + 1, rest.end()});
    if (!rest.empty() && rest.front() == "test") {
        if (rest.size() != 2)
            throw UsageError("usage: llmhost plugins test FILE [--provider ID] [--replay DIR] [--json]");
        return plugins_test(app, rest[1], app.options().provider, replay, json); // --provider: the global option
    }
    if (!rest.empty())
        throw UsageError("unknown argument '" + rest.front() + "' for `plugins` (did you mean `plugins check`?)");
    const auto& files = app.catalog().files();
    if (json) {
        boost::json::array list;
        for (const auto& f : files)
            list.push_back(plugin_json(f));
        print_json(boost::json::object{{"plugins", std::move(list)}});
        return exit_ok;
    }
    if (files.empty()) {
        std::printf("no plugins found; searched:");
        for (const auto& d : app.plugin_dirs())
            std::printf(" %s", d.c_str());
        std::printf("\n");
        return exit_ok;
    }
    for (const auto& f : files) {
        const std::string name = std::filesystem::path(f.path).filename().string();
        std::string ids;
        if (f.metadata)
            for (const auto& p : f.metadata->providers)
                ids += (ids.empty() ? "" : ",") + p.id;
        if (f.status == plugins::PluginStatus::ok)
            std::printf("%-28s ok     abi %u.%u  v%-8s %s\n", name.c_str(), f.metadata->abi_major,
                        f.metadata->abi_minor, f.metadata->version.c_str(), ids.c_str());
        else
            std::printf("%-28s error  %s\n", name.c_str(), f.error.c_str());
    }
    return exit_ok;
}

int run_config(App& app, ArgReader& args) {
    const bool json = args.flag("--json");
    const bool force = args.flag("--force");
    std::string path;
    const bool has_path = args.value("--path", path);
    auto rest = args.positional("config");
    if (rest.size() != 1 || (rest[0] != "check" && rest[0] != "show" && rest[0] != "init"))
        throw UsageError("usage: llmhost config check|show [--json] | config init [--path FILE] [--force]");
    if (rest[0] == "init") {
        if (json) throw UsageError("--json does not apply to `config init`");
        return run_config_init(path, force);
    }
    if (force || has_path) throw UsageError("--path and --force only apply to `config init`");
    const auto& config = app.config(); // syntax and type problems throw ConfigError (exit 2)
    if (rest[0] == "show") {
        const auto doc = config::to_masked_json(config);
        if (json)
            print_json(doc);
        else
            std::printf("%s\n", boost::json::serialize(doc).c_str());
        return exit_ok;
    }
    const auto problems = registry::validate_config(config, app.registry(), app.catalog());
    const std::string name = config.path.empty() ? "no config file (built-ins only)" : config.path;
    if (problems.empty()) {
        std::printf("%s: ok%s\n", name.c_str(),
                    config.warnings.empty()
                        ? ""
                        : (" (" + std::to_string(config.warnings.size()) + " warning(s) above)").c_str());
        return exit_ok;
    }
    for (const auto& p : problems)
        std::fprintf(stderr, "llmhost: %s\n", p.c_str());
    std::fprintf(stderr, "llmhost: %s: %zu problem(s)\n", name.c_str(), problems.size());
    return exit_usage;
}

} // namespace llmhost::cli
