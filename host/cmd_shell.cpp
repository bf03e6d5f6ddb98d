// `completion SHELL`, `man` and the hidden `__complete WHAT` the completion scripts call.
#include "host/cli_spec.hpp"
#include "host/commands.hpp"
#include "host/exit_codes.hpp"

#include <cstdio>
#include <set>

namespace llmhost::cli {

int run_completion(App&, ArgReader& args) {
    const auto words = args.positional("completion");
    if (words.size() != 1) throw UsageError("usage: llmhost completion bash|zsh|fish");
    std::fputs(completion_script(words[0]).c_str(), stdout);
    return exit_ok;
}

int run_man(App&, ArgReader& args) {
    if (!args.positional("man").empty()) throw UsageError("man takes no arguments");
    std::fputs(man_page(LLMHOST_VERSION).c_str(), stdout);
    return exit_ok;
}

// One candidate per line. Quiet on any failure (a broken config): completion must not print
// errors into the user's command line.
int run_complete(App& app, ArgReader& args) {
    const auto words = args.positional("__complete");
    if (words.size() != 1 || words[0] != "providers") return exit_usage;
    try {
        std::set<std::string> names;
        for (const auto& p : app.registry().all()) {
            names.insert(p.id);
            names.insert(p.aliases.begin(), p.aliases.end());
        }
        for (const auto& name : names)
            std::printf("%s\n", name.c_str());
    } catch (const std::exception&) {
        return exit_failure;
    }
    return exit_ok;
}

} // namespace llmhost::cli
