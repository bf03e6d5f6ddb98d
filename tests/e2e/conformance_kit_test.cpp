// `llmhost plugins test`, the conformance kit, through the binary: the bundled plugins pass it
// (each upstream failure mapped to its error class, no credential in a message, unknown options
// refused by name, one exported symbol, struct_size both ways) with their recordings replayed
// (tests/data/recordings/<plugin>/, whole and split at every byte boundary, the event contract
// held), and plugins that break the contract fail it, each failure named, with exit status 1.
#include "support/test_env.hpp"

#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <filesystem>

using namespace llmhost::testing;

namespace {

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

std::string bundled(const std::string& name) {
    return std::string(LLMHOST_TEST_PLUGIN_DIR) + "/llmhost-" + name + ".so";
}

// The recordings of a bundled plugin (or of fixtures/<wire format>).
std::string recordings(const std::string& name) { return std::string(LLMHOST_TEST_RECORDINGS_DIR) + "/" + name; }

size_t recording_count(const std::string& dir) {
    size_t n = 0;
    for (const auto& e : std::filesystem::directory_iterator(dir))
        n += e.path().extension() == ".json";
    return n;
}

} // namespace

BOOST_AUTO_TEST_CASE(the_bundled_plugins_pass_with_their_recordings_replayed) {
    IsolatedConfig iso;
    // Bedrock needs a region to start: it is tested as a user would configure it.
    iso.dir.write("config.toml", "[providers.bedrock]\noptions = { region = \"us-east-1\" }\n");
    for (const std::string plugin :
         {"anthropic", "azure", "bedrock", "copilot", "dmr", "gemini", "mock", "ollama", "openai", "openai_codex"}) {
        const std::string dir = recordings(plugin);
        std::string provider = plugin; // the plugin's first provider's id
        std::replace(provider.begin(), provider.end(), '_', '-');
        const auto r = run_host({"--config", iso.dir.file("config.toml"), "-p", provider, "plugins", "test", "--json",
                                 plugin, "--replay", dir},
                                iso.env());
        BOOST_TEST_CONTEXT(plugin) {
            BOOST_TEST(r.exit_code == 0, r.out << r.err);
            const auto report = boost::json::parse(r.out);
            BOOST_TEST(report.at("passed").as_bool());
            size_t replays = 0, contract = 0;
            for (const auto& c : report.at("checks").as_array()) {
                const std::string name(c.at("name").as_string());
                BOOST_TEST(c.at("status").as_string() == "ok", name << ": " << c.at("detail").as_string());
                replays += name.rfind("replay ", 0) == 0;
                contract += name.rfind("event contract: ", 0) == 0;
            }
            BOOST_TEST(replays == recording_count(dir)); // each recording one check
            BOOST_TEST(contract == 4u);
            if (plugin != "mock") // offline: no upstream to fail
                BOOST_TEST(report.at("checks").as_array().size() >= 30u);
        }
    }
}

BOOST_AUTO_TEST_CASE(without_recordings_the_event_contract_is_not_run) {
    const auto r = run_host({"plugins", "test", bundled("openai")});
    BOOST_TEST(r.exit_code == 0, r.out);
    BOOST_TEST(contains(r.out, "skip event contract: FINISH exactly once, and last: not run: needs a successful "
                               "exchange in the provider's wire format: give recordings with --replay DIR"),
               r.out);
    BOOST_TEST(contains(r.out, "ok   struct_size: create and chat take a 1.0 host's structs (abi_minor 0, 1.0 "
                               "sizes) (a scripted 500)"),
               r.out);
    BOOST_TEST(contains(r.out, "30 checks, 0 failed, 4 not run"), r.out);
    const auto json = run_host({"plugins", "test", "--json", bundled("openai")});
    size_t not_run = 0;
    const auto report = boost::json::parse(json.out);
    for (const auto& c : report.at("checks").as_array())
        if (c.at("status").as_string() == "not_run") {
            ++not_run;
            BOOST_TEST(c.at("passed").is_null());
        }
    BOOST_TEST(not_run == 4u);
}

BOOST_AUTO_TEST_CASE(a_recording_that_cannot_be_read_is_a_usage_error) {
    TempDir dir;
    dir.write("broken.json", R"({"request": {"model": "m", "messages": []}, "expect": {"error": "no_such_class"}})");
    const auto r = run_host({"plugins", "test", bundled("openai"), "--replay", dir.path()});
    BOOST_TEST(r.exit_code == 2, r.out << r.err);
    BOOST_TEST(contains(r.err, "broken.json: not a conformance-kit recording: expect.error 'no_such_class'"), r.err);
}

BOOST_AUTO_TEST_CASE(the_upstream_failure_checks_are_the_ones_documented) {
    const auto r = run_host({"plugins", "test", bundled("openai")});
    BOOST_TEST(r.exit_code == 0, r.out);
    for (const char* check :
         {"ok   status 401 -> authentication", "ok   status 429, Retry-After in seconds -> rate_limited",
          "ok   status 429, retry-after-ms -> rate_limited", "ok   a body cut short",
          "ok   garbage instead of JSON -> malformed_response", "ok   a timeout -> timeout",
          "ok   create refuses an unknown option, naming it",
          "ok   a cancelled call ends within a second, as cancelled",
          "ok   8 calls at once on one instance, each answered"})
        BOOST_TEST(contains(r.out, check), check);
    BOOST_TEST(contains(r.out, "30 checks, 0 failed, 4 not run"), r.out);
}

BOOST_AUTO_TEST_CASE(plugins_that_break_the_contract_fail_with_each_failure_named) {
    const std::string fixtures = LLMHOST_TEST_FIXTURE_DIR;
    // Throws from chat: every upstream failure comes out as plugin_internal.
    const auto throws = run_host({"plugins", "test", fixtures + "/throws.so"});
    BOOST_TEST(throws.exit_code == 1, throws.out);
    BOOST_TEST(contains(throws.out, "FAIL status 429, Retry-After in seconds -> rate_limited: got plugin_internal"),
               throws.out);
    // Accepts any option.
    const auto lenient = run_host({"plugins", "test", fixtures + "/pure_c.so"});
    BOOST_TEST(lenient.exit_code == 1, lenient.out);
    BOOST_TEST(contains(lenient.out, "FAIL create refuses an unknown option: create accepted"), lenient.out);
    // Exports more than its entry point.
    const auto exports = run_host({"plugins", "test", fixtures + "/check/exports_everything.so"});
    BOOST_TEST(exports.exit_code == 1);
    BOOST_TEST(contains(exports.out, "FAIL built as a plugin should be: exports 3 symbol(s)"), exports.out);
    // Break the event contract on a recorded success: the recording's replay and the rule fail.
    const auto no_finish =
        run_host({"plugins", "test", fixtures + "/check/no_finish.so", "--replay", recordings("fixtures/plain_text")});
    BOOST_TEST(no_finish.exit_code == 1, no_finish.out);
    BOOST_TEST(contains(no_finish.out, "FAIL replay plain.json (plain reply): success, whole and split at each of 4 "
                                       "byte boundaries: replayed whole: FINISH sent 0 times"),
               no_finish.out);
    BOOST_TEST(contains(no_finish.out, "FAIL event contract: FINISH exactly once, and last (1 replayed calls"),
               no_finish.out);
    const auto late = run_host(
        {"plugins", "test", fixtures + "/check/text_after_finish.so", "--replay", recordings("fixtures/plain_text")});
    BOOST_TEST(late.exit_code == 1, late.out);
    BOOST_TEST(contains(late.out, "FAIL replay plain.json (plain reply): success, whole and split at each of 4 byte "
                                  "boundaries: replayed whole: TEXT_DELTA sent after FINISH"),
               late.out);
    // Cannot be loaded at all: the loader's message and its exit status.
    const auto broken = run_host({"plugins", "test", fixtures + "/abi_major.so"});
    BOOST_TEST(broken.exit_code == 6, broken.err);
}
