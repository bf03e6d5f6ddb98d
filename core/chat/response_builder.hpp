// Gathers a provider's canonical event stream into one ChatResponse, and renders the
// SPEC's `chat --json` shape.
#pragma once

#include <llmhost/chat.hpp>
#include <llmhost/provider_abi.h>

#include <boost/json/fwd.hpp>

#include <string_view>

namespace llmhost::chat {

class ResponseBuilder {
  public:
    // Folds one event into the response. Tool-call argument fragments are joined by index.
    void add(const llmh_event& event);

    const ChatResponse& response() const { return response_; }
    ChatResponse& response() { return response_; }

  private:
    ToolCall& call_at(int index);

    ChatResponse response_;
    bool reasoning_open_ = false; // reasoning deltas go to the last block until state or text ends it
};

// {"provider","model","text","reasoning","tool_calls":[{"id","name","arguments"}],
//  "finish_reason","usage":{"input_tokens","output_tokens",...}}
boost::json::object to_cli_json(const ChatResponse& response, std::string_view provider, std::string_view model);

} // namespace llmhost::chat
