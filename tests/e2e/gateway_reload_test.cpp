// `llmhost serve` reloading its configuration and plugin directories, through the built
// binary: SIGHUP and `llmhost reload` (POST /admin/reload) serve new requests with the new
// configuration while a stream in flight finishes with the one it started with; a
// configuration with errors is refused and the running one kept; a plugin dropped into a
// plugin directory becomes selectable; a newer build of a loaded plugin is reported as needing
// a restart, and the loaded one stays in use.
#include "e2e/gateway_test_support.hpp"
#include "support/mock_upstream.hpp"
#include "support/test_env.hpp"

#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <thread>

using namespace llmhost::testing;
using namespace gateway_e2e;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

const std::string server_key = "sk-reload-test";

// An OpenAI-format upstream answering every chat with `text`, streamed in `chunks` pieces
// `gap` apart when the request streams.
MockUpstream saying(const std::string& text, int chunks = 1, std::chrono::milliseconds gap = 0ms) {
    return MockUpstream([=](const RecordedRequest& r) {
        const auto body = boost::json::parse(r.body).as_object();
        if (!body.contains("stream") || !body.at("stream").as_bool())
            return ScriptedResponse::json(
                200,
                R"({"id":"c","object":"chat.completion","model":"m","choices":[{"index":0,"message":{"role":"assistant","content":)" +
                    boost::json::serialize(boost::json::string(text)) + R"(},"finish_reason":"stop"}]})");
        std::vector<std::string> events;
        for (int i = 0; i < chunks; ++i)
            events.push_back(
                R"(data: {"id":"c","object":"chat.completion.chunk","model":"m","choices":[{"index":0,"delta":{"content":)" +
                boost::json::serialize(boost::json::string(text)) +
                R"(},"finish_reason":null}]})"
                "\n\n");
        events.push_back(
            R"(data: {"id":"c","object":"chat.completion.chunk","model":"m","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]})"
            "\n\n");
        events.push_back("data: [DONE]\n\n");
        auto response = ScriptedResponse::sse(events);
        response.delay_between_chunks = gap;
        return response;
    });
}

std::string config_for(const MockUpstream& upstream, const std::string& keys = "\"" + server_key + "\"") {
    return "[server]\napi_keys = [" + keys + "]\n" + openai_provider("up", upstream.base_url());
}

llmhost::Headers with_key() { return {{"Authorization", "Bearer " + server_key}}; }

Reply chat(const GatewayProcess& gateway, const std::string& model, bool stream = false) {
    return request(gateway.port(), "POST", "/v1/chat/completions",
                   R"({"model":")" + model + R"(","stream":)" + (stream ? "true" : "false") +
                       R"(,"messages":[{"role":"user","content":"hi"}]})",
                   with_key());
}

std::string reply_text(const Reply& reply) {
    return std::string(boost::json::parse(reply.body).at("choices").at(0).at("message").at("content").as_string());
}

void rewrite(const GatewayProcess& gateway, const std::string& config) {
    std::ofstream(gateway.config_path(), std::ios::trunc) << config;
}

// The reload log lines so far.
size_t reloads_logged(const GatewayProcess& gateway, const std::string& line) {
    const std::string text = gateway.stderr_text();
    size_t count = 0;
    for (size_t at = text.find(line); at != std::string::npos; at = text.find(line, at + 1))
        ++count;
    return count;
}

ProcessResult reload_command(const GatewayProcess& gateway, const std::vector<std::string>& env = {}) {
    return run_host(
        {"--config", gateway.config_path(), "reload", "--listen", "127.0.0.1:" + std::to_string(gateway.port())}, env);
}

// Replaces `to` by a copy of `from` the way a package manager does: a new file renamed over
// the old, so that a process that mapped the old one keeps it intact.
void install_over(const std::string& from, const std::string& to) {
    fs::copy_file(from, to + ".new", fs::copy_options::overwrite_existing);
    fs::rename(to + ".new", to);
}

} // namespace

BOOST_AUTO_TEST_CASE(sighup_serves_new_requests_with_the_new_configuration_and_a_stream_in_flight_finishes) {
    auto first = saying("first", 6, 150ms);
    auto second = saying("second");
    GatewayProcess gateway(config_for(first));
    BOOST_TEST(reply_text(chat(gateway, "up/m")) == "first");

    Reply streamed;
    std::thread in_flight([&] { streamed = chat(gateway, "up/m", true); });
    BOOST_REQUIRE(eventually([&] { return first.requests().size() == 2u; }, 10s));
    rewrite(gateway, config_for(second));
    gateway.signal(SIGHUP);
    BOOST_REQUIRE_MESSAGE(eventually([&] { return reloads_logged(gateway, "reloaded the configuration") == 1u; }, 10s),
                          gateway.stderr_text());
    BOOST_TEST(reply_text(chat(gateway, "up/m")) == "second");
    in_flight.join();

    // The stream that started before the reload came whole from the first upstream.
    BOOST_TEST(streamed.status == 200);
    size_t pieces = 0;
    for (const auto& e : sse_events(streamed.body))
        if (e.data.find(R"("content":"first")") != std::string::npos) ++pieces;
    BOOST_TEST(pieces == 6u, streamed.body);
    BOOST_TEST(streamed.body.find("[DONE]") != std::string::npos);
    BOOST_TEST(second.requests().size() == 1u);
    BOOST_TEST(gateway.running());
}

BOOST_AUTO_TEST_CASE(a_configuration_with_errors_is_refused_and_the_running_one_kept) {
    auto upstream = saying("still here");
    GatewayProcess gateway(config_for(upstream));
    rewrite(gateway, "[providers.up\nbase_url = 1\n");
    gateway.signal(SIGHUP);
    BOOST_REQUIRE(eventually([&] { return reloads_logged(gateway, "reload refused") == 1u; }, 10s));
    BOOST_TEST(gateway.stderr_text().find("config.toml:1") != std::string::npos, gateway.stderr_text());
    BOOST_TEST(reply_text(chat(gateway, "up/m")) == "still here");

    // `llmhost reload` reads the same file first and says what is wrong with it.
    const auto cli = reload_command(gateway);
    BOOST_TEST(cli.exit_code == 2);
    BOOST_TEST(cli.err.find("config.toml:1") != std::string::npos, cli.err);

    // A file this shell can read but the gateway cannot (a variable only the shell has): the
    // gateway refuses it, and `reload` reports the gateway's errors.
    rewrite(gateway, config_for(upstream, "\"${RELOAD_TEST_KEY}\""));
    const auto refused = reload_command(gateway, {"RELOAD_TEST_KEY=" + server_key});
    BOOST_TEST(refused.exit_code == 2, refused.err);
    BOOST_TEST(refused.err.find("reload refused") != std::string::npos, refused.err);
    BOOST_TEST(refused.err.find("RELOAD_TEST_KEY") != std::string::npos, refused.err);
    BOOST_TEST(reply_text(chat(gateway, "up/m")) == "still here");
}

BOOST_AUTO_TEST_CASE(reload_needs_the_server_key) {
    auto upstream = saying("hi");
    GatewayProcess gateway(config_for(upstream));
    const auto anonymous = request(gateway.port(), "POST", "/admin/reload", "", {});
    BOOST_TEST(anonymous.status == 401);
    BOOST_TEST(reloads_logged(gateway, "reloaded the configuration") == 0u);
    rewrite(gateway, config_for(upstream, "\"another-key\""));
    const auto wrong_key = reload_command(gateway);
    BOOST_TEST(wrong_key.exit_code == 3, wrong_key.err);
    BOOST_TEST(wrong_key.err.find("refused the key") != std::string::npos, wrong_key.err);
}

BOOST_AUTO_TEST_CASE(a_dropped_in_plugin_becomes_selectable_and_a_newer_build_needs_a_restart) {
    auto upstream = saying("hi");
    TempDir plugins;
    GatewayProcess gateway(config_for(upstream), {"LLMHOST_PLUGIN_PATH=" + plugins.path()});
    BOOST_TEST(chat(gateway, "pure-c/c-small").status == 404); // no such provider yet

    const std::string dropped = plugins.file("pure_c.so");
    install_over(std::string(LLMHOST_TEST_FIXTURE_DIR) + "/pure_c.so", dropped);
    const auto taken = reload_command(gateway);
    BOOST_TEST(taken.exit_code == 0, taken.err);
    BOOST_TEST(taken.out == "reloaded\n");
    const auto served = chat(gateway, "pure-c/c-small");
    BOOST_TEST(served.status == 200, served.body);

    install_over(std::string(LLMHOST_TEST_FIXTURE_DIR) + "/next/pure_c.so", dropped);
    const auto newer = reload_command(gateway);
    BOOST_TEST(newer.exit_code == 0, newer.err);
    BOOST_TEST(newer.out.find("note: " + dropped + " is now version 1.0.1, but version 1.0.0 is loaded") !=
                   std::string::npos,
               newer.out);
    BOOST_TEST(newer.out.find("restart") != std::string::npos);
    BOOST_TEST(gateway.stderr_text().find("reload: " + dropped + " is now version 1.0.1") != std::string::npos);
    BOOST_TEST(chat(gateway, "pure-c/c-small").status == 200);
}
