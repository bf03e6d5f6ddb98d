// Runs the scripts in tests/sdk_clients with node as a child process, for
// gateway_client_sdks_test.cpp. CMake passes where node and the scripts are
// (LLMHOST_TEST_NODE, empty when node was not found; LLMHOST_TEST_SDK_CLIENTS_DIR).
#pragma once

#include "child_process.hpp"

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

namespace gateway_e2e {

// CTest's SKIP_RETURN_CODE for this test (set in tests/CMakeLists.txt).
constexpr int sdk_clients_skip_code = 77;

using SdkRun = ProgramRun;

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
    std::vector<std::string> argv{LLMHOST_TEST_NODE, std::string(LLMHOST_TEST_SDK_CLIENTS_DIR) + "/" + script};
    argv.insert(argv.end(), args.begin(), args.end());
    std::vector<std::string> env_strings;
    for (const char* keep : {"PATH", "HOME"})
        if (const char* v = std::getenv(keep)) env_strings.push_back(std::string(keep) + "=" + v);
    env_strings.insert(env_strings.end(), env.begin(), env.end());
    return run_program(std::move(argv), std::move(env_strings), {}, timeout);
}

} // namespace gateway_e2e
