#include "core/auth/codex_device_flow.hpp"

#include "core/auth/buffered_http.hpp"

#include <llmhost/error.hpp>
#include <llmhost/support/error_text.hpp>
#include <llmhost/support/json_read.hpp>

#include <boost/json.hpp>

#include <algorithm>
#include <cstdlib>

namespace llmhost::auth {

namespace {

using namespace std::chrono_literals;
namespace json = json_read; // tolerant readers: missing or mistyped fields are absent

constexpr auto slow_down_step = 5s;
constexpr std::string_view relogin = "run `llmhost auth login openai-codex` again";

bool is_success(int status) { return status >= 200 && status < 300; }

BufferedRequest post(std::string url, std::string content_type, std::string body) {
    BufferedRequest r;
    r.method = "POST";
    r.url = std::move(url);
    r.headers = {{"Accept", "application/json"}, {"Content-Type", std::move(content_type)}, {"User-Agent", "llmhost"}};
    r.body = std::move(body);
    return r;
}

BufferedRequest json_post(std::string url, const boost::json::object& body) {
    return post(std::move(url), "application/json", boost::json::serialize(body));
}

std::optional<boost::json::object> json_object(std::string_view body) {
    auto v = json::parse(body);
    if (!v || !v->is_object()) return std::nullopt;
    return std::move(v->get_object());
}

// The error code of an answer: "error" as a string, or "error.code" of an error object.
std::string error_code(const boost::json::object* body) {
    if (!body) return {};
    if (auto e = json::string_member(*body, "error"); !e.empty()) return std::string(e);
    if (const auto* e = json::object_member(*body, "error")) return std::string(json::string_member(*e, "code"));
    return {};
}

// A failure that is not one of the flow's documented answers. Only the error fields or a
// snippet of the body are quoted: these answers never echo secrets we sent in a form we
// would print, but the body is cut short all the same.
Error refused(const HttpResponse& response, const boost::json::object* body, std::string_view what) {
    std::string detail = error_code(body);
    if (body) {
        std::string_view description = json::string_member(*body, "error_description");
        if (description.empty())
            if (const auto* e = json::object_member(*body, "error")) description = json::string_member(*e, "message");
        if (!description.empty()) detail += (detail.empty() ? "" : ": ") + std::string(description);
    }
    if (detail.empty()) detail = error_text::snippet(response.body);
    const int status = response.head.status;
    llmh_error_class cls = is_success(status) ? LLMH_ERR_MALFORMED_RESPONSE : classify_http_status(status);
    if (cls == LLMH_OK) cls = LLMH_ERR_MALFORMED_RESPONSE;
    if (status == 400) cls = LLMH_ERR_AUTHENTICATION;
    return Error(cls,
                 "OpenAI refused " + std::string(what) + ": " + (detail.empty() ? "no reason given" : detail) +
                     " (HTTP " + std::to_string(status) + ")",
                 is_success(status) ? 0 : status);
}

// `interval` is a string of seconds in OpenAI's answer; a number is taken too.
std::chrono::seconds interval_of(const boost::json::object& o, std::chrono::seconds fallback) {
    const auto* v = o.if_contains("interval");
    long seconds = 0;
    if (v && v->is_string())
        seconds = std::strtol(std::string(v->get_string()).c_str(), nullptr, 10);
    else if (v)
        seconds = static_cast<long>(json::integer_value(*v).value_or(0));
    return seconds > 0 ? std::chrono::seconds(seconds) : fallback;
}

} // namespace

CodexDeviceFlow::CodexDeviceFlow(transport::HttpClient& http, CodexDeviceFlowSettings settings, PollClock& clock,
                                 std::function<bool()> cancelled)
    : http_(http), settings_(std::move(settings)), clock_(clock), cancelled_(std::move(cancelled)) {}

CodexDeviceCode CodexDeviceFlow::request_code() const {
    const auto response = fetch_buffered(
        http_, json_post(settings_.issuer + "/api/accounts/deviceauth/usercode", {{"client_id", settings_.client_id}}),
        "requesting an OpenAI device code", cancelled_);
    const auto body = json_object(response.body);
    if (response.head.status == 404)
        throw Error(LLMH_ERR_NOT_FOUND,
                    "OpenAI's device-code sign-in is not available at " + settings_.issuer + " (HTTP 404)", 404);
    if (!is_success(response.head.status) || !body)
        throw refused(response, body ? &*body : nullptr, "the device-code request");
    CodexDeviceCode code;
    code.device_auth_id = json::string_member(*body, "device_auth_id");
    code.user_code = json::string_member(*body, "user_code");
    if (code.user_code.empty()) code.user_code = json::string_member(*body, "usercode");
    if (code.device_auth_id.empty() || code.user_code.empty())
        throw Error(LLMH_ERR_MALFORMED_RESPONSE, "OpenAI's device-code answer has no device_auth_id or user_code");
    code.verification_uri = settings_.issuer + "/codex/device";
    code.interval = interval_of(*body, code.interval);
    return code;
}

CodexAuthorization CodexDeviceFlow::wait_for_authorization(const CodexDeviceCode& code) const {
    const auto deadline = clock_.now() + code.expires_in;
    auto interval = code.interval;
    const boost::json::object body{{"device_auth_id", code.device_auth_id}, {"user_code", code.user_code}};
    const std::string expired = "the sign-in code expired before it was entered; " + std::string(relogin);
    for (;;) {
        if (!clock_.sleep_for(interval)) throw Error(LLMH_ERR_CANCELLED, "sign-in cancelled");
        if (clock_.now() >= deadline) throw Error(LLMH_ERR_AUTHENTICATION, expired);
        const auto response =
            fetch_buffered(http_, json_post(settings_.issuer + "/api/accounts/deviceauth/token", body),
                           "waiting for the ChatGPT sign-in", cancelled_);
        const int status = response.head.status;
        const auto answer = json_object(response.body);
        const std::string error = error_code(answer ? &*answer : nullptr);
        if (is_success(status) && answer) {
            CodexAuthorization authorization{std::string(json::string_member(*answer, "authorization_code")),
                                             std::string(json::string_member(*answer, "code_verifier"))};
            if (authorization.authorization_code.empty() || authorization.code_verifier.empty())
                throw Error(LLMH_ERR_MALFORMED_RESPONSE,
                            "OpenAI's sign-in answer has no authorization_code or code_verifier");
            return authorization;
        }
        if (status == 429 || error == "slow_down") {
            interval = std::max(interval_of(answer ? *answer : boost::json::object{}, 0s), interval + slow_down_step);
            continue;
        }
        if (error == "access_denied" || error == "authorization_declined")
            throw Error(LLMH_ERR_AUTHENTICATION, "the sign-in was denied (" + error + "); " + std::string(relogin));
        if (error == "expired_token" || error == "deviceauth_expired") throw Error(LLMH_ERR_AUTHENTICATION, expired);
        if (status == 403 || status == 404 || error == "authorization_pending") continue; // not entered yet
        throw refused(response, answer ? &*answer : nullptr, "the sign-in");
    }
}

codex_credentials::Tokens CodexDeviceFlow::exchange(const CodexAuthorization& authorization) const {
    const std::string redirect_uri = settings_.issuer + "/deviceauth/callback";
    const auto response = fetch_buffered(http_,
                                         post(settings_.issuer + "/oauth/token", "application/x-www-form-urlencoded",
                                              form_encode({{"grant_type", "authorization_code"},
                                                           {"code", authorization.authorization_code},
                                                           {"redirect_uri", redirect_uri},
                                                           {"client_id", settings_.client_id},
                                                           {"code_verifier", authorization.code_verifier}})),
                                         "exchanging the sign-in code for tokens", cancelled_);
    const auto body = json_object(response.body);
    if (!is_success(response.head.status) || !body)
        throw refused(response, body ? &*body : nullptr, "the token exchange");
    codex_credentials::Tokens tokens{std::string(json::string_member(*body, "id_token")),
                                     std::string(json::string_member(*body, "access_token")),
                                     std::string(json::string_member(*body, "refresh_token")), ""};
    if (tokens.access_token.empty() || tokens.refresh_token.empty())
        throw Error(LLMH_ERR_MALFORMED_RESPONSE, "OpenAI's token answer has no access_token or refresh_token");
    tokens.account_id = codex_credentials::account_id_of(tokens.id_token);
    return tokens;
}

} // namespace llmhost::auth
