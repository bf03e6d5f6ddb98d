#include "core/auth/github_device_flow.hpp"

#include "core/auth/buffered_http.hpp"

#include <llmhost/error.hpp>
#include <llmhost/protocol/openai/json.hpp>

#include <boost/json.hpp>

namespace llmhost::auth {

namespace {

using namespace std::chrono_literals;
namespace json = openai_json; // tolerant readers: missing or mistyped fields are absent

constexpr auto default_interval = 5s;
constexpr auto slow_down_step = 5s;
constexpr std::string_view relogin = "run `llmhost auth login copilot` again";

bool is_success(int status) { return status >= 200 && status < 300; }

BufferedRequest form_post(std::string url, std::string body) {
    BufferedRequest r;
    r.method = "POST";
    r.url = std::move(url);
    r.headers = {{"Accept", "application/json"},
                 {"Content-Type", "application/x-www-form-urlencoded"},
                 {"User-Agent", "llmhost"}};
    r.body = std::move(body);
    return r;
}

// The body as a JSON object, or nullopt when it is not one.
std::optional<boost::json::object> json_object(std::string_view body) {
    auto v = json::parse(body);
    if (!v || !v->is_object()) return std::nullopt;
    return std::move(v->get_object());
}

// A failure that is not one of the flow's documented answers.
Error refused(const HttpResponse& response, const boost::json::object* body, std::string_view what) {
    std::string detail;
    if (body) {
        detail = std::string(json::string_member(*body, "error"));
        if (auto description = json::string_member(*body, "error_description"); !description.empty())
            detail += (detail.empty() ? "" : ": ") + std::string(description);
    }
    if (detail.empty()) detail = json::snippet(response.body);
    const int status = response.head.status;
    llmh_error_class cls = is_success(status) ? LLMH_ERR_AUTHENTICATION : classify_http_status(status);
    if (cls == LLMH_OK) cls = LLMH_ERR_MALFORMED_RESPONSE;
    return Error(cls,
                 "GitHub refused " + std::string(what) + ": " + (detail.empty() ? "no reason given" : detail) +
                     " (HTTP " + std::to_string(status) + ")",
                 is_success(status) ? 0 : status);
}

std::chrono::seconds seconds_member(const boost::json::object& o, std::string_view key, std::chrono::seconds fallback) {
    const auto v = json::integer_member(o, key);
    return v && *v > 0 ? std::chrono::seconds(*v) : fallback;
}

} // namespace

GitHubDeviceFlow::GitHubDeviceFlow(transport::HttpClient& http, DeviceFlowSettings settings, PollClock& clock,
                                   std::function<bool()> cancelled)
    : http_(http), settings_(std::move(settings)), clock_(clock), cancelled_(std::move(cancelled)) {}

DeviceCode GitHubDeviceFlow::request_code() const {
    const auto response =
        fetch_buffered(http_,
                       form_post(settings_.github_url + "/login/device/code",
                                 form_encode({{"client_id", settings_.client_id}, {"scope", settings_.scope}})),
                       "requesting a GitHub device code", cancelled_);
    const auto body = json_object(response.body);
    if (!is_success(response.head.status) || !body || body->contains("error"))
        throw refused(response, body ? &*body : nullptr, "the device-code request");
    DeviceCode code;
    code.device_code = json::string_member(*body, "device_code");
    code.user_code = json::string_member(*body, "user_code");
    code.verification_uri = json::string_member(*body, "verification_uri");
    if (code.device_code.empty() || code.user_code.empty())
        throw Error(LLMH_ERR_MALFORMED_RESPONSE, "GitHub's device-code answer has no device_code or user_code");
    if (code.verification_uri.empty()) code.verification_uri = settings_.github_url + "/login/device";
    code.expires_in = seconds_member(*body, "expires_in", code.expires_in);
    code.interval = seconds_member(*body, "interval", default_interval);
    return code;
}

std::string GitHubDeviceFlow::wait_for_token(const DeviceCode& code) const {
    const auto deadline = clock_.now() + code.expires_in;
    auto interval = code.interval;
    const std::string body = form_encode({{"client_id", settings_.client_id},
                                          {"device_code", code.device_code},
                                          {"grant_type", "urn:ietf:params:oauth:grant-type:device_code"}});
    for (;;) {
        if (!clock_.sleep_for(interval)) throw Error(LLMH_ERR_CANCELLED, "login cancelled");
        if (clock_.now() >= deadline)
            throw Error(LLMH_ERR_AUTHENTICATION,
                        "the login code expired before it was entered; " + std::string(relogin));
        const auto response = fetch_buffered(http_, form_post(settings_.github_url + "/login/oauth/access_token", body),
                                             "waiting for the GitHub login", cancelled_);
        const auto answer = json_object(response.body);
        if (!answer) throw refused(response, nullptr, "the login");
        if (auto token = json::string_member(*answer, "access_token");
            !token.empty() && is_success(response.head.status))
            return std::string(token);
        const auto error = json::string_member(*answer, "error");
        if (error == "authorization_pending") continue;
        if (error == "slow_down") {
            interval = std::max(seconds_member(*answer, "interval", 0s), interval + slow_down_step);
            continue;
        }
        if (error == "expired_token")
            throw Error(LLMH_ERR_AUTHENTICATION,
                        "the login code expired before it was entered; " + std::string(relogin));
        if (error == "access_denied")
            throw Error(LLMH_ERR_AUTHENTICATION,
                        "the login was denied on GitHub (access_denied); " + std::string(relogin));
        throw refused(response, &*answer, "the login");
    }
}

} // namespace llmhost::auth
