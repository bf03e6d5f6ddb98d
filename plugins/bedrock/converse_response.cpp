#include "converse_response.hpp"

#include "converse_outcome.hpp"
#include "converse_reasoning.hpp"

#include <llmhost/error.hpp>
#include <llmhost/support/error_text.hpp>
#include <llmhost/support/json_read.hpp>

#include <string>

namespace llmhost::bedrock {

void emit_reasoning_content(const boost::json::object& reasoning, EventSink& sink) {
    using namespace json_read;
    if (const auto* r = object_member(reasoning, "reasoningText")) {
        sink.reasoning(string_member(*r, "text"));
        if (const auto signature = string_member(*r, "signature"); !signature.empty())
            sink.reasoning_state(-1, bedrock_reasoning_state(std::string(signature), {}));
    } else if (const auto redacted = string_member(reasoning, "redactedContent"); !redacted.empty()) {
        sink.reasoning_state(-1, bedrock_reasoning_state({}, std::string(redacted)));
    }
}

void emit_converse_response(std::string_view provider_id, std::string_view model, std::string_view body,
                            EventSink& sink) {
    using namespace json_read;
    const auto json = parse(body);
    if (!json || !json->is_object())
        throw Error(LLMH_ERR_MALFORMED_RESPONSE,
                    std::string(provider_id) +
                        ": the Converse response is not a JSON object: " + error_text::snippet(body));
    const auto& o = json->get_object();
    const auto* output = object_member(o, "output");
    const auto* message = output ? object_member(*output, "message") : nullptr;
    if (!message)
        throw Error(LLMH_ERR_MALFORMED_RESPONSE,
                    std::string(provider_id) +
                        ": the Converse response has no output.message: " + error_text::snippet(body));
    // Checked before any event: a context overflow is a failure, not a reply.
    const std::string_view stop_reason = string_member(o, "stopReason");
    if (stop_reason == "model_context_window_exceeded") converse_finish_reason(provider_id, stop_reason, false);

    sink.message_start({}, model);
    int tool_calls = 0;
    if (const auto* content = array_member(*message, "content"))
        for (const auto& block_value : *content) {
            if (!block_value.is_object()) continue;
            const auto& block = block_value.get_object();
            if (const auto* text = member(block, "text"); text && text->is_string()) {
                sink.text(text->get_string());
            } else if (const auto* tool = object_member(block, "toolUse")) {
                const auto* input = member(*tool, "input");
                sink.tool_call_start(tool_calls, string_member(*tool, "toolUseId"), string_member(*tool, "name"));
                sink.tool_call_delta(tool_calls, input ? boost::json::serialize(*input) : std::string("{}"));
                ++tool_calls;
            } else if (const auto* reasoning = object_member(block, "reasoningContent")) {
                emit_reasoning_content(*reasoning, sink);
            }
        }
    if (const auto* usage = object_member(o, "usage")) sink.usage(converse_usage(*usage));
    sink.finish(converse_finish_reason(provider_id, stop_reason, tool_calls > 0));
}

} // namespace llmhost::bedrock
