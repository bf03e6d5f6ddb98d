// The third-party story: install the SDK and host into a prefix, build the example plugins
// (C++, and C with CMake and with pkg-config alone) against the installed SDK alone (as an
// outsider would), drop them into the installed plugins directory and run them with the
// installed host.
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
    for (const char* installed :
         {"bin/llmhost", "include/llmhost/provider_abi.h", "include/llmhost/provider.hpp",
          "lib/llmhost/plugins/llmhost-mock.so", "lib/llmhost/plugins/llmhost-openai.so",
          "lib/cmake/llmhost-sdk/llmhost-sdk-config.cmake", "lib/pkgconfig/llmhost-sdk.pc",
          "share/doc/llmhost-sdk/README.md", "share/doc/llmhost-sdk/schema/canonical-request.schema.json",
          "share/doc/llmhost-sdk/schema/examples/minimal.json"})
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

    // The C example: a `LANGUAGES C` project (no C++ compiler asked for, no Boost looked up).
    const std::string c_build = prefix.file("c-example-build");
    const auto c_configure =
        sh("cmake -S '" + std::string(LLMHOST_TEST_SOURCE_DIR) + "/sdk/examples/whisper_c' -B '" + c_build +
           "' -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_PREFIX_PATH='" + prefix.path() + "' 2>&1");
    BOOST_TEST_REQUIRE(c_configure.exit_code == 0, c_configure.out);
    BOOST_TEST(c_configure.out.find("Boost") == std::string::npos, c_configure.out);
    const auto c_compile = sh("cmake --build '" + c_build + "' 2>&1");
    BOOST_TEST_REQUIRE(c_compile.exit_code == 0, c_compile.out);
    std::filesystem::copy_file(c_build + "/llmhost-whisper.so", prefix.file("lib/llmhost/plugins/llmhost-whisper.so"));
    const auto whispered = run_process({host, "-p", "hush", "chat", "Hello LOUD World"}, {});
    BOOST_TEST(whispered.exit_code == 0, whispered.err);
    BOOST_TEST(whispered.out == "hello loud world\n");
    const auto checked =
        run_process({host, "plugins", "check", prefix.file("lib/llmhost/plugins/llmhost-whisper.so")}, {});
    BOOST_TEST(checked.exit_code == 0, checked.out);
    BOOST_TEST(checked.out.find("warning") == std::string::npos, checked.out); // only the entry point exported
    // The conformance kit passes it whole (it answers without HTTP, so there is nothing to replay).
    const auto kit = run_process({host, "plugins", "test", prefix.file("lib/llmhost/plugins/llmhost-whisper.so")}, {});
    BOOST_TEST(kit.exit_code == 0, kit.out);
    BOOST_TEST(kit.out.find(", 0 failed") != std::string::npos, kit.out);

    // Without CMake: the compiler flags and the version script from llmhost-abi.pc alone.
    const std::string source = std::string(LLMHOST_TEST_SOURCE_DIR) + "/sdk/examples/whisper_c/";
    const std::string by_hand = prefix.file("whisper-by-hand.so");
    const auto cc =
        sh("PKG_CONFIG_PATH='" + prefix.file("lib/pkgconfig") + "' && export PKG_CONFIG_PATH && cc -std=c99 -fPIC " +
           "-Werror -Wall '" + source + "whisper.c' '" + source +
           "request_text.c' $(pkg-config --cflags --libs llmhost-abi) -o '" + by_hand + "' 2>&1");
    BOOST_TEST_REQUIRE(cc.exit_code == 0, cc.out);
    const auto by_hand_check = run_process({host, "plugins", "check", by_hand}, {});
    BOOST_TEST(by_hand_check.out.find("ok ") == 0, by_hand_check.out);
    BOOST_TEST(by_hand_check.out.find("warning") == std::string::npos, by_hand_check.out);
    const auto abi_libs = sh("PKG_CONFIG_PATH='" + prefix.file("lib/pkgconfig") + "' pkg-config --libs llmhost-abi");
    BOOST_TEST(abi_libs.out.find("boost") == std::string::npos, abi_libs.out); // C plugins need no Boost
}
