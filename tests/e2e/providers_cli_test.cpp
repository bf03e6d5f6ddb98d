// `llmhost providers` and provider selection through the built binary: the README's table is
// what the plugins' metadata says, families are grouped, columns stay aligned (cut only in a
// terminal), a shadowing plugin file warns once, unknown ids get close suggestions, and a
// sample of the catalog's ids answers a chat through its plugin with its key variable.
#include "support/mock_upstream.hpp"
#include "support/test_env.hpp"

#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <filesystem>
#include <sstream>

using namespace llmhost::testing;

namespace {

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

std::string readme_table() {
    const std::string readme = read_file(std::string(LLMHOST_TEST_SOURCE_DIR) + "/README.md");
    const std::string begin = "<!-- providers-table:begin -->\n", end = "<!-- providers-table:end -->";
    const size_t from = readme.find(begin), to = readme.find(end);
    BOOST_REQUIRE(from != std::string::npos && to != std::string::npos && from < to);
    return readme.substr(from + begin.size(), to - from - begin.size());
}

std::string openai_completion(const std::string& text) {
    return R"({"id":"c1","object":"chat.completion","model":"m","choices":[{"index":0,"message":{"role":"assistant","content":")" +
           text + R"("},"finish_reason":"stop"}],"usage":{"prompt_tokens":3,"completion_tokens":2,"total_tokens":5}})";
}

std::string anthropic_message(const std::string& text) {
    return R"({"id":"msg_1","type":"message","role":"assistant","model":"m","content":[{"type":"text","text":")" +
           text + R"("}],"stop_reason":"end_turn","usage":{"input_tokens":3,"output_tokens":2}})";
}

} // namespace

BOOST_AUTO_TEST_CASE(the_readme_table_is_the_plugins_metadata) {
    IsolatedConfig iso;
    const auto r = run_host({"providers", "--markdown"}, iso.env({"OPENAI_API_KEY=set-but-irrelevant"}));
    BOOST_REQUIRE_EQUAL(r.exit_code, 0);
    BOOST_TEST(r.out == readme_table(),
               "README's provider table differs from the plugins' metadata; regenerate it with "
               "`build/bin/llmhost providers --markdown` between the providers-table markers");
    for (const char* id : {"`moonshot`", "`kimi-code-anthropic`", "`doubao`", "`custom:<URL>`"})
        BOOST_TEST(contains(r.out, id), id);
}

BOOST_AUTO_TEST_CASE(families_are_grouped_and_values_whole_when_not_a_terminal) {
    IsolatedConfig iso;
    const auto r = run_host({"providers"}, iso.env());
    BOOST_REQUIRE_EQUAL(r.exit_code, 0);
    const auto lines = lines_of(r.out);
    const auto family = std::find(lines.begin(), lines.end(), "moonshot family:");
    BOOST_REQUIRE(family != lines.end());
    BOOST_REQUIRE(lines.end() - family > 6);
    BOOST_TEST(family[1].starts_with("  moonshot "), family[1]); // the family's own id first
    for (int i = 2; i <= 6; ++i)
        BOOST_TEST(family[i].starts_with("  "), family[i]);
    BOOST_TEST(!family[7].starts_with("  "), family[7]);
    // Nothing cut, no header, and the columns line up whatever the length of the values.
    BOOST_TEST(contains(r.out, "https://gateway.ai.cloudflare.com/v1/{account_id}/{gateway_id}/compat"));
    BOOST_TEST(!contains(r.out, "..."));
    BOOST_TEST(!r.out.starts_with("ID"));
    size_t column = std::string::npos;
    for (const auto& line : lines) {
        if (line.ends_with("family:")) continue;
        const size_t at = line.find(" plugin ");
        BOOST_REQUIRE_MESSAGE(at != std::string::npos, line);
        if (column == std::string::npos) column = at;
        BOOST_TEST(at == column, line);
    }
}

BOOST_AUTO_TEST_CASE(a_terminal_gets_a_header_and_cut_values) {
    const std::string script = "/usr/bin/script"; // util-linux, Essential on Debian
    if (!std::filesystem::exists(script)) {
        BOOST_TEST_MESSAGE("skipped: " << script << " (to run under a pseudo-terminal) is not installed");
        return;
    }
    IsolatedConfig iso;
    const std::string command = std::string(LLMHOST_TEST_HOST_BINARY) + " providers";
    const auto r = run_process({script, "-qec", command, "/dev/null"}, iso.env({"COLUMNS=90", "TERM=dumb"}));
    BOOST_REQUIRE_EQUAL(r.exit_code, 0);
    BOOST_TEST(r.out.starts_with("ID "), r.out.substr(0, 200));
    BOOST_TEST(contains(r.out, "..."));
    for (auto line : lines_of(r.out)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        BOOST_TEST(line.size() <= 90u, line);
    }
}

BOOST_AUTO_TEST_CASE(json_lists_aliases_and_families) {
    IsolatedConfig iso;
    const auto r = run_host({"providers", "--json"}, iso.env());
    BOOST_REQUIRE_EQUAL(r.exit_code, 0);
    const auto doc = boost::json::parse(r.out);
    const auto& moonshot = doc.at("families").at("moonshot").as_array();
    BOOST_TEST(moonshot == (boost::json::array{"kimi-code", "kimi-code-anthropic", "moonshot", "moonshot-anthropic",
                                               "moonshot-intl", "moonshot-intl-anthropic"}));
    bool found = false;
    for (const auto& p : doc.at("providers").as_array()) {
        BOOST_TEST(p.at("aliases").is_array());
        // The models chat sends to the Responses API, from the plugins' metadata.
        const auto& responses_models = p.at("responses_models").as_array();
        if (p.at("id") == "openai" || p.at("id") == "copilot") {
            BOOST_TEST(!responses_models.empty(), p.at("id"));
            BOOST_TEST(std::find(responses_models.begin(), responses_models.end(), boost::json::value("gpt-5-codex")) !=
                       responses_models.end());
        } else if (p.at("id") == "groq") {
            BOOST_TEST(responses_models.empty());
        }
        if (p.at("id") != "moonshot") continue;
        found = true;
        BOOST_TEST(p.at("family") == "moonshot");
        BOOST_TEST(p.at("aliases") == (boost::json::array{"kimi", "moonshot-cn", "kimi-cn"}));
    }
    BOOST_TEST(found);
}

BOOST_AUTO_TEST_CASE(a_dropped_in_copy_of_a_plugin_warns_once) {
    IsolatedConfig iso;
    TempDir extra;
    const std::string copy = extra.file("llmhost-openai.so");
    std::filesystem::copy_file(std::string(LLMHOST_TEST_PLUGIN_DIR) + "/llmhost-openai.so", copy);
    const auto r = run_host({"--plugin-dir", extra.path(), "providers"}, iso.env());
    BOOST_REQUIRE_EQUAL(r.exit_code, 0);
    const auto lines = lines_of(r.err);
    BOOST_REQUIRE_EQUAL(lines.size(), 1u);
    BOOST_TEST(lines[0].starts_with("llmhost: warning: " + std::string(LLMHOST_TEST_PLUGIN_DIR) +
                                    "/llmhost-openai.so is shadowed by " + copy + ": both serve "),
               lines[0]);
    BOOST_TEST(contains(lines[0], "LLMHOST_DEBUG_PLUGINS=1"));

    const auto traced = run_host({"--plugin-dir", extra.path(), "providers"}, iso.env({"LLMHOST_DEBUG_PLUGINS=1"}));
    BOOST_TEST(contains(traced.err, "provider alias 'kimi' is claimed by both " + copy));
}

BOOST_AUTO_TEST_CASE(unknown_ids_suggest_close_ids_and_aliases_only) {
    IsolatedConfig iso;
    auto error_of = [&](const std::string& selector) {
        const auto r = run_host({"-p", selector, "chat", "hi"}, iso.env());
        BOOST_TEST(r.exit_code == 2, selector);
        return r.err;
    };
    BOOST_TEST(contains(error_of("moonshoot"), "closest known ids: moonshot (run `llmhost providers`"));
    BOOST_TEST(contains(error_of("kimi-k2"), "kimi (moonshot)"));
    BOOST_TEST(contains(error_of("dashscope-international-us"), "dashscope-international (qwen-intl)"));
    const std::string far = error_of("zzzzzzzzzz");
    BOOST_TEST(contains(far, "unknown provider 'zzzzzzzzzz'"));
    BOOST_TEST(!contains(far, "closest known ids"), far);
    BOOST_TEST(contains(far, "llmhost providers"));
}

// Each id goes through its plugin, with its own key variable, to its path under the base URL.
BOOST_AUTO_TEST_CASE(a_sample_of_catalog_ids_answers_through_the_binary) {
    struct Case {
        std::string selector, section, key_env, base_path, expected_target;
        bool anthropic = false;
    };
    const std::vector<Case> cases{
        {"kimi", "moonshot", "MOONSHOT_API_KEY", "/v1", "/v1/chat/completions"},
        {"bigmodel", "glm-cn", "GLM_API_KEY", "/api/paas/v4", "/api/paas/v4/chat/completions"},
        {"dashscope-intl", "qwen-intl", "DASHSCOPE_API_KEY", "/compatible-mode/v1",
         "/compatible-mode/v1/chat/completions"},
        {"ovh", "ovhcloud", "OVH_AI_ENDPOINTS_ACCESS_TOKEN", "/v1", "/v1/chat/completions"},
        {"cloudflare-ai", "cloudflare", "CLOUDFLARE_API_KEY", "/v1/{account_id}/{gateway_id}/compat",
         "/v1/acct-7/gw-9/compat/chat/completions"},
        {"zai-anthropic", "zai-anthropic", "ZAI_API_KEY", "/api/anthropic", "/api/anthropic/v1/messages", true},
        {"kimi-anthropic", "moonshot-anthropic", "MOONSHOT_API_KEY", "/anthropic", "/anthropic/v1/messages", true},
    };
    for (const auto& c : cases) {
        MockUpstream upstream([&](const RecordedRequest&) {
            return ScriptedResponse::json(200, c.anthropic ? anthropic_message("hello from " + c.section)
                                                           : openai_completion("hello from " + c.section));
        });
        IsolatedConfig iso;
        iso.dir.write("config.toml",
                      "[providers." + c.section + "]\nbase_url = \"" + upstream.base_url() + c.base_path + "\"\n");
        const auto r = run_host({"--config", iso.dir.file("config.toml"), "-p", c.selector, "-m", "some-model", "chat",
                                 "--no-stream", "hi"},
                                iso.env({c.key_env + "=sk-test-" + c.section, "CLOUDFLARE_ACCOUNT_ID=acct-7",
                                         "CLOUDFLARE_GATEWAY_ID=gw-9"}));
        BOOST_TEST(r.exit_code == 0, c.selector << ": " << r.err);
        BOOST_TEST(contains(r.out, "hello from " + c.section), c.selector << ": " << r.out);
        const auto requests = upstream.requests();
        BOOST_REQUIRE_MESSAGE(requests.size() == 1u, c.selector);
        BOOST_TEST(requests[0].target == c.expected_target, c.selector);
        if (c.anthropic)
            BOOST_TEST(requests[0].header("x-api-key") == "sk-test-" + c.section, c.selector);
        else
            BOOST_TEST(requests[0].header("Authorization") == "Bearer sk-test-" + c.section, c.selector);
        BOOST_TEST(contains(requests[0].body, "\"some-model\""), c.selector);
    }
}
