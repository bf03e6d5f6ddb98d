// The models a ChatGPT plan offers Codex:
//
//   GET {base_url}/models?client_version=<codex version>
//   200 {"models":[{"slug":"gpt-5-codex","display_name":...,"visibility":"list"|"hide"...}]}
//
// returned as the host expects a listing: {"models":[{"id"}]} (hidden models left out).
#pragma once

#include "codex_login_keeper.hpp"

#include <llmhost/provider.hpp>

#include <boost/json.hpp>

#include <string>
#include <string_view>

namespace llmhost::codex_plugin {

boost::json::value parse_codex_models(std::string_view body);

boost::json::value fetch_codex_models(const Call& call, const std::string& base_url, const CodexAuth& auth,
                                      std::string_view session_id);

} // namespace llmhost::codex_plugin
