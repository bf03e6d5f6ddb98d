#include "core/auth/copilot_login.hpp"

#include "core/auth/copilot_token_store.hpp"
#include "core/auth/github_device_flow.hpp"
#include "core/auth/github_user.hpp"

#include <llmhost/error.hpp>

namespace llmhost::auth {

namespace cc = copilot_credentials;

namespace {

CopilotLogin from_file(const cc::StoredToken& token, LoginSource source) {
    return {source, token.file, token.user, token.host};
}

std::string token_file_or_throw(const cc::EnvLookup& env) {
    std::string path = cc::llmhost_token_path(env);
    if (path.empty())
        throw Error(LLMH_ERR_INVALID_CONFIG, "cannot tell where to keep the GitHub login: set HOME or XDG_CONFIG_HOME");
    return path;
}

} // namespace

std::optional<CopilotLogin> find_copilot_login(const cc::EnvLookup& env, std::string_view github_host,
                                               std::string_view host_key_source) {
    if (!host_key_source.empty())
        return CopilotLogin{LoginSource::host_key, std::string(host_key_source), "", std::string(github_host)};
    if (const auto own = cc::llmhost_token_path(env); !own.empty())
        if (auto token = cc::read_llmhost_token(own, github_host)) return from_file(*token, LoginSource::llmhost_file);
    for (const auto& path : cc::editor_token_paths(env))
        if (auto token = cc::read_editor_token(path, github_host)) return from_file(*token, LoginSource::editor_file);
    return std::nullopt;
}

std::string_view to_string(LoginSource source) {
    switch (source) {
    case LoginSource::host_key: return "host_key";
    case LoginSource::llmhost_file: return "llmhost_file";
    case LoginSource::editor_file: return "editor_file";
    }
    return "unknown";
}

std::string describe(const CopilotLogin& login) {
    std::string text = "logged in to " + login.host;
    if (!login.user.empty()) text += " as " + login.user;
    switch (login.source) {
    case LoginSource::host_key: text += " (GitHub token from " + login.location + ")"; break;
    case LoginSource::llmhost_file: text += " (GitHub token in " + login.location + ")"; break;
    case LoginSource::editor_file: text += " (GitHub token in " + login.location + ", another editor's login)"; break;
    }
    return text;
}

LoginResult login_copilot(transport::HttpClient& http, const LoginSettings& settings, PollClock& clock,
                          std::ostream& messages) {
    const std::string host = cc::host_of_url(settings.endpoints.github_url);
    const std::string path = token_file_or_throw(settings.env);
    if (!settings.force)
        if (auto existing = find_copilot_login(settings.env, host, {})) {
            messages << "Already " << describe(*existing) << ".\n"
                     << "llmhost uses that login; run `llmhost auth login copilot --force` to log in anew.\n";
            return {true, *existing};
        }

    GitHubDeviceFlow flow(http, DeviceFlowSettings{settings.endpoints.github_url}, clock, settings.cancelled);
    const DeviceCode code = flow.request_code();
    messages << "Open " << code.verification_uri << " and enter the code " << code.user_code << "\n"
             << "Waiting for the code to be entered (it expires in " << (code.expires_in.count() + 59) / 60
             << " minutes)...\n";
    messages.flush();
    const std::string oauth_token = flow.wait_for_token(code);

    cc::StoredToken stored{oauth_token, "", host, path};
    stored.user = fetch_github_login(http, settings.endpoints.api_url, oauth_token, settings.cancelled).value_or("");
    save_llmhost_token(path, stored);
    CopilotLogin login = from_file(stored, LoginSource::llmhost_file);
    messages << "Logged in to " << host << (stored.user.empty() ? "" : " as " + stored.user)
             << "; the GitHub token is saved in " << path << "\n";
    return {false, login};
}

std::string logout_copilot(const cc::EnvLookup& env) {
    const std::string path = cc::llmhost_token_path(env);
    if (path.empty()) return {};
    return remove_llmhost_token(path) ? path : std::string();
}

} // namespace llmhost::auth
