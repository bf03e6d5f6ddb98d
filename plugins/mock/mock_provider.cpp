#include "mock_provider.hpp"

#include "mock_text.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <thread>
#include <utility>
#include <vector>

namespace llmhost::mock_plugin {

MockProvider::MockProvider(ProviderConfig config, MockOptions options)
    : config_(std::move(config)), options_(std::move(options)) {}

void MockProvider::chat(const ChatRequest& request, Call& call, EventSink& sink) {
    fail_if_configured();
    issued_.check(request, config_.id);
    const MockReply reply = next_reply(request);
    const uint64_t turn = turns_.fetch_add(1) + 1;
    wait(options_.latency, call);
    if (reply.error) throw failure(*reply.error);
    const std::string call_id = "call_mock_" + std::to_string(turn);

    sink.message_start("mock-" + std::to_string(turn), reply.model.empty() ? model_for(request.model) : reply.model);
    bool first_delta = true;
    auto pace = [&] { // chunk_delay_ms goes between deltas, not before the first
        if (!first_delta) wait(options_.chunk_delay, call);
        first_delta = false;
    };
    for (auto word : words_with_trailing_space(reply.reasoning)) {
        pace();
        sink.reasoning(word);
    }
    if (reply.reasoning_state) issue_state(reply, call_id, sink);
    for (auto word : words_with_trailing_space(reply.text)) {
        pace();
        sink.text(word);
    }
    if (reply.tool_call) {
        pace();
        sink.tool_call_start(0, call_id, reply.tool_call->name);
        sink.tool_call_delta(0, reply.tool_call->arguments);
    }
    const CacheUse cache = cache_.use(request);
    Usage usage;
    usage.input_tokens = input_words(request);
    usage.output_tokens = count_words(reply.reasoning) + count_words(reply.text) +
                          (reply.tool_call ? count_words(reply.tool_call->arguments) : 0);
    usage.cached_input_tokens = cache.read;
    usage.cache_write_tokens = cache.write;
    sink.usage(usage);
    sink.finish(reply.tool_call ? LLMH_FINISH_TOOL_CALLS : LLMH_FINISH_STOP);
}

boost::json::value MockProvider::embed(const EmbedRequest& request, Call& /*call*/) {
    fail_if_configured();
    boost::json::array data;
    int64_t words = 0;
    for (size_t i = 0; i < request.input.size(); ++i) {
        data.push_back({{"index", i}, {"embedding", mock_embedding(request.input[i])}});
        words += count_words(request.input[i]);
    }
    return {{"model", model_for(request.model)}, {"data", std::move(data)}, {"usage", {{"input_tokens", words}}}};
}

int64_t MockProvider::count_tokens(const ChatRequest& request, Call& call) {
    if (!options_.token_counter) return Provider::count_tokens(request, call);
    fail_if_configured();
    return input_words(request);
}

boost::json::value MockProvider::list_models(Call& /*call*/) {
    fail_if_configured();
    std::vector<std::string> ids{std::string(echo_model)};
    auto add = [&](const std::string& id) {
        if (!id.empty() && std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
    };
    add(config_.default_model);
    for (const auto& reply : options_.replies)
        add(reply.model);
    boost::json::array models;
    for (const auto& id : ids)
        models.push_back({{"id", id}, {"owned_by", "llmhost-mock"}});
    return {{"models", std::move(models)}};
}

MockReply MockProvider::next_reply(const ChatRequest& request) {
    if (!options_.replies.empty()) return options_.replies[replies_used_.fetch_add(1) % options_.replies.size()];
    MockReply reply;
    if (options_.tool_call && !request.tools.empty() && request.tool_choice != "none")
        reply.tool_call = options_.tool_call;
    else
        reply.text = last_user_text(request);
    return reply;
}

std::string MockProvider::last_user_text(const ChatRequest& request) {
    for (auto it = request.messages.rbegin(); it != request.messages.rend(); ++it)
        if (it->role == Role::user) return it->text();
    return {};
}

int64_t MockProvider::input_words(const ChatRequest& request) {
    int64_t words = 0;
    for (const auto& m : request.messages)
        for (const auto& p : m.content)
            if (p.kind == ContentPart::Kind::text) words += count_words(p.text);
    return words;
}

void MockProvider::issue_state(const MockReply& reply, const std::string& call_id, EventSink& sink) {
    const ReasoningState state{
        std::string(mock_origin), reply.reasoning_state->signature, reply.reasoning_state->data, {}};
    sink.reasoning_state(-1, state);
    if (reply.tool_call)
        issued_.issue(call_turn_key(call_id), state);
    else if (!reply.text.empty())
        issued_.issue(text_turn_key(reply.text), state);
}

std::string MockProvider::model_for(const std::string& requested) const {
    if (!requested.empty()) return requested;
    return config_.default_model.empty() ? std::string(echo_model) : config_.default_model;
}

Error MockProvider::failure(const MockFailure& f) const {
    const std::string what =
        f.message.empty() ? "simulated " + std::string(error_class_name(f.error_class)) + " error" : f.message;
    return Error(f.error_class, config_.id + ": " + what, typical_http_status(f.error_class), f.retry_after_ms);
}

void MockProvider::fail_if_configured() const {
    if (options_.failure) throw failure(*options_.failure);
}

void MockProvider::wait(std::chrono::milliseconds delay, const Call& call) const {
    const auto deadline = std::chrono::steady_clock::now() + delay;
    for (;;) {
        if (call.cancelled()) throw Error(LLMH_ERR_CANCELLED, config_.id + ": cancelled by the host");
        const auto now = std::chrono::steady_clock::now();
        if (now >= deadline) return;
        std::this_thread::sleep_for(
            std::min<std::chrono::steady_clock::duration>(deadline - now, std::chrono::milliseconds(5)));
    }
}

std::unique_ptr<Provider> make_provider(const Host& /*host*/, const ProviderConfig& config) {
    return std::make_unique<MockProvider>(config, read_mock_options(config));
}

} // namespace llmhost::mock_plugin
