// The Copilot chat API is OpenAI Chat Completions (docs/protocols/copilot.md): this is the SDK's
// OpenAICompatibleClient with Copilot's URL, bearer token and editor headers, made for one
// call with the Copilot token that call exchanged.
//
// Reasoning (Claude and Gemini models) streams as reasoning_text, with its state as
// reasoning_opaque (in deltas and in whole messages); both go back on the assistant turn
// they came with, and only Copilot's own: Gemini refuses a tool turn whose call lost it.
#pragma once

#include "copilot_headers.hpp"
#include "copilot_model_routes.hpp"

#include <llmhost/protocol/openai/compat.hpp>

#include <string>
#include <string_view>

namespace llmhost::copilot_plugin {

struct CopilotSession {
    std::string token;    // the Copilot API token (secret)
    std::string api_base; // e.g. https://api.individual.githubcopilot.com
    std::string editor_version;
};

OpenAIWireOptions copilot_wire_options(BetaFilter betas = {});

class CopilotChatClient final : public OpenAICompatibleClient {
  public:
    // `routes` learns from the listing's entries; `unsupported` records an answer saying the
    // model is not served here. Either may be null.
    CopilotChatClient(ProviderConfig config, CopilotSession session, BetaFilter betas = {},
                      CopilotModelRoutes* routes = nullptr, UnsupportedApiSeen* unsupported = nullptr);

  protected:
    std::string url_for(OpenAIOperation op, std::string_view model, const Call& call) const override;

    // The call's credential is the GitHub token; Copilot wants the exchanged token instead.
    void authorize(Headers& headers, const Call& call) const override;

    void add_headers(Headers& headers, OpenAIOperation op, const ChatRequest* chat, const Call& call) const override;

    Error upstream_error(OpenAIOperation op, std::string_view model, const HttpResponseHead& head,
                         std::string_view body, const Call& call) const override;

    // Only what the editors' model pickers offer for chat, and not disabled by policy.
    bool keep_model(const boost::json::object& entry) const override;

  private:
    CopilotSession session_;
    CopilotModelRoutes* routes_;
    UnsupportedApiSeen* unsupported_;
};

} // namespace llmhost::copilot_plugin
