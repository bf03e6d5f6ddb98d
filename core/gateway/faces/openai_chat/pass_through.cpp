#include "core/gateway/faces/openai_chat/pass_through.hpp"

#include <boost/json.hpp>

#include <algorithm>

namespace llmhost::gateway::openai_face {

WireExtension pass_through(const boost::json::object& body, std::span<const std::string_view> read_fields,
                           std::string_view protocol, std::string_view openai_beta) {
    WireExtension x;
    x.protocol = std::string(protocol);
    boost::json::object unread; // default storage: the body's arena goes away with the body
    for (const auto& field : body)
        if (std::find(read_fields.begin(), read_fields.end(), field.key()) == read_fields.end())
            unread.emplace(field.key(), field.value());
    if (!unread.empty()) x.fields = boost::json::serialize(unread);
    if (!openai_beta.empty()) x.headers.emplace_back("OpenAI-Beta", std::string(openai_beta));
    return x;
}

} // namespace llmhost::gateway::openai_face
