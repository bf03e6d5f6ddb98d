// Discovery from the files alone: the exact status and message for every fixture, directory
// scanning rules, LLMHOST_DEBUG_PLUGINS tracing, and proof that nothing gets loaded.
#include "core/plugins/discovery.hpp"

#include "loader/loader_fixtures.hpp"

#include <boost/test/unit_test.hpp>

#include <elf.h>
#include <link.h>

#include <algorithm>
#include <filesystem>
#include <map>

using namespace llmhost::plugins;
using llmhost::testing::capture_stderr;
using llmhost::testing::fixture;
using llmhost::testing::patched_copy;
using llmhost::testing::ScopedEnv;
using llmhost::testing::TempDir;

namespace {

const std::string kDir = LLMHOST_TEST_FIXTURE_DIR;

struct Expected {
    PluginStatus status;
    std::string error;
};

const std::map<std::string, Expected>& expected_fixtures() {
    static const std::map<std::string, Expected> m{
        {"abi_major.so",
         {PluginStatus::abi_major_mismatch,
          "built for plugin ABI 2.0; this host speaks 1.2 — rebuild the plugin against this SDK"}},
        {"abi_minor_newer.so",
         {PluginStatus::abi_minor_newer,
          "built for plugin ABI 1.3, newer than this host's 1.2 — upgrade llmhost to use this plugin"}},
        {"blocks.so", {PluginStatus::ok, ""}},
        {"cooperative_blocks.so", {PluginStatus::ok, ""}},
        {"crashes.so", {PluginStatus::ok, ""}},
        {"exits.so", {PluginStatus::ok, ""}},
        {"bad_metadata.so",
         {PluginStatus::bad_metadata, "malformed llmhost metadata: providers[0].id must be a string"}},
        {"code_without_metadata.so",
         {PluginStatus::not_a_plugin,
          "has no llmhost metadata (no .llmhost.meta section), so it is not an llmhost plugin"}},
        {"dep_via_origin.so", {PluginStatus::ok, ""}},
        {"garbage.so", {PluginStatus::not_a_plugin, "not an ELF shared object"}},
        {"init_fails.so", {PluginStatus::ok, ""}},
        {"missing_dep.so",
         {PluginStatus::missing_dependency,
          "needs libllmhost_fixture_dep.so, which was not found (install it or add its directory to LD_LIBRARY_PATH)"}},
        {"no_entry.so", {PluginStatus::ok, ""}}, // metadata is all discovery reads; loading fails
        {"null_table.so", {PluginStatus::ok, ""}},
        {"ok_cpp.so", {PluginStatus::ok, ""}},
        {"pure_c.so", {PluginStatus::ok, ""}},
        {"small_table.so", {PluginStatus::ok, ""}},
        {"table_abi_major.so", {PluginStatus::ok, ""}},
        {"throws.so", {PluginStatus::ok, ""}},
    };
    return m;
}

std::string file_name(const std::string& path) { return std::filesystem::path(path).filename().string(); }

// Paths of every object mapped into this process, from the dynamic loader.
std::vector<std::string> loaded_objects() {
    std::vector<std::string> out;
    dl_iterate_phdr(
        [](dl_phdr_info* info, size_t, void* data) {
            static_cast<std::vector<std::string>*>(data)->emplace_back(info->dlpi_name ? info->dlpi_name : "");
            return 0;
        },
        &out);
    return out;
}

} // namespace

BOOST_AUTO_TEST_CASE(every_fixture_gets_its_status_and_message) {
    const auto files = discover_plugins({kDir});
    std::vector<std::string> names;
    for (const auto& f : files)
        names.push_back(file_name(f.path));
    std::vector<std::string> expected_names;
    for (const auto& [name, e] : expected_fixtures())
        expected_names.push_back(name);
    BOOST_TEST(names == expected_names, boost::test_tools::per_element()); // sorted, *.so only, no deps/

    for (const auto& f : files) {
        BOOST_TEST_CONTEXT(f.path) {
            const auto& e = expected_fixtures().at(file_name(f.path));
            BOOST_TEST(to_string(f.status) == to_string(e.status));
            BOOST_TEST(f.error == e.error);
            BOOST_TEST(f.path == kDir + "/" + file_name(f.path));
        }
    }
}

BOOST_AUTO_TEST_CASE(missing_dependency_lists_the_libraries) {
    const PluginFile f = inspect_plugin_file(fixture("missing_dep.so"));
    BOOST_TEST(f.missing_libraries == std::vector<std::string>{"libllmhost_fixture_dep.so"});
    BOOST_REQUIRE(f.metadata.has_value()); // still listed with what it serves
    BOOST_TEST(f.metadata->providers.at(0).id == "missing-dep");
}

BOOST_AUTO_TEST_CASE(ld_library_path_is_honoured) {
    const ScopedEnv env("LD_LIBRARY_PATH", "/nonexistent:" + kDir + "/deps");
    const PluginFile f = inspect_plugin_file(fixture("missing_dep.so"));
    BOOST_TEST(to_string(f.status) == "ok");
    BOOST_TEST(f.missing_libraries.empty());
}

BOOST_AUTO_TEST_CASE(reads_metadata_of_working_and_refused_plugins) {
    const PluginFile ok = inspect_plugin_file(fixture("ok_cpp.so"));
    BOOST_REQUIRE(ok.metadata.has_value());
    BOOST_TEST(ok.metadata->name == "ok_cpp");
    BOOST_TEST(ok.metadata->version == "1.2.3");
    BOOST_REQUIRE(ok.metadata->providers.size() == 2u);
    BOOST_TEST(ok.metadata->providers[0].id == "ok-cpp");
    BOOST_TEST(ok.metadata->providers[0].key_env == (std::vector<std::string>{"OK_CPP_API_KEY", "OK_KEY"}));
    BOOST_TEST(ok.metadata->providers[1].keyless);

    // A plugin for another ABI is still listed with its providers.
    const PluginFile major = inspect_plugin_file(fixture("abi_major.so"));
    BOOST_REQUIRE(major.metadata.has_value());
    BOOST_TEST(major.metadata->abi_major == 2u);
    BOOST_TEST(major.metadata->providers.at(0).id == "abi-major");
}

BOOST_AUTO_TEST_CASE(rejects_files_for_another_machine_or_of_another_type) {
    TempDir dir;
    // e_machine sits right after e_type; patch "ET_DYN, EM_X86_64" to "ET_DYN, EM_AARCH64" and
    // "ET_DYN" to "ET_REL" in copies of a real plugin.
    std::string bytes = llmhost::testing::read_file(fixture("pure_c.so"));
    bytes[offsetof(Elf64_Ehdr, e_machine)] = char(EM_AARCH64);
    dir.write("arm.so", bytes);
    bytes = llmhost::testing::read_file(fixture("pure_c.so"));
    bytes[offsetof(Elf64_Ehdr, e_type)] = char(ET_REL);
    dir.write("object.so", bytes);

    const PluginFile arm = inspect_plugin_file(dir.file("arm.so"));
    BOOST_TEST(to_string(arm.status) == "not_a_plugin");
    BOOST_TEST(arm.error == "built for aarch64 (64-bit), but this host runs on x86_64 (64-bit)");
    const PluginFile object = inspect_plugin_file(dir.file("object.so"));
    BOOST_TEST(to_string(object.status) == "not_a_plugin");
    BOOST_TEST(object.error == "not an ELF shared object (it is an object file)");
}

BOOST_AUTO_TEST_CASE(reports_unreadable_files) {
    const PluginFile f = inspect_plugin_file("/nonexistent/dir/plugin.so");
    BOOST_TEST(to_string(f.status) == "unreadable");
    BOOST_TEST(f.error == "cannot be read: No such file or directory");
}

BOOST_AUTO_TEST_CASE(truncated_metadata_is_bad_metadata) {
    TempDir dir;
    // Same length: the header line loses its version, so the metadata cannot be trusted.
    patched_copy(dir, "pure_c.so", "p.so", "llmhost-plugin abi=1.2\n", "llmhost-plugin abi=?.?\n");
    const PluginFile f = inspect_plugin_file(dir.file("p.so"));
    BOOST_TEST(to_string(f.status) == "bad_metadata");
    BOOST_TEST(f.error == "malformed llmhost metadata: the first line must be 'llmhost-plugin abi=MAJOR.MINOR', "
                          "found 'llmhost-plugin abi=?.?'");
}

BOOST_AUTO_TEST_CASE(scans_directories_in_order_and_each_once) {
    TempDir a, b;
    std::filesystem::copy_file(fixture("pure_c.so"), a.file("z.so"));
    std::filesystem::copy_file(fixture("ok_cpp.so"), a.file("m.so"));
    std::filesystem::create_symlink(fixture("throws.so"), a.file("link.so"));
    a.write("README.txt", "not a plugin");
    a.write("plugin.so.bak", "not a plugin either");
    std::filesystem::create_directory(a.file("sub.so"));
    std::filesystem::copy_file(fixture("pure_c.so"), b.file("a.so"));

    const auto files = discover_plugins({b.path(), "/nonexistent-llmhost-dir", a.path(), a.path() + "/", b.path()});
    std::vector<std::string> paths;
    for (const auto& f : files)
        paths.push_back(f.path);
    BOOST_TEST(paths == (std::vector<std::string>{b.file("a.so"), a.file("link.so"), a.file("m.so"), a.file("z.so")}),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(does_not_load_anything) {
    const auto files = discover_plugins({kDir});
    BOOST_REQUIRE(!files.empty());
    for (const auto& object : loaded_objects())
        BOOST_TEST(object.find(kDir) == std::string::npos, object);
    const std::string maps = llmhost::testing::read_file("/proc/self/maps");
    BOOST_TEST(maps.find(kDir) == std::string::npos);
}

BOOST_AUTO_TEST_CASE(traces_every_decision_when_asked) {
    std::string quiet = capture_stderr([] { discover_plugins({kDir}); });
    BOOST_TEST(quiet.empty());

    const ScopedEnv env("LLMHOST_DEBUG_PLUGINS", "1");
    const std::string trace = capture_stderr([] { discover_plugins({kDir, "/nonexistent-llmhost-dir"}); });
    const std::string p = "llmhost: plugins: " + kDir + "/";
    BOOST_TEST(trace.find(p + "ok_cpp.so: accepted, serves ok-cpp, ok-cpp-second\n") != std::string::npos, trace);
    BOOST_TEST(trace.find(p + "pure_c.so: accepted, serves pure-c\n") != std::string::npos);
    BOOST_TEST(trace.find(p + "garbage.so: rejected: not an ELF shared object\n") != std::string::npos);
    BOOST_TEST(trace.find(p + "missing_dep.so: rejected: needs libllmhost_fixture_dep.so, which was not found "
                              "(install it or add its directory to LD_LIBRARY_PATH)\n") != std::string::npos);
    BOOST_TEST(trace.find("llmhost: plugins: /nonexistent-llmhost-dir: not a directory, skipped\n") !=
               std::string::npos);
    // One line per file, plus the skipped directory.
    BOOST_TEST(std::count(trace.begin(), trace.end(), '\n') == long(expected_fixtures().size() + 1));

    const std::string single = capture_stderr([] { inspect_plugin_file(fixture("abi_major.so")); });
    BOOST_TEST(single == p + "abi_major.so: rejected: built for plugin ABI 2.0; this host speaks 1.2 — rebuild the "
                             "plugin against this SDK\n");
}

BOOST_AUTO_TEST_CASE(default_plugin_dirs_are_next_to_the_executable) {
    const auto lib = std::filesystem::read_symlink("/proc/self/exe").parent_path().parent_path() / "lib";
    const auto dirs = default_plugin_dirs();
    BOOST_TEST_REQUIRE(!dirs.empty());
    BOOST_TEST(dirs.back() == (lib / "llmhost/plugins").string()); // the build tree's and cmake --install's
    if (dirs.size() == 2) { // multiarch first: lib/<triplet>/llmhost/plugins, where the Debian packages put them
        const std::filesystem::path multiarch = dirs.front();
        BOOST_TEST(multiarch.parent_path().parent_path().parent_path() == lib);
        BOOST_TEST(multiarch.parent_path().filename() == "llmhost");
        BOOST_TEST(multiarch.filename() == "plugins");
    }
    BOOST_TEST(dirs.size() <= 2);
}

BOOST_AUTO_TEST_CASE(names_every_status) {
    BOOST_TEST(to_string(PluginStatus::ok) == "ok");
    BOOST_TEST(to_string(PluginStatus::unreadable) == "unreadable");
    BOOST_TEST(to_string(PluginStatus::not_a_plugin) == "not_a_plugin");
    BOOST_TEST(to_string(PluginStatus::bad_metadata) == "bad_metadata");
    BOOST_TEST(to_string(PluginStatus::abi_major_mismatch) == "abi_major_mismatch");
    BOOST_TEST(to_string(PluginStatus::abi_minor_newer) == "abi_minor_newer");
    BOOST_TEST(to_string(PluginStatus::missing_dependency) == "missing_dependency");
}
