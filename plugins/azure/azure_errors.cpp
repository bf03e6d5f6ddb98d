#include "azure_errors.hpp"

#include <llmhost/protocol/openai/errors.hpp>
#include <llmhost/support/json_read.hpp>

#include <boost/json.hpp>

namespace llmhost::azure_plugin {

namespace {

// "hate (high), jailbreak" — the categories the filter flagged, in the body's order.
std::string filtered_categories(const boost::json::value& body) {
    using namespace json_read;
    const auto* error = body.is_object() ? object_member(body.get_object(), "error") : nullptr;
    const auto* inner = error ? object_member(*error, "innererror") : nullptr;
    const auto* result = inner ? object_member(*inner, "content_filter_result") : nullptr;
    std::string out;
    if (!result) return out;
    for (const auto& kv : *result) {
        if (!kv.value().is_object()) continue;
        const auto* filtered = member(kv.value().get_object(), "filtered");
        if (!filtered || !filtered->is_bool() || !filtered->get_bool()) continue;
        if (!out.empty()) out += ", ";
        out += kv.key();
        if (const auto severity = string_member(kv.value().get_object(), "severity"); !severity.empty())
            out += " (" + std::string(severity) + ")";
    }
    return out;
}

} // namespace

Error azure_http_error(std::string_view provider_id, std::string_view deployment, std::string_view endpoint, int status,
                       const Headers& headers, std::string_view body, int64_t now_unix_ms) {
    Error mapped = openai_http_error(provider_id, status, headers, body, now_unix_ms);
    const auto json = json_read::parse(body);
    if (!json) return mapped;
    const OpenAIErrorDetail detail = openai_error_detail(*json);
    const std::string upstream = detail.message.empty() ? std::string("no error message") : detail.message;
    const std::string id(provider_id);
    if (status == 400 && detail.code == "content_filter") {
        const std::string categories = filtered_categories(*json);
        return Error(LLMH_ERR_BAD_REQUEST,
                     id + ": the Azure content filter blocked the prompt" +
                         (categories.empty() ? std::string() : " (" + categories + ")") + ": " + upstream +
                         " (HTTP 400)",
                     status, mapped.retry_after_ms());
    }
    if (status == 404 && detail.code == "DeploymentNotFound" && !deployment.empty())
        return Error(LLMH_ERR_NOT_FOUND,
                     id + ": deployment '" + std::string(deployment) + "' does not exist at " + std::string(endpoint) +
                         " (HTTP 404): " + upstream +
                         " Check the deployment name (options.deployment, else the model name) in the Azure portal.",
                     status, mapped.retry_after_ms());
    return mapped;
}

} // namespace llmhost::azure_plugin
