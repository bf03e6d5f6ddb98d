#include "ollama_errors.hpp"

#include <llmhost/protocol/openai/errors.hpp>
#include <llmhost/support/error_text.hpp>

#include <boost/json.hpp>

#include <string>

namespace llmhost::ollama_plugin {

Error ollama_http_error(std::string_view provider_id, const HttpResponseHead& head, std::string_view body,
                        int64_t now_unix_ms) {
    return openai_http_error(provider_id, head.status, head.headers, body, now_unix_ms);
}

Error ollama_reported_error(std::string_view provider_id, const boost::json::value& body, std::string_view where) {
    std::string message = openai_error_detail(body).message;
    if (message.empty()) message = "no error message";
    const bool missing_model = error_text::contains_icase(message, "not found");
    return Error(missing_model ? LLMH_ERR_NOT_FOUND : LLMH_ERR_SERVER,
                 std::string(provider_id) + ": " + message + " (reported in the " + std::string(where) + ")");
}

} // namespace llmhost::ollama_plugin
