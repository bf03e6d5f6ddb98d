// Hostile config files through the binary: deep nesting, huge dotted keys and huge files are
// refused quickly as a broken config (exit 2) naming the file, the line and the limit, instead
// of crashing the TOML parser (stack overflow) or keeping it busy for seconds (quadratic keys).
#include "child_process.hpp"
#include "support/test_env.hpp"

#include <boost/test/unit_test.hpp>

using namespace llmhost::testing;

namespace {

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

std::string repeat(const std::string& part, size_t times) {
    std::string out;
    out.reserve(part.size() * times);
    for (size_t i = 0; i < times; ++i)
        out += part;
    return out;
}

// `config check` on `toml`, killed after a few seconds so that a slow parser fails the test.
gateway_e2e::ProgramRun check_config(const TempDir& dir, const std::string& toml) {
    dir.write("config.toml", toml);
    return gateway_e2e::run_program(
        {LLMHOST_TEST_HOST_BINARY, "--config=" + dir.file("config.toml"), "config", "check"},
        {"PATH=/usr/bin:/bin", "HOME=" + dir.path()}, "", std::chrono::seconds(5));
}

} // namespace

BOOST_AUTO_TEST_CASE(deeply_nested_arrays_are_refused_not_a_crash) {
    TempDir dir;
    const auto r = check_config(dir, "# deep\n\na = " + repeat("[", 10000) + repeat("]", 10000) + "\n");
    BOOST_TEST(r.exit_code == 2, r.exit_code << ": " << r.err);
    BOOST_TEST(contains(r.err, dir.file("config.toml") + ":3"), r.err);
    BOOST_TEST(contains(r.err, "64"), r.err);
}

BOOST_AUTO_TEST_CASE(deeply_nested_inline_tables_are_refused_not_a_crash) {
    TempDir dir;
    const auto r = check_config(dir, "a = " + repeat("{b = ", 10000) + "1" + repeat("}", 10000) + "\n");
    BOOST_TEST(r.exit_code == 2, r.exit_code << ": " << r.err);
    BOOST_TEST(contains(r.err, dir.file("config.toml") + ":1"), r.err);
    BOOST_TEST(contains(r.err, "64"), r.err);
}

BOOST_AUTO_TEST_CASE(a_dotted_key_of_thousands_of_parts_is_refused_quickly) {
    TempDir dir;
    const auto started = std::chrono::steady_clock::now();
    const auto r = check_config(dir, "[server]\n" + repeat("a.", 20000) + "a = 1\n");
    const auto took = std::chrono::steady_clock::now() - started;
    BOOST_TEST(r.exit_code == 2, r.exit_code << ": " << r.err);
    BOOST_TEST(contains(r.err, dir.file("config.toml") + ":2"), r.err);
    BOOST_TEST(contains(r.err, "128"), r.err);
    BOOST_TEST(took < std::chrono::seconds(2));
}

BOOST_AUTO_TEST_CASE(a_dotted_table_header_of_thousands_of_parts_is_refused_quickly) {
    TempDir dir;
    const auto r = check_config(dir, "[" + repeat("a.", 20000) + "a]\n");
    BOOST_TEST(r.exit_code == 2, r.exit_code << ": " << r.err);
    BOOST_TEST(contains(r.err, "128"), r.err);
}

BOOST_AUTO_TEST_CASE(a_very_long_key_is_refused) {
    TempDir dir;
    const auto r = check_config(dir, repeat("k", 5000) + " = 1\n");
    BOOST_TEST(r.exit_code == 2, r.exit_code << ": " << r.err);
    BOOST_TEST(contains(r.err, "1024"), r.err);
}

BOOST_AUTO_TEST_CASE(a_config_file_over_4_mib_is_refused) {
    TempDir dir;
    const auto r = check_config(dir, repeat("# padding padding padding padding padding padding padding\n", 80000));
    BOOST_TEST(r.exit_code == 2, r.exit_code << ": " << r.err);
    BOOST_TEST(contains(r.err, "4 MiB"), r.err);
}

BOOST_AUTO_TEST_CASE(brackets_in_strings_and_comments_do_not_count) {
    TempDir dir;
    const std::string brackets = repeat("[{", 200);
    const auto r = check_config(dir, "# " + brackets + "\n[server]\nallowed_hosts = [\"" + brackets + "\", '" +
                                         brackets + "', \"\"\"\n" + brackets +
                                         "\"\"\"]\n"
                                         "# a.b.c." +
                                         repeat("x.", 300) + "\n");
    BOOST_TEST(!contains(r.err, "nested"), r.err);
    BOOST_TEST(!contains(r.err, "dotted"), r.err);
}

BOOST_AUTO_TEST_CASE(bytes_that_are_not_utf8_are_refused_naming_line_and_column) {
    // Found by the config fuzzer: toml11 read past its buffer on `a = '\xff'`.
    TempDir dir;
    const auto r = check_config(dir, "# ok: caf\xc3\xa9\n[server]\na = '\xff'\n");
    BOOST_TEST(r.exit_code == 2, r.exit_code << ": " << r.err);
    BOOST_TEST(contains(r.err, dir.file("config.toml") + ":3:6"), r.err);
    BOOST_TEST(contains(r.err, "UTF-8"), r.err);
}
