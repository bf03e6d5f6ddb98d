#include "codex_login_keeper.hpp"

#include <llmhost/support/error_text.hpp>
#include <llmhost/support/json_read.hpp>

#include <stdexcept>
#include <utility>

namespace llmhost::codex_plugin {

CodexLoginKeeper::CodexLoginKeeper(Host host, CodexOptions options)
    : host_(std::move(host)), options_(std::move(options)) {}

CodexAuth CodexLoginKeeper::current(const Call& call) {
    if (!call.api_key().empty()) return {std::string(call.api_key()), account_from_env(), false};
    std::lock_guard lock(mutex_);
    auto login = stored_or_throw();
    if (codex_credentials::needs_refresh(login, now())) refresh(call, login);
    return from(login);
}

CodexAuth CodexLoginKeeper::after_unauthorized(const Call& call, const CodexAuth& rejected) {
    if (!rejected.refreshable)
        throw Error(LLMH_ERR_AUTHENTICATION, "openai-codex: the ChatGPT backend rejected the access token (HTTP 401)",
                    401);
    std::lock_guard lock(mutex_);
    auto login = stored_or_throw();
    if (login.tokens.access_token == rejected.access_token) refresh(call, login);
    return from(login);
}

std::chrono::system_clock::time_point CodexLoginKeeper::now() const {
    return std::chrono::system_clock::time_point(std::chrono::milliseconds(host_.wall_clock_ms()));
}

std::string CodexLoginKeeper::account_from_env() const {
    auto v = host_.env("CHATGPT_ACCOUNT_ID");
    return v ? std::string(*v) : std::string();
}

CodexAuth CodexLoginKeeper::from(const codex_credentials::StoredLogin& login) {
    return {login.tokens.access_token, login.tokens.account_id, true};
}

codex_credentials::StoredLogin CodexLoginKeeper::stored_or_throw() const {
    const auto env = env_lookup(host_);
    if (auto login = codex_credentials::find_stored_login(env)) return std::move(*login);
    std::string looked;
    for (const auto& path : codex_credentials::login_paths(env))
        looked += (looked.empty() ? "" : ", ") + path;
    throw Error(LLMH_ERR_MISSING_CREDENTIALS, "openai-codex: not signed in to ChatGPT; " + std::string(login_hint) +
                                                  (looked.empty() ? std::string() : ". Looked in: " + looked));
}

void CodexLoginKeeper::refresh(const Call& call, codex_credentials::StoredLogin& login) {
    if (login.tokens.refresh_token.empty())
        throw Error(LLMH_ERR_AUTHENTICATION, "openai-codex: the ChatGPT login in " + login.file +
                                                 " has expired and holds no refresh token; " + std::string(login_hint));
    HttpRequest request;
    request.method = "POST";
    request.url = codex_credentials::refresh_token_url(options_.endpoints.issuer);
    set_header(request.headers, "Content-Type", "application/json");
    set_header(request.headers, "Accept", "application/json");
    request.body = codex_credentials::refresh_request_body(login.tokens.refresh_token);
    request.total_timeout_ms = 30'000;
    const HttpResponse response = call.http_buffered(request);
    const int status = response.head.status;
    if (status < 200 || status >= 300) throw refresh_error(response, login.file);
    codex_credentials::apply_refresh_answer(login, response.body, now());
    try {
        codex_credentials::save_login(login);
    } catch (const std::runtime_error& e) {
        // The old refresh token is now spent: say so, the user must sign in again.
        throw Error(LLMH_ERR_AUTHENTICATION, "openai-codex: refreshed the ChatGPT login but could not save it (" +
                                                 std::string(e.what()) + "); " + std::string(login_hint));
    }
}

Error CodexLoginKeeper::refresh_error(const HttpResponse& response, const std::string& file) {
    using namespace json_read;
    std::string code;
    if (auto json = parse(response.body); json && json->is_object()) {
        const auto& o = json->get_object();
        code = std::string(string_member(o, "error"));
        if (const auto* e = object_member(o, "error")) code = std::string(string_member(*e, "code"));
    }
    const int status = response.head.status;
    const std::string what =
        (code.empty() ? error_text::snippet(response.body) : code) + " (HTTP " + std::to_string(status) + ")";
    if (status == 400 || status == 401)
        return Error(LLMH_ERR_AUTHENTICATION,
                     "openai-codex: OpenAI refused to refresh the ChatGPT login in " + file + ": " + what + "; " +
                         std::string(login_hint),
                     status);
    llmh_error_class cls = classify_http_status(status);
    if (cls == LLMH_OK) cls = LLMH_ERR_MALFORMED_RESPONSE;
    return Error(cls, "openai-codex: refreshing the ChatGPT login failed: " + what, status);
}

} // namespace llmhost::codex_plugin
