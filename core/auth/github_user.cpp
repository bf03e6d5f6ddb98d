#include "core/auth/github_user.hpp"

#include "core/auth/buffered_http.hpp"

#include <llmhost/error.hpp>
#include <llmhost/protocol/openai/json.hpp>

namespace llmhost::auth {

std::optional<std::string> fetch_github_login(transport::HttpClient& http, std::string_view api_url,
                                              std::string_view oauth_token, const std::function<bool()>& cancelled) {
    BufferedRequest request;
    request.url = std::string(api_url) + "/user";
    request.headers = {{"Authorization", "token " + std::string(oauth_token)},
                       {"Accept", "application/vnd.github+json"},
                       {"User-Agent", "llmhost"}}; // GitHub's API refuses requests without one
    try {
        const auto response = fetch_buffered(http, request, "looking up the GitHub user", cancelled);
        if (response.head.status != 200) return std::nullopt;
        const auto body = openai_json::parse(response.body);
        if (!body || !body->is_object()) return std::nullopt;
        const auto login = openai_json::string_member(body->get_object(), "login");
        if (login.empty()) return std::nullopt;
        return std::string(login);
    } catch (const Error&) {
        return std::nullopt;
    }
}

} // namespace llmhost::auth
