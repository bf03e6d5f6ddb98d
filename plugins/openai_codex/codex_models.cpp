#include "codex_models.hpp"

#include "codex_headers.hpp"

#include <llmhost/error.hpp>
#include <llmhost/support/error_text.hpp>
#include <llmhost/support/json_read.hpp>

namespace llmhost::codex_plugin {

boost::json::value parse_codex_models(std::string_view body) {
    using namespace json_read;
    auto json = parse(body);
    const boost::json::array* models = nullptr;
    if (json && json->is_object()) models = array_member(json->get_object(), "models");
    if (!models) throw Error(LLMH_ERR_MALFORMED_RESPONSE, "openai-codex: the models answer has no `models` array");
    boost::json::array out;
    for (const auto& entry : *models) {
        if (!entry.is_object()) continue;
        const auto& o = entry.get_object();
        std::string id(string_member(o, "slug"));
        if (id.empty()) id = std::string(string_member(o, "id"));
        if (id.empty() || string_member(o, "visibility") == "hide") continue;
        boost::json::object model{{"id", id}, {"owned_by", "openai"}};
        if (auto name = string_member(o, "display_name"); !name.empty()) model["display_name"] = name;
        out.push_back(std::move(model));
    }
    return boost::json::object{{"models", std::move(out)}};
}

boost::json::value fetch_codex_models(const Call& call, const std::string& base_url, const CodexAuth& auth,
                                      std::string_view session_id) {
    HttpRequest request;
    request.method = "GET";
    request.url = base_url + "/models?client_version=" + std::string(client_version);
    add_codex_headers(request.headers, auth, session_id);
    set_header(request.headers, "Accept", "application/json");
    request.total_timeout_ms = 30'000;
    const HttpResponse response = call.http_buffered(request);
    const int status = response.head.status;
    if (status < 200 || status >= 300) {
        llmh_error_class cls = classify_http_status(status);
        if (cls == LLMH_OK) cls = LLMH_ERR_MALFORMED_RESPONSE;
        throw Error(cls,
                    "openai-codex: listing models failed: " + error_text::snippet(response.body) + " (HTTP " +
                        std::to_string(status) + ")",
                    status, parse_retry_after_ms(response.head.headers, call.host().wall_clock_ms()));
    }
    return parse_codex_models(response.body);
}

} // namespace llmhost::codex_plugin
