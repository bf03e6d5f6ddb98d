// `llmhost plugins test`, the conformance kit, through the binary: the bundled plugins pass it
// (each upstream failure mapped to its error class, no credential in a message, unknown options
// refused by name, one exported symbol), and plugins that break the contract fail it, each
// failure named, with exit status 1.
#include "support/test_env.hpp"

#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

using namespace llmhost::testing;

namespace {

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

std::string bundled(const std::string& name) {
    return std::string(LLMHOST_TEST_PLUGIN_DIR) + "/llmhost-" + name + ".so";
}

} // namespace

BOOST_AUTO_TEST_CASE(the_bundled_plugins_pass) {
    IsolatedConfig iso;
    // Bedrock needs a region to start: it is tested as a user would configure it.
    iso.dir.write("config.toml", "[providers.bedrock]\noptions = { region = \"us-east-1\" }\n");
    // Not copilot: every exchange of the kit gets the same scripted answer, and Copilot's first
    // is GitHub's token exchange, where a 404 rightly means "no Copilot entitlement".
    for (const std::string plugin : {"anthropic", "azure", "bedrock", "dmr", "gemini", "mock", "ollama", "openai"}) {
        const auto r = run_host(
            {"--config", iso.dir.file("config.toml"), "-p", plugin, "plugins", "test", "--json", bundled(plugin)},
            iso.env());
        BOOST_TEST(r.exit_code == 0, plugin << ": " << r.out << r.err);
        const auto report = boost::json::parse(r.out);
        BOOST_TEST(report.at("passed").as_bool(), plugin);
        BOOST_TEST(report.at("provider").as_string() == plugin);
        if (plugin != "mock") // offline: no upstream to fail
            BOOST_TEST(report.at("checks").as_array().size() >= 20u, plugin);
    }
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
    BOOST_TEST(contains(r.out, "22 checks, 0 failed"), r.out);
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
    // Cannot be loaded at all: the loader's message and its exit status.
    const auto broken = run_host({"plugins", "test", fixtures + "/abi_major.so"});
    BOOST_TEST(broken.exit_code == 6, broken.err);
}
