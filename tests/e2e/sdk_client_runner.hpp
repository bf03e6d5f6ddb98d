// Runs the scripts in tests/sdk_clients with node as a child process, for
// gateway_client_sdks_test.cpp. CMake passes where node and the scripts are
// (LLMHOST_TEST_NODE, empty when node was not found; LLMHOST_TEST_SDK_CLIENTS_DIR).
#pragma once

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace gateway_e2e {

// CTest's SKIP_RETURN_CODE for this test (set in tests/CMakeLists.txt).
constexpr int sdk_clients_skip_code = 77;

struct SdkRun {
    int exit_code = -1; // 128+signal when killed
    std::string out;
    std::string err;

    std::vector<std::string> lines() const {
        std::vector<std::string> result;
        std::istringstream in(out);
        for (std::string line; std::getline(in, line);)
            result.push_back(line);
        return result;
    }
};

// What is missing to run the SDK scripts, or "" when nothing is.
inline std::string missing_sdk_client_dependencies() {
    namespace fs = std::filesystem;
    const std::string node = LLMHOST_TEST_NODE;
    if (node.empty()) return "node was not found when CMake configured this build";
    if (access(node.c_str(), X_OK) != 0) return node + " (found by CMake) is not there any more";
    const fs::path modules = fs::path(LLMHOST_TEST_SDK_CLIENTS_DIR) / "node_modules";
    for (const char* package : {"openai", "@anthropic-ai/sdk"})
        if (!fs::exists(modules / package / "package.json"))
            return "the npm package " + std::string(package) + " is not installed in " + modules.string();
    return {};
}

// `node <LLMHOST_TEST_SDK_CLIENTS_DIR>/<script> <args...>` with only PATH, HOME and `env`
// in its environment (so no stray OPENAI_*/ANTHROPIC_* variable changes what the SDKs do);
// killed after `timeout`.
inline SdkRun run_sdk_client(const std::string& script, const std::vector<std::string>& args,
                             const std::vector<std::string>& env,
                             std::chrono::milliseconds timeout = std::chrono::seconds(60)) {
    std::vector<std::string> argv_strings{LLMHOST_TEST_NODE, std::string(LLMHOST_TEST_SDK_CLIENTS_DIR) + "/" + script};
    argv_strings.insert(argv_strings.end(), args.begin(), args.end());
    std::vector<std::string> env_strings;
    for (const char* keep : {"PATH", "HOME"})
        if (const char* v = std::getenv(keep)) env_strings.push_back(std::string(keep) + "=" + v);
    env_strings.insert(env_strings.end(), env.begin(), env.end());
    std::vector<char*> argv, envp;
    for (auto& a : argv_strings)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    for (auto& e : env_strings)
        envp.push_back(e.data());
    envp.push_back(nullptr);

    int out[2], err[2];
    if (pipe2(out, O_CLOEXEC) || pipe2(err, O_CLOEXEC)) throw std::runtime_error("pipe failed");
    const int devnull = open("/dev/null", O_RDONLY | O_CLOEXEC);
    const pid_t pid = fork();
    if (pid == 0) { // only async-signal-safe calls before execve
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        dup2(devnull, 0);
        dup2(out[1], 1);
        dup2(err[1], 2);
        execve(argv[0], argv.data(), envp.data());
        _exit(127);
    }
    close(devnull);
    close(out[1]);
    close(err[1]);
    if (pid < 0) throw std::runtime_error("cannot start node");

    SdkRun run;
    pollfd fds[2] = {{out[0], POLLIN, 0}, {err[0], POLLIN, 0}};
    std::string* sinks[2] = {&run.out, &run.err};
    const auto until = std::chrono::steady_clock::now() + timeout;
    int open_pipes = 2;
    while (open_pipes > 0) {
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(until - std::chrono::steady_clock::now());
        if (left.count() <= 0) {
            kill(pid, SIGKILL);
            run.err += "\n(killed after " + std::to_string(timeout.count()) + " ms)";
            break;
        }
        if (poll(fds, 2, static_cast<int>(left.count())) <= 0) continue;
        for (int i = 0; i < 2; ++i) {
            if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP))) continue;
            char buf[4096];
            const ssize_t n = read(fds[i].fd, buf, sizeof buf);
            if (n > 0) {
                sinks[i]->append(buf, static_cast<size_t>(n));
            } else {
                close(fds[i].fd);
                fds[i].fd = -1;
                --open_pipes;
            }
        }
    }
    for (const auto& f : fds)
        if (f.fd >= 0) close(f.fd);
    int status = 0;
    waitpid(pid, &status, 0);
    run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return run;
}

} // namespace gateway_e2e
