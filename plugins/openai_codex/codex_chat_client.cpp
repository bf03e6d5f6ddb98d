#include "codex_chat_client.hpp"

#include "codex_errors.hpp"
#include "codex_headers.hpp"

#include <utility>

namespace llmhost::codex_plugin {

ResponsesWireOptions codex_wire_options() {
    ResponsesWireOptions wire;
    wire.store = false;
    wire.always_stream = true;
    wire.send_sampling = false;
    wire.default_instructions = "You are a helpful assistant.";
    // Encrypted reasoning from this backend goes back to it only, not to OpenAI's API.
    wire.reasoning_origin = "openai-codex";
    return wire;
}

CodexChatClient::CodexChatClient(ProviderConfig config, std::string base_url, const CodexAuth& auth,
                                 std::string_view session_id)
    : ResponsesClient(std::move(config), codex_wire_options()), base_url_(std::move(base_url)), auth_(auth),
      session_id_(session_id) {}

std::string CodexChatClient::responses_url(const Call&) const { return base_url_ + "/responses"; }

void CodexChatClient::authorize(Headers& headers, const Call&) const { add_codex_headers(headers, auth_, session_id_); }

void CodexChatClient::add_headers(Headers& headers, const ChatRequest&, const Call&) const {
    set_header(headers, "Accept", "text/event-stream");
}

std::optional<Error> CodexChatClient::upstream_error(const HttpResponseHead& head, std::string_view body,
                                                     const Call& call) const {
    return usage_limit_error(head, body, call.host().wall_clock_ms());
}

} // namespace llmhost::codex_plugin
