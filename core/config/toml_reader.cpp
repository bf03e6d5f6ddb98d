#include "core/config/toml_reader.hpp"

#include "core/config/nearest_name.hpp"

namespace llmhost::config {

std::string TomlReader::where(const OrderedToml& v) const {
    const auto loc = v.location();
    if (loc.line() == 0) return path_;
    return path_ + ":" + std::to_string(loc.line()) + ":" + std::to_string(loc.column());
}

void TomlReader::type_error(const OrderedToml& v, const std::string& key, const std::string& expected) {
    problem(v, "'" + key + "' must be " + expected);
}

std::optional<std::string> TomlReader::string(const OrderedToml& v, const std::string& key) {
    if (v.is_string()) return v.as_string().str;
    type_error(v, key, "a string");
    return std::nullopt;
}

std::optional<std::string> TomlReader::choice(const OrderedToml& v, const std::string& key,
                                              const std::vector<std::string>& allowed) {
    std::string listed;
    for (const auto& a : allowed)
        listed += (listed.empty() ? "\"" : ", \"") + a + "\"";
    if (v.is_string())
        for (const auto& a : allowed)
            if (v.as_string().str == a) return a;
    type_error(v, key, "one of " + listed);
    return std::nullopt;
}

std::optional<int64_t> TomlReader::non_negative_integer(const OrderedToml& v, const std::string& key) {
    if (v.is_integer() && v.as_integer() >= 0) return v.as_integer();
    type_error(v, key, "a non-negative integer");
    return std::nullopt;
}

std::optional<std::vector<std::string>> TomlReader::string_list(const OrderedToml& v, const std::string& key) {
    if (!v.is_array()) {
        type_error(v, key, "an array of strings, e.g. [\"a\", \"b\"]");
        return std::nullopt;
    }
    std::vector<std::string> out;
    for (const auto& item : v.as_array()) {
        if (!item.is_string()) {
            type_error(item, key, "an array of strings (this element is not a string)");
            return std::nullopt;
        }
        out.push_back(item.as_string().str);
    }
    return out;
}

std::optional<std::map<std::string, std::string>> TomlReader::string_map(const OrderedToml& v, const std::string& key) {
    if (!v.is_table()) {
        type_error(v, key, "a table of strings, e.g. { \"X-Team\" = \"search\" }");
        return std::nullopt;
    }
    std::map<std::string, std::string> out;
    for (const auto& [k, item] : v.as_table()) {
        if (!item.is_string()) {
            type_error(item, key + "." + k, "a string");
            continue;
        }
        out[k] = item.as_string().str;
    }
    return out;
}

bool TomlReader::is_table(const OrderedToml& v, const std::string& key, const std::string& example) {
    if (v.is_table()) return true;
    type_error(v, key, "a table, e.g. " + example);
    return false;
}

void TomlReader::unknown_key(const OrderedToml& v, const std::string& scope, const std::string& key,
                             const std::vector<std::string>& known, const std::string& otherwise) {
    std::string msg = "unknown key '" + scope + key + "'";
    if (auto near = nearest_name(key, known); !near.empty())
        msg += " (did you mean '" + near + "'?)";
    else
        msg += " (" + otherwise + ")";
    warn(v, msg);
}

} // namespace llmhost::config
