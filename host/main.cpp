// llmhost: parses the command line, runs one command, and turns every failure into a clear
// message on stderr and the SPEC's exit code.
#include "core/config/config.hpp"
#include "core/plugins/crash_report.hpp"
#include "core/plugins/isolation/plugin_child.hpp"
#include "core/plugins/plugin_loader.hpp"
#include "core/registry/credentials.hpp"
#include "host/cli_spec.hpp"
#include "host/commands.hpp"
#include "host/exit_codes.hpp"
#include "host/interrupts.hpp"

#include <llmhost/error.hpp>

#include <csignal>
#include <cstdio>
#include <iostream>
#include <map>
#include <string_view>
#include <unistd.h>

namespace {

using namespace llmhost;
using namespace llmhost::cli;

int fail(int code, const std::string& message) {
    std::fflush(stdout);
    // Keep the diagnostic off the reply's line on a terminal; stdout itself stays exact.
    if (g_stdout_midline && isatty(STDOUT_FILENO) && isatty(STDERR_FILENO)) std::cerr << '\n';
    std::cerr << "llmhost: " << scrub_secrets(message) << '\n';
    return code;
}

int dispatch(App& app, const CommandLine& cl) {
    using Runner = int (*)(App&, ArgReader&);
    static const std::map<std::string, Runner> commands{
        {"version", run_version}, {"plugins", run_plugins},     {"providers", run_providers},
        {"chat", run_chat},       {"models", run_models},       {"embed", run_embed},
        {"config", run_config},   {"auth", run_auth},           {"serve", run_serve},
        {"run", run_run},         {"tokens", run_tokens},       {"completion", run_completion},
        {"man", run_man},         {"__complete", run_complete}, {"reload", run_reload},
    };
    if (cl.global.help || cl.command.empty() || cl.command == "help") {
        std::fputs(usage_text().c_str(), cl.global.help || cl.command == "help" ? stdout : stderr);
        return cl.global.help || cl.command == "help" ? exit_ok : exit_usage;
    }
    auto it = commands.find(cl.command);
    if (it == commands.end()) throw UsageError("unknown command '" + cl.command + "' (see `llmhost --help`)");
    ArgReader args(cl.args);
    return it->second(app, args);
}

} // namespace

int main(int argc, char** argv) {
    if (argc > 1 && std::string_view(argv[1]) == plugins::isolation::kPluginChildCommand) {
        std::signal(SIGINT, SIG_IGN); // the host decides when a call stops, and kills a hung child
        plugins::install_crash_report();
        return plugins::isolation::run_plugin_child(argc, argv);
    }
    install_interrupt_handlers();
    plugins::install_crash_report();
    try {
        const CommandLine cl = parse_command_line(argc, argv);
        App app(cl.global);
        const int code = dispatch(app, cl);
        std::fflush(stdout);
        return code;
    } catch (const UsageError& e) {
        return fail(exit_usage, e.what());
    } catch (const config::ConfigError& e) {
        return fail(exit_usage, e.what());
    } catch (const registry::SelectionError& e) {
        return fail(exit_usage, e.what());
    } catch (const registry::CredentialError& e) {
        return fail(exit_credentials, e.what());
    } catch (const plugins::PluginLoadError& e) {
        return fail(exit_plugin, e.what());
    } catch (const llmhost::Error& e) {
        if (e.error_class() == LLMH_ERR_CANCELLED && g_interrupted) return fail(exit_interrupted, "interrupted");
        std::string msg = e.what();
        if (std::string_view(msg).find(error_class_name(e.error_class())) == std::string_view::npos)
            msg += " [" + std::string(error_class_name(e.error_class())) + "]";
        return fail(exit_code_for(e.error_class()), msg);
    } catch (const std::exception& e) {
        return fail(exit_failure, e.what());
    }
}
