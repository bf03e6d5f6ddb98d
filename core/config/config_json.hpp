// The normalised configuration as JSON (`llmhost config show`), with every secret masked:
// literal keys become "****"; ${VAR} references are shown, since they hold no secret.
#pragma once

#include "core/config/config.hpp"

#include <boost/json/object.hpp>

namespace llmhost::config {

boost::json::object to_masked_json(const Config& config);

// "****" for a literal secret, the value itself for a pure ${VAR} reference, "" for "".
std::string mask_secret_value(const std::string& value);

// Header names whose values are credentials (Authorization, *key*, *token*, *secret*...).
bool is_sensitive_header(std::string_view name);

} // namespace llmhost::config
