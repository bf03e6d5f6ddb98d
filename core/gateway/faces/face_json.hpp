// Strict readers for client request bodies. Unlike the tolerant readers used on upstream
// responses, a wrongly typed field here is the client's mistake: it is reported as a 400
// naming the field's path (e.g. "messages[2].content").
#pragma once

#include "core/gateway/gateway_error.hpp"

#include <boost/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace llmhost::gateway::face_json {

inline std::string path(std::string_view parent, std::string_view key) {
    return parent.empty() ? std::string(key) : std::string(parent) + "." + std::string(key);
}

inline std::string path(std::string_view parent, size_t index) {
    return std::string(parent) + "[" + std::to_string(index) + "]";
}

// Parses the body; a body that is not a JSON object is a 400.
boost::json::object parse_body(std::string_view body, boost::json::storage_ptr storage = {});

// The member, or nullptr when absent or null.
inline const boost::json::value* member(const boost::json::object& o, std::string_view key) {
    const auto* v = o.if_contains(key);
    return v && !v->is_null() ? v : nullptr;
}

const boost::json::object& as_object(const boost::json::value& v, const std::string& where);
const boost::json::array& as_array(const boost::json::value& v, const std::string& where);
std::string_view as_string(const boost::json::value& v, const std::string& where);

std::optional<std::string_view> string_field(const boost::json::object& o, std::string_view key,
                                             std::string_view parent = {});
std::string_view required_string(const boost::json::object& o, std::string_view key, std::string_view parent = {});
const boost::json::object* object_field(const boost::json::object& o, std::string_view key,
                                        std::string_view parent = {});
const boost::json::array* array_field(const boost::json::object& o, std::string_view key, std::string_view parent = {});
std::optional<bool> bool_field(const boost::json::object& o, std::string_view key, std::string_view parent = {});
std::optional<double> number_field(const boost::json::object& o, std::string_view key, std::string_view parent = {});
// A whole number (a float with a fraction is refused).
std::optional<int64_t> integer_field(const boost::json::object& o, std::string_view key, std::string_view parent = {});

} // namespace llmhost::gateway::face_json
