// Chat through the Codex backend: the SDK's Responses client with the backend's rules (the
// request is never stored, always streamed, has instructions, carries no sampling fields) and
// Codex's headers, and its usage-limit answer read as a rate limit with the reset time.
#pragma once

#include "codex_errors.hpp"
#include "codex_headers.hpp"

#include <llmhost/protocol/responses/client.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace llmhost::codex_plugin {

inline ResponsesWireOptions codex_wire_options() {
    ResponsesWireOptions wire;
    wire.store = false;
    wire.always_stream = true;
    wire.send_sampling = false;
    wire.default_instructions = "You are a helpful assistant.";
    // Encrypted reasoning from this backend goes back to it only, not to OpenAI's API.
    wire.reasoning_origin = "openai-codex";
    return wire;
}

class CodexChatClient final : public ResponsesClient {
  public:
    CodexChatClient(ProviderConfig config, std::string base_url, const CodexAuth& auth, std::string_view session_id)
        : ResponsesClient(std::move(config), codex_wire_options()), base_url_(std::move(base_url)), auth_(auth),
          session_id_(session_id) {}

  protected:
    std::string responses_url(const Call&) const override { return base_url_ + "/responses"; }
    void authorize(Headers& headers, const Call&) const override { add_codex_headers(headers, auth_, session_id_); }
    void add_headers(Headers& headers, const ChatRequest&, const Call&) const override {
        set_header(headers, "Accept", "text/event-stream");
    }
    std::optional<Error> upstream_error(const HttpResponseHead& head, std::string_view body,
                                        const Call& call) const override {
        return usage_limit_error(head, body, call.host().wall_clock_ms());
    }

  private:
    std::string base_url_;
    const CodexAuth& auth_;
    std::string session_id_;
};

} // namespace llmhost::codex_plugin
