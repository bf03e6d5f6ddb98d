// Cost per canonical event pushed across the plugin ABI: from a plugin's EventSink (the SDK's
// C++ wrapper in the ok_cpp fixture) through llmh_event_sink to ProviderInstance's on_event.
// A second figure isolates the host side with an in-process C table. Prints figures; not a
// test. Meaningful in a Release build.   abi_event_bench [events]
#include "core/plugins/plugin_loader.hpp"

#include <llmhost/error.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;
using namespace llmhost::plugins;

double best_ns_per_event(ProviderInstance& provider, int64_t events_per_call, int rounds) {
    std::vector<double> per_event;
    for (int r = 0; r < rounds; ++r) {
        int64_t seen = 0;
        const auto start = Clock::now();
        provider.chat(R"({"model":"m","messages":[]})", {}, [&](const llmh_event& e) {
            seen += e.type == LLMH_EVENT_TEXT_DELTA;
            return true;
        });
        const double ns = std::chrono::duration<double, std::nano>(Clock::now() - start).count();
        per_event.push_back(ns / double(std::max<int64_t>(seen, 1)));
        if (seen < events_per_call) std::fprintf(stderr, "abi_event_bench: only %lld events\n", (long long)seen);
    }
    std::sort(per_event.begin(), per_event.end());
    return per_event[per_event.size() / 2];
}

// A host-side-only plugin: chat pushes `events` text deltas straight from C.
int64_t g_events = 0;
int32_t raw_chat(llmh_provider*, const llmh_call_context*, llmh_str, const llmh_event_sink* sink, llmh_error*) {
    llmh_event e{};
    e.struct_size = sizeof e;
    e.type = LLMH_EVENT_TEXT_DELTA;
    e.text = llmhost::to_str("tok");
    for (int64_t i = 0; i < g_events; ++i)
        if (!sink->on_event(sink->user, &e)) return LLMH_ERR_CANCELLED;
    return LLMH_OK;
}

} // namespace

int main(int argc, char** argv) {
    const int64_t events = argc > 1 ? std::stoll(argv[1]) : 2'000'000;
    const std::string path = std::string(LLMHOST_TEST_FIXTURE_DIR) + "/ok_cpp.so";
    if (!std::filesystem::exists(path)) {
        std::fprintf(stderr, "abi_event_bench: %s not found (build llmhost_test_plugins first)\n", path.c_str());
        return 1;
    }
    llmhost::transport::HttpClient http;
    HostServices services(http);
    const LoadedPlugin& plugin = load_plugin(inspect_plugin_file(path), services);
    auto provider = plugin.create("ok-cpp", R"({"options":{"events":)" + std::to_string(events) + "}}");
    const double through_sdk = best_ns_per_event(*provider, events, 5);

    g_events = events;
    llmh_plugin raw{};
    raw.struct_size = sizeof raw;
    raw.name = llmhost::to_str("raw");
    raw.chat = &raw_chat;
    ProviderInstance host_only(raw, nullptr);
    const double host_side = best_ns_per_event(host_only, events, 5);

#ifdef NDEBUG
    const char* build = "release";
#else
    const char* build = "debug (figures are not representative)";
#endif
    std::printf("build: %s; %lld events per call, median of 5 calls\n", build, (long long)events);
    std::printf("ok_cpp plugin (SDK EventSink -> C ABI -> ProviderInstance -> std::function): %.1f ns/event\n",
                through_sdk);
    std::printf("in-process C table (C ABI -> ProviderInstance -> std::function):            %.1f ns/event\n",
                host_side);
    return 0;
}
