// Plugins run out of process (isolation = "process"), through the binary: a plugin that
// crashes, exits or hangs costs the calls in flight a typed plugin_internal error — retried
// or falling back like any other — is logged with the plugin, the operation and the signal,
// and is restarted for the next call, while the gateway keeps serving everything else.
#include "gateway_test_support.hpp"
#include "support/test_env.hpp"

#include <boost/test/unit_test.hpp>

#include <dirent.h>
#include <signal.h>

#include <chrono>
#include <fstream>
#include <future>
#include <regex>
#include <set>
#include <thread>

using namespace llmhost::testing;
using namespace gateway_e2e;
using Clock = std::chrono::steady_clock;

namespace {

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

const std::string fixtures = std::string("--plugin-dir=") + LLMHOST_TEST_FIXTURE_DIR;

std::string chat_body(const std::string& model) {
    return R"({"model":")" + model + R"(","messages":[{"role":"user","content":"hello isolated world"}]})";
}

Reply chat(const GatewayProcess& gateway, const std::string& model) {
    return post_json(gateway.port(), "/v1/chat/completions", chat_body(model));
}

// The pids named in the gateway's log lines "(<file>, process <pid>) <how>".
std::set<std::string> logged_processes(const std::string& log, const std::string& how) {
    std::set<std::string> pids;
    const std::regex line("process ([0-9]+)\\) " + how);
    for (auto it = std::sregex_iterator(log.begin(), log.end(), line); it != std::sregex_iterator(); ++it)
        pids.insert((*it)[1].str());
    return pids;
}

// The plugin child processes serving `plugin_file` (their command line names it).
std::vector<pid_t> plugin_children(const std::string& plugin_file) {
    std::vector<pid_t> pids;
    DIR* proc = opendir("/proc");
    while (dirent* e = proc ? readdir(proc) : nullptr) {
        const std::string name = e->d_name;
        if (name.find_first_not_of("0123456789") != std::string::npos) continue;
        std::ifstream in("/proc/" + name + "/cmdline");
        const std::string cmdline((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        if (contains(cmdline, std::string("__plugin-child") + '\0') && contains(cmdline, plugin_file))
            pids.push_back(std::stoi(name));
    }
    if (proc) closedir(proc);
    return pids;
}

const char* const isolated_fixtures = R"(plugin_isolation = "process"
[reliability]
provider_retries = 0
)";

} // namespace

BOOST_AUTO_TEST_CASE(the_cli_reports_a_plugin_that_crashes_or_exits_in_its_process_as_a_typed_error) {
    const IsolatedConfig home;
    home.dir.write("config.toml", "plugin_isolation = \"process\"\n");
    const auto crashed = run_host(
        {"--config", home.dir.file("config.toml"), fixtures, "chat", "-p", "crashes", "-m", "x", "hi"}, home.env());
    BOOST_TEST(crashed.exit_code == 5, crashed.err); // an upstream or provider error, not a dead CLI
    BOOST_TEST(contains(crashed.err, "plugin 'crashes'"), crashed.err);
    BOOST_TEST(contains(crashed.err, "was killed by signal 11 (SIGSEGV) during chat"), crashed.err);
    BOOST_TEST(contains(crashed.err, "[plugin_internal]"), crashed.err);

    const auto exited = run_host(
        {"--config", home.dir.file("config.toml"), fixtures, "chat", "-p", "exits", "-m", "x", "hi"}, home.env());
    BOOST_TEST(exited.exit_code == 5, exited.err); // exit(0) in the plugin is not the CLI's exit 0
    BOOST_TEST(contains(exited.err, "plugin 'exits' called exit() during chat"), exited.err);
    BOOST_TEST(contains(exited.err, "exited with status 6 during chat"), exited.err);

    // The same plugin in process, for comparison: the plugin ends the process itself.
    home.dir.write("in_process.toml", "");
    const auto in_process = run_host(
        {"--config", home.dir.file("in_process.toml"), fixtures, "chat", "-p", "exits", "-m", "x", "hi"}, home.env());
    BOOST_TEST(in_process.exit_code == 6, in_process.err);
}

BOOST_AUTO_TEST_CASE(the_gateway_keeps_serving_while_an_isolated_plugin_crashes_and_restarts_it) {
    GatewayProcess gateway(isolated_fixtures, {}, {fixtures});
    const Reply first = chat(gateway, "crashes/x");
    BOOST_TEST(first.status >= 500, first.body);
    BOOST_TEST(contains(first.body, "SIGSEGV"), first.body);
    BOOST_TEST(gateway.running());

    // Another plugin, out of process too, and the gateway itself, are untouched.
    const Reply echo = chat(gateway, "mock/mock-echo");
    BOOST_TEST(echo.status == 200, echo.body);
    BOOST_TEST(contains(echo.body, "hello isolated world"), echo.body);
    BOOST_TEST(request(gateway.port(), "GET", "/healthz").status == 200);

    // The crashed plugin's process is started again for the next call (after its backoff).
    std::this_thread::sleep_for(std::chrono::milliseconds(150));
    const Reply second = chat(gateway, "crashes/x");
    BOOST_TEST(second.status >= 500, second.body);
    BOOST_TEST(contains(second.body, "SIGSEGV"), second.body);
    BOOST_TEST(
        eventually([&] { return logged_processes(gateway.stderr_text(), "was killed by signal 11").size() == 2; },
                   std::chrono::seconds(2)),
        gateway.stderr_text());
    BOOST_TEST(contains(gateway.stderr_text(), "plugin 'crashes' ("), gateway.stderr_text());
    BOOST_TEST(contains(gateway.stderr_text(), "(SIGSEGV) during chat"), gateway.stderr_text());
}

BOOST_AUTO_TEST_CASE(a_crash_fails_the_call_in_flight_at_once_and_a_fallback_provider_answers) {
    GatewayProcess gateway(std::string(isolated_fixtures) + "fallback_providers = [\"mock\"]\n", {}, {fixtures});
    BOOST_TEST(chat(gateway, "blocks/10").status == 200); // its process is running now
    const auto started = Clock::now();
    auto in_flight = std::async(std::launch::async, [&] { return chat(gateway, "blocks/20000"); });
    std::this_thread::sleep_for(std::chrono::milliseconds(400)); // the call is in the plugin
    const auto children = plugin_children("blocks.so");
    BOOST_TEST_REQUIRE(children.size() == 1u);
    kill(children.front(), SIGKILL); // as the kernel's OOM killer would

    const Reply reply = in_flight.get();
    BOOST_TEST(std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started).count() < 5000);
    BOOST_TEST(reply.status == 200, reply.body); // the fallback's answer
    BOOST_TEST(contains(reply.body, "hello isolated world"), reply.body);
    BOOST_TEST(contains(gateway.stderr_text(), "was killed by signal 9 (SIGKILL) during chat"), gateway.stderr_text());
}

BOOST_AUTO_TEST_CASE(a_plugin_that_does_not_stop_when_its_client_leaves_is_killed_and_restarted) {
    GatewayProcess gateway(isolated_fixtures, {}, {fixtures});
    {
        RawConnection client(gateway.port());
        const std::string body = chat_body("blocks/60000");
        client.send("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    "Content-Length: " +
                    std::to_string(body.size()) + "\r\n\r\n" + body);
        std::this_thread::sleep_for(std::chrono::milliseconds(300)); // the call is in the plugin now
        client.close();
    }
    BOOST_TEST(eventually([&] { return contains(gateway.stderr_text(), "did not stop chat within 1000 ms"); },
                          std::chrono::seconds(4)),
               gateway.stderr_text());
    BOOST_TEST(eventually([&] { return contains(gateway.stderr_text(), "status=499"); }, std::chrono::seconds(2)),
               gateway.stderr_text());
    std::this_thread::sleep_for(std::chrono::milliseconds(150)); // its restart backoff
    const Reply next = chat(gateway, "blocks/10");
    BOOST_TEST(next.status == 200, next.body);
    BOOST_TEST(contains(next.body, "partial done"), next.body);
}
