// `run AGENT [-- ARGS]`: runs a coding agent (Claude Code, Codex CLI, Gemini CLI) against an
// in-process gateway on a free loopback port, guarded by a key made for this run only. The
// agent gets the terminal, stdin and the signals; llmhost exits with the agent's exit code.
#include "core/gateway/gateway.hpp"
#include "host/allocator_tuning.hpp"
#include "host/commands.hpp"
#include "host/exit_codes.hpp"

#include <openssl/rand.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <map>
#include <optional>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace llmhost::cli {
namespace {

// How one agent is pointed at the gateway.
struct AgentLaunch {
    std::string command;                                   // looked up on PATH
    std::string package;                                   // the npm package that provides it
    std::map<std::string, std::optional<std::string>> env; // set, or unset when nullopt
    std::vector<std::string> leading_args;                 // before the user's
    // Settings written to a file for this run, named by the variable (lowest priority: the
    // user's own settings still win).
    std::string settings_variable, settings_json;
};

// Where a run keeps its files: the user's runtime directory, else their state directory.
// Not /tmp: Gemini CLI ignores settings below any directory that others may write to.
std::string private_base_directory() {
    if (const char* runtime = std::getenv("XDG_RUNTIME_DIR"); runtime && *runtime) return runtime;
    if (const char* state = std::getenv("XDG_STATE_HOME"); state && *state) return state;
    const char* home = std::getenv("HOME");
    if (!home || !*home) throw std::runtime_error("neither XDG_RUNTIME_DIR nor HOME is set: no place for run files");
    const std::string local = std::string(home) + "/.local", state = local + "/state";
    ::mkdir(local.c_str(), 0700); // each may exist already
    ::mkdir(state.c_str(), 0700);
    return state;
}

// A file that lives as long as the run, in a directory of its own that only this user may
// write.
class TempFile {
  public:
    explicit TempFile(const std::string& content) {
        std::string dir = private_base_directory() + "/llmhost-run-XXXXXX";
        if (!::mkdtemp(dir.data())) throw std::runtime_error("could not create a directory like " + dir);
        dir_ = dir;
        path_ = dir_ + "/settings.json";
        const int fd = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
        const bool written =
            fd >= 0 && ::write(fd, content.data(), content.size()) == static_cast<ssize_t>(content.size());
        if (fd >= 0) ::close(fd);
        if (!written) throw std::runtime_error("could not write " + path_);
    }
    ~TempFile() {
        ::unlink(path_.c_str());
        ::rmdir(dir_.c_str());
    }
    TempFile(const TempFile&) = delete;
    TempFile& operator=(const TempFile&) = delete;
    const std::string& path() const { return path_; }

  private:
    std::string dir_, path_;
};

std::string toml_string(std::string_view text) {
    std::string out = "\"";
    for (const char c : text) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    return out + '"';
}

AgentLaunch launch_for(std::string_view agent, const std::string& url, const std::string& key, const std::string& model,
                       const std::string& small_model) {
    AgentLaunch a;
    if (agent == "claude") {
        a.command = "claude";
        a.package = "@anthropic-ai/claude-code";
        a.env = {{"ANTHROPIC_BASE_URL", url},
                 {"ANTHROPIC_AUTH_TOKEN", key}, // sent as a bearer token; no API-key approval prompt
                 {"ANTHROPIC_API_KEY", std::nullopt},
                 {"ANTHROPIC_MODEL", model},
                 {"ANTHROPIC_DEFAULT_OPUS_MODEL", model},
                 {"ANTHROPIC_DEFAULT_SONNET_MODEL", model},
                 {"ANTHROPIC_DEFAULT_HAIKU_MODEL", small_model},
                 {"ANTHROPIC_SMALL_FAST_MODEL", small_model},
                 {"CLAUDE_CODE_USE_BEDROCK", std::nullopt},
                 {"CLAUDE_CODE_USE_VERTEX", std::nullopt}};
    } else if (agent == "codex") {
        a.command = "codex";
        a.package = "@openai/codex";
        a.env = {{"LLMHOST_RUN_KEY", key}};
        // A provider of its own for this run, speaking the Responses API to the gateway.
        for (const auto& [k, v] :
             std::vector<std::pair<std::string, std::string>>{{"model_provider", "llmhost"},
                                                              {"model", model},
                                                              {"model_providers.llmhost.name", "llmhost"},
                                                              {"model_providers.llmhost.base_url", url + "/v1"},
                                                              {"model_providers.llmhost.env_key", "LLMHOST_RUN_KEY"},
                                                              {"model_providers.llmhost.wire_api", "responses"}}) {
            a.leading_args.push_back("-c");
            a.leading_args.push_back(k + "=" + toml_string(v));
        }
    } else if (agent == "gemini") {
        a.command = "gemini";
        a.package = "@google/gemini-cli";
        a.env = {{"GOOGLE_GEMINI_BASE_URL", url},
                 {"GEMINI_API_KEY", key},
                 {"GEMINI_MODEL", model},
                 {"GOOGLE_API_KEY", std::nullopt},
                 {"GOOGLE_GENAI_USE_VERTEXAI", std::nullopt},
                 {"GOOGLE_GENAI_USE_GCA", std::nullopt}};
        // With a base URL set, Gemini CLI takes its auth type to be "gateway", which its
        // non-interactive mode refuses; an API key is what the gateway wants.
        a.settings_variable = "GEMINI_CLI_SYSTEM_DEFAULTS_PATH";
        a.settings_json = R"({"security":{"auth":{"selectedType":"gemini-api-key"}}})";
    } else {
        throw UsageError("unknown agent '" + std::string(agent) + "' for `run` (expected claude, codex or gemini)");
    }
    return a;
}

// The full path of `command` on PATH, or "" when it is not there.
std::string find_on_path(const std::string& command) {
    const char* path = std::getenv("PATH");
    std::string_view dirs = path ? path : "/usr/local/bin:/usr/bin:/bin";
    while (true) {
        const size_t colon = dirs.find(':');
        std::string dir(dirs.substr(0, colon));
        if (dir.empty()) dir = ".";
        const std::string candidate = dir + "/" + command;
        if (::access(candidate.c_str(), X_OK) == 0) return candidate;
        if (colon == std::string_view::npos) return {};
        dirs.remove_prefix(colon + 1);
    }
}

std::string one_time_key() {
    unsigned char bytes[24];
    if (RAND_bytes(bytes, sizeof bytes) != 1) throw std::runtime_error("could not make a key for the gateway");
    static constexpr char hex[] = "0123456789abcdef";
    std::string key = "llmhost-run-";
    for (const unsigned char b : bytes) {
        key += hex[b >> 4];
        key += hex[b & 15];
    }
    return key;
}

std::vector<std::string> child_environment(const AgentLaunch& launch) {
    std::vector<std::string> env;
    for (char** e = environ; *e; ++e) {
        const std::string_view entry(*e);
        if (!launch.env.contains(std::string(entry.substr(0, entry.find('='))))) env.emplace_back(entry);
    }
    for (const auto& [name, value] : launch.env)
        if (value) env.push_back(name + "=" + *value);
    return env;
}

std::vector<char*> c_strings(std::vector<std::string>& strings) {
    std::vector<char*> out;
    for (auto& s : strings)
        out.push_back(s.data());
    out.push_back(nullptr);
    return out;
}

volatile sig_atomic_t g_child = 0;

// Ctrl-C reaches the agent from the terminal (same process group), and the agent decides
// what it means; SIGTERM and SIGHUP sent to llmhost are passed on.
void forward_signal(int signal) {
    if (g_child > 0) ::kill(static_cast<pid_t>(g_child), signal);
}

void install_forwarding() {
    struct sigaction ignore {};
    ignore.sa_handler = SIG_IGN;
    sigemptyset(&ignore.sa_mask);
    sigaction(SIGINT, &ignore, nullptr);
    sigaction(SIGQUIT, &ignore, nullptr);
    struct sigaction forward {};
    forward.sa_handler = forward_signal;
    sigemptyset(&forward.sa_mask);
    sigaction(SIGTERM, &forward, nullptr);
    sigaction(SIGHUP, &forward, nullptr);
}

int wait_for(pid_t child) {
    int status = 0;
    while (::waitpid(child, &status, 0) < 0)
        if (errno != EINTR) return exit_failure;
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
    return exit_failure;
}

} // namespace

int run_run(App& app, ArgReader& args) {
    std::string small_model;
    args.value("--small-model", small_model);
    auto rest = args.positional("run");
    if (rest.empty()) throw UsageError("run needs an agent: claude, codex or gemini (see `llmhost --help`)");
    const std::string agent = rest.front();
    rest.erase(rest.begin());

    // What the agent talks to: -m as given, else the provider and model a request without a
    // model would get, spelled provider/model so that the gateway selects them again.
    std::string model = app.options().model;
    if (model.empty()) {
        const auto plan = app.plan_request();
        model = plan.selection.provider.id + "/" + plan.selection.model;
    }
    if (small_model.empty()) small_model = model;

    const std::string key = one_time_key();
    // A launch with a placeholder URL first: an unknown or missing agent fails before the gateway starts.
    const AgentLaunch probe = launch_for(agent, {}, key, model, small_model);
    const std::string program = find_on_path(probe.command);
    if (program.empty())
        throw UsageError("`" + probe.command + "` is not on PATH: install it with `npm install -g " + probe.package +
                         "` (or put its directory on PATH)");

    auto settings = gateway::gateway_settings(app.config(), "127.0.0.1:0");
    settings.api_keys = {key};
    settings.pinned_models = {model, small_model};
    settings.access_log = app.options().verbosity > 0;
    keep_freed_memory_for_reuse();
    gateway::Gateway gateway(app.config(), app.catalog(), std::move(settings));
    const std::string url = gateway.start();
    app.debug("gateway for " + agent + " on " + url + ", model " + model);

    AgentLaunch launch = launch_for(agent, url, key, model, small_model);
    std::optional<TempFile> settings_file;
    if (!launch.settings_json.empty()) {
        settings_file.emplace(launch.settings_json);
        launch.env[launch.settings_variable] = settings_file->path();
    }
    std::vector<std::string> argv{program};
    argv.insert(argv.end(), launch.leading_args.begin(), launch.leading_args.end());
    argv.insert(argv.end(), rest.begin(), rest.end());
    std::vector<std::string> env = child_environment(launch);
    auto c_argv = c_strings(argv);
    auto c_env = c_strings(env);

    install_forwarding();
    // Dispositions llmhost ignores (SIGINT above, SIGPIPE in main) would survive the exec.
    posix_spawnattr_t attributes;
    posix_spawnattr_init(&attributes);
    sigset_t defaults;
    sigemptyset(&defaults);
    for (const int s : {SIGINT, SIGQUIT, SIGTERM, SIGHUP, SIGPIPE})
        sigaddset(&defaults, s);
    posix_spawnattr_setsigdefault(&attributes, &defaults);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGDEF);
    pid_t child = 0;
    const int err = ::posix_spawn(&child, program.c_str(), nullptr, &attributes, c_argv.data(), c_env.data());
    posix_spawnattr_destroy(&attributes);
    if (err) throw std::runtime_error("could not start " + program + ": " + std::strerror(err));
    g_child = child;
    const int code = wait_for(child);
    g_child = 0;
    gateway.shutdown();
    return code;
}

} // namespace llmhost::cli
