// POST /v1/embeddings: OpenAI's request -> the canonical EmbedRequest, and the plugin's
// result -> OpenAI's list of embedding objects (floats, or base64 float32 as openai-python
// asks for by default).
#include "core/gateway/faces/face_json.hpp"
#include "core/gateway/faces/openai_chat/openai_chat_face.hpp"
#include "core/transport/base64.hpp"

#include <llmhost/protocol/openai/json.hpp>

#include <bit>
#include <cstring>

namespace llmhost::gateway::openai_face {
namespace {

using namespace face_json;

std::string base64_float32(const boost::json::array& values) {
    std::string raw(values.size() * 4, '\0');
    for (size_t i = 0; i < values.size(); ++i) {
        const float f = values[i].is_number() ? static_cast<float>(values[i].to_number<double>()) : 0.0f;
        uint32_t bits = std::bit_cast<uint32_t>(f);
        if constexpr (std::endian::native == std::endian::big) bits = __builtin_bswap32(bits);
        std::memcpy(raw.data() + i * 4, &bits, 4);
    }
    return transport::base64_encode(raw);
}

} // namespace

EmbeddingsRequest parse_embeddings_request(std::string_view body) {
    const boost::json::object o = parse_body(body);
    EmbeddingsRequest out;
    out.request.model = std::string(string_field(o, "model").value_or(""));
    const auto* input = member(o, "input");
    if (!input) throw_invalid("'input' is required", "input");
    if (input->is_string())
        out.request.input.emplace_back(input->get_string());
    else {
        const auto& items = as_array(*input, "input");
        for (size_t i = 0; i < items.size(); ++i) {
            if (!items[i].is_string())
                throw_invalid("'input' must be a string or an array of strings (token arrays are not supported)",
                              path("input", i));
            out.request.input.emplace_back(items[i].get_string());
        }
    }
    if (out.request.input.empty()) throw_invalid("'input' must not be empty", "input");
    const auto format = string_field(o, "encoding_format").value_or("float");
    if (format != "float" && format != "base64")
        throw_invalid("'encoding_format' must be \"float\" or \"base64\"", "encoding_format");
    out.base64 = format == "base64";
    if (member(o, "dimensions")) throw_invalid("'dimensions' is not supported by this gateway", "dimensions");
    return out;
}

std::string render_embeddings(std::string_view plugin_result, std::string_view model, bool base64) {
    using namespace openai_json;
    auto parsed = openai_json::parse(plugin_result);
    const auto* o = parsed ? parsed->if_object() : nullptr;
    const auto* data = o ? array_member(*o, "data") : nullptr;
    if (!data) throw Error(LLMH_ERR_MALFORMED_RESPONSE, "the provider's embeddings result has no data");
    boost::json::array out;
    for (size_t i = 0; i < data->size(); ++i) {
        const auto* entry = (*data)[i].if_object();
        const auto* vector = entry ? array_member(*entry, "embedding") : nullptr;
        if (!vector)
            throw Error(LLMH_ERR_MALFORMED_RESPONSE, "the provider's embeddings result has an entry without a vector");
        boost::json::object item{{"object", "embedding"},
                                 {"index", integer_member(*entry, "index").value_or(static_cast<int64_t>(i))}};
        if (base64)
            item["embedding"] = base64_float32(*vector);
        else
            item["embedding"] = *vector;
        out.push_back(std::move(item));
    }
    int64_t tokens = 0;
    if (const auto* usage = object_member(*o, "usage")) tokens = integer_member(*usage, "input_tokens").value_or(0);
    const auto served = string_member(*o, "model");
    boost::json::object doc{{"object", "list"},
                            {"data", std::move(out)},
                            {"model", served.empty() ? model : served},
                            {"usage", {{"prompt_tokens", tokens}, {"total_tokens", tokens}}}};
    return boost::json::serialize(doc);
}

} // namespace llmhost::gateway::openai_face
