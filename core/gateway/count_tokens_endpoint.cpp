// A face's token-counting request (Anthropic's /v1/messages/count_tokens, Gemini's
// :countTokens, Responses' /v1/responses/input_tokens): the chat request it would count,
// planned and run through the attempt loop like a chat. Only a provider's own counter gives
// an answer; a provider without one is an error in the face's shape, never an estimate
// presented as a count (clients trust the number).
#include "core/gateway/gateway_core.hpp"
#include "core/reliability/attempt_loop.hpp"
#include "core/reliability/provider_call.hpp"

#include <llmhost/error.hpp>

namespace llmhost::gateway {
namespace {

const std::vector<reliability::Option> no_options;

} // namespace

void serve_count_tokens(GatewayCore& core, HttpExchange& exchange, const Face& face, const RouteMatch& match) {
    AccessRecord record;
    record.face = face.name();
    const auto generation = core.generation();
    std::shared_ptr<const RequestPlan> plan;
    try {
        FaceChatRequest request = face.parse_chat(exchange, match);
        request.chat.model = model_to_serve(core, request.chat.model);
        plan = plan_for_request(*generation, request.chat.model, record);
        reliability::AttemptLoop loop(core.clock, core.health, &exchange.cancelled());
        loop.on_attempt([&](const reliability::AttemptRecord& a) {
            ++record.attempts;
            core.metrics.attempt(a.provider, a.status);
        });
        int64_t tokens = 0;
        const auto result = reliability::run_with_pool(
            loop, generation->pool, plan->options,
            [&](plugins::ProviderInstance& instance, const reliability::Option& option,
                const plugins::CallOptions& call) {
                request.chat.model = option.model;
                tokens = instance.count_tokens(canonical_json(request.chat), call);
            },
            &exchange.cancelled());
        if (!result.ok) throw *result.error;
        record.provider = result.served_by->provider.id;
        record.model = result.served_by->model;
        finish_request(core, exchange, record, 200);
        exchange.respond(200, "application/json", face.render_token_count(tokens));
    } catch (...) {
        respond_error(core, exchange, face,
                      describe_failure(core, std::current_exception(), plan ? plan->options : no_options), record);
    }
}

} // namespace llmhost::gateway
