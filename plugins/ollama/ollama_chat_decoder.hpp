// Ollama /api/chat responses -> canonical events. A streamed reply is NDJSON (docs/protocols/
// ollama.md), fed here in body chunks split anywhere; a non-streamed reply is one object of
// the same shape. Per object:
//
//   message.thinking / message.content  -> reasoning / text deltas; the thinking's state
//                                          (origin "ollama") where it ends
//   message.tool_calls                  -> whole calls: tool_call_start + all arguments at once
//                                          (ids "call_<n>" when the server sends none)
//   done:true                           -> usage (prompt_eval_count / eval_count, missing = 0)
//                                          and finish from done_reason
//   {"error": ...}                      -> a typed Error, even on HTTP 200
#pragma once

#include <llmhost/protocol/ndjson.hpp>
#include <llmhost/provider.hpp>

#include <boost/json/fwd.hpp>

#include <string>
#include <string_view>

namespace llmhost::ollama_plugin {

// "length" is the token limit; "stop", "load", "unload" and reasons added later end normally.
llmh_finish_reason ollama_finish_reason(std::string_view done_reason);

class OllamaChatDecoder {
  public:
    OllamaChatDecoder(std::string provider_id, EventSink& sink);

    // Streamed body bytes. Throws Error for an error line or a line that is not JSON.
    void feed(std::string_view bytes);

    // The streamed body ended. A last line without its newline still counts; without the
    // final done:true line the reply is incomplete. `why` (a transport error) is added.
    void finish(std::string_view why = {});

    // A whole non-streamed body: one object, final whether or not it says done.
    void whole_response(std::string_view body);

    bool done() const { return done_; }

  private:
    void handle_line(std::string_view line);

    void handle(const boost::json::object& o, std::string_view where, bool final);

    void tool_call(const boost::json::object& call);

    // Thinking ends where the answer or a tool call begins (or with the reply): its state marks
    // it as Ollama's, so that it goes back to Ollama with its turn (ollama_reasoning.hpp).
    void end_thinking();

    void complete(const boost::json::object& o);

    std::string provider_id_;
    EventSink& sink_;
    NdjsonFramer framer_;
    int tool_calls_ = 0;
    bool thinking_open_ = false;
    bool started_ = false;
    bool done_ = false;
    bool at_eof_ = false;
};

} // namespace llmhost::ollama_plugin
