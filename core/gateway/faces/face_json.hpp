// Strict readers for client request bodies. Unlike the tolerant readers used on upstream
// responses, a wrongly typed field here is the client's mistake: it is reported as a 400
// naming the field's path (e.g. "messages[2].content").
#pragma once

#include "core/gateway/gateway_error.hpp"

#include <boost/json.hpp>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace llmhost::gateway::face_json {

inline std::string path(std::string_view parent, std::string_view key) {
    return parent.empty() ? std::string(key) : std::string(parent) + "." + std::string(key);
}

inline std::string path(std::string_view parent, size_t index) {
    return std::string(parent) + "[" + std::to_string(index) + "]";
}

// Parses the body; a body that is not a JSON object is a 400.
boost::json::object parse_body(std::string_view body, boost::json::storage_ptr storage = {});

// A body's top level with its large members left as they were written: the others parsed
// into `rest`, as parse_body would have them.
struct BodyTop {
    boost::json::object rest;
    std::vector<std::pair<std::string, std::string_view>> large; // name, value as written

    // The value of a large member as written (the last, when the name came twice), or nullopt.
    std::optional<std::string_view> large_member(std::string_view name) const;
};

// nullopt when the body is not one well-formed JSON object at the top level, or a member in
// `rest` is not valid JSON: the caller then parses the whole body, which names the fault.
std::optional<BodyTop> read_body_top(std::string_view body, std::span<const std::string_view> large,
                                     boost::json::storage_ptr storage = {});

// Whether `text` holds `needle` anywhere; quicker on a large body than a search that stops at
// every byte equal to the needle's first, when that is a quote.
bool contains(std::string_view text, std::string_view needle);

// True when `value` is the JSON text of an array with at least one item in it.
bool is_non_empty_array(std::string_view value);

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
