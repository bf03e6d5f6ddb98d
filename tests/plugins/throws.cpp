// Fixture: a C++ provider that throws — std::runtime_error from chat, a non-std exception
// (an int) from list_models. The SDK's wrapper must turn both into LLMH_ERR_PLUGIN_INTERNAL,
// named with the provider id. Named once, with LLMH_PLUGIN.
#include <llmhost/provider.hpp>

#include <stdexcept>

LLMH_PLUGIN("throws", "0.0.1", R"json(
  "providers": [{"id": "throws", "keyless": true, "capabilities": ["chat", "model_listing"]}])json");

namespace {

class ThrowingProvider final : public llmhost::Provider {
  public:
    void chat(const llmhost::ChatRequest&, llmhost::Call&, llmhost::EventSink& sink) override {
        sink.text("about to fail");
        throw std::runtime_error("boom in chat");
    }
    boost::json::value list_models(llmhost::Call&) override { throw 42; }
};

std::unique_ptr<llmhost::Provider> make_throwing(const llmhost::Host&, const llmhost::ProviderConfig&) {
    return std::make_unique<ThrowingProvider>();
}

} // namespace

LLMH_PLUGIN_ENTRY(&make_throwing);
