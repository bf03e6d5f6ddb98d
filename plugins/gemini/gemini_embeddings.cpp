#include "gemini_embeddings.hpp"

#include "gemini_errors.hpp"

#include <llmhost/error.hpp>
#include <llmhost/support/json_read.hpp>

#include <boost/json.hpp>

namespace llmhost::gemini_plugin {

boost::json::object gemini_batch_embed_body(std::span<const std::string> inputs, std::string_view model_id) {
    const std::string model = "models/" + std::string(model_id);
    boost::json::array requests;
    for (const auto& text : inputs)
        requests.push_back(
            {{"model", model}, {"content", {{"parts", boost::json::array{boost::json::object{{"text", text}}}}}}});
    return {{"requests", std::move(requests)}};
}

void collect_gemini_embeddings(std::string_view provider_id, const boost::json::value& body, size_t expected,
                               boost::json::array& data) {
    using namespace json_read;
    auto malformed = [&](const std::string& what) {
        return Error(LLMH_ERR_MALFORMED_RESPONSE, std::string(provider_id) + ": embeddings response " + what);
    };
    if (!body.is_object()) throw malformed("is not a JSON object");
    if (gemini_has_error(body.get_object())) throw gemini_embedded_error(provider_id, body);
    const auto* embeddings = array_member(body.get_object(), "embeddings");
    if (!embeddings) throw malformed("has no 'embeddings'");
    if (embeddings->size() != expected)
        throw malformed("has " + std::to_string(embeddings->size()) + " vectors for " + std::to_string(expected) +
                        " inputs");
    for (const auto& item : *embeddings) {
        const auto* values = item.is_object() ? array_member(item.get_object(), "values") : nullptr;
        if (!values) throw malformed("has an entry without 'values'");
        data.push_back({{"index", data.size()}, {"embedding", *values}});
    }
}

} // namespace llmhost::gemini_plugin
