// The built binary, end to end: listings, the mock provider, an OpenAI-compatible upstream
// on 127.0.0.1, and the SPEC's exit codes and messages for bad input.
#include "support/mock_upstream.hpp"
#include "support/test_env.hpp"

#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

using namespace llmhost::testing;

namespace {

const std::string bundled = std::string("--plugin-dir=") + LLMHOST_TEST_PLUGIN_DIR;

bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

std::string sse_chunk(const std::string& content) {
    return "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"gpt-test\",\"choices\":[{\"index\":0,"
           "\"delta\":{\"content\":\"" +
           content + "\"},\"finish_reason\":null}]}\n\n";
}

ScriptedResponse openai_stream() {
    return ScriptedResponse::sse(
        {sse_chunk("Hello"), sse_chunk(" there"),
         "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"gpt-test\",\"choices\":[{\"index\":0,"
         "\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n",
         "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"gpt-test\",\"choices\":[],"
         "\"usage\":{\"prompt_tokens\":7,\"completion_tokens\":2,\"total_tokens\":9}}\n\n",
         "data: [DONE]\n\n"});
}

} // namespace

BOOST_AUTO_TEST_CASE(version_names_the_abi) {
    const auto r = run_host({"version"});
    BOOST_TEST(r.exit_code == 0);
    BOOST_TEST(contains(r.out, "llmhost 0.1.0"), r.out);
    BOOST_TEST(contains(r.out, "plugin ABI 1.2"), r.out);
}

BOOST_AUTO_TEST_CASE(no_command_is_a_usage_error) {
    const auto r = run_host({});
    BOOST_TEST(r.exit_code == 2);
    BOOST_TEST(contains(r.err, "usage: llmhost"));
    BOOST_TEST(run_host({"frobnicate"}).exit_code == 2);
    BOOST_TEST(run_host({"--bogus", "version"}).exit_code == 2);
}

BOOST_AUTO_TEST_CASE(plugins_lists_the_bundled_plugins_from_metadata) {
    const auto r = run_host({"plugins", "--json"});
    BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
    const auto doc = boost::json::parse(r.out);
    bool saw_mock = false, saw_groq = false;
    for (const auto& p : doc.at("plugins").as_array()) {
        BOOST_TEST(p.at("status").as_string() == "ok");
        BOOST_TEST(p.at("abi").at("major").as_int64() == 1);
        for (const auto& id : p.at("ids").as_array()) {
            saw_mock = saw_mock || id.as_string() == "mock";
            saw_groq = saw_groq || id.as_string() == "groq";
        }
    }
    BOOST_TEST(saw_mock);
    BOOST_TEST(saw_groq);
}

BOOST_AUTO_TEST_CASE(mock_chat_streams_the_echo) {
    const auto r = run_host({"-p", "mock", "chat", "hello", "streaming", "world"});
    BOOST_TEST(r.exit_code == 0, r.err);
    BOOST_TEST(r.out == "hello streaming world\n");
}

BOOST_AUTO_TEST_CASE(mock_chat_reads_stdin_and_prints_json) {
    const auto r = run_host({"-p", "mock", "chat", "--json"}, {}, "from stdin\n");
    BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
    const auto doc = boost::json::parse(r.out);
    BOOST_TEST(doc.at("provider").as_string() == "mock");
    BOOST_TEST(doc.at("text").as_string() == "from stdin");
    BOOST_TEST(doc.at("finish_reason").as_string() == "stop");
    BOOST_TEST(doc.at("usage").at("output_tokens").as_int64() == 2);
    BOOST_TEST(doc.at("tool_calls").as_array().empty());
}

BOOST_AUTO_TEST_CASE(model_flag_selects_provider_and_model) {
    const auto r = run_host({"-m", "mock/custom-model", "chat", "--json", "hi"});
    BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
    const auto doc = boost::json::parse(r.out);
    BOOST_TEST(doc.at("provider").as_string() == "mock");
    BOOST_TEST(doc.at("model").as_string() == "custom-model");
}

BOOST_AUTO_TEST_CASE(mock_models_and_embeddings) {
    const auto models = run_host({"-p", "mock", "models"});
    BOOST_TEST(models.exit_code == 0, models.err);
    BOOST_TEST(contains(models.out, "mock-echo"));
    const auto embed = run_host({"-p", "mock", "embed", "alpha", "beta"});
    BOOST_TEST_REQUIRE(embed.exit_code == 0, embed.err);
    const auto doc = boost::json::parse(embed.out);
    BOOST_TEST(doc.at("data").as_array().size() == 2u);
    BOOST_TEST(doc.at("data").as_array()[1].at("index").as_int64() == 1);
    // Deterministic: the same text gives the same vector.
    BOOST_TEST(run_host({"-p", "mock", "embed", "alpha", "beta"}).out == embed.out);
}

BOOST_AUTO_TEST_CASE(unknown_provider_exits_2_naming_the_closest_ids) {
    const auto r = run_host({"-p", "opnai", "chat", "hi"});
    BOOST_TEST(r.exit_code == 2);
    BOOST_TEST(contains(r.err, "unknown provider 'opnai'"), r.err);
    BOOST_TEST(contains(r.err, "openai"), r.err);
}

BOOST_AUTO_TEST_CASE(missing_key_exits_3_before_any_network_io) {
    const auto r = run_host({"-p", "groq", "chat", "hi"});
    BOOST_TEST(r.exit_code == 3);
    BOOST_TEST(contains(r.err, "GROQ_API_KEY"), r.err);
    BOOST_TEST(r.out.empty());
}

BOOST_AUTO_TEST_CASE(no_provider_selected_says_what_to_set) {
    const auto r = run_host({"chat", "hi"});
    BOOST_TEST(r.exit_code == 2);
    BOOST_TEST(contains(r.err, "LLMHOST_PROVIDER"), r.err);
}

BOOST_AUTO_TEST_CASE(openai_compatible_upstream_end_to_end) {
    MockUpstream upstream([](const RecordedRequest&) { return openai_stream(); });
    const std::string selector = "custom:" + upstream.base_url() + "/v1";
    const auto r = run_host({"-p", selector, "-m", "gpt-test", "chat", "hi"});
    BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
    BOOST_TEST(r.out == "Hello there\n");
    const auto reqs = upstream.requests();
    BOOST_REQUIRE_EQUAL(reqs.size(), 1u);
    BOOST_TEST(reqs[0].target == "/v1/chat/completions");
    const auto body = boost::json::parse(reqs[0].body);
    BOOST_TEST(body.at("model").as_string() == "gpt-test");
    BOOST_TEST(body.at("stream").as_bool());
}

BOOST_AUTO_TEST_CASE(config_provider_gets_its_key_and_headers_and_never_prints_the_key) {
    MockUpstream upstream([](const RecordedRequest& req) {
        if (req.header("authorization") != "Bearer sk-e2e-SECRET-1234")
            return ScriptedResponse::json(
                401, R"({"error":{"message":"bad key sk-e2e-SECRET-1234","type":"invalid_request_error"}})");
        return openai_stream();
    });
    TempDir dir;
    dir.write("config.toml", "[providers.local]\nbase_url = \"" + upstream.base_url() +
                                 "/v1\"\napi_key_env = \"LOCAL_KEY\"\ndefault_model = \"gpt-test\"\n"
                                 "http_headers = { \"X-Team\" = \"search\" }\n");
    const std::vector<std::string> env{"LOCAL_KEY=sk-e2e-SECRET-1234"};
    const auto ok = run_host({"--config", dir.file("config.toml"), "-p", "local", "chat", "--json", "hi"}, env);
    BOOST_TEST_REQUIRE(ok.exit_code == 0, ok.err);
    BOOST_TEST(boost::json::parse(ok.out).at("text").as_string() == "Hello there");
    BOOST_TEST(upstream.requests().back().header("x-team") == "search");

    // A rejected key: exit 3, and the upstream's echo of the key is masked.
    const auto bad = run_host({"--config", dir.file("config.toml"), "-p", "local", "chat", "hi"},
                              {"LOCAL_KEY=sk-e2e-SECRET-9999-wrong"});
    BOOST_TEST(bad.exit_code == 3, bad.err);

    for (const auto& args : std::vector<std::vector<std::string>>{
             {"providers"}, {"providers", "--json"}, {"config", "show"}, {"-v", "-p", "local", "chat", "hi"}}) {
        std::vector<std::string> full{"--config", dir.file("config.toml")};
        full.insert(full.end(), args.begin(), args.end());
        const auto r = run_host(full, env);
        BOOST_TEST(!contains(r.out + r.err, "SECRET"), "secret printed by: " << args.front());
    }
}

BOOST_AUTO_TEST_CASE(upstream_errors_map_to_exit_codes) {
    struct Case {
        int status;
        std::string body;
        int exit_code;
    };
    for (const auto& c : std::vector<Case>{
             {401, R"({"error":{"message":"Incorrect API key","type":"invalid_request_error"}})", 3},
             {429, R"({"error":{"message":"slow down","type":"rate_limit_exceeded"}})", 4},
             {429, R"({"error":{"message":"no money","type":"insufficient_quota","code":"insufficient_quota"}})", 4},
             {500, R"({"error":{"message":"boom","type":"server_error"}})", 5},
             {200, "this is not json", 5}}) {
        MockUpstream upstream([&](const RecordedRequest&) { return ScriptedResponse::json(c.status, c.body); });
        const auto r =
            run_host({"-p", "custom:" + upstream.base_url() + "/v1", "-m", "x", "chat", "--no-stream", "hi"});
        BOOST_TEST(r.exit_code == c.exit_code, "status " << c.status << ": " << r.err);
        BOOST_TEST(!r.err.empty());
    }
}

BOOST_AUTO_TEST_CASE(a_stream_cut_short_is_an_upstream_error) {
    MockUpstream upstream([](const RecordedRequest&) {
        auto r = ScriptedResponse::sse({sse_chunk("partial")});
        r.close_after_chunks = true;
        return r;
    });
    const auto r = run_host({"-p", "custom:" + upstream.base_url() + "/v1", "-m", "x", "chat", "hi"});
    BOOST_TEST(r.exit_code == 5, r.err);
    BOOST_TEST(r.out == "partial"); // what arrived was shown, nothing was lost
}

BOOST_AUTO_TEST_CASE(plugin_dirs_from_the_environment_are_searched) {
    TempDir empty;
    const auto r = run_host({"plugins", "--json"}, {"LLMHOST_PLUGIN_PATH=" + empty.path()});
    BOOST_TEST(r.exit_code == 0);
}
