// POST /v1/embeddings through the attempt loop, like `embed`.
#include "core/gateway/faces/openai_chat/openai_chat_face.hpp"
#include "core/gateway/gateway_core.hpp"
#include "core/reliability/attempt_loop.hpp"
#include "core/reliability/provider_call.hpp"

#include <boost/json.hpp>

namespace llmhost::gateway {
namespace {

const std::vector<reliability::Option> no_options; // a request that failed before it had a plan

} // namespace

void serve_embeddings(GatewayCore& core, HttpExchange& exchange, const Face& face) {
    AccessRecord record;
    record.face = "embeddings";
    const auto& cancel = exchange.cancelled();
    const auto generation = core.generation();
    std::shared_ptr<const RequestPlan> plan;
    try {
        auto parsed = openai_face::parse_embeddings_request(exchange.body());
        // Capabilities first: a provider without embeddings is told so before its key is looked for.
        const auto selection = select_for_request(*generation, parsed.request.model);
        record.provider = selection.provider.id;
        record.model = selection.model;
        const auto& provider = selection.provider;
        if (provider.capabilities && !(provider.capabilities & LLMH_CAP_EMBEDDINGS))
            throw Error(LLMH_ERR_UNSUPPORTED, "provider '" + provider.id + "' does not support embeddings");
        plan = plan_for_request(*generation, parsed.request.model, record);

        reliability::AttemptLoop loop(core.clock, core.health, &cancel);
        loop.on_attempt([&](const reliability::AttemptRecord& a) {
            ++record.attempts;
            core.metrics.attempt(a.provider, a.status);
        });
        std::string result_json, served_model;
        const auto result = reliability::run_with_pool(
            loop, generation->pool, plan->options,
            [&](plugins::ProviderInstance& instance, const reliability::Option& option,
                const plugins::CallOptions& call) {
                parsed.request.model = option.model;
                result_json = instance.embed(boost::json::serialize(to_json(parsed.request)), call);
                served_model = option.model;
            },
            &cancel);
        if (!result.ok) throw *result.error;
        record.provider = result.served_by->provider.id;
        record.model = served_model;
        std::string body = openai_face::render_embeddings(result_json, served_model, parsed.base64);
        finish_request(core, exchange, record, 200);
        exchange.respond(200, "application/json", std::move(body));
    } catch (...) {
        respond_error(core, exchange, face,
                      describe_failure(core, std::current_exception(), plan ? plan->options : no_options), record);
    }
}

} // namespace llmhost::gateway
