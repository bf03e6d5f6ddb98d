#include "copilot_token_exchange.hpp"

#include "copilot_headers.hpp"

#include <llmhost/support/error_text.hpp>
#include <llmhost/support/json_read.hpp>

#include <boost/json.hpp>

namespace llmhost::copilot_plugin {

HttpRequest token_exchange_request(std::string_view api_url, std::string_view oauth_token,
                                   std::string_view editor_version) {
    HttpRequest http;
    http.method = "GET";
    http.url = std::string(api_url) + "/copilot_internal/v2/token";
    set_header(http.headers, "Authorization", "token " + std::string(oauth_token));
    set_header(http.headers, "Accept", "application/json");
    add_editor_headers(http.headers, editor_version);
    http.total_timeout_ms = 30'000; // a small JSON answer; a hung exchange should not look like a slow chat
    return http;
}

std::string token_error_message(std::string_view body) {
    using namespace json_read;
    if (auto json = parse(body); json && json->is_object()) {
        const auto& o = json->get_object();
        if (auto m = string_member(o, "message"); !m.empty()) return std::string(m);
        if (const auto* details = object_member(o, "error_details"))
            if (auto m = string_member(*details, "message"); !m.empty()) return std::string(m);
    }
    std::string text = error_text::snippet(body);
    return text.empty() ? std::string("no error message") : text;
}

Error token_exchange_error(const HttpResponse& response, int64_t now_ms) {
    const int status = response.head.status;
    const std::string what = token_error_message(response.body) + " (HTTP " + std::to_string(status) + ")";
    if (status == 401)
        return Error(LLMH_ERR_AUTHENTICATION,
                     "copilot: GitHub rejected the GitHub token: " + what + "; " + std::string(login_hint), status);
    if (status == 403 || status == 404)
        return Error(LLMH_ERR_PERMISSION, "copilot: no Copilot entitlement for this GitHub account: " + what, status);
    llmh_error_class cls = classify_http_status(status);
    if (cls == LLMH_OK) cls = LLMH_ERR_MALFORMED_RESPONSE; // a redirect or other non-2xx where JSON was due
    return Error(cls, "copilot: Copilot token exchange failed: " + what, status,
                 parse_retry_after_ms(response.head.headers, now_ms));
}

CopilotToken parse_token_response(std::string_view body, int64_t now_ms) {
    using namespace json_read;
    auto json = parse(body);
    if (!json || !json->is_object())
        throw Error(LLMH_ERR_MALFORMED_RESPONSE, "copilot: the Copilot token response is not a JSON object");
    const auto& o = json->get_object();
    CopilotToken t;
    t.token = string_member(o, "token");
    if (t.token.empty()) throw Error(LLMH_ERR_MALFORMED_RESPONSE, "copilot: the Copilot token response has no token");
    if (const auto expires_at = integer_member(o, "expires_at"))
        t.expires_at_ms = *expires_at * 1000;
    else if (const auto refresh_in = integer_member(o, "refresh_in"))
        // Without expires_at, refresh when the server suggests (see the cache's margin).
        t.expires_at_ms = now_ms + (*refresh_in + 5 * 60) * 1000;
    else
        t.expires_at_ms = now_ms; // no lifetime given: use it for this call only
    if (const auto* endpoints = object_member(o, "endpoints")) {
        t.api_base = string_member(*endpoints, "api");
        while (!t.api_base.empty() && t.api_base.back() == '/')
            t.api_base.pop_back();
    }
    return t;
}

CopilotToken exchange_copilot_token(const Call& call, std::string_view api_url, std::string_view oauth_token,
                                    std::string_view editor_version) {
    const HttpResponse response = call.http_buffered(token_exchange_request(api_url, oauth_token, editor_version));
    const int64_t now_ms = call.host().wall_clock_ms();
    if (response.head.status < 200 || response.head.status >= 300) throw token_exchange_error(response, now_ms);
    return parse_token_response(response.body, now_ms);
}

} // namespace llmhost::copilot_plugin
