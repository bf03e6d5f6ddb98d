#include "core/gateway/faces/anthropic/pass_through.hpp"

#include <boost/json.hpp>

#include <algorithm>

namespace llmhost::gateway::anthropic_face {

WireExtension pass_through(const boost::json::object& body, std::span<const std::string_view> read_fields,
                           std::string_view anthropic_beta) {
    WireExtension x;
    x.protocol = std::string(wire_protocol::anthropic_messages);
    boost::json::object unread; // default storage: the body's arena goes away with the body
    for (const auto& field : body)
        if (std::find(read_fields.begin(), read_fields.end(), field.key()) == read_fields.end())
            unread.emplace(field.key(), field.value());
    if (!unread.empty()) x.fields = boost::json::serialize(unread);
    if (!anthropic_beta.empty()) x.headers.emplace_back("anthropic-beta", std::string(anthropic_beta));
    return x;
}

} // namespace llmhost::gateway::anthropic_face
