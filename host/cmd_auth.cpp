// `auth login|status|logout copilot|openai-codex`: the GitHub login the copilot provider uses
// and the ChatGPT login the openai-codex provider uses. The work is in core/auth; this file
// reads the command line, the endpoints (environment › config) and prints. Messages go to
// stderr so that stdout only carries `auth status` output.
#include "core/auth/codex_login.hpp"
#include "core/auth/copilot_login.hpp"
#include "core/auth/poll_clock.hpp"
#include "core/config/config.hpp"
#include "core/registry/credentials.hpp"
#include "host/commands.hpp"
#include "host/exit_codes.hpp"

#include <llmhost/support/codex_credentials.hpp>
#include <llmhost/support/copilot_credentials.hpp>

#include <boost/json.hpp>

#include <cstdlib>
#include <iostream>

namespace llmhost::cli {
namespace {

namespace cc = copilot_credentials;

cc::EnvLookup process_env() {
    return [](std::string_view name) -> std::optional<std::string> {
        if (const char* value = std::getenv(std::string(name).c_str())) return std::string(value);
        return std::nullopt;
    };
}

constexpr std::string_view codex_id = "openai-codex";

// An option of [providers.<provider>] (e.g. copilot's github_url), when configured.
std::optional<std::string> configured_option(App& app, std::string_view provider, std::string_view key) {
    const auto* entry = app.config().find_provider(std::string(provider));
    if (!entry) return std::nullopt;
    const auto* value = entry->options.if_contains(key);
    if (!value || !value->is_string()) return std::nullopt;
    return config::interpolate(value->get_string(),
                               "providers." + std::string(provider) + ".options." + std::string(key));
}

cc::Endpoints endpoints(App& app) {
    return cc::resolve_endpoints(process_env(), configured_option(app, "copilot", "github_url"),
                                 configured_option(app, "copilot", "api_url"));
}

codex_credentials::Endpoints codex_endpoints(App& app) {
    return codex_credentials::resolve_endpoints(process_env(), configured_option(app, codex_id, "issuer"),
                                                configured_option(app, codex_id, "base_url"));
}

// Where the host finds a key for `provider` (for copilot GH_COPILOT_TOKEN, COPILOT_API_KEY,
// api_key), or "".
std::string host_key_source(App& app, std::string_view provider = "copilot") {
    if (!app.registry().knows(std::string(provider))) return {};
    const auto key = registry::resolve_key(app.registry().resolve(std::string(provider)));
    return key.value.empty() ? std::string() : key.source;
}

int login(App& app, bool force) {
    auth::LoginSettings settings;
    settings.env = process_env();
    settings.endpoints = endpoints(app);
    settings.force = force;
    settings.cancelled = [] { return g_interrupted.load(); };
    auth::SystemPollClock clock(settings.cancelled);
    auth::login_copilot(app.services().http_client(), settings, clock, std::cerr);
    if (const std::string key = host_key_source(app); !key.empty())
        std::cerr << "note: " << key << " is set; the copilot provider uses it before this login\n";
    return exit_ok;
}

// One provider's login as `auth status` reports it: the JSON document, the line that says it
// (how to log in when there is none), and whether there is one.
struct LoginStatus {
    boost::json::object doc;
    std::string line;
    bool logged_in = false;
};

LoginStatus copilot_status(App& app) {
    const std::string host = cc::host_of_url(endpoints(app).github_url);
    const auto login = auth::find_copilot_login(process_env(), host, host_key_source(app));
    LoginStatus out{{{"provider", "copilot"}, {"host", host}, {"logged_in", login.has_value()}}, {}, login.has_value()};
    if (login) {
        out.doc["user"] = login->user.empty() ? boost::json::value(nullptr) : boost::json::value(login->user);
        out.doc["source"] = auth::to_string(login->source);
        out.doc["location"] = login->location;
        out.line = "copilot: " + auth::describe(*login);
    } else {
        out.line = "copilot: not logged in to " + host + "; run `llmhost auth login copilot`";
    }
    return out;
}

int logout(App& app) {
    const auto env = process_env();
    const std::string removed = auth::logout_copilot(env);
    if (removed.empty())
        std::cerr << "llmhost holds no GitHub login for Copilot; nothing to remove\n";
    else
        std::cerr << "Logged out: removed " << removed << "\n";
    const std::string host = cc::host_of_url(endpoints(app).github_url);
    if (const auto left = auth::find_copilot_login(env, host, {});
        left && left->source == auth::LoginSource::editor_file)
        std::cerr << "note: " << left->location
                  << " (another editor's login) still holds a GitHub token, which the copilot provider uses; "
                     "llmhost never removes other editors' files\n";
    return exit_ok;
}

int codex_login(App& app, bool force) {
    auth::CodexLoginSettings settings;
    settings.env = process_env();
    settings.endpoints = codex_endpoints(app);
    settings.force = force;
    settings.cancelled = [] { return g_interrupted.load(); };
    auth::SystemPollClock clock(settings.cancelled);
    auth::login_codex(app.services().http_client(), settings, clock, std::cerr);
    if (const std::string key = host_key_source(app, codex_id); !key.empty())
        std::cerr << "note: " << key << " is set; the openai-codex provider uses it before this login\n";
    return exit_ok;
}

LoginStatus codex_status(App& app) {
    const auto login = auth::find_codex_login(process_env(), host_key_source(app, codex_id));
    LoginStatus out{{{"provider", codex_id}, {"logged_in", login.has_value()}}, {}, login.has_value()};
    if (login) {
        out.doc["email"] = login->email.empty() ? boost::json::value(nullptr) : boost::json::value(login->email);
        out.doc["account_id"] =
            login->account_id.empty() ? boost::json::value(nullptr) : boost::json::value(login->account_id);
        out.doc["source"] = auth::to_string(login->source);
        out.doc["location"] = login->location;
        out.line = std::string(codex_id) + ": " + auth::describe(*login);
    } else {
        out.line = "openai-codex: not signed in to ChatGPT; run `llmhost auth login openai-codex` (or `codex login`)";
    }
    return out;
}

// One provider: its line on stdout when logged in, else on stderr with the credentials exit
// code. Every provider (no provider named): a line each on stdout, or a JSON array; exits 0
// when any is logged in.
int report_status(const std::vector<LoginStatus>& statuses, bool json, bool one) {
    bool any = false;
    for (const auto& s : statuses)
        any = any || s.logged_in;
    if (json) {
        if (one) {
            print_json(statuses.front().doc);
        } else {
            boost::json::array all;
            for (const auto& s : statuses)
                all.push_back(s.doc);
            print_json(all);
        }
    } else if (one && !any) {
        std::cerr << "llmhost: " << statuses.front().line << "\n";
    } else {
        for (const auto& s : statuses)
            std::cout << s.line << "\n";
    }
    return any ? exit_ok : exit_credentials;
}

int codex_logout() {
    const auto env = process_env();
    const std::string removed = auth::logout_codex(env);
    if (removed.empty())
        std::cerr << "llmhost holds no ChatGPT login for openai-codex; nothing to remove\n";
    else
        std::cerr << "Logged out: removed " << removed << "\n";
    if (const auto left = auth::find_codex_login(env, {}); left && left->source == auth::CodexLoginSource::codex_file)
        std::cerr << "note: " << left->location
                  << " (Codex's login) remains, and the openai-codex provider uses it; llmhost never removes "
                     "Codex's file (`codex logout` does)\n";
    return exit_ok;
}

bool is_codex(std::string_view provider) {
    return provider == codex_id || provider == "codex" || provider == "chatgpt";
}

} // namespace

int run_auth(App& app, ArgReader& args) {
    const bool force = args.flag("--force");
    const bool json = args.flag("--json");
    const auto words = args.positional("auth");
    if (words.empty() || words.size() > 2)
        throw UsageError("usage: llmhost auth login|status|logout copilot|openai-codex (e.g. `llmhost auth login "
                         "copilot`)");
    const std::string& action = words[0];
    if (action != "login" && action != "status" && action != "logout")
        throw UsageError("unknown auth action '" + action + "' (expected login, status or logout)");
    if (words.size() == 1 && action != "status")
        throw UsageError("`auth " + action + "` needs a provider: copilot or openai-codex");
    if (words.size() == 2 && words[1] != "copilot" && words[1] != "github-copilot" && !is_codex(words[1]))
        throw UsageError("`auth` supports copilot and openai-codex, not '" + words[1] + "'");
    if (force && action != "login") throw UsageError("--force only applies to `auth login`");
    if (json && action != "status") throw UsageError("--json only applies to `auth status`");

    if (words.size() == 1) return report_status({copilot_status(app), codex_status(app)}, json, false);
    if (is_codex(words[1])) {
        if (action == "login") return codex_login(app, force);
        if (action == "status") return report_status({codex_status(app)}, json, true);
        return codex_logout();
    }
    if (action == "login") return login(app, force);
    if (action == "status") return report_status({copilot_status(app)}, json, true);
    return logout(app);
}

} // namespace llmhost::cli
