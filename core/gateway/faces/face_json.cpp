#include "core/gateway/faces/face_json.hpp"

#include <llmhost/json_read.hpp>

#include <cmath>

namespace llmhost::gateway::face_json {

boost::json::object parse_body(std::string_view body, boost::json::storage_ptr storage) {
    boost::system::error_code ec;
    boost::json::value v = json_read::parse(body, ec, std::move(storage));
    if (ec) throw_invalid("the request body is not valid JSON: " + ec.message());
    if (!v.is_object()) throw_invalid("the request body must be a JSON object");
    return std::move(v.get_object());
}

const boost::json::object& as_object(const boost::json::value& v, const std::string& where) {
    if (!v.is_object()) throw_invalid("'" + where + "' must be an object", where);
    return v.get_object();
}

const boost::json::array& as_array(const boost::json::value& v, const std::string& where) {
    if (!v.is_array()) throw_invalid("'" + where + "' must be an array", where);
    return v.get_array();
}

std::string_view as_string(const boost::json::value& v, const std::string& where) {
    if (!v.is_string()) throw_invalid("'" + where + "' must be a string", where);
    return v.get_string();
}

std::optional<std::string_view> string_field(const boost::json::object& o, std::string_view key,
                                             std::string_view parent) {
    const auto* v = member(o, key);
    if (!v) return std::nullopt;
    if (v->is_string()) return v->get_string(); // the path is only spelled out for an error
    return as_string(*v, path(parent, key));
}

std::string_view required_string(const boost::json::object& o, std::string_view key, std::string_view parent) {
    auto s = string_field(o, key, parent);
    if (!s) throw_invalid("'" + path(parent, key) + "' is required", path(parent, key));
    return *s;
}

const boost::json::object* object_field(const boost::json::object& o, std::string_view key, std::string_view parent) {
    const auto* v = member(o, key);
    if (v && v->is_object()) return &v->get_object();
    return v ? &as_object(*v, path(parent, key)) : nullptr;
}

const boost::json::array* array_field(const boost::json::object& o, std::string_view key, std::string_view parent) {
    const auto* v = member(o, key);
    if (v && v->is_array()) return &v->get_array();
    return v ? &as_array(*v, path(parent, key)) : nullptr;
}

std::optional<bool> bool_field(const boost::json::object& o, std::string_view key, std::string_view parent) {
    const auto* v = member(o, key);
    if (!v) return std::nullopt;
    if (!v->is_bool()) throw_invalid("'" + path(parent, key) + "' must be true or false", path(parent, key));
    return v->get_bool();
}

std::optional<double> number_field(const boost::json::object& o, std::string_view key, std::string_view parent) {
    const auto* v = member(o, key);
    if (!v) return std::nullopt;
    if (!v->is_number()) throw_invalid("'" + path(parent, key) + "' must be a number", path(parent, key));
    return v->to_number<double>();
}

std::optional<int64_t> integer_field(const boost::json::object& o, std::string_view key, std::string_view parent) {
    const auto* v = member(o, key);
    if (!v) return std::nullopt;
    if (v->is_int64()) return v->get_int64();
    if (v->is_uint64() && v->get_uint64() <= static_cast<uint64_t>(INT64_MAX))
        return static_cast<int64_t>(v->get_uint64());
    if (v->is_double() && std::trunc(v->get_double()) == v->get_double() && std::abs(v->get_double()) < 9.0e18)
        return static_cast<int64_t>(v->get_double());
    throw_invalid("'" + path(parent, key) + "' must be an integer", path(parent, key));
}

} // namespace llmhost::gateway::face_json
