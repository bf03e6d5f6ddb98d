#include "ollama_results.hpp"

#include "ollama_errors.hpp"

#include <llmhost/error.hpp>
#include <llmhost/protocol/openai/response.hpp>
#include <llmhost/support/json_read.hpp>

#include <boost/json.hpp>

#include <string>

namespace llmhost::ollama_plugin {

const boost::json::object& ollama_result_object(std::string_view provider_id, const boost::json::value& body,
                                                std::string_view what) {
    const auto& o = openai_expect_object(provider_id, body, what);
    if (openai_has_error(o)) throw ollama_reported_error(provider_id, body, "response");
    return o;
}

boost::json::value ollama_models_result(std::string_view provider_id, const boost::json::value& body) {
    using namespace json_read;
    const auto& o = ollama_result_object(provider_id, body, "model list");
    const auto* entries = array_member(o, "models");
    if (!entries)
        throw Error(LLMH_ERR_MALFORMED_RESPONSE, std::string(provider_id) + ": model list has no 'models' array");
    boost::json::array models;
    for (const auto& item : *entries) {
        if (!item.is_object()) continue;
        const auto& entry = item.get_object();
        std::string_view id = string_member(entry, "name");
        if (id.empty()) id = string_member(entry, "model");
        if (id.empty()) continue;
        boost::json::object model{{"id", id}};
        if (const auto size = integer_member(entry, "size")) model["size"] = *size;
        if (const auto* details = object_member(entry, "details"))
            for (std::string_view key : {"family", "parameter_size", "quantization_level"})
                if (const auto value = string_member(*details, key); !value.empty()) model[key] = value;
        models.push_back(std::move(model));
    }
    return {{"models", std::move(models)}};
}

boost::json::value ollama_embed_result(std::string_view provider_id, const boost::json::value& body,
                                       std::string_view requested_model, size_t inputs) {
    using namespace json_read;
    const auto& o = ollama_result_object(provider_id, body, "embed response");
    const auto* embeddings = array_member(o, "embeddings");
    if (!embeddings)
        throw Error(LLMH_ERR_MALFORMED_RESPONSE,
                    std::string(provider_id) + ": embed response has no 'embeddings' array");
    if (embeddings->size() != inputs)
        throw Error(LLMH_ERR_MALFORMED_RESPONSE, std::string(provider_id) + ": embed response has " +
                                                     std::to_string(embeddings->size()) + " vectors for " +
                                                     std::to_string(inputs) + " inputs");
    boost::json::array data;
    for (const auto& vector : *embeddings) {
        if (!vector.is_array())
            throw Error(LLMH_ERR_MALFORMED_RESPONSE,
                        std::string(provider_id) + ": an embedding is not an array of numbers");
        data.push_back({{"index", static_cast<int64_t>(data.size())}, {"embedding", vector}});
    }
    const auto model = string_member(o, "model");
    return {{"model", model.empty() ? requested_model : model},
            {"data", std::move(data)},
            {"usage", {{"input_tokens", integer_member(o, "prompt_eval_count").value_or(0)}}}};
}

} // namespace llmhost::ollama_plugin
