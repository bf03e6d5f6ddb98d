// Plugin files an elevated llmhost must not trust, through the binary: run as root, a plugin in
// a world-writable directory, a world-writable plugin and one owned by another user are listed
// as untrusted with the reason and the fix, and selecting one exits 6; the override loads them.
// Names like plugins that are no regular files (FIFO, device link, symlink loop) are skipped
// with the reason in the debug trace, without hanging. The trust rule itself: unit/plugin_trust_test.
#include "child_process.hpp"
#include "support/test_env.hpp"

#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

using namespace llmhost::testing;
namespace fs = std::filesystem;

namespace {

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

// A plugin directory holding a copy of the pure-C fixture plugin (provider id "pure-c"),
// which no other plugin directory serves.
struct PluginDir {
    TempDir dir;
    std::string plugin = dir.file("pure_c.so");
    PluginDir() { fs::copy_file(std::string(LLMHOST_TEST_FIXTURE_DIR) + "/pure_c.so", plugin); }
    std::string flag() const { return "--plugin-dir=" + dir.path(); }
};

bool running_as_root() {
    if (geteuid() == 0) return true;
    BOOST_TEST_MESSAGE("skipped: needs root (the trust check applies to elevated processes only)");
    return false;
}

// The copied plugin is listed as untrusted naming `reason`, selecting it exits 6, and the
// override loads it.
void expect_untrusted(const PluginDir& p, const std::string& reason) {
    const auto listing = run_host({p.flag(), "plugins", "--json"});
    BOOST_TEST_REQUIRE(listing.exit_code == 0, listing.err);
    bool listed = false;
    const auto doc = boost::json::parse(listing.out);
    for (const auto& entry : doc.at("plugins").as_array()) {
        if (entry.at("file").as_string() != p.plugin) continue;
        listed = true;
        BOOST_TEST(entry.at("reason").as_string() == "untrusted");
        const std::string error(entry.at("error").as_string());
        BOOST_TEST(contains(error, reason), error);
        BOOST_TEST(contains(error, "LLMHOST_TRUST_ALL_PLUGINS=1"), error);
    }
    BOOST_TEST(listed, listing.out);
    const auto refused = run_host({p.flag(), "-p", "pure-c", "chat", "hi"});
    BOOST_TEST(refused.exit_code == 6, refused.err);
    BOOST_TEST(contains(refused.err, reason), refused.err);
    const auto trusted = run_host({p.flag(), "-p", "pure-c", "chat", "hi"}, {"LLMHOST_TRUST_ALL_PLUGINS=1"});
    BOOST_TEST(trusted.exit_code == 0, trusted.err);
}

} // namespace

BOOST_AUTO_TEST_CASE(a_root_owned_private_plugin_is_trusted) {
    if (!running_as_root()) return;
    PluginDir p;
    const auto r = run_host({p.flag(), "-p", "pure-c", "chat", "hi"});
    BOOST_TEST(r.exit_code == 0, r.err);
}

BOOST_AUTO_TEST_CASE(root_refuses_a_plugin_in_a_world_writable_directory) {
    if (!running_as_root()) return;
    PluginDir p;
    chmod(p.dir.path().c_str(), 0777);
    expect_untrusted(p, p.dir.path() + " is writable by every user (mode 0777)");
}

BOOST_AUTO_TEST_CASE(root_refuses_a_world_writable_plugin) {
    if (!running_as_root()) return;
    PluginDir p;
    chmod(p.plugin.c_str(), 0666);
    expect_untrusted(p, p.plugin + " is writable by every user (mode 0666)");
}

BOOST_AUTO_TEST_CASE(root_refuses_a_plugin_owned_by_another_user) {
    if (!running_as_root()) return;
    PluginDir p;
    BOOST_TEST_REQUIRE(chown(p.plugin.c_str(), 4321, 4321) == 0);
    expect_untrusted(p, p.plugin + " is owned by uid 4321");
}

BOOST_AUTO_TEST_CASE(root_refuses_a_link_to_a_plugin_in_a_writable_directory) {
    if (!running_as_root()) return;
    PluginDir p;
    TempDir elsewhere;
    chmod(elsewhere.path().c_str(), 0777);
    fs::rename(p.plugin, elsewhere.file("pure_c.so"));
    fs::create_symlink(elsewhere.file("pure_c.so"), p.plugin);
    expect_untrusted(p, elsewhere.path() + " is writable by every user");
}

BOOST_AUTO_TEST_CASE(files_named_like_plugins_that_are_no_files_are_skipped_with_a_reason) {
    PluginDir p;
    BOOST_TEST_REQUIRE(mkfifo(p.dir.file("fifo.so").c_str(), 0600) == 0);
    fs::create_symlink("/dev/zero", p.dir.file("zero.so"));
    fs::create_symlink("loop.so", p.dir.file("loop.so"));
    fs::create_symlink("nowhere", p.dir.file("dangling.so"));
    const auto r =
        gateway_e2e::run_program({LLMHOST_TEST_HOST_BINARY, p.flag(), "plugins"},
                                 {"PATH=/usr/bin:/bin", "LLMHOST_DEBUG_PLUGINS=1"}, "", std::chrono::seconds(10));
    BOOST_TEST(r.exit_code == 0, r.err);
    BOOST_TEST(contains(r.err, p.dir.file("fifo.so") + ": skipped: a FIFO"), r.err);
    BOOST_TEST(contains(r.err, p.dir.file("zero.so") + ": skipped: a character device"), r.err);
    BOOST_TEST(contains(r.err, p.dir.file("loop.so") + ": skipped: a symlink loop"), r.err);
    BOOST_TEST(contains(r.err, p.dir.file("dangling.so") + ": skipped: a symlink to nothing"), r.err);
    BOOST_TEST(contains(r.out, "pure_c.so"), r.out);
}
