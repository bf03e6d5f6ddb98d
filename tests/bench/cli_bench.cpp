// Wall time and peak RSS of the built binary for the targets:
//   `llmhost plugins` with 20 plugin files present (< 10 ms),
//   `llmhost -p mock chat hi` end to end (< 20 ms), host RSS (< 10 MiB).
// Prints figures; not a test. Run from a Release build.
#include "support/test_env.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

extern char** environ;

namespace {

struct Run {
    double ms;
    long max_rss_kib;
};

Run run_once(const std::vector<std::string>& args) {
    std::vector<std::string> argv{LLMHOST_TEST_HOST_BINARY};
    argv.insert(argv.end(), args.begin(), args.end());
    std::vector<char*> cargs;
    for (auto& a : argv)
        cargs.push_back(a.data());
    cargs.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
    const auto start = std::chrono::steady_clock::now();
    pid_t pid;
    if (posix_spawn(&pid, cargs[0], &actions, nullptr, cargs.data(), environ) != 0) {
        std::perror("posix_spawn");
        std::exit(1);
    }
    int status = 0;
    rusage usage{};
    wait4(pid, &status, 0, &usage);
    const auto end = std::chrono::steady_clock::now();
    posix_spawn_file_actions_destroy(&actions);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        std::fprintf(stderr, "command failed: %s\n", args.back().c_str());
        std::exit(1);
    }
    return {std::chrono::duration<double, std::milli>(end - start).count(), usage.ru_maxrss};
}

void report(const char* name, const std::vector<std::string>& args, int runs) {
    std::vector<double> times;
    long rss = 0;
    run_once(args); // warm the page cache
    for (int i = 0; i < runs; ++i) {
        const Run r = run_once(args);
        times.push_back(r.ms);
        rss = std::max(rss, r.max_rss_kib);
    }
    std::sort(times.begin(), times.end());
    std::printf("%-40s median %7.2f ms   p90 %7.2f ms   peak RSS %6.2f MiB\n", name, times[times.size() / 2],
                times[times.size() * 9 / 10], rss / 1024.0);
}

} // namespace

int main() {
    llmhost::testing::TempDir dir;
    const std::string plugin = std::string(LLMHOST_TEST_PLUGIN_DIR) + "/llmhost-mock.so";
    for (int i = 0; i < 20; ++i)
        std::filesystem::copy_file(plugin, dir.file("llmhost-copy" + std::to_string(i) + ".so"));
    const int runs = 50;
    report("llmhost plugins (20 extra plugin files)", {"--plugin-dir", dir.path(), "plugins"}, runs);
    report("llmhost plugins --json (20 extra files)", {"--plugin-dir", dir.path(), "plugins", "--json"}, runs);
    report("llmhost -p mock chat hi", {"-p", "mock", "chat", "hi"}, runs);
    report("llmhost version", {"version"}, runs);
    return 0;
}
