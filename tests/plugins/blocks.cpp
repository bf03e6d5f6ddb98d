// Fixture: a provider whose chat blocks and ignores cancellation — it streams a word, then
// sleeps for as many milliseconds as the model name says (FIXTURE_BLOCK_MS when it is not a
// number). With FIXTURE_COOPERATIVE it also declares LLMH_PLUGIN_COOPERATIVE: a broken promise,
// since it blocks its thread.
#include <llmhost/provider.hpp>

#include <charconv>
#include <chrono>
#include <thread>

#ifdef FIXTURE_COOPERATIVE
LLMH_PLUGIN_METADATA(R"json({"name": "cooperative_blocks", "version": "0.0.1",
  "providers": [{"id": "cooperative-blocks", "keyless": true, "capabilities": ["chat", "streaming"]}]})json");
#else
LLMH_PLUGIN_METADATA(R"json({"name": "blocks", "version": "0.0.1",
  "providers": [{"id": "blocks", "keyless": true, "capabilities": ["chat", "streaming"]}]})json");
#endif

namespace {

class BlockingProvider final : public llmhost::Provider {
  public:
    void chat(const llmhost::ChatRequest& request, llmhost::Call&, llmhost::EventSink& sink) override {
        sink.text("partial ");
        long block_ms = FIXTURE_BLOCK_MS;
        const auto [end, ec] =
            std::from_chars(request.model.data(), request.model.data() + request.model.size(), block_ms);
        if (ec != std::errc() || end != request.model.data() + request.model.size()) block_ms = FIXTURE_BLOCK_MS;
        std::this_thread::sleep_for(std::chrono::milliseconds(block_ms));
        sink.text("done");
        sink.finish(LLMH_FINISH_STOP);
    }
};

std::unique_ptr<llmhost::Provider> make_blocking(const llmhost::Host&, const llmhost::ProviderConfig&) {
    return std::make_unique<BlockingProvider>();
}

} // namespace

#ifdef FIXTURE_COOPERATIVE
LLMH_DEFINE_COOPERATIVE_PLUGIN("cooperative_blocks", "0.0.1", &make_blocking)
#else
LLMH_DEFINE_PLUGIN("blocks", "0.0.1", &make_blocking)
#endif
