// load_plugin and ProviderInstance against the fixture plugins: the exact PluginLoadError for
// each failure mode, loading once per path, and round trips through the C ABI with the C++
// (ok_cpp) and the plain C (pure_c) plugin — events, the credential per call, cancellation,
// errors and exceptions.
#include "core/plugins/plugin_loader.hpp"

#include "loader/loader_fixtures.hpp"
#include "support/mock_upstream.hpp"

#include <llmhost/chat.hpp>
#include <llmhost/error.hpp>

#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <optional>

using namespace llmhost::plugins;
using llmhost::Error;
using llmhost::testing::fixture;

namespace {

const std::string kDir = LLMHOST_TEST_FIXTURE_DIR;

// Loaded plugins keep their services for the whole process, so these never die either.
HostServices& services() {
    static auto* http = new llmhost::transport::HttpClient();
    static auto* s = [] {
        auto* s = new HostServices(*http);
        s->set_env_override("OK_CPP_GREETING", "hello");
        return s;
    }();
    return *s;
}

// A PluginFile as discovery sees it, or forced to "ok" to get past discovery's verdict and
// exercise the loader's own checks.
PluginFile file(const std::string& name, bool force_ok = false) {
    PluginFile f = inspect_plugin_file(fixture(name));
    if (force_ok) {
        f.status = PluginStatus::ok;
        f.error.clear();
    }
    return f;
}

std::string load_error(const PluginFile& f) {
    try {
        load_plugin(f, services());
    } catch (const PluginLoadError& e) {
        return e.what();
    }
    return "(loaded)";
}

// One line per event: "start <id> <model>", "text <delta>", "usage <in> <out>", "finish <reason>".
std::string describe(const llmh_event& e) {
    const auto v = [](llmh_str s) { return std::string(llmhost::view(s)); };
    switch (e.type) {
    case LLMH_EVENT_MESSAGE_START: return "start " + v(e.id) + " " + v(e.name);
    case LLMH_EVENT_TEXT_DELTA: return "text " + v(e.text);
    case LLMH_EVENT_USAGE:
        return "usage " + std::to_string(e.usage.input_tokens) + " " + std::to_string(e.usage.output_tokens);
    case LLMH_EVENT_FINISH: return "finish " + std::to_string(e.finish_reason);
    default: return "event " + std::to_string(e.type);
    }
}

std::vector<std::string> chat(ProviderInstance& p, std::string_view key, size_t stop_after = SIZE_MAX,
                              const std::atomic<bool>* cancel = nullptr) {
    std::vector<std::string> events;
    CallOptions o;
    o.api_key = key;
    o.cancel = cancel;
    p.chat(R"({"model":"","messages":[{"role":"user","content":"hi"}]})", o, [&](const llmh_event& e) {
        events.push_back(describe(e));
        return events.size() < stop_after;
    });
    return events;
}

template <class F> Error error_of(F&& f) {
    try {
        f();
    } catch (const Error& e) {
        return e;
    }
    BOOST_FAIL("expected llmhost::Error");
    return Error(LLMH_OK, "");
}

const LoadedPlugin& load(const std::string& name) { return load_plugin(file(name), services()); }

} // namespace

BOOST_AUTO_TEST_CASE(refuses_plugins_discovery_refused) {
    BOOST_TEST(load_error(file("missing_dep.so")) ==
               "cannot load " + kDir +
                   "/missing_dep.so: needs libllmhost_fixture_dep.so, which was not found (install it "
                   "or add its directory to LD_LIBRARY_PATH)");
    BOOST_TEST(load_error(file("abi_major.so")) ==
               "cannot load " + kDir +
                   "/abi_major.so: built for plugin ABI 2.0; this host speaks 1.2 — "
                   "rebuild the plugin against this SDK");
    BOOST_TEST(load_error(file("abi_minor_newer.so")) ==
               "cannot load " + kDir +
                   "/abi_minor_newer.so: built for plugin ABI 1.3, newer than "
                   "this host's 1.2 — upgrade llmhost to use this plugin");
    BOOST_TEST(load_error(file("code_without_metadata.so")) ==
               "cannot load " + kDir +
                   "/code_without_metadata.so: has no llmhost metadata (no .llmhost.meta section), so "
                   "it is not an llmhost plugin");
    BOOST_TEST(load_error(file("garbage.so")) == "cannot load " + kDir + "/garbage.so: not an ELF shared object");
}

BOOST_AUTO_TEST_CASE(reports_each_loader_failure_naming_the_file) {
    BOOST_TEST(load_error(file("no_entry.so")) ==
               kDir + "/no_entry.so has llmhost metadata but no llmh_plugin_v1 entry point");
    BOOST_TEST(load_error(file("null_table.so")) ==
               kDir +
                   "/null_table.so: llmh_plugin_v1 returned no plugin table (the plugin cannot serve a host speaking "
                   "plugin ABI 1.2)");
    BOOST_TEST(load_error(file("small_table.so")) ==
               kDir + "/small_table.so: its plugin table is too small (16 bytes; plugin ABI 1.0 needs at least 104)");
    BOOST_TEST(load_error(file("table_abi_major.so")) ==
               kDir + "/table_abi_major.so: its plugin table is for plugin ABI 2.0; this host speaks 1.2 — rebuild the "
                      "plugin against this SDK");
    BOOST_TEST(load_error(file("init_fails.so")) ==
               kDir + "/init_fails.so: plugin initialisation failed (invalid_config): the vendor runtime could not be "
                      "initialised (fixture)");
}

BOOST_AUTO_TEST_CASE(rechecks_what_discovery_said_against_the_file) {
    // dlopen's own message names the library it could not find.
    BOOST_TEST(load_error(file("missing_dep.so", true)) ==
               "cannot load " + kDir +
                   "/missing_dep.so: libllmhost_fixture_dep.so: cannot open shared object file: No "
                   "such file or directory");
    // The table the entry point returns is checked too, not only the metadata.
    BOOST_TEST(load_error(file("abi_major.so", true)) ==
               kDir +
                   "/abi_major.so: its plugin table is for plugin ABI 2.0; this host speaks 1.2 — rebuild the plugin "
                   "against this SDK");
    BOOST_TEST(load_error(file("abi_minor_newer.so", true)) ==
               kDir +
                   "/abi_minor_newer.so: its plugin table is for plugin ABI 1.3, newer than this host's 1.2 — upgrade "
                   "llmhost to use this plugin");
    BOOST_TEST(load_error(file("garbage.so", true)).starts_with("cannot load " + kDir + "/garbage.so: "));
}

BOOST_AUTO_TEST_CASE(loads_once_per_path) {
    const LoadedPlugin& first = load("ok_cpp.so");
    BOOST_TEST(&load("ok_cpp.so") == &first);
    llmhost::testing::TempDir dir;
    std::filesystem::create_symlink(fixture("ok_cpp.so"), dir.file("alias.so"));
    PluginFile via_link = inspect_plugin_file(dir.file("alias.so"));
    BOOST_TEST(&load_plugin(via_link, services()) == &first);
    BOOST_TEST(first.file().path == fixture("ok_cpp.so"));
    BOOST_TEST(llmhost::view(first.table().name) == "ok_cpp");
    BOOST_TEST(llmhost::view(first.table().version) == "1.2.3");
}

BOOST_AUTO_TEST_CASE(a_plugin_whose_library_is_found_through_origin_loads) {
    const LoadedPlugin& p = load("dep_via_origin.so");
    const Error e = error_of([&] { p.create("dep-via-origin", "{}"); });
    BOOST_TEST(e.error_class() == LLMH_ERR_UNSUPPORTED);
    BOOST_TEST(std::string(e.what()) == "this fixture creates no providers");
}

BOOST_AUTO_TEST_CASE(cpp_plugin_round_trip_with_the_credential_of_each_call) {
    auto provider = load("ok_cpp.so").create("ok-cpp", R"({"default_model":"ok-small","options":{"events":3}})");
    const std::vector<std::string> expected{
        "start ok-1 ok-small", "text key=8", "text  hello", "text tok", "text tok", "text tok",
        "usage 5 3",           "finish 1"};
    BOOST_TEST(chat(*provider, "secret-1") == expected, boost::test_tools::per_element());
    // The next call carries another key: the plugin sees that one, not a stored one.
    const auto second = chat(*provider, "k2");
    BOOST_TEST(second.at(1) == "text key=2");
    BOOST_TEST(chat(*provider, "").at(1) == "text key=0");

    BOOST_TEST(provider->list_models({}) == R"({"models":[{"id":"ok-small"},{"id":"ok-large"}]})");
    BOOST_TEST(provider->embed(R"({"model":"e","input":["abc","de"]})", {}) ==
               R"({"model":"e","data":[{"index":0,"embedding":[3E0,5E-1]},{"index":1,"embedding":[2E0,5E-1]}]})");
    BOOST_TEST(provider->capabilities("ok-large") == (LLMH_CAP_CHAT | LLMH_CAP_STREAMING | LLMH_CAP_VISION));
    BOOST_TEST(provider->capabilities("") == 0u);
}

BOOST_AUTO_TEST_CASE(plugin_errors_become_typed_errors) {
    const auto& plugin = load("ok_cpp.so");
    const Error bad_option = error_of([&] { plugin.create("ok-cpp", R"({"options":{"bogus":1}})"); });
    BOOST_TEST(bad_option.error_class() == LLMH_ERR_INVALID_CONFIG);
    // Named with the provider id by the SDK's table.
    BOOST_TEST(std::string(bad_option.what()) == "ok-cpp: unknown option 'bogus' (known options: events, fetch, log)");

    auto provider = plugin.create("ok-cpp", "{}");
    CallOptions o;
    const Error bad_request = error_of([&] { provider->chat("not json", o, [](const llmh_event&) { return true; }); });
    BOOST_TEST(bad_request.error_class() == LLMH_ERR_BAD_REQUEST);
    BOOST_TEST(std::string(bad_request.what()).starts_with("ok-cpp: chat request is not valid JSON"));
}

BOOST_AUTO_TEST_CASE(the_sink_can_stop_the_stream) {
    auto provider = load("ok_cpp.so").create("ok-cpp", R"({"options":{"events":100}})");
    BOOST_TEST(chat(*provider, "key", 1) == std::vector<std::string>{"start ok-1 "});
    auto c = load("pure_c.so").create("pure-c", "{}");
    BOOST_TEST(chat(*c, "", 2).size() == 2u);
}

BOOST_AUTO_TEST_CASE(the_host_can_cancel_a_call) {
    std::atomic<bool> cancel{true};
    auto provider = load("ok_cpp.so").create("ok-cpp", R"({"options":{"events":5}})");
    const Error e = error_of([&] { chat(*provider, "key", SIZE_MAX, &cancel); });
    BOOST_TEST(e.error_class() == LLMH_ERR_CANCELLED);
    BOOST_TEST(std::string(e.what()) == "ok-cpp: the host cancelled the call"); // named by the SDK

    auto c = load("pure_c.so").create("pure-c", "{}");
    const Error ec = error_of([&] { chat(*c, "", SIZE_MAX, &cancel); });
    BOOST_TEST(ec.error_class() == LLMH_ERR_CANCELLED);
    BOOST_TEST(std::string(ec.what()) == "stopped by the host");
}

BOOST_AUTO_TEST_CASE(an_exception_from_the_sink_comes_back_out_of_chat) {
    auto provider = load("ok_cpp.so").create("ok-cpp", "{}");
    CallOptions o;
    BOOST_CHECK_THROW(
        provider->chat("{}", o, [](const llmh_event&) -> bool { throw std::logic_error("client went away"); }),
        std::logic_error);
}

BOOST_AUTO_TEST_CASE(c_plugin_round_trip) {
    auto provider = load("pure_c.so").create("pure-c", "{}");
    const std::string request = R"({"model":"","messages":[{"role":"user","content":"hi"}]})";
    BOOST_TEST(chat(*provider, "abcde") ==
                   (std::vector<std::string>{"start pc-1 c-small", "text hello from C",
                                             "text  key=5 request=" + std::to_string(request.size()), "usage 3 2",
                                             "finish 1"}),
               boost::test_tools::per_element());
    BOOST_TEST(chat(*provider, "xy").at(2) == "text  key=2 request=" + std::to_string(request.size()));
    BOOST_TEST(provider->list_models({}) == R"({"models":[{"id":"c-small"},{"id":"c-large"}]})");
    BOOST_TEST(provider->capabilities("c-large") == (LLMH_CAP_CHAT | LLMH_CAP_STREAMING | LLMH_CAP_TOOLS));
    const Error e = error_of([&] { provider->embed("{}", {}); });
    BOOST_TEST(e.error_class() == LLMH_ERR_UNSUPPORTED);
    BOOST_TEST(std::string(e.what()) == "pure_c does not support embeddings");
}

BOOST_AUTO_TEST_CASE(exceptions_inside_a_plugin_become_plugin_internal) {
    auto provider = load("throws.so").create("throws", "{}");
    std::vector<std::string> events;
    const Error in_chat = error_of([&] { events = chat(*provider, "k"); });
    BOOST_TEST(in_chat.error_class() == LLMH_ERR_PLUGIN_INTERNAL);
    BOOST_TEST(std::string(in_chat.what()) == "throws: plugin failure: boom in chat");
    const Error in_list = error_of([&] { provider->list_models({}); });
    BOOST_TEST(in_list.error_class() == LLMH_ERR_PLUGIN_INTERNAL);
    BOOST_TEST(std::string(in_list.what()) == "throws: plugin failure: unknown exception");
}

BOOST_AUTO_TEST_CASE(plugin_logs_reach_the_host_logger_above_its_level) {
    std::vector<std::string> lines;
    services().set_logger([&](llmh_log_level level,
                              std::string_view m) { lines.push_back(std::to_string(level) + " " + std::string(m)); },
                          LLMH_LOG_INFO);
    auto provider = load("ok_cpp.so").create("ok-cpp", R"({"options":{"log":true}})");
    chat(*provider, "k");
    services().set_logger(nullptr, LLMH_LOG_WARN);
    BOOST_TEST(lines == (std::vector<std::string>{"1 ok_cpp log 1", "2 ok_cpp log 2", "3 ok_cpp log 3"}),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(plugin_http_goes_through_the_host_transport) {
    llmhost::testing::MockUpstream upstream([](const llmhost::testing::RecordedRequest& r) {
        return llmhost::testing::ScriptedResponse::json(200, "pong " + r.target);
    });
    auto provider =
        load("ok_cpp.so").create("ok-cpp", R"({"options":{"events":0,"fetch":")" + upstream.base_url() + R"(/ping"}})");
    const auto events = chat(*provider, "k");
    BOOST_TEST(events.at(3) == "text  status=200 body=pong /ping");
    BOOST_TEST(upstream.requests().size() == 1u);
}

// ABI 1.1 keeps 1.0 plugins working: pure_c built against the 1.0 header as released
// (tests/fixtures/plugins/abi_1_0) loads and runs unchanged. What 1.0 lacks reads as absent: its
// events carry no cache-write count (-1, not 0) and it has no token counter.
BOOST_AUTO_TEST_CASE(a_plugin_built_for_1_0_runs_on_this_host) {
    const PluginFile f = file("abi_1_0/pure_c.so");
    BOOST_TEST_REQUIRE(f.error == "");
    BOOST_TEST_REQUIRE(f.metadata.has_value());
    BOOST_TEST(f.metadata->abi_minor == 0u);
    const LoadedPlugin& plugin = load("abi_1_0/pure_c.so");
    BOOST_TEST(plugin.table().struct_size < sizeof(llmh_plugin)); // ends before count_tokens
    auto provider = plugin.create("pure-c", "{}");
    const std::string request = R"({"model":"","messages":[{"role":"user","content":"hi"}]})";
    BOOST_TEST(chat(*provider, "abcde") ==
                   (std::vector<std::string>{"start pc-1 c-small", "text hello from C",
                                             "text  key=5 request=" + std::to_string(request.size()), "usage 3 2",
                                             "finish 1"}),
               boost::test_tools::per_element());
    std::optional<llmh_event> usage;
    provider->chat(request, {}, [&](const llmh_event& e) {
        if (e.type == LLMH_EVENT_USAGE) usage = e;
        return true;
    });
    BOOST_TEST_REQUIRE(usage.has_value());
    BOOST_TEST(llmhost::usage_of(*usage).cache_write_tokens == -1);
    BOOST_TEST(llmhost::usage_of(*usage).cached_input_tokens == -1);
    const Error e = error_of([&] { provider->count_tokens(request, {}); });
    BOOST_TEST(e.error_class() == LLMH_ERR_UNSUPPORTED);
    BOOST_TEST(std::string(e.what()) == "pure_c has no token counter (its plugin offers none)");
}
