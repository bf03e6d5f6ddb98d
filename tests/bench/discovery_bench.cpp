// How long discovery takes for a plugins directory of 20 real plugins (target: the whole
// `llmhost plugins` listing under 10 ms). Prints figures; not a test.
//   discovery_bench [plugin.so] [copies] [runs]
// Default plugin: the bundled openai plugin, else the ok_cpp fixture.
#include "core/plugins/discovery.hpp"

#include "support/test_env.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

std::string default_plugin() {
    const std::string bundled = std::string(LLMHOST_TEST_PLUGIN_DIR) + "/llmhost-openai.so";
    if (std::filesystem::exists(bundled)) return bundled;
    return std::string(LLMHOST_TEST_FIXTURE_DIR) + "/ok_cpp.so";
}

} // namespace

int main(int argc, char** argv) {
    const std::string source = argc > 1 ? argv[1] : default_plugin();
    const int copies = argc > 2 ? std::stoi(argv[2]) : 20;
    const int runs = argc > 3 ? std::stoi(argv[3]) : 200;
    if (!std::filesystem::exists(source)) {
        std::fprintf(stderr, "discovery_bench: %s not found (build llmhost_test_plugins first)\n", source.c_str());
        return 1;
    }

    llmhost::testing::TempDir dir;
    for (int i = 0; i < copies; ++i) {
        char name[32];
        std::snprintf(name, sizeof name, "plugin-%02d.so", i);
        std::filesystem::copy_file(source, dir.file(name));
    }

    // The first run also reads /etc/ld.so.conf and the sonames of loaded libraries, which
    // later runs in the same process reuse.
    auto start = Clock::now();
    const auto first = llmhost::plugins::discover_plugins({dir.path()});
    const double first_ms = ms_since(start);
    size_t ok = 0;
    for (const auto& f : first)
        ok += f.status == llmhost::plugins::PluginStatus::ok;

    std::vector<double> times;
    times.reserve(runs);
    for (int i = 0; i < runs; ++i) {
        start = Clock::now();
        const llmhost::plugins::PluginCatalog catalog(llmhost::plugins::discover_plugins({dir.path()}));
        times.push_back(ms_since(start));
    }
    std::sort(times.begin(), times.end());
    const double median = times[times.size() / 2];

    std::printf("plugin:   %s (%ju bytes)\n", source.c_str(), std::uintmax_t(std::filesystem::file_size(source)));
    std::printf("files:    %d copies, %zu ok\n", copies, ok);
    std::printf("first:    %.3f ms (cold process caches)\n", first_ms);
    std::printf("discover + catalog over %d runs: median %.3f ms, min %.3f ms, p90 %.3f ms, max %.3f ms\n", runs,
                median, times.front(), times[times.size() * 9 / 10], times.back());
    std::printf("per file: %.1f us (median)\n", median * 1000.0 / copies);
    return 0;
}
