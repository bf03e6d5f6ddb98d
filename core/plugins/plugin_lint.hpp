// What `llmhost plugins check` says about a plugin that loads but is built carelessly: things
// that work today and break in someone else's process tomorrow.
#pragma once

#include "core/plugins/discovery.hpp"

#include <llmhost/provider_abi.h>

#include <string>
#include <vector>

namespace llmhost::plugins {

// One line per problem, each saying what to do; empty when there is none.
//  - symbols exported besides the entry point (they can bind to another plugin's);
//  - a table name different from the metadata name (listings and errors disagree).
std::vector<std::string> lint_plugin(const PluginFile& file, const llmh_plugin& table);

} // namespace llmhost::plugins
