// The SDK's OpenAI-compatible client as Docker Model Runner needs it: the wire format is
// OpenAI's (the engine is llama.cpp or vLLM, PROTOCOLS.md §6); the one difference kept from
// cagent is that a tool without a description gets "Function <name>", because the engines'
// chat templates render the description and cagent found empty ones refused.
#pragma once

#include <llmhost/json_read.hpp>
#include <llmhost/openai_client.hpp>

#include <boost/json.hpp>

#include <string>

namespace llmhost::dmr_plugin {

class DmrClient final : public OpenAICompatibleClient {
  public:
    using OpenAICompatibleClient::OpenAICompatibleClient;

  protected:
    void adjust_chat_body(boost::json::object& body, const ChatRequest& /*request*/) const override {
        auto* tools = body.if_contains("tools");
        if (!tools || !tools->is_array()) return;
        for (auto& tool : tools->get_array()) {
            auto* function = tool.is_object() ? tool.get_object().if_contains("function") : nullptr;
            if (!function || !function->is_object()) continue;
            auto& f = function->get_object();
            if (!json_read::string_member(f, "description").empty()) continue;
            f["description"] = "Function " + std::string(json_read::string_member(f, "name"));
        }
    }
};

} // namespace llmhost::dmr_plugin
