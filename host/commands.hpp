// One function per command verb; each returns the process exit code.
#pragma once

#include "host/app.hpp"
#include "host/cli_options.hpp"

#include <boost/json/fwd.hpp>

namespace llmhost::cli {

int run_version(App& app, ArgReader& args);
int run_plugins(App& app, ArgReader& args);
int run_providers(App& app, ArgReader& args);
int run_chat(App& app, ArgReader& args);
int run_models(App& app, ArgReader& args);
int run_embed(App& app, ArgReader& args);
int run_config(App& app, ArgReader& args);
int run_config_init(const std::string& path, bool force); // `config init`, needing no config
int run_auth(App& app, ArgReader& args);
int run_serve(App& app, ArgReader& args);
int run_reload(App& app, ArgReader& args);
int run_run(App& app, ArgReader& args);
int run_tokens(App& app, ArgReader& args);
int run_completion(App& app, ArgReader& args);
int run_man(App& app, ArgReader& args);
int run_complete(App& app, ArgReader& args); // hidden: `__complete providers`, for the scripts

// Writes one JSON document and a newline to stdout.
void print_json(const boost::json::value& document);

} // namespace llmhost::cli
