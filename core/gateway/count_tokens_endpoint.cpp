// A face's token-counting request (Anthropic's /v1/messages/count_tokens, Gemini's
// :countTokens): the chat request it would count, planned like a chat. Only a provider's own
// counter gives an answer; a provider without one is an error in the face's shape, never an
// estimate presented as a count (clients trust the number).
#include "core/gateway/gateway_core.hpp"

#include <llmhost/error.hpp>

namespace llmhost::gateway {
namespace {

const std::vector<reliability::Option> no_options;

} // namespace

void serve_count_tokens(GatewayCore& core, HttpExchange& exchange, const Face& face, const RouteMatch& match) {
    AccessRecord record;
    record.face = face.name();
    std::shared_ptr<const RequestPlan> plan;
    try {
        const FaceChatRequest request = face.parse_chat(exchange, match);
        plan = plan_for_request(core, model_to_serve(core, request.chat.model), record);
        throw Error(LLMH_ERR_UNSUPPORTED, "provider '" + plan->selection.provider.id +
                                              "' cannot count tokens: its plugin offers no token counter");
    } catch (...) {
        respond_error(core, exchange, face,
                      describe_failure(core, std::current_exception(), plan ? plan->options : no_options), record);
    }
}

} // namespace llmhost::gateway
