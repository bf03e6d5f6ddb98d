// An example provider: answers every prompt by shouting it back, one word per event.
// It shows the whole surface a plugin author needs: metadata, options, events, errors.
#include <llmhost/provider.hpp>

#include <cctype>

LLMH_PLUGIN_METADATA(R"json({
  "name": "shout",
  "version": "1.0.0",
  "description": "Example plugin: shouts the prompt back",
  "providers": [{
    "id": "shout", "aliases": ["yell"], "keyless": true, "default_model": "shout-1",
    "capabilities": ["chat", "streaming"], "description": "Shouts the last user message"
  }]
})json");

namespace {

class ShoutProvider final : public llmhost::Provider {
  public:
    explicit ShoutProvider(const llmhost::ProviderConfig& config) {
        llmhost::OptionReader options(config.options, {"suffix"});
        suffix_ = options.string("suffix").value_or("!");
    }

    void chat(const llmhost::ChatRequest& request, llmhost::Call&, llmhost::EventSink& sink) override {
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

} // namespace

LLMH_DEFINE_PLUGIN("shout", "1.0.0", &make_shout)
