// What running a plugin in a child process (isolation = "process") costs against running it
// in process: per call (a one-event chat), per stream event (a chat of many events, no HTTP)
// and for a streamed OpenAI chat over the host's transport, its frames arriving together and
// apart (each HTTP body chunk crosses to the child and is acknowledged). Prints figures; not a
// test. Meaningful in a Release build.   isolation_bench [calls] [events]
#include "core/plugins/isolation/plugin_child.hpp"
#include "core/plugins/plugin_loader.hpp"
#include "support/mock_upstream.hpp"

#include <llmhost/error.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;
using namespace llmhost::plugins;

// The median over `rounds` of the time per unit of `run` (which returns its units).
template <class Run> double median_ns(int rounds, Run run) {
    std::vector<double> per_unit;
    for (int r = 0; r < rounds; ++r) {
        const auto start = Clock::now();
        const double units = run();
        per_unit.push_back(std::chrono::duration<double, std::nano>(Clock::now() - start).count() / units);
    }
    std::sort(per_unit.begin(), per_unit.end());
    return per_unit[per_unit.size() / 2];
}

double chat_events(ProviderInstance& provider, const std::string& request, const CallOptions& options = {}) {
    int64_t seen = 0;
    provider.chat(request, options, [&](const llmh_event&) { return ++seen, true; });
    return double(seen);
}

std::string openai_stream_frame(int i) {
    return "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"model\":\"m\",\"choices\":[{\"index\":0,"
           "\"delta\":{\"content\":\"w" +
           std::to_string(i) + " \"},\"finish_reason\":null}]}\n\n";
}

struct Figures {
    double call_ns, event_ns, together_ns, apart_ns;
};

Figures measure(const LoadedPlugin& ok_cpp, const LoadedPlugin& openai, const std::string& upstream, int calls,
                int events) {
    Figures f{};
    auto one_event = ok_cpp.create("ok-cpp", R"({"options":{"events":1}})");
    const std::string request = R"({"model":"m","messages":[]})";
    chat_events(*one_event, request); // warm: threads, channels
    f.call_ns = median_ns(5, [&] {
        for (int i = 0; i < calls; ++i)
            chat_events(*one_event, request);
        return double(calls);
    });
    auto many = ok_cpp.create("ok-cpp", R"({"options":{"events":)" + std::to_string(events) + "}}");
    f.event_ns = median_ns(5, [&] { return chat_events(*many, request); });

    auto provider = openai.create("openai", R"({"id":"openai","base_url":")" + upstream + R"(/v1","options":{}})");
    const std::string streamed =
        R"({"model":"together","stream":true,"messages":[{"role":"user","content":[{"type":"text","text":"hi"}]}]})";
    CallOptions options;
    options.api_key = "sk-bench";
    chat_events(*provider, streamed, options);
    const int stream_calls = std::max(1, calls / 10);
    f.together_ns = median_ns(5, [&] {
        for (int i = 0; i < stream_calls; ++i)
            chat_events(*provider, streamed, options);
        return double(stream_calls);
    });
    std::string apart = streamed;
    apart.replace(apart.find("together"), 8, "apart");
    f.apart_ns = median_ns(5, [&] {
        for (int i = 0; i < stream_calls; ++i)
            chat_events(*provider, apart, options);
        return double(stream_calls);
    });
    return f;
}

} // namespace

int main(int argc, char** argv) {
    // The isolated plugins' child processes are this program too.
    if (argc > 1 && std::string_view(argv[1]) == isolation::kPluginChildCommand)
        return isolation::run_plugin_child(argc, argv);
    const int calls = argc > 1 ? std::stoi(argv[1]) : 2000;
    const int events = argc > 2 ? std::stoi(argv[2]) : 200000;
    const std::string ok_path = std::string(LLMHOST_TEST_FIXTURE_DIR) + "/ok_cpp.so";
    const std::string openai_path = std::string(LLMHOST_TEST_PLUGIN_DIR) + "/llmhost-openai.so";
    if (!std::filesystem::exists(ok_path) || !std::filesystem::exists(openai_path)) {
        std::fprintf(stderr, "isolation_bench: build llmhost_test_plugins and the plugins first\n");
        return 1;
    }
    // 40 stream frames: in one body chunk ("together") or one chunk each ("apart").
    llmhost::testing::MockUpstream upstream([](const llmhost::testing::RecordedRequest& r) {
        std::vector<std::string> frames;
        for (int i = 0; i < 40; ++i)
            frames.push_back(openai_stream_frame(i));
        frames.push_back("data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"model\":\"m\",\"choices\":[{"
                         "\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n");
        if (r.body.find("together") == std::string::npos) return llmhost::testing::ScriptedResponse::sse(frames);
        std::string all;
        for (const auto& f : frames)
            all += f;
        return llmhost::testing::ScriptedResponse::sse({all});
    });

    llmhost::transport::HttpClient http;
    HostServices services(http);
    const PluginFile ok_file = inspect_plugin_file(ok_path), openai_file = inspect_plugin_file(openai_path);
    const Figures in =
        measure(load_plugin(ok_file, services), load_plugin(openai_file, services), upstream.base_url(), calls, events);
    const Figures out = measure(load_isolated_plugin(ok_file, services), load_isolated_plugin(openai_file, services),
                                upstream.base_url(), calls, events);

#ifdef NDEBUG
    const char* build = "release";
#else
    const char* build = "debug (figures are not representative)";
#endif
    std::printf("build: %s; medians of 5 rounds\n", build);
    std::printf("%-58s %12s %12s %12s\n", "", "in process", "isolated", "added");
    const auto row = [](const char* what, double a, double b, double scale, const char* unit) {
        std::printf("%-58s %10.2f %s %10.2f %s %10.2f %s\n", what, a / scale, unit, b / scale, unit, (b - a) / scale,
                    unit);
    };
    row("one-event chat (ok_cpp), per call", in.call_ns, out.call_ns, 1000, "us");
    row(("chat of " + std::to_string(events) + " events (ok_cpp), per event").c_str(), in.event_ns, out.event_ns, 1,
        "ns");
    row("openai stream, 40 frames in one body chunk, per call", in.together_ns, out.together_ns, 1000, "us");
    row("openai stream, 40 frames in 41 body chunks, per call", in.apart_ns, out.apart_ns, 1000, "us");
    std::printf("(added per body chunk apart: %.2f us)\n", (out.apart_ns - in.apart_ns) / 41 / 1000);
    return 0;
}
