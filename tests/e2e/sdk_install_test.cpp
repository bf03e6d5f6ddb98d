// The third-party story: install the SDK and host into a prefix, build the example plugin
// against the installed SDK alone (as an outsider would), drop it into the installed plugins
// directory and run it with the installed host.
#include "support/test_env.hpp"

#include <boost/test/unit_test.hpp>

#include <filesystem>

using namespace llmhost::testing;

namespace {
ProcessResult sh(const std::string& command) { return run_process({"/bin/sh", "-c", command}, {}); }
} // namespace

BOOST_AUTO_TEST_CASE(example_plugin_builds_against_the_installed_sdk_and_runs) {
    TempDir prefix;
    const std::string build = LLMHOST_TEST_BUILD_DIR;
    const auto install = sh("cmake --install '" + build + "' --prefix '" + prefix.path() + "' 2>&1");
    BOOST_TEST_REQUIRE(install.exit_code == 0, install.out);
    for (const char* installed : {"bin/llmhost", "include/llmhost/provider_abi.h", "include/llmhost/provider.hpp",
                                  "lib/llmhost/plugins/llmhost-mock.so", "lib/llmhost/plugins/llmhost-openai.so",
                                  "lib/cmake/llmhost-sdk/llmhost-sdk-config.cmake", "lib/pkgconfig/llmhost-sdk.pc"})
        BOOST_TEST(std::filesystem::exists(prefix.file(installed)), installed);

    // Only the installed prefix is visible to the example's build: not our source tree.
    const std::string example_build = prefix.file("example-build");
    const auto configure =
        sh("cmake -S '" + std::string(LLMHOST_TEST_SOURCE_DIR) + "/sdk/examples/shout' -B '" + example_build +
           "' -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_PREFIX_PATH='" + prefix.path() + "' 2>&1");
    BOOST_TEST_REQUIRE(configure.exit_code == 0, configure.out);
    const auto compile = sh("cmake --build '" + example_build + "' 2>&1");
    BOOST_TEST_REQUIRE(compile.exit_code == 0, compile.out);
    std::filesystem::copy_file(example_build + "/llmhost-shout.so",
                               prefix.file("lib/llmhost/plugins/llmhost-shout.so"));

    const std::string host = prefix.file("bin/llmhost");
    const auto listed = run_process({host, "plugins"}, {});
    BOOST_TEST(listed.out.find("shout") != std::string::npos, listed.out);
    const auto reply = run_process({host, "-p", "yell", "chat", "hello", "world"}, {});
    BOOST_TEST(reply.exit_code == 0, reply.err);
    BOOST_TEST(reply.out == "HELLO WORLD!\n");

    const auto pc = sh("PKG_CONFIG_PATH='" + prefix.file("lib/pkgconfig") + "' pkg-config --cflags llmhost-sdk");
    BOOST_TEST(pc.exit_code == 0);
    BOOST_TEST(pc.out.find("/include") != std::string::npos, pc.out);
}
