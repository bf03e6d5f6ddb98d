#include "core/gateway/faces/pass_through.hpp"

#include <boost/json.hpp>

#include <algorithm>

namespace llmhost::gateway {

WireExtension pass_through(const boost::json::object& body, std::span<const std::string_view> read_fields,
                           std::string_view protocol, std::string_view beta_header, std::string_view beta_value) {
    WireExtension x;
    x.protocol = std::string(protocol);
    boost::json::object unread; // default storage: the body's arena goes away with the body
    for (const auto& field : body)
        if (std::find(read_fields.begin(), read_fields.end(), field.key()) == read_fields.end())
            unread.emplace(field.key(), field.value());
    if (!unread.empty()) x.fields = boost::json::serialize(unread);
    if (!beta_value.empty()) x.headers.emplace_back(std::string(beta_header), std::string(beta_value));
    return x;
}

} // namespace llmhost::gateway
