// PluginCatalog: lookups by id, alias, prefix and plugin name, and the deterministic winner
// (with a warning) when several files claim the same name.
#include "core/plugins/discovery.hpp"

#include "loader/loader_fixtures.hpp"

#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <optional>

using namespace llmhost::plugins;
using llmhost::testing::fixture;
using llmhost::testing::patched_copy;
using llmhost::testing::TempDir;

namespace {

std::string provider_path(const PluginCatalog& catalog, std::string_view name) {
    const auto m = catalog.find(name);
    return m.file ? m.file->path : "(none)";
}

// A copy of ok_cpp that claims the same ids but is refused (built for ABI 9.0).
std::string broken_ok_cpp(const TempDir& dir, const std::string& name) {
    return patched_copy(dir, "ok_cpp.so", name, "llmhost-plugin abi=1.2\n", "llmhost-plugin abi=9.0\n");
}

} // namespace

BOOST_AUTO_TEST_CASE(finds_providers_by_id_alias_prefix_and_plugin_name) {
    const PluginCatalog catalog(discover_plugins({LLMHOST_TEST_FIXTURE_DIR}));
    BOOST_TEST(catalog.warnings().empty());

    const auto by_id = catalog.find("ok-cpp");
    BOOST_REQUIRE(by_id.file);
    BOOST_TEST(by_id.file->path == fixture("ok_cpp.so"));
    BOOST_TEST(by_id.provider->id == "ok-cpp");
    BOOST_TEST(catalog.find("ok-cpp-second").provider->id == "ok-cpp-second");
    BOOST_TEST(catalog.find("okc").provider->id == "ok-cpp");
    BOOST_TEST(catalog.find("ok").provider->id == "ok-cpp");
    BOOST_TEST(catalog.find("c99").provider->id == "pure-c");
    BOOST_TEST(!catalog.find("nope").file);
    BOOST_TEST(!catalog.find("").file);

    // Refused plugins are still found, so selecting them reports their error.
    const auto broken = catalog.find("missing-dep");
    BOOST_REQUIRE(broken.file);
    BOOST_TEST(to_string(broken.file->status) == "missing_dependency");

    BOOST_TEST(catalog.find_by_prefix("okc/some-model").provider->id == "ok-cpp");
    BOOST_TEST(catalog.find_by_prefix("okc/long/model").provider->id == "ok-cpp"); // longest prefix
    BOOST_TEST(catalog.find_by_prefix("c99/tiny").provider->id == "pure-c");
    BOOST_TEST(!catalog.find_by_prefix("okc").file);
    BOOST_TEST(!catalog.find_by_prefix("gpt-4o").file);

    BOOST_REQUIRE(catalog.find_plugin("ok_cpp"));
    BOOST_TEST(catalog.find_plugin("ok_cpp")->path == fixture("ok_cpp.so"));
    BOOST_TEST(!catalog.find_plugin("ok-cpp"));
}

BOOST_AUTO_TEST_CASE(first_working_file_wins_and_each_shadowed_claim_warns) {
    TempDir dir;
    std::filesystem::copy_file(fixture("ok_cpp.so"), dir.file("a.so"));
    std::filesystem::copy_file(fixture("ok_cpp.so"), dir.file("b.so"));
    const PluginCatalog catalog(discover_plugins({dir.path()}));
    BOOST_TEST(provider_path(catalog, "ok-cpp") == dir.file("a.so"));
    BOOST_TEST(provider_path(catalog, "okc") == dir.file("a.so"));
    BOOST_TEST(catalog.find_by_prefix("okc/x").file->path == dir.file("a.so"));
    BOOST_TEST(catalog.find_plugin("ok_cpp")->path == dir.file("a.so"));

    const std::string a = dir.file("a.so"), b = dir.file("b.so");
    // One warning for the shadowed file, however many names it claims.
    BOOST_TEST(catalog.warnings() == (std::vector<std::string>{b + " is shadowed by " + a +
                                                               ": both serve ok-cpp, okc, ok and 1 more; using " + a +
                                                               " (LLMHOST_DEBUG_PLUGINS=1 lists each name)"}),
               boost::test_tools::per_element());
    // Each name is a conflict of its own, for the trace.
    std::vector<std::string> names;
    for (const auto& c : catalog.conflicts()) {
        BOOST_TEST(catalog.files().at(c.winner).path == a);
        BOOST_TEST(catalog.files().at(c.loser).path == b);
        names.push_back(c.kind + " " + c.name);
    }
    BOOST_TEST(names == (std::vector<std::string>{"plugin name ok_cpp", "provider id ok-cpp", "provider alias okc",
                                                  "provider alias ok", "prefix okc/", "prefix okc/long/",
                                                  "provider id ok-cpp-second"}),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_working_file_beats_an_earlier_broken_one) {
    TempDir first, second;
    const std::string broken = broken_ok_cpp(first, "ok.so");
    const std::string good = second.file("ok.so");
    std::filesystem::copy_file(fixture("ok_cpp.so"), good);
    const PluginCatalog catalog(discover_plugins({first.path(), second.path()}));
    BOOST_TEST(to_string(catalog.files().at(0).status) == "abi_major_mismatch");
    BOOST_TEST(provider_path(catalog, "ok-cpp") == good);
    BOOST_TEST(catalog.warnings() ==
                   (std::vector<std::string>{broken + " is shadowed by " + good +
                                             ": both serve ok-cpp, okc, ok and 1 more; using " + good + " (" + broken +
                                             " is abi_major_mismatch) (LLMHOST_DEBUG_PLUGINS=1 lists each name)"}),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(when_none_works_the_first_claimant_wins) {
    TempDir dir;
    const std::string a = broken_ok_cpp(dir, "a.so");
    const std::string b = broken_ok_cpp(dir, "b.so");
    const PluginCatalog catalog(discover_plugins({dir.path()}));
    BOOST_TEST(provider_path(catalog, "ok-cpp") == a);
    BOOST_TEST(catalog.warnings().size() == 1u);
    BOOST_TEST(catalog.warnings().at(0).starts_with(b + " is shadowed by " + a + ": both serve ok-cpp,"));
}

BOOST_AUTO_TEST_CASE(an_id_wins_over_an_alias) {
    TempDir dir;
    // a.so: ok_cpp whose aliases are ["pure-c"] (same length, padded with spaces).
    const std::string a = patched_copy(dir, "ok_cpp.so", "a.so", R"(["okc", "ok"])", R"(["pure-c"]   )");
    const std::string b = dir.file("b.so");
    std::filesystem::copy_file(fixture("pure_c.so"), b);
    const PluginCatalog catalog(discover_plugins({dir.path()}));
    BOOST_TEST(catalog.find("pure-c").provider->id == "pure-c");
    BOOST_TEST(provider_path(catalog, "pure-c") == b);
    BOOST_TEST(catalog.warnings() ==
               std::vector<std::string>{a + " is shadowed by " + b + ": both serve pure-c; using " + b +
                                        " (an id wins over an alias)"});
}

BOOST_AUTO_TEST_CASE(copies_keep_working_lookups) {
    std::optional<PluginCatalog> original(std::in_place, discover_plugins({LLMHOST_TEST_FIXTURE_DIR}));
    const PluginCatalog copy = *original;
    original.reset();
    BOOST_TEST(copy.find("ok-cpp").provider->id == "ok-cpp");
    const PluginFile* found = copy.find("ok-cpp").file;
    BOOST_TEST((found >= copy.files().data() && found < copy.files().data() + copy.files().size()));
}
