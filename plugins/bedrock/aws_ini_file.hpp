// Reads the INI dialect of ~/.aws/credentials and ~/.aws/config: `[section]` lines, `key =
// value` pairs (keys lower-cased, values trimmed), full-line comments starting with '#' or ';'.
// Indented lines continue the previous key's nested block (e.g. `s3 =` followed by indented
// settings) and are skipped, so they can never override a top-level key.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace llmhost::bedrock {

using IniSection = std::map<std::string, std::string>;
using IniFile = std::map<std::string, IniSection>; // section name (trimmed, as written) -> keys

IniFile parse_ini(std::string_view text);

// The file's text, or nullopt when it cannot be read (absent, a directory, no permission).
std::optional<std::string> read_text(const std::string& path);

} // namespace llmhost::bedrock
