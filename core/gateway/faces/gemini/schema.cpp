// Gemini schemas -> JSON Schema. The OpenAPI-subset style spells types in upper case
// ("OBJECT", "STRING") and marks nullable values with `nullable: true`; Gemini CLI sends
// upper-case types even in responseJsonSchema. So in every nested schema the types are
// lower-cased and `nullable: true` becomes a "null" type; everything else is kept as sent.
#include "core/gateway/faces/gemini/request_parts.hpp"

#include <cctype>

namespace llmhost::gateway::gemini_face {
namespace {

// Keywords whose value is a schema, a list of schemas, or a map of names to schemas.
bool holds_schema(std::string_view key) {
    return key == "items" || key == "not" || key == "additionalProperties" || key == "contains" ||
           key == "propertyNames" || key == "unevaluatedProperties";
}
bool holds_schema_list(std::string_view key) {
    return key == "anyOf" || key == "oneOf" || key == "allOf" || key == "prefixItems" || key == "items";
}
bool holds_schema_map(std::string_view key) {
    return key == "properties" || key == "$defs" || key == "definitions" || key == "patternProperties";
}

boost::json::value lower_case(const boost::json::value& type) {
    if (!type.is_string()) return boost::json::value(type, {});
    std::string lowered(type.get_string());
    for (auto& c : lowered)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return boost::json::string(lowered);
}

boost::json::value type_value(const boost::json::value& type) {
    if (!type.is_array()) return lower_case(type);
    boost::json::array types;
    for (const auto& t : type.get_array())
        types.push_back(lower_case(t));
    return types;
}

boost::json::value schema_value(const boost::json::value& value) {
    return value.is_object() ? boost::json::value(json_schema(value.get_object())) : boost::json::value(value, {});
}

boost::json::value keyword_value(std::string_view key, const boost::json::value& value) {
    if (key == "type") return type_value(value);
    if (holds_schema_list(key) && value.is_array()) {
        boost::json::array schemas;
        for (const auto& v : value.get_array())
            schemas.push_back(schema_value(v));
        return schemas;
    }
    if (holds_schema_map(key) && value.is_object()) {
        boost::json::object schemas;
        for (const auto& [name, v] : value.get_object())
            schemas[name] = schema_value(v);
        return schemas;
    }
    if (holds_schema(key)) return schema_value(value);
    return boost::json::value(value, {}); // a copy in the default storage, not the request's arena
}

} // namespace

boost::json::object json_schema(const boost::json::object& schema) {
    boost::json::object out;
    out.reserve(schema.size());
    for (const auto& [key, value] : schema)
        if (key != "nullable") out[key] = keyword_value(key, value);
    const auto* nullable = schema.if_contains("nullable");
    if (!nullable || !nullable->is_bool() || !nullable->get_bool()) return out;
    if (auto* type = out.if_contains("type"); type && type->is_string())
        *type = boost::json::array{*type, "null"};
    else
        out["nullable"] = true; // no single type to widen: kept for providers that read it
    return out;
}

} // namespace llmhost::gateway::gemini_face
