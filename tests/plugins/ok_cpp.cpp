// Fixture: a working C++ provider built with the SDK's provider.hpp. Serves two ids. chat
// emits message_start, "key=<length of this call's api_key>", the host's OK_CPP_GREETING (when
// set), `events` deltas "tok" (option, default 2), usage and finish. Option "fetch": a URL to
// GET through the host's transport, whose status and body become text deltas. Option "log":
// log one line per level on each chat.
#include <llmhost/provider.hpp>

LLMH_PLUGIN_METADATA(R"json({
  "name": "ok_cpp", "version": "1.2.3", "description": "a working C++ fixture provider",
  "future_key": {"ignored": true},
  "providers": [
    {"id": "ok-cpp", "aliases": ["okc", "ok"], "prefixes": ["okc/", "okc/long/"], "base_url": "http://127.0.0.1:9/v1",
     "key_env": ["OK_CPP_API_KEY", "OK_KEY"], "keyless": false, "default_model": "ok-small",
     "capabilities": ["chat", "streaming", "embeddings", "model_listing"], "description": "echoes its inputs"},
    {"id": "ok-cpp-second", "keyless": true, "capabilities": ["chat"]}
  ]
})json");

namespace {

class OkProvider final : public llmhost::Provider {
  public:
    OkProvider(const llmhost::Host& host, const llmhost::ProviderConfig& config) : host_(host), config_(config) {
        const llmhost::OptionReader options(config.options, {"events", "fetch", "log"});
        events_ = options.integer("events").value_or(2);
        fetch_ = options.string("fetch").value_or("");
        log_ = options.boolean("log").value_or(false);
    }

    void chat(const llmhost::ChatRequest& request, llmhost::Call& call, llmhost::EventSink& sink) override {
        if (log_)
            for (auto level : {LLMH_LOG_DEBUG, LLMH_LOG_INFO, LLMH_LOG_WARN, LLMH_LOG_ERROR})
                host_.log(level, "ok_cpp log " + std::to_string(int(level)));
        sink.message_start("ok-1", request.model.empty() ? config_.default_model : request.model);
        sink.text("key=" + std::to_string(call.api_key().size()));
        if (auto greeting = host_.env("OK_CPP_GREETING")) sink.text(" " + std::string(*greeting));
        if (!fetch_.empty()) {
            llmhost::HttpRequest get;
            get.method = "GET";
            get.url = fetch_;
            const auto response = call.http_buffered(get);
            sink.text(" status=" + std::to_string(response.head.status) + " body=" + response.body);
        }
        for (int64_t i = 0; i < events_; ++i) {
            if (call.cancelled()) throw llmhost::Error(LLMH_ERR_CANCELLED, "the host cancelled the call");
            sink.text("tok");
        }
        sink.usage({5, events_, -1, -1});
        sink.finish(LLMH_FINISH_STOP);
    }

    boost::json::value embed(const llmhost::EmbedRequest& request, llmhost::Call&) override {
        boost::json::array data;
        for (size_t i = 0; i < request.input.size(); ++i)
            data.push_back({{"index", i}, {"embedding", {double(request.input[i].size()), 0.5}}});
        return {{"model", request.model}, {"data", data}};
    }

    boost::json::value list_models(llmhost::Call&) override {
        return {{"models", {{{"id", "ok-small"}}, {{"id", "ok-large"}}}}};
    }

    uint32_t capabilities(std::string_view model) const override {
        return model == "ok-large" ? LLMH_CAP_CHAT | LLMH_CAP_STREAMING | LLMH_CAP_VISION : 0;
    }

  private:
    llmhost::Host host_;
    llmhost::ProviderConfig config_;
    int64_t events_ = 2;
    std::string fetch_;
    bool log_ = false;
};

std::unique_ptr<llmhost::Provider> make_ok_provider(const llmhost::Host& host, const llmhost::ProviderConfig& config) {
    return std::make_unique<OkProvider>(host, config);
}

} // namespace

LLMH_DEFINE_PLUGIN("ok_cpp", "1.2.3", &make_ok_provider)
