// `models` and `embed`: the selected provider's model list and embedding vectors.
#include "host/commands.hpp"
#include "host/exit_codes.hpp"

#include <llmhost/chat.hpp>

#include <boost/json.hpp>

#include <cstdio>

namespace llmhost::cli {

int run_models(App& app, ArgReader& args) {
    const bool json = args.flag("--json");
    args.positional("models");
    RequestPlan plan = app.plan_request(/*model_required=*/false);
    plan.options.resize(1); // a listing is about the selected provider: no fallbacks
    const auto& provider = plan.selection.provider;
    boost::json::value doc;
    if (provider.capabilities & LLMH_CAP_MODEL_LISTING || provider.capabilities == 0) {
        const auto result = app.run_attempts(
            plan, [&](plugins::ProviderInstance& instance, const reliability::Option&,
                      const plugins::CallOptions& call) { doc = boost::json::parse(instance.list_models(call)); });
        if (!result.ok) throw *result.error;
    } else { // no listing API: what the metadata knows
        boost::json::array models;
        if (!provider.default_model.empty()) models.push_back(boost::json::object{{"id", provider.default_model}});
        doc = {{"models", std::move(models)}};
    }
    if (json) {
        print_json(doc);
        return exit_ok;
    }
    if (const auto* models = doc.is_object() ? doc.get_object().if_contains("models") : nullptr;
        models && models->is_array())
        for (const auto& m : models->get_array())
            if (const auto* id = m.is_object() ? m.get_object().if_contains("id") : nullptr; id && id->is_string())
                std::printf("%s\n", id->get_string().c_str());
    return exit_ok;
}

int run_embed(App& app, ArgReader& args) {
    EmbedRequest request;
    request.input = args.positional("embed");
    if (request.input.empty()) throw UsageError("embed needs at least one TEXT argument");
    const RequestPlan plan = app.plan_request();
    const auto& provider = plan.selection.provider;
    if (provider.capabilities && !(provider.capabilities & LLMH_CAP_EMBEDDINGS))
        throw Error(LLMH_ERR_UNSUPPORTED, "provider '" + provider.id + "' does not support embeddings");
    std::string output;
    const auto result =
        app.run_attempts(plan, [&](plugins::ProviderInstance& instance, const reliability::Option& option,
                                   const plugins::CallOptions& call) {
            request.model = option.model;
            output = instance.embed(boost::json::serialize(to_json(request)), call);
        });
    if (!result.ok) throw *result.error;
    std::fwrite(output.data(), 1, output.size(), stdout);
    std::fputc('\n', stdout);
    return exit_ok;
}

} // namespace llmhost::cli
