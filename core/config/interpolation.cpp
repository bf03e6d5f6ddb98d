#include "core/config/config.hpp"

#include <boost/json.hpp>

#include <cstdlib>

namespace llmhost::config {

std::string interpolate(std::string_view value, std::string_view what) {
    std::string out;
    size_t i = 0;
    while (i < value.size()) {
        const size_t open = value.find("${", i);
        if (open == std::string_view::npos) break;
        const size_t close = value.find('}', open + 2);
        if (close == std::string_view::npos) break;
        out.append(value.substr(i, open - i));
        const std::string name(value.substr(open + 2, close - open - 2));
        const char* v = std::getenv(name.c_str());
        if (!v)
            throw ConfigError(std::string(what) + " refers to ${" + name + "}, which is not set; export " + name +
                              " or change the config");
        out.append(v);
        i = close + 1;
    }
    out.append(value.substr(i));
    return out;
}

boost::json::value interpolate_json(const boost::json::value& value, std::string_view what) {
    switch (value.kind()) {
    case boost::json::kind::string: return boost::json::string(interpolate(value.get_string(), what));
    case boost::json::kind::array: {
        boost::json::array out;
        for (const auto& item : value.get_array())
            out.push_back(interpolate_json(item, what));
        return out;
    }
    case boost::json::kind::object: {
        boost::json::object out;
        for (const auto& kv : value.get_object())
            out[kv.key()] = interpolate_json(kv.value(), std::string(what) + "." + std::string(kv.key()));
        return out;
    }
    default: return value;
    }
}

bool is_pure_reference(std::string_view value) {
    if (value.empty()) return false;
    size_t i = 0;
    while (i < value.size()) {
        if (value.compare(i, 2, "${") != 0) return false;
        const size_t close = value.find('}', i + 2);
        if (close == std::string_view::npos) return false;
        i = close + 1;
    }
    return true;
}

} // namespace llmhost::config
