// The command line's definition and `--help` generated from it.
#include "host/cli_spec.hpp"

#include "host/cli_options.hpp"

namespace llmhost::cli {

const std::vector<OptionSpec>& global_options() {
    static const std::vector<OptionSpec> options{
        {"--config", "", ValueKind::file, "FILE",
         "the config file (default: $LLMHOST_CONFIG, else "
         "$XDG_CONFIG_HOME/llmhost/config.toml)"},
        {"--plugin-dir", "", ValueKind::directory, "DIR", "search DIR for plugins first (repeatable)"},
        {"--provider", "-p", ValueKind::provider, "PROVIDER",
         "the provider: an id, alias, custom:URL or family variant"},
        {"--model", "-m", ValueKind::text, "MODEL", "the model, or PROVIDER/MODEL"},
        {"--verbose", "-v", ValueKind::none, "", "say more (requests, retries, plugin decisions)"},
        {"--quiet", "-q", ValueKind::none, "", "errors only"},
        {"--help", "-h", ValueKind::none, "", "this help"},
    };
    return options;
}

const std::vector<CommandSpec>& command_specs() {
    static const std::vector<CommandSpec> commands{
        {"chat",
         "[PROMPT...]",
         "one turn (stdin when no PROMPT); streams text as it arrives",
         "",
         {},
         ValueKind::text,
         {
             {"--system", "", ValueKind::text, "TEXT", "a system prompt"},
             {"--temperature", "", ValueKind::text, "X", "sampling temperature"},
             {"--max-tokens", "", ValueKind::text, "N", "at most N output tokens"},
             {"--no-stream", "", ValueKind::none, "", "ask for the whole reply at once"},
             {"--schema", "", ValueKind::file, "FILE", "structured output following the JSON schema in FILE"},
             {"--tools", "", ValueKind::file, "FILE", "tool definitions (a JSON array) the model may call"},
             {"--image", "", ValueKind::file, "FILE", "attach an image (repeatable)"},
             {"--json", "", ValueKind::none, "", "print the whole result as JSON"},
         }},
        {"models",
         "",
         "models the selected provider offers",
         "",
         {},
         ValueKind::none,
         {{"--json", "", ValueKind::none, "", "as JSON"}}},
        {"embed", "TEXT...", "embedding vectors as JSON", "", {}, ValueKind::text, {}},
        {"tokens",
         "[PROMPT...]",
         "count a prompt's input tokens with the provider's own counter",
         "",
         {},
         ValueKind::text,
         {{"--system", "", ValueKind::text, "TEXT", "a system prompt"},
          {"--json", "", ValueKind::none, "", "as JSON"}}},
        {"providers",
         "",
         "every provider id by family, with its plugin, base URL and key status",
         "Long values are cut to fit a terminal; they are whole when the output is not a terminal.",
         {},
         ValueKind::none,
         {{"--json", "", ValueKind::none, "", "as JSON, with aliases and families"},
          {"--markdown", "", ValueKind::none, "", "the README's table, from the plugins' metadata"}}},
        {"plugins",
         "[check [FILE...] | test FILE [--replay DIR]]",
         "every plugin file found, from its metadata alone; `check` loads them; `test` runs the conformance kit",
         "`plugins test FILE` loads the plugin with a scripted host whose HTTP answers from scripts (never the "
         "network) and checks how it maps upstream failures to error classes, that no credential reaches a message, "
         "that unknown options are refused by name, that it exports only its entry point and reads struct_size both "
         "ways; with --replay DIR it replays the author's recorded upstream exchanges, whole and split at every byte "
         "boundary, checking each successful call against the event contract (without recordings those checks are "
         "reported as not run). FILE may be an installed plugin's name. Exit 1 when a check fails. --provider picks "
         "which of its providers (default: the first). See docs/conformance-kit.md.",
         {"check", "test"},
         ValueKind::file,
         {{"--json", "", ValueKind::none, "", "as JSON"},
          {"--replay", "", ValueKind::directory, "DIR", "recorded upstream exchanges to replay (plugins test)"}}},
        {"config",
         "check|show|init",
         "validate the config, print it normalised (secrets masked), or write a starter one",
         "`config init` writes a commented starter config to the default path or --path, and refuses to "
         "replace an existing file without --force.",
         {"check", "show", "init"},
         ValueKind::none,
         {{"--json", "", ValueKind::none, "", "as JSON (check, show)"},
          {"--path", "", ValueKind::file, "FILE", "where `init` writes"},
          {"--force", "", ValueKind::none, "", "let `init` replace an existing file"}}},
        {"auth",
         "login|status|logout PROVIDER",
         "sign in for providers that use an account login: copilot, openai-codex",
         "`status` without a PROVIDER reports every login.",
         {"login", "status", "logout"},
         ValueKind::provider,
         {{"--force", "", ValueKind::none, "", "log in again even when a login exists (login)"},
          {"--json", "", ValueKind::none, "", "as JSON (status)"}}},
        {"serve",
         "",
         "the gateway: OpenAI Chat Completions and Responses, Anthropic Messages and Gemini faces over any provider",
         "Listens on 127.0.0.1:8399 unless --listen or [server] listen says otherwise. SIGHUP reloads the "
         "configuration and plugin directories, as `llmhost reload` does.",
         {},
         ValueKind::none,
         {{"--listen", "", ValueKind::text, "ADDR", "HOST:PORT to listen on"}}},
        {"reload",
         "",
         "make a running gateway read its configuration and plugin directories again",
         "Requests in flight finish with the configuration they started with; a configuration with errors is "
         "refused (exit 2) and the running one kept. The gateway is reached where this configuration's [server] "
         "listen (or --listen) says, with its first [server] api_keys key.",
         {},
         ValueKind::none,
         {{"--listen", "", ValueKind::text, "ADDR", "the gateway's HOST:PORT"},
          {"--json", "", ValueKind::none, "", "the gateway's answer, as JSON"}}},
        {"run",
         "AGENT [-- ARGS]",
         "run claude, codex or gemini against an in-process gateway on a free loopback port",
         "-m selects what the agent talks to; the agent's exit code is llmhost's.",
         {"claude", "codex", "gemini"},
         ValueKind::none,
         {{"--small-model", "", ValueKind::text, "MODEL", "Claude Code's fast model"}}},
        {"version",
         "",
         "print the version",
         "",
         {},
         ValueKind::none,
         {{"--json", "", ValueKind::none, "", "the host, ABI and each plugin's version, as JSON"}}},
        {"completion",
         "bash|zsh|fish",
         "print a shell completion script",
         "",
         {"bash", "zsh", "fish"},
         ValueKind::none,
         {}},
        {"man", "", "print this manual page (roff)", "", {}, ValueKind::none, {}},
    };
    return commands;
}

const std::vector<ExitCodeSpec>& exit_code_specs() {
    static const std::vector<ExitCodeSpec> codes{
        {0, "ok"},
        {1, "failure"},
        {2, "usage or configuration error"},
        {3, "missing or rejected credentials"},
        {4, "rate limited"},
        {5, "upstream or provider error"},
        {6, "a plugin could not be loaded"},
        {130, "interrupted"},
    };
    return codes;
}

namespace {

constexpr size_t help_column = 23;
constexpr size_t help_width = 100;

// "  left" padded to the help column (or on its own line when longer), then `text` wrapped at
// word boundaries, continued in the help column.
void add_line(std::string& out, std::string_view left, std::string_view text) {
    std::string line = "  " + std::string(left);
    if (line.size() + 1 > help_column) {
        out += line + "\n";
        line.clear();
    }
    line.resize(help_column, ' ');
    size_t column = help_column;
    for (size_t start = 0; start < text.size();) {
        size_t end = text.find(' ', start);
        if (end == std::string_view::npos) end = text.size();
        const std::string_view word = text.substr(start, end - start);
        if (column > help_column && column + 1 + word.size() > help_width) {
            out += line + "\n";
            line.assign(help_column, ' ');
            column = help_column;
        }
        if (column > help_column) {
            line += ' ';
            ++column;
        }
        line += word;
        column += word.size();
        start = end + 1;
    }
    out += line + "\n";
}

std::string option_usage(const OptionSpec& o) {
    std::string s(o.short_name.empty() ? o.name : o.short_name);
    if (!o.value_name.empty()) s += " " + std::string(o.value_name);
    return s;
}

// The options of a command, wrapped under its summary.
void add_option_lines(std::string& out, const std::vector<OptionSpec>& options) {
    std::string line;
    for (const auto& o : options) {
        const std::string item = option_usage(o);
        if (!line.empty() && help_column + line.size() + 1 + item.size() > 96) {
            add_line(out, "", line);
            line.clear();
        }
        line += (line.empty() ? "" : " ") + item;
    }
    if (!line.empty()) add_line(out, "", line);
}

} // namespace

std::string usage_text() {
    std::string out = "usage: llmhost";
    for (const auto& o : global_options())
        if (o.name != "--help") out += " [" + option_usage(o) + "]" + (o.name == "--plugin-dir" ? "..." : "");
    out += " COMMAND ...\n\ncommands:\n";
    for (const auto& c : command_specs()) {
        add_line(out, std::string(c.name) + (c.args.empty() ? "" : " " + std::string(c.args)), c.summary);
        add_option_lines(out, c.options);
    }
    out += "\noptions:\n";
    for (const auto& o : global_options())
        add_line(out,
                 (o.short_name.empty() ? "" : std::string(o.short_name) + ", ") + std::string(o.name) +
                     (o.value_name.empty() ? "" : " " + std::string(o.value_name)),
                 o.help);
    out += "\nexit codes:\n";
    for (const auto& e : exit_code_specs())
        add_line(out, std::to_string(e.code), e.meaning);
    return out;
}

} // namespace llmhost::cli
