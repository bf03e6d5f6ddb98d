#include "core/auth/codex_login.hpp"

#include "core/auth/codex_device_flow.hpp"

#include <llmhost/error.hpp>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <unistd.h>

namespace llmhost::auth {

namespace cx = codex_credentials;

namespace {

CodexLogin from_file(const cx::StoredLogin& stored) {
    return {stored.codex_file ? CodexLoginSource::codex_file : CodexLoginSource::llmhost_file, stored.file,
            cx::email_of(stored.tokens.id_token), stored.tokens.account_id};
}

std::string login_file_or_throw(const cx::EnvLookup& env) {
    std::string path = cx::llmhost_login_path(env);
    if (path.empty())
        throw Error(LLMH_ERR_INVALID_CONFIG,
                    "cannot tell where to keep the ChatGPT login: set HOME or XDG_CONFIG_HOME");
    return path;
}

} // namespace

std::string_view to_string(CodexLoginSource source) {
    switch (source) {
    case CodexLoginSource::host_key: return "host_key";
    case CodexLoginSource::llmhost_file: return "llmhost_file";
    case CodexLoginSource::codex_file: return "codex_file";
    }
    return "unknown";
}

std::optional<CodexLogin> find_codex_login(const cx::EnvLookup& env, std::string_view host_key_source) {
    if (!host_key_source.empty()) return CodexLogin{CodexLoginSource::host_key, std::string(host_key_source), "", ""};
    if (auto stored = cx::find_stored_login(env)) return from_file(*stored);
    return std::nullopt;
}

std::string describe(const CodexLogin& login) {
    std::string text = "signed in to ChatGPT";
    if (!login.email.empty()) text += " as " + login.email;
    switch (login.source) {
    case CodexLoginSource::host_key: text += " (access token from " + login.location + ")"; break;
    case CodexLoginSource::llmhost_file: text += " (tokens in " + login.location + ")"; break;
    case CodexLoginSource::codex_file: text += " (tokens in " + login.location + ", Codex's login)"; break;
    }
    return text;
}

CodexLoginResult login_codex(transport::HttpClient& http, const CodexLoginSettings& settings, PollClock& clock,
                             std::ostream& messages) {
    const std::string path = login_file_or_throw(settings.env);
    if (!settings.force)
        if (auto existing = find_codex_login(settings.env, {})) {
            messages << "Already " << describe(*existing) << ".\n"
                     << "llmhost uses that login; run `llmhost auth login openai-codex --force` to sign in anew.\n";
            return {true, *existing};
        }

    CodexDeviceFlow flow(http, CodexDeviceFlowSettings{settings.endpoints.issuer}, clock, settings.cancelled);
    const CodexDeviceCode code = flow.request_code();
    messages << "Open " << code.verification_uri << " in a browser, sign in to ChatGPT and enter the code "
             << code.user_code << "\n"
             << "Waiting for the code to be entered (it expires in " << (code.expires_in.count() + 59) / 60
             << " minutes)...\n";
    messages.flush();
    const CodexAuthorization authorization = flow.wait_for_authorization(code);

    cx::StoredLogin stored;
    stored.tokens = flow.exchange(authorization);
    stored.last_refresh = cx::format_rfc3339(std::chrono::system_clock::now());
    stored.file = path;
    cx::save_login(stored); // throws std::runtime_error naming the file
    CodexLogin login = from_file(stored);
    messages << "Signed in to ChatGPT" << (login.email.empty() ? "" : " as " + login.email)
             << "; the tokens are saved in " << path << "\n";
    return {false, login};
}

std::string logout_codex(const cx::EnvLookup& env) {
    const std::string path = cx::llmhost_login_path(env);
    if (path.empty()) return {};
    if (::unlink(path.c_str()) == 0) return path;
    if (errno == ENOENT) return {};
    throw std::runtime_error("cannot remove " + path + ": " + std::strerror(errno));
}

} // namespace llmhost::auth
