// Ollama failures -> typed llmhost::Error (docs/protocols/ollama.md). Ollama's error body is
// {"error":"text"}: with an HTTP status (400, 404, 429, 500, 502) before any output, or as an
// NDJSON line on HTTP 200 once streaming has begun.
#pragma once

#include <llmhost/error.hpp>
#include <llmhost/http.hpp>

#include <boost/json/fwd.hpp>

#include <cstdint>
#include <string_view>

namespace llmhost::ollama_plugin {

// A failed HTTP exchange. The status decides the class (404 not_found, 400 bad_request or
// context_length by its wording, 429 rate_limited with Retry-After, 5xx server); the SDK's
// OpenAI-compatible mapping already reads Ollama's {"error":"text"} body.
Error ollama_http_error(std::string_view provider_id, const HttpResponseHead& head, std::string_view body,
                        int64_t now_unix_ms);

// An {"error": ...} object inside a successful response: a missing model is not_found,
// anything else a server error. `where` says where it was reported ("stream", "response").
Error ollama_reported_error(std::string_view provider_id, const boost::json::value& body, std::string_view where);

} // namespace llmhost::ollama_plugin
