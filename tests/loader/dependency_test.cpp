// Missing-dependency detection from the files alone, with controlled search paths: RUNPATH
// with $ORIGIN, LD_LIBRARY_PATH, system directories, already-loaded libraries, libraries of
// another machine, dependencies of dependencies, and ld.so.conf parsing.
#include "core/plugins/library_search.hpp"

#include "loader/loader_fixtures.hpp"

#include <boost/test/unit_test.hpp>

#include <elf.h>

#include <filesystem>

using namespace llmhost::plugins;
using llmhost::testing::fixture;
using llmhost::testing::patched_copy;
using llmhost::testing::TempDir;

namespace {

const std::string kDeps = std::string(LLMHOST_TEST_FIXTURE_DIR) + "/deps";

std::vector<std::string> missing_names(const std::string& path, const LibrarySearchPaths& paths) {
    DependencyChecker checker(paths);
    std::vector<std::string> out;
    for (const auto& m : checker.missing(path, ElfFile::open(path)))
        out.push_back(m.needed_by.empty() ? m.name : m.name + " <- " + m.needed_by);
    return out;
}

// This process's paths without LD_LIBRARY_PATH.
LibrarySearchPaths system_paths() {
    LibrarySearchPaths p = LibrarySearchPaths::for_this_process();
    p.ld_library_path.clear();
    return p;
}

} // namespace

BOOST_AUTO_TEST_CASE(finds_what_the_system_provides) {
    BOOST_TEST(missing_names(fixture("ok_cpp.so"), system_paths()).empty());
    BOOST_TEST(missing_names(fixture("missing_dep.so"), system_paths()) ==
               std::vector<std::string>{"libllmhost_fixture_dep.so"});
}

BOOST_AUTO_TEST_CASE(with_no_search_paths_only_loaded_libraries_count) {
    // This process has libc loaded, under its soname (and sanitizer runtimes in ASan builds).
    LibrarySearchPaths loaded_only;
    loaded_only.loaded = LibrarySearchPaths::for_this_process().loaded;
    BOOST_TEST(loaded_only.loaded.contains("libc.so.6"));
    BOOST_TEST(missing_names(fixture("pure_c.so"), loaded_only).empty());
    loaded_only.loaded.erase("libc.so.6");
    BOOST_TEST(missing_names(fixture("pure_c.so"), loaded_only) == std::vector<std::string>{"libc.so.6"});
}

BOOST_AUTO_TEST_CASE(ld_library_path_and_runpath_with_origin) {
    LibrarySearchPaths p = system_paths();
    p.ld_library_path = {"/nonexistent", kDeps};
    BOOST_TEST(missing_names(fixture("missing_dep.so"), p).empty());

    // RUNPATH $ORIGIN/deps works where the plugin sits next to deps/, and not elsewhere.
    BOOST_TEST(missing_names(fixture("dep_via_origin.so"), system_paths()).empty());
    TempDir elsewhere;
    std::filesystem::copy_file(fixture("dep_via_origin.so"), elsewhere.file("p.so"));
    BOOST_TEST(missing_names(elsewhere.file("p.so"), system_paths()) ==
               std::vector<std::string>{"libllmhost_fixture_dep.so"});
    std::filesystem::create_directory(elsewhere.file("deps"));
    std::filesystem::copy_file(kDeps + "/libllmhost_fixture_dep.so", elsewhere.file("deps/libllmhost_fixture_dep.so"));
    BOOST_TEST(missing_names(elsewhere.file("p.so"), system_paths()).empty());
}

BOOST_AUTO_TEST_CASE(skips_libraries_built_for_another_machine) {
    TempDir dir;
    std::string bytes = llmhost::testing::read_file(kDeps + "/libllmhost_fixture_dep.so");
    bytes[offsetof(Elf64_Ehdr, e_machine)] = char(EM_AARCH64);
    dir.write("libllmhost_fixture_dep.so", bytes);
    LibrarySearchPaths p = system_paths();
    p.ld_library_path = {dir.path()};
    BOOST_TEST(missing_names(fixture("missing_dep.so"), p) == std::vector<std::string>{"libllmhost_fixture_dep.so"});
    p.ld_library_path.push_back(kDeps); // ld.so goes on to the next directory
    BOOST_TEST(missing_names(fixture("missing_dep.so"), p).empty());
}

BOOST_AUTO_TEST_CASE(reports_what_a_dependency_itself_lacks) {
    TempDir dir;
    // The dependency, patched to need "libq.so.6" (absent) instead of libc.so.6.
    patched_copy(dir, "deps/libllmhost_fixture_dep.so", "libllmhost_fixture_dep.so", std::string("libc.so.6\0", 10),
                 std::string("libq.so.6\0", 10));
    LibrarySearchPaths p = system_paths();
    p.ld_library_path = {dir.path()};
    BOOST_TEST(missing_names(fixture("missing_dep.so"), p) ==
               std::vector<std::string>{"libq.so.6 <- libllmhost_fixture_dep.so"});
}

BOOST_AUTO_TEST_CASE(a_needed_path_is_taken_as_a_path) {
    DependencyChecker checker(LibrarySearchPaths{});
    const ElfFile needer = ElfFile::open(fixture("pure_c.so"));
    const ElfDynamicInfo none;
    BOOST_TEST(checker.resolve(kDeps + "/libllmhost_fixture_dep.so", none, "/", needer).value() ==
               kDeps + "/libllmhost_fixture_dep.so");
    BOOST_TEST(!checker.resolve("/nonexistent/libx.so", none, "/", needer).has_value());
}

BOOST_AUTO_TEST_CASE(describes_missing_libraries_for_people) {
    BOOST_TEST(describe_missing({{"libfoo.so.1", ""}}) ==
               "needs libfoo.so.1, which was not found (install it or add its directory to LD_LIBRARY_PATH)");
    BOOST_TEST(describe_missing({{"libfoo.so.1", ""}, {"libbar.so.2", "libvendor.so"}}) ==
               "needs libfoo.so.1 and libbar.so.2 (needed by libvendor.so), which were not found (install them or add "
               "their directories to LD_LIBRARY_PATH)");
    BOOST_TEST(describe_missing({{"a.so", ""}, {"b.so", ""}, {"c.so", ""}}) ==
               "needs a.so, b.so and c.so, which were not found (install them or add their directories to "
               "LD_LIBRARY_PATH)");
}

BOOST_AUTO_TEST_CASE(reads_ld_so_conf_with_includes) {
    TempDir dir;
    dir.write("ld.so.conf", "# comment\ninclude conf.d/*.conf\n/opt/first   # trailing comment\nhwcap 0 nosegneg\n\n");
    dir.write("conf.d/b.conf", "/opt/b1:/opt/b2\n");
    dir.write("conf.d/a.conf", "/opt/a=libc6\ninclude " + dir.file("loop.conf") + "\n");
    dir.write("loop.conf", "/opt/loop\ninclude " + dir.file("ld.so.conf") + "\n");
    BOOST_TEST(read_ld_so_conf(dir.file("ld.so.conf")) ==
                   (std::vector<std::string>{"/opt/a", "/opt/loop", "/opt/b1", "/opt/b2", "/opt/first"}),
               boost::test_tools::per_element());
    BOOST_TEST(read_ld_so_conf(dir.file("absent.conf")).empty());
}

BOOST_AUTO_TEST_CASE(knows_this_hosts_machine) {
    const HostElf& host = host_elf();
#if defined(__x86_64__)
    BOOST_TEST(host.machine == EM_X86_64);
    BOOST_TEST(host.multiarch == "x86_64-linux-gnu");
#endif
    BOOST_TEST(host.is_64bit == (sizeof(void*) == 8));
}
