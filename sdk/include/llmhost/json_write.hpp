// Writing JSON text straight into a string: for bodies that are built once and sent at once,
// where a boost::json tree would cost an allocation and a hash insert per field.
#pragma once

#include <boost/json.hpp>

#include <charconv>
#include <cstdint>
#include <string>
#include <string_view>

namespace llmhost {

// Appends `text` as a quoted JSON string (control characters, quotes and backslashes escaped;
// UTF-8 passes through unchanged).
inline void append_json_string(std::string& out, std::string_view text) {
    static constexpr char hex[] = "0123456789abcdef";
    out.reserve(out.size() + text.size() + 2);
    out.push_back('"');
    size_t plain_from = 0; // runs of characters that need no escaping are copied in one go
    for (size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c >= 0x20 && c != '"' && c != '\\') continue;
        out.append(text.data() + plain_from, i - plain_from);
        plain_from = i + 1;
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        case '\b': out += "\\b"; break;
        case '\f': out += "\\f"; break;
        default:
            out += "\\u00";
            out.push_back(hex[c >> 4]);
            out.push_back(hex[c & 15]);
        }
    }
    out.append(text.data() + plain_from, text.size() - plain_from);
    out.push_back('"');
}

inline void append_json_int(std::string& out, int64_t value) {
    char digits[24];
    out.append(digits, std::to_chars(digits, digits + sizeof digits, value).ptr);
}

// The shortest text that reads back as the same double. JSON has no NaN or infinity; callers
// hold finite numbers (parsed from JSON or validated), and anything else is written as null.
inline void append_json_number(std::string& out, double value) {
    if (value != value || value > 1.7976931348623157e308 || value < -1.7976931348623157e308) {
        out += "null";
        return;
    }
    char digits[32];
    out.append(digits, std::to_chars(digits, digits + sizeof digits, value).ptr);
}

inline void append_json_bool(std::string& out, bool value) { out += value ? "true" : "false"; }

// [item, item, ...]: `write(out, item)` appends each item's JSON text.
template <class Range, class Write> void append_json_array(std::string& out, const Range& items, Write write) {
    out += '[';
    bool first = true;
    for (const auto& item : items) {
        if (!first) out += ',';
        first = false;
        write(out, item);
    }
    out += ']';
}

// Any JSON value, object or array (a tool's parameter schema, say), serialized in place.
template <class Json> void append_json_value(std::string& out, const Json& value) {
    boost::json::serializer writer;
    writer.reset(&value);
    char buffer[1024];
    while (!writer.done())
        out.append(writer.read(buffer));
}

} // namespace llmhost
