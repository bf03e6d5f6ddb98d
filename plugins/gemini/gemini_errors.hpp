// Gemini failures -> typed llmhost::Error (docs/protocols/gemini.md "Errors"). The body is
// {"error":{"code":400,"message":"...","status":"INVALID_ARGUMENT","details":[...]}}, with
// google.rpc.ErrorInfo (reason "API_KEY_INVALID") and google.rpc.RetryInfo ("retryDelay":
// "30s") among the details. The status string decides the class; the HTTP status only where
// there is none.
//
//   INVALID_ARGUMENT, OUT_OF_RANGE  bad_request; context_length when the message says the
//                                   input is over the token limit (wording [U])
//   API_KEY_INVALID / "API key not valid" (sent as 400)  authentication
//   FAILED_PRECONDITION             permission (e.g. the free tier is not offered in the region)
//   UNAUTHENTICATED                 authentication
//   PERMISSION_DENIED               permission
//   NOT_FOUND                       not_found
//   RESOURCE_EXHAUSTED              rate_limited, also when the message speaks of "quota":
//                                   Google words per-minute limits that way too, and waiting
//                                   (RetryInfo) is what it asks for
//   INTERNAL, UNKNOWN, ABORTED      server
//   UNAVAILABLE                     overloaded
//   DEADLINE_EXCEEDED               timeout
#pragma once

#include <llmhost/error.hpp>
#include <llmhost/http.hpp>

#include <boost/json/fwd.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace llmhost::gemini_plugin {

struct GeminiErrorDetail {
    int64_t code = 0; // the HTTP status the error object names
    std::string message;
    std::string status;               // "INVALID_ARGUMENT", ...
    std::vector<std::string> reasons; // ErrorInfo reasons
    int64_t retry_delay_ms = -1;      // RetryInfo.retryDelay
};

// The error fields of a body ({} when there are none). A body that is an array (what the
// streaming endpoint sends without alt=sse) is read from its first element.
GeminiErrorDetail gemini_error_detail(const boost::json::value& body);

// The class of an error with this detail, reported with `http_status` (0: none known).
llmh_error_class gemini_error_class(int http_status, const GeminiErrorDetail& d);

// A failed HTTP exchange (status >= 400, or a non-2xx status where a result was expected).
Error gemini_http_error(std::string_view provider_id, int status, const Headers& headers, std::string_view body,
                        int64_t now_unix_ms);

// An error object inside a successful response: in the stream (as an event or as the bare
// JSON the body switches to) or a 200 body. Its `code` stands for the HTTP status.
Error gemini_embedded_error(std::string_view provider_id, const boost::json::value& body);

// True when a 200 body or stream chunk carries an error instead of a result.
bool gemini_has_error(const boost::json::object& o);

} // namespace llmhost::gemini_plugin
