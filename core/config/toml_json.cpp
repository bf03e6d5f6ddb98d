#include "core/config/toml_json.hpp"

#include <boost/json.hpp>

#include <sstream>

namespace llmhost::config {

boost::json::value toml_to_json(const OrderedToml& v) {
    switch (v.type()) {
    case toml::value_t::boolean: return v.as_boolean();
    case toml::value_t::integer: return v.as_integer();
    case toml::value_t::floating: return v.as_floating();
    case toml::value_t::string: return boost::json::string(v.as_string().str);
    case toml::value_t::array: {
        boost::json::array out;
        for (const auto& item : v.as_array())
            out.push_back(toml_to_json(item));
        return out;
    }
    case toml::value_t::table: return toml_table_to_json(v);
    default: { // dates and times: keep their TOML spelling
        std::ostringstream ss;
        ss << v;
        return boost::json::string(ss.str());
    }
    }
}

boost::json::object toml_table_to_json(const OrderedToml& table) {
    boost::json::object out;
    for (const auto& [k, item] : table.as_table())
        out[k] = toml_to_json(item);
    return out;
}

} // namespace llmhost::config
