// The offline, deterministic provider that users test their applications against. By
// default it echoes the last user message, word by word; options script replies, tool calls,
// reasoning state, delays and failures (mock_options.hpp). It demands its reasoning state back
// (mock_state.hpp) and reports prompt-cache use for cache marks (mock_cache.hpp), as real APIs
// do. No network I/O ever happens.
#pragma once

#include "mock_cache.hpp"
#include "mock_options.hpp"
#include "mock_replies.hpp"
#include "mock_state.hpp"

#include <llmhost/chat.hpp>
#include <llmhost/provider.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace llmhost::mock_plugin {

inline constexpr std::string_view echo_model = "mock-echo";

class MockProvider final : public Provider {
  public:
    MockProvider(ProviderConfig config, MockOptions options);

    void chat(const ChatRequest& request, Call& call, EventSink& sink) override;

    boost::json::value embed(const EmbedRequest& request, Call& call) override;

    // The mock's own count (mock_options.hpp, token_counter): its API, so the one its usage
    // reports too.
    int64_t count_tokens(const ChatRequest& request, Call& call) override;

    boost::json::value list_models(Call& call) override;

  private:
    // Scripted replies in order (cycling; shared by all threads of this instance), else the
    // configured tool call when the request offers tools, else the echo.
    MockReply next_reply(const ChatRequest& request);

    static std::string last_user_text(const ChatRequest& request);

    // The mock's tokens: words of the messages' text parts (as mock_cache.hpp counts them).
    static int64_t input_words(const ChatRequest& request);

    // Ends the reasoning with the scripted state and remembers which turn it belongs to: the
    // reply's tool call, else its text.
    void issue_state(const MockReply& reply, const std::string& call_id, EventSink& sink);

    std::string model_for(const std::string& requested) const;

    Error failure(const MockFailure& f) const;

    void fail_if_configured() const;

    // Sleeps in short slices so that a cancelled call stops within a few milliseconds.
    void wait(std::chrono::milliseconds delay, const Call& call) const;

    ProviderConfig config_;
    MockOptions options_;
    std::atomic<uint64_t> replies_used_{0};
    std::atomic<uint64_t> turns_{0};
    IssuedStates issued_;
    MockPromptCache cache_;
};

std::unique_ptr<Provider> make_provider(const Host& host, const ProviderConfig& config);

} // namespace llmhost::mock_plugin
