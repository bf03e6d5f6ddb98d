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
    ActiveProvider active = app.open_provider(/*model_required=*/false);
    boost::json::value doc;
    if (active.selection.provider.capabilities & LLMH_CAP_MODEL_LISTING || active.selection.provider.capabilities == 0) {
        doc = boost::json::parse(active.instance->list_models(active.call_options()));
    } else { // no listing API: what the metadata knows
        boost::json::array models;
        if (!active.selection.provider.default_model.empty())
            models.push_back(boost::json::object{{"id", active.selection.provider.default_model}});
        doc = {{"models", std::move(models)}};
    }
    if (json) {
        print_json(doc);
        return exit_ok;
    }
    if (const auto* models = doc.is_object() ? doc.get_object().if_contains("models") : nullptr; models && models->is_array())
        for (const auto& m : models->get_array())
            if (const auto* id = m.is_object() ? m.get_object().if_contains("id") : nullptr; id && id->is_string())
                std::printf("%s\n", id->get_string().c_str());
    return exit_ok;
}

int run_embed(App& app, ArgReader& args) {
    EmbedRequest request;
    request.input = args.positional("embed");
    if (request.input.empty()) throw UsageError("embed needs at least one TEXT argument");
    ActiveProvider active = app.open_provider();
    if (active.selection.provider.capabilities && !(active.selection.provider.capabilities & LLMH_CAP_EMBEDDINGS))
        throw Error(LLMH_ERR_UNSUPPORTED, "provider '" + active.selection.provider.id + "' does not support embeddings");
    request.model = active.selection.model;
    const std::string result = active.instance->embed(boost::json::serialize(to_json(request)), active.call_options());
    std::fwrite(result.data(), 1, result.size(), stdout);
    std::fputc('\n', stdout);
    return exit_ok;
}

} // namespace llmhost::cli
