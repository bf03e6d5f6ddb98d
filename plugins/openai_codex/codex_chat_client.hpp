// Chat through the Codex backend: the SDK's Responses client with the backend's rules (the
// request is never stored, always streamed, has instructions, carries no sampling fields) and
// Codex's headers, and its usage-limit answer read as a rate limit with the reset time.
#pragma once

#include "codex_login_keeper.hpp"

#include <llmhost/protocol/responses/client.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace llmhost::codex_plugin {

ResponsesWireOptions codex_wire_options();

class CodexChatClient final : public ResponsesClient {
  public:
    CodexChatClient(ProviderConfig config, std::string base_url, const CodexAuth& auth, std::string_view session_id);

  protected:
    std::string responses_url(const Call&) const override;
    void authorize(Headers& headers, const Call&) const override;
    void add_headers(Headers& headers, const ChatRequest&, const Call&) const override;
    std::optional<Error> upstream_error(const HttpResponseHead& head, std::string_view body,
                                        const Call& call) const override;

  private:
    std::string base_url_;
    const CodexAuth& auth_;
    std::string session_id_;
};

} // namespace llmhost::codex_plugin
