// Where the Ollama server is: the configured base_url, else OLLAMA_HOST, else the local default.
//
// The host passes the metadata's base_url when the configuration has none, so "not
// configured" and "configured to the default" look the same here. The rule: an empty
// base_url, or one equal to the metadata default (http://localhost:11434), yields to
// OLLAMA_HOST when that is set; any other base_url wins. To pin the local server whatever
// OLLAMA_HOST says, configure http://127.0.0.1:11434.
//
// OLLAMA_HOST is read the way the ollama CLI reads it: [scheme://][host][:port][/path], with
// blanks and quotes trimmed. No scheme means http and port 11434; http:// or https:// without
// a port means 80 or 443; no host means 127.0.0.1. The bind-to-all addresses a server is
// given (0.0.0.0, [::]) mean this machine when connecting.
#pragma once

#include <llmhost/provider.hpp>

#include <string>
#include <string_view>

namespace llmhost::ollama_plugin {

inline constexpr std::string_view default_base_url = "http://localhost:11434";
inline constexpr std::string_view host_variable = "OLLAMA_HOST";

// The base URL an OLLAMA_HOST value names, e.g. "0.0.0.0:8080" -> "http://127.0.0.1:8080".
std::string base_url_from_ollama_host(std::string_view raw);

// The server root requests go to (no trailing slash). `configured` is the base_url the host
// passed. A base_url ending in /api, or in /v1 (the address of Ollama's OpenAI shim), is cut
// back to the server root, since this plugin adds /api/... itself.
std::string resolve_base_url(std::string_view configured, const Host& host);

} // namespace llmhost::ollama_plugin
