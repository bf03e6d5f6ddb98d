// Bad plugins through the binary: each is listed with its problem, other providers keep
// working, and selecting a broken one exits 6 naming the reason.
#include "support/test_env.hpp"

#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include <csignal>

using namespace llmhost::testing;

namespace {
const std::string fixtures = std::string("--plugin-dir=") + LLMHOST_TEST_FIXTURE_DIR;
bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }
} // namespace

BOOST_AUTO_TEST_CASE(listing_shows_every_file_with_its_status) {
    const auto r = run_host({fixtures, "plugins", "--json"});
    BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
    const auto doc = boost::json::parse(r.out);
    std::map<std::string, boost::json::object> by_file;
    for (const auto& p : doc.at("plugins").as_array()) {
        const std::string file(p.at("file").as_string());
        by_file[file.substr(file.rfind('/') + 1)] = p.as_object();
    }
    BOOST_TEST(by_file.at("garbage.so").at("status").as_string() == "error");
    BOOST_TEST(contains(std::string(by_file.at("garbage.so").at("error").as_string()), "not an ELF shared object"));
    const std::string dep_error(by_file.at("missing_dep.so").at("error").as_string());
    BOOST_TEST(contains(dep_error, "libllmhost_fixture_dep.so"), dep_error);
    BOOST_TEST(by_file.at("missing_dep.so").at("ids").as_array().size() == 1u); // still listed with its ids
    BOOST_TEST(contains(std::string(by_file.at("abi_major.so").at("error").as_string()), "2.0"));
    BOOST_TEST(contains(std::string(by_file.at("abi_minor_newer.so").at("error").as_string()), "1.2"));
    BOOST_TEST(by_file.at("llmhost-mock.so").at("status").as_string() == "ok");
}

BOOST_AUTO_TEST_CASE(a_missing_dependency_fails_only_when_selected) {
    const auto broken = run_host({fixtures, "-p", "missing-dep", "-m", "x", "chat", "hi"});
    BOOST_TEST(broken.exit_code == 6);
    BOOST_TEST(contains(broken.err, "libllmhost_fixture_dep.so"), broken.err);
    const auto fine = run_host({fixtures, "-p", "mock", "chat", "still", "works"});
    BOOST_TEST(fine.exit_code == 0, fine.err);
    BOOST_TEST(fine.out == "still works\n");
}

BOOST_AUTO_TEST_CASE(broken_plugins_exit_6_naming_the_reason) {
    struct Case {
        std::string provider;
        std::string message;
    };
    for (const auto& c :
         std::vector<Case>{{"abi-major", "2.0"}, {"init-fails", "init"}, {"no-entry", "llmh_plugin_v1"}}) {
        const auto r = run_host({fixtures, "-p", c.provider, "-m", "x", "chat", "hi"});
        BOOST_TEST(r.exit_code == 6, c.provider << ": " << r.err);
        BOOST_TEST(contains(r.err, c.message), c.provider << ": " << r.err);
    }
}

BOOST_AUTO_TEST_CASE(a_plugin_that_throws_is_an_error_not_a_crash) {
    const auto r = run_host({fixtures, "-p", "throws", "-m", "x", "chat", "hi"});
    BOOST_TEST(r.exit_code == 5, r.err);
    BOOST_TEST(contains(r.err, "plugin_internal"), r.err);
}

BOOST_AUTO_TEST_CASE(a_pure_c_plugin_works_end_to_end) {
    const auto r = run_host({fixtures, "-p", "pure-c", "chat", "hi"});
    BOOST_TEST(r.exit_code == 0, r.err);
    BOOST_TEST(contains(r.out, "hello from C"), r.out);
}

BOOST_AUTO_TEST_CASE(a_missing_capability_fails_before_any_io_naming_both) {
    TempDir dir;
    dir.write("tools.json", R"([{"type":"function","function":{"name":"f","parameters":{"type":"object"}}}])");
    const auto r =
        run_host({fixtures, "-p", "ok-cpp-second", "-m", "x", "chat", "--tools", dir.file("tools.json"), "hi"});
    BOOST_TEST(r.exit_code == 2, r.err);
    BOOST_TEST(contains(r.err, "'ok-cpp-second' does not support tools"), r.err);
}

BOOST_AUTO_TEST_CASE(debug_tracing_explains_every_decision) {
    const auto r = run_host({fixtures, "plugins"}, {"LLMHOST_DEBUG_PLUGINS=1"});
    BOOST_TEST(r.exit_code == 0);
    BOOST_TEST(contains(r.err, "garbage.so"), r.err);
    BOOST_TEST(contains(r.err, "ok_cpp.so"), r.err);
}

BOOST_AUTO_TEST_CASE(plugins_check_loads_and_reports) {
    const auto ok = run_host({"plugins", "check"});
    BOOST_TEST(ok.exit_code == 0, ok.out + ok.err);
    const auto bad = run_host({"plugins", "check", std::string(LLMHOST_TEST_FIXTURE_DIR) + "/init_fails.so"});
    BOOST_TEST(bad.exit_code == 6);
    BOOST_TEST(contains(bad.out, "error"), bad.out);
}

// Loads, but built carelessly: `plugins check` says what and how to fix it; a bundled plugin
// (built with the SDK's CMake function) gets no warning.
BOOST_AUTO_TEST_CASE(check_warns_on_extra_exports_and_a_name_mismatch) {
    const std::string dir = std::string(LLMHOST_TEST_FIXTURE_DIR) + "/check/";
    const auto exports = run_host({"plugins", "check", dir + "exports_everything.so"});
    BOOST_TEST(exports.exit_code == 0, exports.err);
    BOOST_TEST(contains(exports.out, "ok     " + dir + "exports_everything.so"), exports.out);
    // The two helpers and the metadata object, which the version script would have hidden.
    BOOST_TEST(
        contains(exports.out, "warning " + dir + "exports_everything.so: exports 3 symbol(s) besides llmh_plugin_v1 ("),
        exports.out);
    for (const char* symbol : {"fixture_parse_helper", "fixture_format_helper", "llmh_plugin_metadata"})
        BOOST_TEST(contains(exports.out, symbol), symbol);
    BOOST_TEST(contains(exports.out, "version script"), exports.out);

    const auto mismatch = run_host({"plugins", "check", dir + "name_mismatch.so"});
    BOOST_TEST(mismatch.exit_code == 0, mismatch.err);
    BOOST_TEST(contains(mismatch.out, "its table is named 'a_different_name' but its metadata 'name_mismatch'"),
               mismatch.out);

    const auto bundled = run_host({"plugins", "check", std::string(LLMHOST_TEST_PLUGIN_DIR) + "/llmhost-openai.so"});
    BOOST_TEST(bundled.exit_code == 0, bundled.err);
    BOOST_TEST(!contains(bundled.out, "warning"), bundled.out);
}

// In process, a plugin that crashes takes the process with it, but the report names it.
BOOST_AUTO_TEST_CASE(a_crashing_plugin_is_named_before_the_process_dies) {
    const auto r = run_host({fixtures, "-p", "crashes", "-m", "x", "chat", "hi"});
    BOOST_TEST(r.exit_code == 128 + SIGSEGV, r.err); // the signal's own ending, after the report
    BOOST_TEST(contains(r.err, "llmhost: fatal SIGSEGV in plugin 'crashes' (chat); the plugin crashed the process"),
               r.err);
}

// exit() inside a plugin is a plugin failure, not a quiet success.
BOOST_AUTO_TEST_CASE(a_plugin_that_calls_exit_is_a_plugin_failure) {
    const auto r = run_host({fixtures, "-p", "exits", "-m", "x", "chat", "hi"});
    BOOST_TEST(r.exit_code == 6, r.err);
    BOOST_TEST(contains(r.err, "llmhost: plugin 'exits' called exit() during chat"), r.err);
}
