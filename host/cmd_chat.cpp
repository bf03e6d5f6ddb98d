// `chat`: one turn. Text is printed as it arrives (flushed per delta); --json prints the
// SPEC's response document instead.
#include "core/chat/response_builder.hpp"
#include "core/plugins/discovery.hpp"
#include "core/reliability/provider_call.hpp"
#include "host/commands.hpp"
#include "host/exit_codes.hpp"
#include "host/request_files.hpp"

#include <llmhost/chat.hpp>

#include <boost/json.hpp>

#include <cstdio>
#include <iostream>
#include <iterator>
#include <unistd.h>

namespace llmhost::cli {
namespace {

// A request that needs a capability the provider lacks fails before any I/O, naming the flag.
constexpr reliability::CapabilitySources capability_flags{"--tools", "--image", "--schema"};

boost::json::array attempts_json(const std::vector<reliability::AttemptRecord>& attempts) {
    boost::json::array out;
    for (const auto& a : attempts)
        out.push_back(
            {{"provider", a.provider},
             {"model", a.model},
             {"key_index", a.key_index},
             {"status", a.status},
             {"error_class", a.error_class.empty() ? boost::json::value(nullptr) : boost::json::value(a.error_class)},
             {"delay_ms", a.delay_ms}});
    return out;
}

void write_out(std::string_view text) {
    if (text.empty()) return;
    std::fwrite(text.data(), 1, text.size(), stdout);
    std::fflush(stdout);
    g_stdout_midline = text.back() != '\n';
}

} // namespace

int run_chat(App& app, ArgReader& args) {
    ChatRequest request;
    const bool json = args.flag("--json");
    request.stream = !args.flag("--no-stream");
    std::string value;
    if (args.value("--temperature", value)) request.temperature = parse_number(value, "--temperature");
    if (args.value("--max-tokens", value))
        request.max_tokens = static_cast<int64_t>(parse_number(value, "--max-tokens"));
    std::string system;
    args.value("--system", system);
    std::string schema_file, tools_file;
    args.value("--schema", schema_file);
    args.value("--tools", tools_file);
    const auto images = args.values("--image");
    const std::string prompt = read_prompt(args.positional("chat"), "chat");

    if (!system.empty()) request.messages.push_back({Role::system, {ContentPart::make_text(system)}, {}, {}, {}});
    Message user{Role::user, {ContentPart::make_text(prompt)}, {}, {}, {}};
    for (const auto& image : images)
        user.content.push_back(load_image(image));
    request.messages.push_back(std::move(user));
    if (!schema_file.empty()) request.response_format = load_schema(schema_file);
    if (!tools_file.empty()) request.tools = load_tools(tools_file);

    const RequestPlan plan = app.plan_request();
    const auto& primary = plan.options.front();
    reliability::check_capabilities(app.instance(primary.provider), primary, reliability::RequestNeeds::of(request),
                                    &capability_flags);

    chat::ResponseBuilder builder;
    bool committed = false; // a content event reached the user: no silent retry after this
    const auto result = app.run_attempts(
        plan,
        [&](plugins::ProviderInstance& instance, const reliability::Option& option, const plugins::CallOptions& call) {
            reliability::check_capabilities(instance, option, reliability::RequestNeeds::of(request),
                                            &capability_flags);
            builder = chat::ResponseBuilder();
            request.model = option.model;
            instance.chat(canonical_json(request), call, [&](const llmh_event& e) {
                builder.add(e);
                if (e.type != LLMH_EVENT_MESSAGE_START && e.type != LLMH_EVENT_USAGE) committed = true;
                if (!json && e.type == LLMH_EVENT_TEXT_DELTA) write_out(view(e.text));
                return !g_interrupted.load(std::memory_order_relaxed);
            });
            if (g_interrupted) throw Error(LLMH_ERR_CANCELLED, "interrupted");
        },
        [&] { return committed; });
    if (!result.ok) throw *result.error;
    const auto& served = *result.served_by;

    const auto& response = builder.response();
    if (json) {
        auto doc = chat::to_cli_json(response, served.provider.id, served.model);
        doc["attempts"] = attempts_json(result.attempts);
        print_json(doc);
        return exit_ok;
    }
    for (const auto& call : response.tool_calls)
        std::printf("%stool call %s: %s(%s)\n", g_stdout_midline ? "\n" : "", call.id.c_str(), call.name.c_str(),
                    call.arguments.c_str());
    if (g_stdout_midline) write_out("\n");
    if (response.finish_reason == LLMH_FINISH_LENGTH) app.warn("the reply was cut at the token limit (--max-tokens)");
    if (response.finish_reason == LLMH_FINISH_CONTENT_FILTER)
        app.warn("the provider's content filter stopped the reply");
    return exit_ok;
}

} // namespace llmhost::cli
