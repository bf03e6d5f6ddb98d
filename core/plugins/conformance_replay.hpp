// The conformance kit's recordings (`llmhost plugins test FILE --replay DIR`): a plugin
// author's recorded upstream exchanges, one JSON file per exchange, each the canonical request
// the kit sends, the upstream's answer as it was recorded, and what the call must produce.
// The format is documented for authors in docs/conformance-kit.md:
//
//   {
//     "name": "streamed reply",                       // optional; default: the file's stem
//     "options": { ... },                             // optional: provider options for this one
//     "request": { ...canonical request... },
//     "response": {                                   // absent: the provider answers without HTTP
//       "status": 200,
//       "headers": {"Content-Type": "text/event-stream"},
//       "body": "..." | "body_lines": ["...", ...] | "body_base64": "..."
//     },
//     "exchanges": [ {"url_contains": "/token", "status": 200, "headers": {}, "body": "..."} ],
//     "expect": {"text": "...", "reasoning": "...", "tool_calls": [{"id", "name", "arguments"}],
//                "finish": "stop", "usage": {"input_tokens": 5, "output_tokens": 2}}
//            | {"error": "rate_limited", "retry_after_ms": 7000, "http_status": 429}
//   }
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace llmhost::plugins {

// One HTTP answer as recorded.
struct RecordedResponse {
    std::string url_contains; // for "exchanges": which request it answers
    int status = 200;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body; // bytes, decoded from body / body_lines / body_base64
};

struct ExpectedToolCall {
    std::string id; // "" = any non-empty id
    std::string name;
    std::optional<std::string> arguments; // serialized JSON, compared as JSON
};

struct Recording {
    std::string file; // path, for messages
    std::string name;
    std::string request;                // the canonical request, serialized
    std::optional<std::string> options; // provider options (a JSON object) set over the configuration's
    std::optional<RecordedResponse> response;
    std::vector<RecordedResponse> exchanges; // other exchanges of the call (a token exchange), by URL
    // A success...
    std::optional<std::string> text;
    std::optional<std::string> reasoning;
    std::optional<std::vector<ExpectedToolCall>> tool_calls;
    std::optional<int32_t> finish;                      // llmh_finish_reason
    std::vector<std::pair<std::string, int64_t>> usage; // "input_tokens" etc.: the upstream reported usage
    // ...or an error.
    std::optional<int32_t> error_class;
    std::optional<int64_t> retry_after_ms;
    std::optional<int> http_status;

    bool expects_error() const { return error_class.has_value(); }
    bool streamed() const; // the request asks for a stream
    bool has_tool_calls() const { return tool_calls && !tool_calls->empty(); }
};

// Every *.json file directly in `dir`, sorted by name. Throws std::runtime_error naming the
// file and the problem for one that is not a recording.
std::vector<Recording> load_recordings(const std::string& dir);

// One recording from its JSON text (`file` names it in messages).
Recording parse_recording(const std::string& text, const std::string& file);

} // namespace llmhost::plugins
