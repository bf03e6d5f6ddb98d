// Bedrock failures -> typed llmhost::Error (docs/protocols/bedrock.md, "Errors" and the
// ConverseStream exceptions). The error's type name decides the class where it is known; the HTTP status
// decides otherwise. Type names come as
//   - the x-amzn-ErrorType header, "ValidationException:http://internal.amazon.com/..." (the
//     part before ':'), or a body "__type" ("com.amazon...#ValidationException");
//   - the `:exception-type` header of a stream exception, in lowerCamelCase
//     ("throttlingException"), or the `:error-code` of a stream error message.
#pragma once

#include <llmhost/error.hpp>
#include <llmhost/http.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace llmhost::bedrock {

// The class a Bedrock error type means, or LLMH_OK when the type is unknown (or empty).
llmh_error_class bedrock_error_type_class(std::string_view type, std::string_view message);

// The message of an error body: {"message"} or {"Message"}, else the body itself (shortened).
std::string bedrock_error_message(std::string_view body);

// A non-2xx HTTP response: "<id>: <Type>: <message> (HTTP <status>)".
Error bedrock_http_error(std::string_view provider_id, const HttpResponseHead& head, std::string_view body,
                         int64_t now_unix_ms);

// An exception or error message inside a ConverseStream: "<id>: <type>: <message>".
Error bedrock_stream_error(std::string_view provider_id, std::string_view type, std::string_view message);

} // namespace llmhost::bedrock
