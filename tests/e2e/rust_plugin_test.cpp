// "Any language with a C FFI", shown: sdk/examples/shout_rs, a provider plugin in Rust with std
// and the C ABI alone (no crates), built with `cargo build --offline --release` into a temporary
// directory and run with the built host: `plugins check` (one exported symbol, one name),
// the conformance kit (`plugins test`) and chats through the command line. Without cargo (on
// PATH or in ~/.cargo/bin) the test exits 77: skipped.
#include "support/test_env.hpp"

#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include <unistd.h>

using namespace llmhost::testing;

namespace {

bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

// cargo on PATH, else ~/.cargo/bin/cargo (rustup's place), else "".
std::string find_cargo() {
    const char* path = std::getenv("PATH");
    std::string dirs = path ? path : "";
    for (size_t at = 0; at <= dirs.size();) {
        const size_t end = std::min(dirs.find(':', at), dirs.size());
        const std::filesystem::path candidate = std::filesystem::path(dirs.substr(at, end - at)) / "cargo";
        if (end > at && ::access(candidate.c_str(), X_OK) == 0) return candidate.string();
        at = end + 1;
    }
    if (const char* home = std::getenv("HOME")) {
        const std::string cargo = std::string(home) + "/.cargo/bin/cargo";
        if (::access(cargo.c_str(), X_OK) == 0) return cargo;
    }
    return {};
}

struct SkipWithoutCargo {
    SkipWithoutCargo() {
        if (find_cargo().empty()) {
            std::printf("skipped: cargo is not on PATH nor in ~/.cargo/bin (install Rust to build the Rust example)\n");
            std::fflush(stdout);
            std::_Exit(77);
        }
    }
};

} // namespace

BOOST_GLOBAL_FIXTURE(SkipWithoutCargo);

BOOST_AUTO_TEST_CASE(rust_plugin_builds_with_cargo_and_serves_through_the_c_abi) {
    const std::string cargo = find_cargo();
    TempDir work;
    // A copy of the example, so that cargo writes nothing (Cargo.lock, target/) in the sources.
    const std::string crate = work.file("shout_rs");
    std::filesystem::copy(std::string(LLMHOST_TEST_SOURCE_DIR) + "/sdk/examples/shout_rs", crate,
                          std::filesystem::copy_options::recursive);
    // cargo's own directory on PATH: rustup's cargo finds rustc there.
    const std::string cargo_dir = std::filesystem::path(cargo).parent_path().string();
    const auto built = run_process({"/bin/sh", "-c",
                                    "cd '" + crate + "' && PATH='" + cargo_dir + "':$PATH '" + cargo +
                                        "' build --offline --release --target-dir '" + work.file("target") + "' 2>&1"},
                                   {});
    BOOST_TEST_REQUIRE(built.exit_code == 0, built.out);

    const std::string plugins = work.file("plugins");
    std::filesystem::create_directories(plugins);
    const std::string plugin = plugins + "/llmhost-shout-rs.so";
    std::filesystem::copy_file(work.file("target/release/libllmhost_shout_rs.so"), plugin);

    const auto checked = run_host({"plugins", "check", plugin});
    BOOST_TEST(checked.exit_code == 0, checked.out << checked.err);
    BOOST_TEST(checked.out.find("ok ") == 0, checked.out);
    BOOST_TEST(contains(checked.out, "shout-rs 1.0.0"), checked.out);
    BOOST_TEST(!contains(checked.out + checked.err, "warning"), checked.out << checked.err); // only the entry point

    const auto kit = run_host({"plugins", "test", plugin});
    BOOST_TEST(kit.exit_code == 0, kit.out << kit.err);
    BOOST_TEST(contains(kit.out, " 0 failed"), kit.out);
    BOOST_TEST(contains(kit.out, "create refuses an unknown option"), kit.out);

    // Listed from its metadata alone, then a chat by alias, word by word.
    IsolatedConfig config;
    const auto listed = run_host({"--plugin-dir", plugins, "plugins", "--json"}, config.env());
    BOOST_TEST(contains(listed.out, "shout-rs"), listed.out);
    const auto reply = run_host({"--plugin-dir", plugins, "-p", "yell-rs", "chat", "hello wörld"}, config.env());
    BOOST_TEST(reply.exit_code == 0, reply.err);
    BOOST_TEST(reply.out == "HELLO WÖRLD!\n");

    const auto json =
        run_host({"--plugin-dir", plugins, "-p", "shout-rs", "chat", "--json", "quiet please"}, config.env());
    BOOST_TEST_REQUIRE(json.exit_code == 0, json.err);
    const auto doc = boost::json::parse(json.out);
    BOOST_TEST(doc.at("text") == "QUIET PLEASE!");
    BOOST_TEST(doc.at("finish_reason") == "stop");
    BOOST_TEST(doc.at("model") == "shout-rs-1");

    // Its option, and an unknown one refused by name (exit 2).
    config.dir.write("config.toml", "[providers.shout-rs]\noptions = { suffix = \"?!\" }\n");
    const auto suffixed =
        run_host({"--config", config.dir.file("config.toml"), "--plugin-dir", plugins, "-p", "shout-rs", "chat", "why"},
                 config.env());
    BOOST_TEST(suffixed.exit_code == 0, suffixed.err);
    BOOST_TEST(suffixed.out == "WHY?!\n");
    config.dir.write("config.toml", "[providers.shout-rs]\noptions = { sufix = \"?\" }\n");
    const auto refused =
        run_host({"--config", config.dir.file("config.toml"), "--plugin-dir", plugins, "-p", "shout-rs", "chat", "why"},
                 config.env());
    BOOST_TEST(refused.exit_code == 2, refused.err);
    BOOST_TEST(contains(refused.err, "unknown option 'sufix' (known options: suffix)"), refused.err);
}
