// A provider in C with the SDK's optional C helpers, as an outsider builds one: install the SDK
// and host into a prefix, build sdk/examples/acme_c (an OpenAI-compatible chat provider) against
// the installed SDK alone, with CMake in a `LANGUAGES C` project and with pkg-config alone, then
// run it with the installed host: `plugins check`, the conformance kit (`plugins test`, with the
// openai plugin's recordings) and chats through the command line against a mock OpenAI
// upstream, streamed, whole and with a tool call.
#include "support/mock_upstream.hpp"
#include "support/test_env.hpp"

#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <string>

using namespace llmhost::testing;

namespace {

ProcessResult sh(const std::string& command) { return run_process({"/bin/sh", "-c", command}, {}); }

bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

std::string chunk(const std::string& choice) {
    return R"(data: {"id":"chatcmpl-A1","object":"chat.completion.chunk","model":"acme-1","choices":[{"index":0,)" +
           choice + "}]}\n\n";
}

// Streams text, or a tool call when the request offers tools; a whole completion when the
// request does not stream.
ScriptedResponse acme_answer(const RecordedRequest& request) {
    const auto body = boost::json::parse(request.body).as_object();
    const bool stream = body.at("stream").as_bool();
    if (!stream)
        return ScriptedResponse::json(200, R"({"id":"chatcmpl-W","object":"chat.completion","model":"acme-1",
            "choices":[{"index":0,"message":{"role":"assistant","content":"Whole answer"},"finish_reason":"stop"}],
            "usage":{"prompt_tokens":5,"completion_tokens":2}})");
    if (body.contains("tools"))
        return ScriptedResponse::sse(
            {chunk(
                 R"("delta":{"role":"assistant","tool_calls":[{"index":0,"id":"call_7","type":"function","function":{"name":"get_weather","arguments":""}}]},"finish_reason":null)"),
             chunk(
                 R"("delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\"city\":"}}]},"finish_reason":null)"),
             chunk(R"("delta":{"tool_calls":[{"index":0,"function":{"arguments":"\"Oslo\"}"}}]},"finish_reason":null)"),
             chunk(R"("delta":{},"finish_reason":"tool_calls")"), "data: [DONE]\n\n"});
    return ScriptedResponse::sse({chunk(R"("delta":{"role":"assistant","content":"Hello"},"finish_reason":null)"),
                                  chunk(R"("delta":{"content":" from Acme"},"finish_reason":null)"),
                                  chunk(R"("delta":{},"finish_reason":"stop")"),
                                  R"(data: {"id":"chatcmpl-A1","choices":[],"usage":{"prompt_tokens":3,)"
                                  R"("completion_tokens":4}})"
                                  "\n\n",
                                  "data: [DONE]\n\n"});
}

} // namespace

BOOST_AUTO_TEST_CASE(c_provider_with_the_helpers_builds_against_the_installed_sdk_and_chats) {
    TempDir prefix;
    const auto install =
        sh("cmake --install '" + std::string(LLMHOST_TEST_BUILD_DIR) + "' --prefix '" + prefix.path() + "' 2>&1");
    BOOST_TEST_REQUIRE(install.exit_code == 0, install.out);
    for (const char* installed :
         {"include/llmhost/c/helpers.h", "lib/libllmhost-c-helpers.a",
          "lib/cmake/llmhost-sdk/llmhost-c-helpers-targets.cmake", "lib/pkgconfig/llmhost-c-helpers.pc"})
        BOOST_TEST(std::filesystem::exists(prefix.file(installed)), installed);
    const std::string source = std::string(LLMHOST_TEST_SOURCE_DIR) + "/sdk/examples/acme_c";

    // CMake, a C-only project: llmhost::c_helpers without a C++ compiler or a Boost lookup.
    const std::string build = prefix.file("acme-build");
    const auto configure = sh("cmake -S '" + source + "' -B '" + build +
                              "' -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_PREFIX_PATH='" + prefix.path() + "' 2>&1");
    BOOST_TEST_REQUIRE(configure.exit_code == 0, configure.out);
    BOOST_TEST(!contains(configure.out, "Boost"), configure.out);
    BOOST_TEST(!contains(configure.out, "CXX"), configure.out);
    const auto compile = sh("cmake --build '" + build + "' 2>&1");
    BOOST_TEST_REQUIRE(compile.exit_code == 0, compile.out);
    const std::string plugin = prefix.file("lib/llmhost/plugins/llmhost-acme.so");
    std::filesystem::copy_file(build + "/llmhost-acme.so", plugin);

    // pkg-config alone, strict C99 with warnings as errors.
    const std::string by_hand = prefix.file("acme-by-hand.so");
    const auto cc = sh("PKG_CONFIG_PATH='" + prefix.file("lib/pkgconfig") +
                       "' && export PKG_CONFIG_PATH && cc -std=c99 -pedantic -Wall -Wextra -Werror -fPIC '" + source +
                       "/acme.c' $(pkg-config --cflags --libs llmhost-c-helpers) -o '" + by_hand + "' 2>&1");
    BOOST_TEST_REQUIRE(cc.exit_code == 0, cc.out);

    const std::string host = prefix.file("bin/llmhost");
    for (const std::string& file : {plugin, by_hand}) {
        const auto checked = run_process({host, "plugins", "check", file}, {});
        BOOST_TEST(checked.exit_code == 0, checked.out << checked.err);
        BOOST_TEST(checked.out.find("ok ") == 0, checked.out);
        BOOST_TEST(!contains(checked.out + checked.err, "warning"), checked.out << checked.err); // one export
        // The conformance kit with the bundled openai plugin's recordings: the same wire format, so
        // the same replays pass, whole and split at every byte, and the event contract is checked.
        const auto kit = run_process(
            {host, "plugins", "test", file, "--replay", std::string(LLMHOST_TEST_RECORDINGS_DIR) + "/openai"}, {});
        BOOST_TEST(kit.exit_code == 0, kit.out << kit.err);
        BOOST_TEST(contains(kit.out, " 0 failed, 0 not run"), kit.out);
        BOOST_TEST(contains(kit.out, "ok   replay tool_call_stream.json"), kit.out);
    }

    MockUpstream upstream(acme_answer);
    TempDir home;
    home.write("config.toml", "[providers.acme]\nbase_url = \"" + upstream.base_url() +
                                  "/v1\"\noptions = { organization = \"org-7\" }\n");
    home.write("tools.json", R"([{"type":"function","function":{"name":"get_weather","description":"Current weather",
        "parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}}])");
    const std::vector<std::string> env = {"ACME_API_KEY=sk-acme-test", "XDG_CONFIG_HOME=" + home.path()};
    const auto run = [&](std::vector<std::string> args) {
        args.insert(args.begin(), {host, "--config", home.file("config.toml"), "-p", "acme"});
        return run_process(args, env);
    };

    const auto streamed = run({"chat", "hi"});
    BOOST_TEST_REQUIRE(streamed.exit_code == 0, streamed.err);
    BOOST_TEST(streamed.out == "Hello from Acme\n");
    auto requests = upstream.requests();
    BOOST_REQUIRE_EQUAL(requests.size(), 1u);
    BOOST_TEST(requests[0].target == "/v1/chat/completions");
    BOOST_TEST(requests[0].header("authorization") == "Bearer sk-acme-test");
    BOOST_TEST(requests[0].header("openai-organization") == "org-7");
    BOOST_TEST(requests[0].header("accept") == "text/event-stream");
    const auto sent = boost::json::parse(requests[0].body);
    BOOST_TEST(sent.at("model") == "acme-1");
    BOOST_TEST(sent.at("stream") == true);
    BOOST_TEST(sent.at("messages").at(0).at("content") == "hi");

    const auto json = run({"chat", "--json", "hi"});
    BOOST_TEST_REQUIRE(json.exit_code == 0, json.err);
    const auto doc = boost::json::parse(json.out);
    BOOST_TEST(doc.at("text") == "Hello from Acme");
    BOOST_TEST(doc.at("usage").at("output_tokens") == 4);

    const auto tool = run({"chat", "--json", "--tools", home.file("tools.json"), "Weather in Oslo?"});
    BOOST_TEST_REQUIRE(tool.exit_code == 0, tool.err);
    const auto called = boost::json::parse(tool.out);
    BOOST_TEST(called.at("finish_reason") == "tool_calls");
    BOOST_REQUIRE_EQUAL(called.at("tool_calls").as_array().size(), 1u);
    BOOST_TEST(called.at("tool_calls").at(0).at("id") == "call_7");
    BOOST_TEST(called.at("tool_calls").at(0).at("name") == "get_weather");
    BOOST_TEST(called.at("tool_calls").at(0).at("arguments") == R"({"city":"Oslo"})");
    requests = upstream.requests();
    const auto tool_body = boost::json::parse(requests.back().body);
    BOOST_TEST(tool_body.at("tools").at(0).at("function").at("name") == "get_weather");
    BOOST_TEST(tool_body.at("stream") == true);

    const auto whole = run({"-m", "acme-2", "chat", "--no-stream", "hi"});
    BOOST_TEST_REQUIRE(whole.exit_code == 0, whole.err);
    BOOST_TEST(whole.out == "Whole answer\n");
    const auto whole_body = boost::json::parse(upstream.requests().back().body);
    BOOST_TEST(whole_body.at("stream") == false);
    BOOST_TEST(whole_body.at("model") == "acme-2");

    // Without a key: the host refuses before any request, naming the variable.
    const auto keyless = run_process({host, "--config", home.file("config.toml"), "-p", "acme", "chat", "hi"},
                                     {"XDG_CONFIG_HOME=" + home.path()});
    BOOST_TEST(keyless.exit_code == 3, keyless.err);
    BOOST_TEST(contains(keyless.err, "ACME_API_KEY"), keyless.err);
}
