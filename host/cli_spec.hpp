// The command line as data: every command, its arguments and options, and the global options.
// `--help`, the shell completions (bash, zsh, fish) and the man page are all generated from
// it, so that they cannot disagree with each other.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace llmhost::cli {

// What an option's value or a command's argument is, for completion.
enum class ValueKind {
    none,      // a flag
    text,      // free text
    file,      // a file path
    directory, // a directory path
    provider,  // a provider id or alias (`llmhost __complete providers`)
    choice,    // one of CommandSpec::words
};

struct OptionSpec {
    std::string_view name;       // "--provider"
    std::string_view short_name; // "-p", or ""
    ValueKind value = ValueKind::none;
    std::string_view value_name; // "ID" for "--provider ID"
    std::string_view help;
};

struct CommandSpec {
    std::string_view name;
    std::string_view args;                  // "[PROMPT...]", shown after the name
    std::string_view summary;               // one line for --help
    std::string_view details;               // more, for the man page ("" when the summary says it all)
    std::vector<std::string_view> words;    // fixed words the first argument takes ("check", "show")
    ValueKind word_value = ValueKind::none; // what follows the word, or the argument (no words)
    std::vector<OptionSpec> options;
};

const std::vector<OptionSpec>& global_options();
const std::vector<CommandSpec>& command_specs();

struct ExitCodeSpec {
    int code;
    std::string_view meaning;
};
const std::vector<ExitCodeSpec>& exit_code_specs();

// `llmhost --help`.
std::string usage_text();

// `llmhost completion bash|zsh|fish`; throws UsageError for another shell.
std::string completion_script(std::string_view shell);

// `llmhost man`: the manual page, in roff (man(7) macros).
std::string man_page(std::string_view version);

} // namespace llmhost::cli
