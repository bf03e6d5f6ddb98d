// The Debian packages (packaging/build-debs.sh) on this machine: built from the release tree
// without compiling, lintian-clean, installed with apt-get; the host in /usr/bin finds its plugins
// in the multiarch directory, a plugin package's provider appears and disappears with it, and the
// SDK examples build against the installed -dev package. Everything installed is purged at the
// end, also when a check fails.
//
// Changes the machine (dpkg), so it runs only as root, never beside itself (RESOURCE_LOCK dpkg),
// and is skipped (exit 77) when not root, without apt-get/dpkg-deb/lintian, in a sanitizer build
// (packaging ASan binaries means nothing) or when llmhost is already installed from a package
// (purging it afterwards would remove someone's install).
#define BOOST_TEST_NO_MAIN
#include "support/test_env.hpp"

#include <boost/test/unit_test.hpp>

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <iostream>

using namespace llmhost::testing;
namespace fs = std::filesystem;

namespace {

const std::vector<std::string> kApt = {"DEBIAN_FRONTEND=noninteractive"};

ProcessResult sh(const std::string& command) { return run_process({"/bin/sh", "-c", command + " 2>&1"}, kApt); }

bool has_command(const std::string& name) { return sh("command -v " + name).exit_code == 0; }

std::string multiarch() {
    std::string triplet = sh("dpkg-architecture -qDEB_HOST_MULTIARCH").out;
    while (!triplet.empty() && triplet.back() == '\n')
        triplet.pop_back();
    return triplet;
}

// Why this machine cannot run the test, or "".
std::string reason_to_skip() {
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
    return "a sanitizer build: packages are made from the release tree (build/)";
#endif
    if (geteuid() != 0) return "not root: installing packages needs root";
    for (const char* tool : {"apt-get", "dpkg-deb", "dpkg-shlibdeps", "lintian"})
        if (!has_command(tool)) return std::string(tool) + " is missing; run packaging/install-deps.sh";
    if (sh("dpkg-query -W -f='${Status}' llmhost | grep -q 'ok installed'").exit_code == 0)
        return "llmhost is already installed from a package; this test would replace and purge it";
    return {};
}

std::string field(const std::string& deb, const std::string& name) {
    auto r = sh("dpkg-deb -f '" + deb + "' " + name);
    if (!r.out.empty() && r.out.back() == '\n') r.out.pop_back();
    return r.out;
}

// `llmhost plugins` from /usr/bin, with no user config.
std::string installed_plugins(const TempDir& home) {
    return run_process({"/usr/bin/llmhost", "plugins"}, {"HOME=" + home.path(), "XDG_CONFIG_HOME=" + home.path()}).out;
}

bool lists_provider(const std::string& listing, const std::string& plugin_file) {
    return listing.find(plugin_file) != std::string::npos;
}

// The packages built once for the whole test, and every package installed from them purged
// when it ends, whatever failed.
struct Packages {
    TempDir out;
    std::string version;
    std::string arch;
    std::vector<std::string> names; // every package built
    ProcessResult build;

    Packages() {
        build = sh("'" + std::string(LLMHOST_TEST_SOURCE_DIR) + "/packaging/build-debs.sh' '" + out.path() + "' '" +
                   LLMHOST_TEST_BUILD_DIR + "'");
        for (const auto& entry : fs::directory_iterator(out.path()))
            if (entry.path().extension() == ".deb") names.push_back(field(entry.path(), "Package"));
        std::sort(names.begin(), names.end());
        version = sh("sed -n 's/^project(llmhost VERSION \\([0-9.]*\\).*/\\1/p' '" +
                     std::string(LLMHOST_TEST_SOURCE_DIR) + "/CMakeLists.txt'")
                      .out;
        if (!version.empty()) version.pop_back();
        version += "-1";
        arch = sh("dpkg-architecture -qDEB_HOST_ARCH").out;
        if (!arch.empty()) arch.pop_back();
    }
    ~Packages() {
        std::string all;
        for (const auto& n : names)
            all += " " + n;
        if (!all.empty()) sh("apt-get purge -y -q -o DPkg::Lock::Timeout=120" + all);
    }
    std::string deb(const std::string& package) const {
        return out.file(package + "_" + version + "_" + arch + ".deb");
    }
    ProcessResult apt(const std::string& args) const {
        return sh("cd '" + out.path() + "' && apt-get " + args + " -y -q -o DPkg::Lock::Timeout=120");
    }
};

const std::vector<std::string> kPlugins = {"anthropic", "azure",  "bedrock", "copilot",     "dmr",
                                           "gemini",    "ollama", "openai",  "openai-codex"};

} // namespace

BOOST_AUTO_TEST_CASE(packages_build_pass_lintian_install_and_serve_the_sdk) {
    Packages packages;
    BOOST_TEST_REQUIRE(packages.build.exit_code == 0, packages.build.out);

    // One package per plugin, the host, the SDK.
    std::vector<std::string> expected = {"libllmhost-sdk-dev", "llmhost"};
    for (const auto& p : kPlugins)
        expected.push_back("llmhost-plugin-" + p);
    std::sort(expected.begin(), expected.end());
    BOOST_TEST(packages.names == expected, packages.build.out);
    for (const auto& name : expected)
        BOOST_TEST_REQUIRE(fs::exists(packages.deb(name)), packages.deb(name));

    // Depends and Recommends: every plugin needs exactly this host; the host recommends them all.
    const std::string recommends = field(packages.deb("llmhost"), "Recommends");
    for (const auto& p : kPlugins) {
        const std::string pkg = "llmhost-plugin-" + p;
        BOOST_TEST(recommends.find(pkg + " (= " + packages.version + ")") != std::string::npos, recommends);
        const std::string depends = field(packages.deb(pkg), "Depends");
        BOOST_TEST(depends.find("llmhost (= " + packages.version + ")") != std::string::npos, pkg + ": " + depends);
        BOOST_TEST(depends.find("libc6") != std::string::npos, pkg + ": " + depends); // from dpkg-shlibdeps
    }
    BOOST_TEST(field(packages.deb("llmhost"), "Depends").find("libssl3") != std::string::npos);
    const auto conffiles = sh("dpkg-deb -I '" + packages.deb("llmhost") + "' conffiles");
    BOOST_TEST(conffiles.out == "/etc/llmhost/config.toml\n", conffiles.out);
    const std::string plugindir = "./usr/lib/" + multiarch() + "/llmhost/plugins/";
    const auto contents = sh("dpkg-deb -c '" + packages.deb("llmhost") + "'").out;
    for (const auto& path :
         std::vector<std::string>{"./usr/bin/llmhost", plugindir + "llmhost-mock.so", "./etc/llmhost/config.toml",
                                  "./lib/systemd/system/llmhost.service", "./usr/share/man/man1/llmhost.1.gz",
                                  "./usr/share/doc/llmhost/copyright", "./usr/share/doc/llmhost/changelog.Debian.gz"})
        BOOST_TEST(contents.find(path + "\n") != std::string::npos, path);
    const auto codex_contents = sh("dpkg-deb -c '" + packages.deb("llmhost-plugin-openai-codex") + "'").out;
    BOOST_TEST(codex_contents.find(plugindir + "llmhost-openai_codex.so\n") != std::string::npos, codex_contents);
    // The SDK's README and the canonical request's schema, beside the examples; the C helpers.
    const auto sdk_contents = sh("dpkg-deb -c '" + packages.deb("libllmhost-sdk-dev") + "'").out;
    for (const char* path :
         {"./usr/share/doc/libllmhost-sdk-dev/README.md",
          "./usr/share/doc/libllmhost-sdk-dev/schema/canonical-request.schema.json",
          "./usr/share/doc/libllmhost-sdk-dev/schema/examples/minimal.json", "./usr/include/llmhost/c/helpers.h",
          "./usr/lib/libllmhost-c-helpers.a", "./usr/share/doc/libllmhost-sdk-dev/examples/acme_c/acme.c",
          "./usr/share/doc/libllmhost-sdk-dev/examples/shout_rs/src/lib.rs"})
        BOOST_TEST(sdk_contents.find(std::string(path) + "\n") != std::string::npos, path);

    // lintian: no errors and no warnings (what is left is listed in build-debs.sh).
    const auto lint = sh("cd '" + packages.out.path() + "' && lintian --fail-on error,warning *.deb");
    BOOST_TEST(lint.exit_code == 0, lint.out);

    // Installed: the host and the SDK, without the recommended plugins; then one plugin package.
    TempDir home;
    const auto installed =
        packages.apt("install --no-install-recommends ./" + fs::path(packages.deb("llmhost")).filename().string() +
                     " ./" + fs::path(packages.deb("libllmhost-sdk-dev")).filename().string());
    BOOST_TEST_REQUIRE(installed.exit_code == 0, installed.out);
    const std::string before = installed_plugins(home);
    BOOST_TEST(lists_provider(before, "llmhost-mock.so"), before);
    BOOST_TEST(!lists_provider(before, "llmhost-ollama.so"), before);
    const auto chat = run_process({"/usr/bin/llmhost", "-p", "mock", "chat", "hello"},
                                  {"HOME=" + home.path(), "XDG_CONFIG_HOME=" + home.path()});
    BOOST_TEST(chat.exit_code == 0, chat.err);

    const auto plugin = packages.apt("install --no-install-recommends ./" +
                                     fs::path(packages.deb("llmhost-plugin-ollama")).filename().string());
    BOOST_TEST_REQUIRE(plugin.exit_code == 0, plugin.out);
    const std::string with_plugin = installed_plugins(home);
    BOOST_TEST(lists_provider(with_plugin, "llmhost-ollama.so"), with_plugin);
    BOOST_TEST(with_plugin.find("ollama") != std::string::npos, with_plugin);
    const auto removed = packages.apt("remove llmhost-plugin-ollama");
    BOOST_TEST_REQUIRE(removed.exit_code == 0, removed.out);
    const std::string after = installed_plugins(home);
    BOOST_TEST(!lists_provider(after, "llmhost-ollama.so"), after);
    BOOST_TEST(lists_provider(after, "llmhost-mock.so"), after);

    // The SDK examples, as installed, built against the installed -dev package: C++ with
    // find_package and the default prefix, C with pkg-config alone.
    const std::string examples = "/usr/share/doc/libllmhost-sdk-dev/examples/";
    TempDir work;
    const auto configure = sh("cmake -S " + examples + "shout -B '" + work.file("shout") +
                              "' -G Ninja -DCMAKE_BUILD_TYPE=Release && cmake --build '" + work.file("shout") + "'");
    BOOST_TEST_REQUIRE(configure.exit_code == 0, configure.out);
    const auto shout_check = run_process({"/usr/bin/llmhost", "plugins", "check", work.file("shout/llmhost-shout.so")},
                                         {"HOME=" + home.path(), "XDG_CONFIG_HOME=" + home.path()});
    BOOST_TEST(shout_check.exit_code == 0, shout_check.out + shout_check.err);
    BOOST_TEST(shout_check.out.find("ok ") == 0, shout_check.out);

    const auto cc = sh("cc -std=c99 -fPIC -Wall -Werror " + examples + "whisper_c/whisper.c " + examples +
                       "whisper_c/request_text.c $(pkg-config --cflags --libs llmhost-abi) -o '" +
                       work.file("llmhost-whisper.so") + "'");
    BOOST_TEST_REQUIRE(cc.exit_code == 0, cc.out);
    const auto whisper_check = run_process({"/usr/bin/llmhost", "plugins", "check", work.file("llmhost-whisper.so")},
                                           {"HOME=" + home.path(), "XDG_CONFIG_HOME=" + home.path()});
    BOOST_TEST(whisper_check.exit_code == 0, whisper_check.out + whisper_check.err);
    BOOST_TEST(whisper_check.out.find("ok ") == 0, whisper_check.out);
    BOOST_TEST(whisper_check.out.find("warning") == std::string::npos, whisper_check.out);

    // The C example on the optional C helpers (libllmhost-c-helpers.a), with pkg-config alone.
    const auto acme = sh("cc -std=c99 -fPIC -Wall -Werror " + examples + "acme_c/acme.c " +
                         "$(pkg-config --cflags --libs llmhost-c-helpers) -o '" + work.file("llmhost-acme.so") + "'");
    BOOST_TEST_REQUIRE(acme.exit_code == 0, acme.out);
    const auto acme_check = run_process({"/usr/bin/llmhost", "plugins", "check", work.file("llmhost-acme.so")},
                                        {"HOME=" + home.path(), "XDG_CONFIG_HOME=" + home.path()});
    BOOST_TEST(acme_check.exit_code == 0, acme_check.out + acme_check.err);
    BOOST_TEST(acme_check.out.find("ok ") == 0, acme_check.out);
    BOOST_TEST(acme_check.out.find("warning") == std::string::npos, acme_check.out);
}

int main(int argc, char* argv[]) {
    if (const std::string why = reason_to_skip(); !why.empty()) {
        std::cout << "SKIPPED: " << why << "\n";
        return 77;
    }
    return boost::unit_test::unit_test_main(&init_unit_test, argc, argv);
}
