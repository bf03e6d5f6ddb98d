#include "gemini_schema.hpp"

#include <boost/json.hpp>

#include <array>
#include <cstddef>
#include <string_view>

namespace llmhost::gemini_plugin {

namespace {

bool is_subset_keyword(std::string_view key) {
    static constexpr std::array<std::string_view, 22> keywords{
        "type",     "format",   "title",    "description",      "nullable",      "enum",      "items",     "properties",
        "required", "minItems", "maxItems", "minProperties",    "maxProperties", "minLength", "maxLength", "pattern",
        "minimum",  "maximum",  "anyOf",    "propertyOrdering", "default",       "example"};
    for (auto k : keywords)
        if (k == key) return true;
    return false;
}

// JSON Schema allows a list of types; the subset takes one type and a `nullable` flag.
void put_type(const boost::json::value& type, boost::json::object& out) {
    if (!type.is_array()) {
        out["type"] = type;
        return;
    }
    const boost::json::value* only = nullptr;
    size_t non_null = 0;
    for (const auto& t : type.get_array()) {
        if (t.is_string() && t.get_string() == "null") {
            out["nullable"] = true;
            continue;
        }
        only = &t;
        ++non_null;
    }
    if (non_null == 1) out["type"] = *only; // several types: left unconstrained
}

} // namespace

boost::json::object gemini_schema(const boost::json::object& schema) {
    boost::json::object out;
    for (const auto& [key, value] : schema) {
        if (!is_subset_keyword(key)) continue;
        if (key == "type") {
            put_type(value, out);
        } else if (key == "properties" && value.is_object()) {
            boost::json::object properties;
            for (const auto& [name, sub] : value.get_object())
                properties[name] = sub.is_object() ? gemini_schema(sub.get_object()) : boost::json::object();
            if (!properties.empty()) out["properties"] = std::move(properties); // the API refuses an empty one
        } else if (key == "items" && value.is_object()) {
            out["items"] = gemini_schema(value.get_object());
        } else if (key == "anyOf" && value.is_array()) {
            boost::json::array variants;
            for (const auto& sub : value.get_array())
                if (sub.is_object()) variants.push_back(gemini_schema(sub.get_object()));
            out["anyOf"] = std::move(variants);
        } else {
            out[key] = value;
        }
    }
    return out;
}

bool declares_arguments(const boost::json::object& gemini_parameters) {
    return gemini_parameters.contains("properties") || gemini_parameters.contains("anyOf");
}

} // namespace llmhost::gemini_plugin
