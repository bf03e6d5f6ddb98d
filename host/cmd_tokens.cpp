// `tokens [PROMPT...]`: the input tokens a prompt takes with the selected provider and model,
// from the provider's own counter. A provider without one is an error (exit 5), never an
// estimate presented as a count.
#include "host/commands.hpp"
#include "host/exit_codes.hpp"
#include "host/request_files.hpp"

#include <llmhost/chat.hpp>

#include <boost/json.hpp>

#include <cstdio>

namespace llmhost::cli {

int run_tokens(App& app, ArgReader& args) {
    const bool json = args.flag("--json");
    std::string system;
    args.value("--system", system);
    ChatRequest request;
    request.stream = false;
    if (!system.empty()) request.messages.push_back({Role::system, {ContentPart::make_text(system)}, {}, {}, {}});
    request.messages.push_back(
        {Role::user, {ContentPart::make_text(read_prompt(args.positional("tokens"), "tokens"))}, {}, {}, {}});

    const RequestPlan plan = app.plan_request();
    int64_t tokens = 0;
    std::string counted_by, counted_model;
    const auto result =
        app.run_attempts(plan, [&](plugins::ProviderInstance& instance, const reliability::Option& option,
                                   const plugins::CallOptions& call) {
            request.model = option.model;
            tokens = instance.count_tokens(canonical_json(request), call);
            counted_by = option.provider.id;
            counted_model = option.model;
        });
    if (!result.ok) {
        // "Cannot count" is the provider's answer, not a usage mistake (the SPEC's exit 5).
        if (result.error->error_class() == LLMH_ERR_UNSUPPORTED) throw Error(LLMH_ERR_SERVER, result.error->what());
        throw *result.error;
    }
    if (json)
        print_json(boost::json::object{{"provider", counted_by}, {"model", counted_model}, {"input_tokens", tokens}});
    else
        std::printf("%lld\n", static_cast<long long>(tokens));
    return exit_ok;
}

} // namespace llmhost::cli
