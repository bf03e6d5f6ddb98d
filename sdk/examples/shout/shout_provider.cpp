// An example provider: answers every prompt by shouting it back, one word per event.
// It shows the whole surface a plugin author needs: the plugin's name and metadata (once),
// options, events, errors, an init and the entry point.
#include <llmhost/provider.hpp>

#include <cctype>
#include <string>

// The name and version, written once: the metadata block and the plugin's table both get them.
LLMH_PLUGIN("shout", "1.0.0", R"json(
  "description": "Example plugin: shouts the prompt back",
  "providers": [{
    "id": "shout", "aliases": ["yell"], "keyless": true, "default_model": "shout-1",
    "capabilities": ["chat", "streaming"], "description": "Shouts the last user message"
  }]
)json");

namespace {

class ShoutProvider final : public llmhost::Provider {
  public:
    explicit ShoutProvider(const llmhost::ProviderConfig& config) {
        llmhost::OptionReader options(config.options, {"suffix"});
        suffix_ = options.string("suffix").value_or("!");
    }

    void chat(const llmhost::ChatRequest& request, llmhost::Call&, llmhost::EventSink& sink) override {
        // The SDK puts the provider id in front of an error's message ("shout: ..."), unless
        // the message starts with it already, as this one does.
        if (request.messages.empty()) throw llmhost::Error(LLMH_ERR_BAD_REQUEST, "shout needs a message");
        std::string text = request.messages.back().text();
        for (auto& c : text)
            c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        sink.message_start("shout-1", request.model);
        sink.text(text + suffix_);
        sink.finish(LLMH_FINISH_STOP);
    }

  private:
    std::string suffix_;
};

std::unique_ptr<llmhost::Provider> make_shout(const llmhost::Host&, const llmhost::ProviderConfig& config) {
    return std::make_unique<ShoutProvider>(config);
}

// Optional: runs once, before the first provider is made. Throwing llmhost::Error here makes
// the plugin unusable, with the message shown. Host services newer than the host's ABI minor
// read as absent (Host::offers).
void init_shout(const llmhost::Host& host) {
    host.log(LLMH_LOG_DEBUG, "shout: host speaks plugin ABI 1." + std::to_string(host.abi_minor()));
}

} // namespace

// The entry point, with the name and version LLMH_PLUGIN gave. Shout never waits, so its calls
// may share the gateway's event-loop threads (LLMH_PLUGIN_COOPERATIVE).
LLMH_PLUGIN_ENTRY(&make_shout, .flags = LLMH_PLUGIN_COOPERATIVE, .init = &init_shout);
