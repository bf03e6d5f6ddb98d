#include "core/gateway/faces/pass_through.hpp"

#include <llmhost/support/json_write.hpp>

#include <boost/json.hpp>

#include <algorithm>

namespace llmhost::gateway {

WireExtension pass_through(const boost::json::object& body, std::span<const std::string_view> read_fields,
                           std::string_view protocol, std::string_view beta_header, std::string_view beta_value) {
    WireExtension x;
    x.protocol = std::string(protocol);
    // Written field by field: the body's values are not copied into a document of their own.
    for (const auto& field : body) {
        if (std::find(read_fields.begin(), read_fields.end(), field.key()) != read_fields.end()) continue;
        x.fields += x.fields.empty() ? '{' : ',';
        append_json_string(x.fields, field.key());
        x.fields += ':';
        append_json_value(x.fields, field.value());
    }
    if (!x.fields.empty()) x.fields += '}';
    if (!beta_value.empty()) x.headers.emplace_back(std::string(beta_header), std::string(beta_value));
    return x;
}

} // namespace llmhost::gateway
