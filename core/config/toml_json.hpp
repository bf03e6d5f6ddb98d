// TOML values as JSON, for plugin options (which cross the ABI as JSON text).
#pragma once

#include <boost/json/object.hpp>
#include <toml.hpp>

#include <map>
#include <vector>

namespace llmhost::config {

using OrderedToml = toml::basic_value<toml::discard_comments, std::map, std::vector>;

boost::json::value toml_to_json(const OrderedToml& v);
boost::json::object toml_table_to_json(const OrderedToml& table);

} // namespace llmhost::config
