// Writing JSON text straight into a string, for the hot path of stream encoding where
// building a boost::json tree per delta would cost an allocation per field.
#pragma once

#include <charconv>
#include <cstdint>
#include <string>
#include <string_view>

namespace llmhost::gateway {

// Appends `text` as a quoted JSON string (control characters, quotes and backslashes escaped;
// UTF-8 passes through unchanged).
void append_json_string(std::string& out, std::string_view text);

inline void append_json_int(std::string& out, int64_t value) {
    char digits[24];
    out.append(digits, std::to_chars(digits, digits + sizeof digits, value).ptr);
}

} // namespace llmhost::gateway
