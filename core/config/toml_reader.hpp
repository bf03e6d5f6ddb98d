// Typed reads of TOML values that record every problem (with file:line:column, the key and
// what was expected) instead of stopping at the first, so `config check` can list them all.
#pragma once

#include "core/config/toml_json.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace llmhost::config {

class TomlReader {
  public:
    explicit TomlReader(std::string path) : path_(std::move(path)) {}

    // "file:line:column" of a value (just "file" when toml11 knows no position).
    std::string where(const OrderedToml& value) const;

    std::optional<std::string> string(const OrderedToml& v, const std::string& key);
    std::optional<int64_t> non_negative_integer(const OrderedToml& v, const std::string& key);
    std::optional<std::vector<std::string>> string_list(const OrderedToml& v, const std::string& key);
    std::optional<std::map<std::string, std::string>> string_map(const OrderedToml& v, const std::string& key);
    bool is_table(const OrderedToml& v, const std::string& key, const std::string& example);
    // A string that must be one of `allowed` (the problem names them all).
    std::optional<std::string> choice(const OrderedToml& v, const std::string& key,
                                      const std::vector<std::string>& allowed);

    void problem(const OrderedToml& v, const std::string& message) { problems_.push_back(where(v) + ": " + message); }
    void warn(const OrderedToml& v, const std::string& message) { warnings_.push_back(where(v) + ": " + message); }
    // An unknown key: a warning naming the nearest known key, else saying `otherwise`.
    void unknown_key(const OrderedToml& v, const std::string& scope, const std::string& key,
                     const std::vector<std::string>& known, const std::string& otherwise = "ignored");

    const std::vector<std::string>& problems() const { return problems_; }
    std::vector<std::string>& warnings() { return warnings_; }

  private:
    void type_error(const OrderedToml& v, const std::string& key, const std::string& expected);

    std::string path_;
    std::vector<std::string> problems_;
    std::vector<std::string> warnings_;
};

} // namespace llmhost::config
