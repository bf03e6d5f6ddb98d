// The copilot plugin through its C table with a fake host that replays canned HTTP: which
// GitHub token it uses, the Copilot token exchange and its cache, the chat and model listing
// requests it sends, and how every failure is classified.
#include "support/test_env.hpp"
#include "unit/expected_files.hpp"
#include "unit/fake_host_services.hpp"
#include "unit/plugin_chat_support.hpp"

#include "plugins/copilot/copilot_provider.hpp"

#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <map>

using namespace llmhost;
using namespace llmhost::testing;

namespace {

const llmh_plugin& copilot_table() {
    return *plugin_detail::Adapter<&copilot_plugin::make_provider>::table("copilot", "test");
}

std::string copilot_config(boost::json::object options = {},
                           std::string_view base_url = "https://api.githubcopilot.com") {
    return provider_config("copilot", base_url, "gpt-4.1", std::move(options));
}

// FakeHost's clock starts at 1'700'000'000'000 ms, so this token has 30 minutes to live.
constexpr int64_t now_s = 1'700'000'000;

CannedResponse token_response(std::string token = "tid=copilot-1", int64_t expires_at = now_s + 1800,
                              std::string api = "https://api.individual.githubcopilot.com") {
    boost::json::object body{{"token", token}, {"expires_at", expires_at}, {"refresh_in", 1500}};
    if (!api.empty()) body["endpoints"] = {{"api", api}, {"proxy", "https://proxy.individual.githubcopilot.com"}};
    return CannedResponse::json(200, boost::json::serialize(body));
}

std::string chunk(const std::string& choice) {
    return R"(data: {"id":"chatcmpl-C1","object":"chat.completion.chunk","model":"gpt-4.1-2025-04-14","choices":[)" +
           choice + "]}\n\n";
}

CannedResponse hello_stream() {
    return CannedResponse::sse(
        chunk(R"({"index":0,"delta":{"role":"assistant","content":"Hello"},"finish_reason":null})") +
        chunk(R"({"index":0,"delta":{"content":" world"},"finish_reason":null})") + ": keep-alive\n\n" +
        chunk(R"({"index":0,"delta":{},"finish_reason":"stop"})") +
        R"(data: {"id":"chatcmpl-C1","object":"chat.completion.chunk","model":"gpt-4.1-2025-04-14","choices":[],"usage":{"prompt_tokens":9,"completion_tokens":2,"total_tokens":11}})"
        "\n\ndata: [DONE]\n\n");
}

const std::string hello_request = R"({"model":"","stream":true,"messages":[{"role":"user","content":"hi"}]})";

ChatOutcome chat(const AbiProvider& provider, FakeHost& fake, std::string_view api_key = "ghu_host_key",
                 std::string_view request = hello_request) {
    return chat_through_table(fake, provider, request, api_key);
}

std::string message_of(const std::optional<Error>& e) { return e ? e->what() : std::string("(no error)"); }

bool contains(std::string_view haystack, std::string_view needle) { return haystack.find(needle) != std::string::npos; }

std::string read_expected(const std::string& name) { return expected_text("copilot", name); }

std::optional<Error> create_error(boost::json::object options,
                                  std::string_view base_url = "https://api.githubcopilot.com",
                                  std::map<std::string, std::string> env = {}) {
    FakeHost fake;
    fake.env = std::move(env);
    try {
        AbiProvider provider(copilot_table(), fake, "copilot", copilot_config(std::move(options), base_url));
    } catch (const Error& e) {
        return e;
    }
    return std::nullopt;
}

} // namespace

BOOST_AUTO_TEST_CASE(exchanges_the_github_token_then_chats_with_editor_headers) {
    FakeHost fake;
    fake.responses = {token_response(), hello_stream()};
    AbiProvider provider(copilot_table(), fake, "copilot", copilot_config());
    const auto run = chat(provider, fake);
    BOOST_REQUIRE_MESSAGE(!run.error, message_of(run.error));
    BOOST_TEST(run.response.text == "Hello world");
    BOOST_TEST(run.response.finish_reason == LLMH_FINISH_STOP);
    BOOST_TEST(run.response.usage.input_tokens == 9);
    BOOST_TEST(run.response.model == "gpt-4.1-2025-04-14");

    BOOST_REQUIRE_EQUAL(fake.requests.size(), 2u);
    const auto& exchange = fake.requests[0];
    BOOST_TEST(exchange.method == "GET");
    BOOST_TEST(exchange.url == "https://api.github.com/copilot_internal/v2/token");
    BOOST_TEST(exchange.header("Authorization") == "token ghu_host_key");
    BOOST_TEST(exchange.header("Accept") == "application/json");
    BOOST_TEST(exchange.header("Editor-Version") == "vscode/1.99.3");
    BOOST_TEST(exchange.header("Editor-Plugin-Version") == "copilot-chat/0.26.7");
    BOOST_TEST(exchange.header("User-Agent") == "GitHubCopilotChat/0.26.7");

    const auto& post = fake.requests[1];
    BOOST_TEST(post.method == "POST");
    BOOST_TEST(post.url == "https://api.individual.githubcopilot.com/chat/completions");
    BOOST_TEST(post.header("Authorization") == "Bearer tid=copilot-1");
    BOOST_TEST(post.header("Copilot-Integration-Id") == "vscode-chat");
    BOOST_TEST(post.header("Editor-Version") == "vscode/1.99.3");
    BOOST_TEST(post.header("Editor-Plugin-Version") == "copilot-chat/0.26.7");
    BOOST_TEST(post.header("User-Agent") == "GitHubCopilotChat/0.26.7");
    BOOST_TEST(post.header("X-Initiator") == "user");
    BOOST_TEST(post.header("Accept") == "text/event-stream");
    BOOST_TEST(!post.has_header("Copilot-Vision-Request"));
    const auto body = post.json().as_object();
    BOOST_TEST(body.at("model").as_string() == "gpt-4.1"); // the provider's default model
    BOOST_TEST(body.at("stream").as_bool());
    BOOST_TEST(!body.contains("stream_options")); // [U] whether Copilot honours it
}

BOOST_AUTO_TEST_CASE(streamed_reply_is_the_same_at_every_split) {
    const CannedResponse stream = hello_stream();
    std::optional<std::vector<std::string>> first;
    for (size_t cut = 0; cut <= stream.body.size() + 1; ++cut) {
        FakeHost fake;
        CannedResponse r = stream;
        if (cut <= stream.body.size())
            r.cuts = {cut};
        else
            r.byte_by_byte = true;
        fake.responses = {token_response(), std::move(r)};
        AbiProvider provider(copilot_table(), fake, "copilot", copilot_config());
        const auto run = chat(provider, fake);
        BOOST_REQUIRE_MESSAGE(!run.error, "cut " << cut << ": " << message_of(run.error));
        if (!first) {
            first = run.lines;
            continue;
        }
        BOOST_TEST_INFO("body cut at " << cut);
        BOOST_REQUIRE_EQUAL_COLLECTIONS(run.lines.begin(), run.lines.end(), first->begin(), first->end());
    }
    const std::vector<std::string> expected{"start id=chatcmpl-C1 model=gpt-4.1-2025-04-14", "text Hello",
                                            "text  world", "usage in=9 out=2 cached=-1 reasoning=-1", "finish stop"};
    BOOST_TEST(*first == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(non_streamed_reply_with_a_tool_call) {
    FakeHost fake;
    fake.responses = {
        token_response(),
        CannedResponse::json(
            200,
            R"({"id":"chatcmpl-C2","object":"chat.completion","model":"gpt-4.1","choices":[{"index":0,"finish_reason":"tool_calls",
                "message":{"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}}]}}],
                "usage":{"prompt_tokens":20,"completion_tokens":5,"total_tokens":25}})")};
    AbiProvider provider(copilot_table(), fake, "copilot", copilot_config());
    const auto run =
        chat(provider, fake, "ghu_host_key",
             R"({"model":"gpt-4.1","stream":false,"messages":[{"role":"user","content":"Weather in Paris?"}],
            "tools":[{"name":"get_weather","description":"Current weather","parameters":{"type":"object","properties":{"city":{"type":"string"}}}}]})");
    BOOST_REQUIRE_MESSAGE(!run.error, message_of(run.error));
    BOOST_TEST(run.response.finish_reason == LLMH_FINISH_TOOL_CALLS);
    BOOST_REQUIRE_EQUAL(run.response.tool_calls.size(), 1u);
    BOOST_TEST(run.response.tool_calls[0].name == "get_weather");
    BOOST_TEST(run.response.tool_calls[0].arguments == R"({"city":"Paris"})");
    const auto body = fake.requests.at(1).json().as_object();
    BOOST_TEST(!body.at("stream").as_bool());
    BOOST_TEST(body.at("tools").as_array().at(0).at("function").at("name").as_string() == "get_weather");
    BOOST_TEST(fake.requests.at(1).header("Accept") == "application/json");
}

BOOST_AUTO_TEST_CASE(tool_loop_follow_up_comes_from_the_agent_and_matches_the_golden_body) {
    FakeHost fake;
    fake.responses = {token_response(), hello_stream()};
    AbiProvider provider(copilot_table(), fake, "copilot", copilot_config());
    const auto run = chat(provider, fake, "ghu_host_key", read_expected("canonical_tool_loop_request.json"));
    BOOST_REQUIRE_MESSAGE(!run.error, message_of(run.error));
    const auto& post = fake.requests.at(1);
    BOOST_TEST(post.header("X-Initiator") == "agent");
    BOOST_TEST(post.json() == boost::json::parse(read_expected("wire_tool_loop_request.json")));
}

BOOST_AUTO_TEST_CASE(images_ask_for_the_vision_endpoint) {
    FakeHost fake;
    fake.responses = {token_response(), hello_stream()};
    AbiProvider provider(copilot_table(), fake, "copilot", copilot_config());
    const auto run =
        chat(provider, fake, "ghu_host_key",
             R"({"model":"gpt-4.1","messages":[{"role":"user","content":[{"type":"text","text":"What is this?"},
                              {"type":"image","media_type":"image/png","data":"iVBORw0KGgo="}]}]})");
    BOOST_REQUIRE_MESSAGE(!run.error, message_of(run.error));
    const auto& post = fake.requests.at(1);
    BOOST_TEST(post.header("Copilot-Vision-Request") == "true");
    const auto body = post.json();
    const auto& parts = body.at("messages").as_array().at(0).at("content").as_array();
    BOOST_TEST(parts.at(1).at("image_url").at("url").as_string() == "data:image/png;base64,iVBORw0KGgo=");
}

BOOST_AUTO_TEST_CASE(copilot_token_is_reused_until_five_minutes_before_it_expires) {
    FakeHost fake;
    fake.responses = {token_response("tid=first"), hello_stream(), hello_stream()};
    AbiProvider provider(copilot_table(), fake, "copilot", copilot_config());
    BOOST_REQUIRE(!chat(provider, fake).error);
    // 24 min 59 s later: 5 min 1 s left, still fresh.
    fake.wall_clock_ms += (1800 - 301) * 1000;
    BOOST_REQUIRE(!chat(provider, fake).error);
    BOOST_REQUIRE_EQUAL(fake.requests.size(), 3u);
    BOOST_TEST(fake.requests[2].header("Authorization") == "Bearer tid=first");

    // Two more seconds: under five minutes left, so the next call exchanges again first.
    fake.wall_clock_ms += 2000;
    fake.responses = {token_response("tid=second", now_s + 3600), hello_stream()};
    BOOST_REQUIRE(!chat(provider, fake).error);
    BOOST_REQUIRE_EQUAL(fake.requests.size(), 5u);
    BOOST_TEST(fake.requests[3].url == "https://api.github.com/copilot_internal/v2/token");
    BOOST_TEST(fake.requests[4].header("Authorization") == "Bearer tid=second");
}

BOOST_AUTO_TEST_CASE(without_expires_at_the_token_is_refreshed_after_refresh_in) {
    FakeHost fake;
    fake.responses = {CannedResponse::json(200, R"({"token":"tid=r","refresh_in":1500})"), hello_stream(),
                      hello_stream()};
    AbiProvider provider(copilot_table(), fake, "copilot", copilot_config());
    BOOST_REQUIRE(!chat(provider, fake).error);
    fake.wall_clock_ms += 1499 * 1000;
    BOOST_REQUIRE(!chat(provider, fake).error);
    BOOST_TEST(fake.requests.size() == 3u); // reused
    fake.wall_clock_ms += 2000;
    fake.responses = {CannedResponse::json(200, R"({"token":"tid=r2"})"), hello_stream()};
    BOOST_REQUIRE(!chat(provider, fake).error);
    BOOST_TEST(fake.requests.at(3).url == "https://api.github.com/copilot_internal/v2/token");
    // Without endpoints.api the default chat host is used.
    BOOST_TEST(fake.requests.at(4).url == "https://api.githubcopilot.com/chat/completions");
}

BOOST_AUTO_TEST_CASE(another_github_token_gets_its_own_copilot_token) {
    FakeHost fake;
    fake.responses = {token_response("tid=a"), hello_stream(), token_response("tid=b"), hello_stream(), hello_stream()};
    AbiProvider provider(copilot_table(), fake, "copilot", copilot_config());
    BOOST_REQUIRE(!chat(provider, fake, "ghu_key_a").error);
    BOOST_REQUIRE(!chat(provider, fake, "ghu_key_b").error);
    BOOST_REQUIRE(!chat(provider, fake, "ghu_key_a").error);
    BOOST_REQUIRE_EQUAL(fake.requests.size(), 5u);
    BOOST_TEST(fake.requests[2].header("Authorization") == "token ghu_key_b");
    BOOST_TEST(fake.requests[3].header("Authorization") == "Bearer tid=b");
    BOOST_TEST(fake.requests[4].header("Authorization") == "Bearer tid=a"); // a's token, from the cache
}

BOOST_AUTO_TEST_CASE(chat_401_exchanges_again_once_and_retries) {
    FakeHost fake;
    fake.responses = {token_response("tid=stale"),
                      CannedResponse::json(401, R"({"error":{"message":"token expired","type":"unauthorized"}})"),
                      token_response("tid=fresh"), hello_stream(), hello_stream()};
    AbiProvider provider(copilot_table(), fake, "copilot", copilot_config());
    const auto run = chat(provider, fake);
    BOOST_REQUIRE_MESSAGE(!run.error, message_of(run.error));
    BOOST_TEST(run.response.text == "Hello world");
    BOOST_REQUIRE_EQUAL(fake.requests.size(), 4u);
    BOOST_TEST(fake.requests[2].url == "https://api.github.com/copilot_internal/v2/token");
    BOOST_TEST(fake.requests[3].header("Authorization") == "Bearer tid=fresh");
    // The fresh token replaced the stale one in the cache.
    BOOST_REQUIRE(!chat(provider, fake).error);
    BOOST_TEST(fake.requests.at(4).header("Authorization") == "Bearer tid=fresh");
}

BOOST_AUTO_TEST_CASE(chat_401_after_a_fresh_exchange_is_an_authentication_error) {
    FakeHost fake;
    const auto unauthorized = CannedResponse::json(401, R"({"error":{"message":"unauthorized"}})");
    fake.responses = {token_response("tid=1"), unauthorized, token_response("tid=2"), unauthorized};
    AbiProvider provider(copilot_table(), fake, "copilot", copilot_config());
    const auto run = chat(provider, fake);
    BOOST_REQUIRE(run.error);
    BOOST_TEST(run.error->error_class() == LLMH_ERR_AUTHENTICATION);
    BOOST_TEST(run.error->http_status() == 401);
    BOOST_TEST(contains(run.error->what(), "llmhost auth login copilot"), run.error->what());
    BOOST_TEST(fake.requests.size() == 4u); // retried once, not more
    BOOST_TEST(run.lines.empty());
}

BOOST_AUTO_TEST_CASE(a_401_inside_a_stream_already_shown_is_not_retried) {
    FakeHost fake;
    fake.responses = {
        token_response("tid=stale"),
        CannedResponse::sse(
            chunk(R"({"index":0,"delta":{"role":"assistant","content":"partial"},"finish_reason":null})") +
            R"(data: {"error":{"message":"token expired","code":"401"}})"
            "\n\n")};
    AbiProvider provider(copilot_table(), fake, "copilot", copilot_config());
    const auto run = chat(provider, fake);
    BOOST_REQUIRE(run.error);
    BOOST_TEST(run.error->error_class() == LLMH_ERR_AUTHENTICATION);
    BOOST_TEST(run.response.text == "partial"); // shown once, not repeated by a retry
    BOOST_TEST(fake.requests.size() == 2u);
    // The stale token was dropped all the same: the next call exchanges first.
    fake.responses = {token_response("tid=fresh"), hello_stream()};
    BOOST_REQUIRE(!chat(provider, fake).error);
    BOOST_TEST(fake.requests.at(2).url == "https://api.github.com/copilot_internal/v2/token");
    BOOST_TEST(fake.requests.at(3).header("Authorization") == "Bearer tid=fresh");
}

BOOST_AUTO_TEST_CASE(token_exchange_failures_are_classified) {
    struct Case {
        int status;
        std::string body;
        Headers headers;
        llmh_error_class expected;
        std::string says;
    };
    const std::vector<Case> cases{
        {401, R"({"message":"Bad credentials"})", {}, LLMH_ERR_AUTHENTICATION, "llmhost auth login copilot"},
        {403,
         R"({"error_details":{"message":"not signed up for Copilot"}})",
         {},
         LLMH_ERR_PERMISSION,
         "not signed up for Copilot"},
        {404, R"({"message":"Not Found"})", {}, LLMH_ERR_PERMISSION, "no Copilot entitlement"},
        {429, R"({"message":"slow down"})", {{"Retry-After", "7"}}, LLMH_ERR_RATE_LIMITED, "slow down"},
        {500, "<html>oops</html>", {}, LLMH_ERR_SERVER, "oops"},
        {503, "", {}, LLMH_ERR_OVERLOADED, "no error message"},
        {200, "not json", {}, LLMH_ERR_MALFORMED_RESPONSE, "not a JSON object"},
        {200, R"({"expires_at":1})", {}, LLMH_ERR_MALFORMED_RESPONSE, "no token"},
    };
    for (const auto& c : cases) {
        FakeHost fake;
        fake.responses = {CannedResponse::json(c.status, c.body, c.headers)};
        AbiProvider provider(copilot_table(), fake, "copilot", copilot_config());
        const auto run = chat(provider, fake);
        BOOST_TEST_INFO("HTTP " << c.status << " " << c.body);
        BOOST_REQUIRE(run.error);
        BOOST_TEST(run.error->error_class() == c.expected);
        BOOST_TEST(contains(run.error->what(), c.says), run.error->what());
        BOOST_TEST(fake.requests.size() == 1u); // no chat without a token
        if (c.status == 429) BOOST_TEST(run.error->retry_after_ms() == 7000);
    }
}

BOOST_AUTO_TEST_CASE(chat_failures_are_classified) {
    struct Case {
        CannedResponse response;
        llmh_error_class expected;
    };
    CannedResponse refused;
    refused.status = 0;
    refused.transport_error = LLMH_ERR_NETWORK;
    refused.transport_message = "connection refused";
    const std::vector<Case> cases{
        {CannedResponse::json(429, R"({"error":{"message":"rate limited","code":"rate_limited"}})",
                              {{"Retry-After", "3"}}),
         LLMH_ERR_RATE_LIMITED},
        {CannedResponse::json(
             400,
             R"({"error":{"message":"prompt token count exceeds the limit","code":"model_max_prompt_tokens_exceeded"}})"),
         LLMH_ERR_BAD_REQUEST},
        {CannedResponse::json(400, R"({"error":{"message":"This model's maximum context length is 128000 tokens"}})"),
         LLMH_ERR_CONTEXT_LENGTH},
        {CannedResponse::json(403, R"({"error":{"message":"model disabled by policy"}})"), LLMH_ERR_PERMISSION},
        {CannedResponse::json(404, R"({"error":{"message":"model not found"}})"), LLMH_ERR_NOT_FOUND},
        {CannedResponse::json(500, R"({"error":{"message":"internal"}})"), LLMH_ERR_SERVER},
        {CannedResponse::sse(chunk(R"({"index":0,"delta":{"content":"cut"},"finish_reason":null})")),
         LLMH_ERR_MALFORMED_RESPONSE},
        {refused, LLMH_ERR_NETWORK},
    };
    for (const auto& c : cases) {
        FakeHost fake;
        fake.responses = {token_response(), c.response};
        AbiProvider provider(copilot_table(), fake, "copilot", copilot_config());
        const auto run = chat(provider, fake);
        BOOST_TEST_INFO("HTTP " << c.response.status << " " << c.response.body);
        BOOST_REQUIRE(run.error);
        BOOST_TEST(run.error->error_class() == c.expected, message_of(run.error));
        if (c.response.status == 429) BOOST_TEST(run.error->retry_after_ms() == 3000);
        BOOST_TEST(fake.requests.size() == 2u); // only 401 is retried
    }
}

BOOST_AUTO_TEST_CASE(tokens_never_appear_in_errors_even_when_echoed) {
    FakeHost fake;
    fake.responses = {token_response("tid=secret-copilot"),
                      CannedResponse::json(
                          400, R"({"error":{"message":"bad header: Bearer tid=secret-copilot for ghu_file_secret"}})")};
    TempDir dir;
    dir.write("llmhost/copilot.json", R"({"host":"github.com","oauth_token":"ghu_file_secret"})");
    fake.env = {{"XDG_CONFIG_HOME", dir.path()}};
    AbiProvider provider(copilot_table(), fake, "copilot", copilot_config());
    const auto run = chat(provider, fake, "");
    BOOST_REQUIRE(run.error);
    BOOST_TEST(!contains(run.error->what(), "secret"), run.error->what());
    BOOST_TEST(contains(run.error->what(), "[redacted]"), run.error->what());

    FakeHost exchange_fake;
    exchange_fake.responses = {CannedResponse::json(401, R"({"message":"token ghu_echoed_key is invalid"})")};
    AbiProvider provider2(copilot_table(), exchange_fake, "copilot", copilot_config());
    const auto failed = chat(provider2, exchange_fake, "ghu_echoed_key");
    BOOST_REQUIRE(failed.error);
    BOOST_TEST(!contains(failed.error->what(), "ghu_echoed_key"), failed.error->what());
}

BOOST_AUTO_TEST_CASE(without_any_github_login_the_error_says_how_to_log_in) {
    FakeHost fake;
    TempDir dir;
    fake.env = {{"XDG_CONFIG_HOME", dir.path()}};
    AbiProvider provider(copilot_table(), fake, "copilot", copilot_config());
    const auto run = chat(provider, fake, "");
    BOOST_REQUIRE(run.error);
    BOOST_TEST(run.error->error_class() == LLMH_ERR_MISSING_CREDENTIALS);
    BOOST_TEST(contains(run.error->what(), "llmhost auth login copilot"), run.error->what());
    BOOST_TEST(contains(run.error->what(), dir.file("github-copilot/apps.json")), run.error->what());
    BOOST_TEST(fake.requests.empty()); // before any network I/O
}

BOOST_AUTO_TEST_CASE(github_token_comes_from_the_host_key_then_llmhost_then_other_editors) {
    TempDir dir;
    dir.write("llmhost/copilot.json", R"({"host":"github.com","user":"octocat","oauth_token":"ghu_llmhost"})");
    dir.write("github-copilot/apps.json", R"({"github.com:Iv1.b507a08c87ecfe98":{"oauth_token":"ghu_apps"}})");
    dir.write("github-copilot/hosts.json", R"({"github.com":{"user":"octocat","oauth_token":"gho_hosts"}})");
    FakeHost fake;
    fake.env = {{"XDG_CONFIG_HOME", dir.path()}, {"HOME", "/nonexistent"}};
    AbiProvider provider(copilot_table(), fake, "copilot", copilot_config());
    auto exchanged_with = [&](std::string_view api_key) {
        fake.requests.clear();
        fake.responses = {token_response(), hello_stream()};
        const auto run = chat(provider, fake, api_key);
        BOOST_REQUIRE_MESSAGE(!run.error, message_of(run.error));
        return std::string(fake.requests.at(0).header("Authorization"));
    };
    BOOST_TEST(exchanged_with("ghu_host_key") == "token ghu_host_key");
    BOOST_TEST(exchanged_with("") == "token ghu_llmhost");
    std::filesystem::remove(dir.file("llmhost/copilot.json"));
    BOOST_TEST(exchanged_with("") == "token ghu_apps");
    std::filesystem::remove(dir.file("github-copilot/apps.json"));
    BOOST_TEST(exchanged_with("") == "token gho_hosts");
}

BOOST_AUTO_TEST_CASE(home_config_is_read_when_xdg_config_home_is_unset) {
    TempDir dir;
    dir.write(".config/github-copilot/hosts.json", R"({"github.com":{"oauth_token":"gho_home"}})");
    FakeHost fake;
    fake.env = {{"HOME", dir.path()}};
    fake.responses = {token_response(), hello_stream()};
    AbiProvider provider(copilot_table(), fake, "copilot", copilot_config());
    BOOST_REQUIRE(!chat(provider, fake, "").error);
    BOOST_TEST(fake.requests.at(0).header("Authorization") == "token gho_home");
}

BOOST_AUTO_TEST_CASE(enterprise_endpoints_come_from_options_and_environment) {
    TempDir dir;
    dir.write("github-copilot/hosts.json",
              R"({"github.com":{"oauth_token":"gho_dotcom"},"ghe.example.com":{"oauth_token":"gho_ghe"}})");
    FakeHost fake;
    fake.env = {{"XDG_CONFIG_HOME", dir.path()}};
    fake.responses = {token_response("tid=ghe", now_s + 1800, "https://api.enterprise.githubcopilot.com"),
                      hello_stream()};
    AbiProvider provider(
        copilot_table(), fake, "copilot",
        copilot_config({{"github_url", "https://ghe.example.com"}, {"api_url", "https://api.ghe.example.com/"}}));
    BOOST_REQUIRE(!chat(provider, fake, "").error);
    BOOST_TEST(fake.requests.at(0).url == "https://api.ghe.example.com/copilot_internal/v2/token");
    BOOST_TEST(fake.requests.at(0).header("Authorization") == "token gho_ghe");
    BOOST_TEST(fake.requests.at(1).url == "https://api.enterprise.githubcopilot.com/chat/completions");

    // The environment wins over the options, as it does for `llmhost auth login copilot`.
    FakeHost env_fake;
    env_fake.env = {{"XDG_CONFIG_HOME", dir.path()}, {"LLMHOST_COPILOT_API_URL", "http://127.0.0.1:9"}};
    env_fake.responses = {token_response(), hello_stream()};
    AbiProvider env_provider(copilot_table(), env_fake, "copilot",
                             copilot_config({{"api_url", "https://api.ghe.example.com"}}));
    BOOST_REQUIRE(!chat(env_provider, env_fake, "").error);
    BOOST_TEST(env_fake.requests.at(0).url == "http://127.0.0.1:9/copilot_internal/v2/token");
    BOOST_TEST(env_fake.requests.at(0).header("Authorization") == "token gho_dotcom");
}

BOOST_AUTO_TEST_CASE(chat_url_and_a_configured_base_url_override_the_exchanged_endpoint) {
    FakeHost fake;
    fake.responses = {token_response(), hello_stream()};
    AbiProvider with_option(copilot_table(), fake, "copilot", copilot_config({{"chat_url", "http://127.0.0.1:7/"}}));
    BOOST_REQUIRE(!chat(with_option, fake).error);
    BOOST_TEST(fake.requests.at(1).url == "http://127.0.0.1:7/chat/completions");

    FakeHost fake2;
    fake2.responses = {token_response(), hello_stream()};
    AbiProvider with_base_url(copilot_table(), fake2, "copilot", copilot_config({}, "https://copilot-proxy.example"));
    BOOST_REQUIRE(!chat(with_base_url, fake2).error);
    BOOST_TEST(fake2.requests.at(1).url == "https://copilot-proxy.example/chat/completions");
}

BOOST_AUTO_TEST_CASE(editor_version_option_sets_the_header) {
    FakeHost fake;
    fake.responses = {token_response(), hello_stream()};
    AbiProvider provider(copilot_table(), fake, "copilot", copilot_config({{"editor_version", "Zed/0.200.0"}}));
    BOOST_REQUIRE(!chat(provider, fake).error);
    BOOST_TEST(fake.requests.at(0).header("Editor-Version") == "Zed/0.200.0");
    BOOST_TEST(fake.requests.at(1).header("Editor-Version") == "Zed/0.200.0");
}

BOOST_AUTO_TEST_CASE(options_are_validated) {
    const auto unknown = create_error({{"model_family", "gpt"}});
    BOOST_REQUIRE(unknown);
    BOOST_TEST(unknown->error_class() == LLMH_ERR_INVALID_CONFIG);
    for (const char* name : {"model_family", "github_url", "api_url", "chat_url", "editor_version"})
        BOOST_TEST(contains(unknown->what(), name), unknown->what());
    BOOST_TEST(create_error({{"chat_url", "ftp://x"}})->error_class() == LLMH_ERR_INVALID_CONFIG);
    BOOST_TEST(create_error({{"api_url", 42}})->error_class() == LLMH_ERR_INVALID_CONFIG);
    BOOST_TEST(create_error({{"editor_version", ""}})->error_class() == LLMH_ERR_INVALID_CONFIG);
    BOOST_TEST(create_error({}, "copilot.example")->error_class() == LLMH_ERR_INVALID_CONFIG);
    BOOST_TEST(create_error({}, "https://api.githubcopilot.com", {{"LLMHOST_COPILOT_GITHUB_URL", "github.com"}})
                   ->error_class() == LLMH_ERR_INVALID_CONFIG);
    BOOST_TEST(!create_error({{"github_url", "https://github.com"}, {"editor_version", "vscode/1.100.0"}}));
}

BOOST_AUTO_TEST_CASE(models_keep_only_enabled_chat_models_from_the_picker) {
    FakeHost fake;
    fake.responses = {token_response(), CannedResponse::json(200, read_expected("models_response.json"))};
    AbiProvider provider(copilot_table(), fake, "copilot", copilot_config());
    auto ctx = fake.context("ghu_host_key");
    const auto listed = boost::json::parse(provider.list_models(ctx));
    BOOST_TEST(listed == boost::json::parse(read_expected("models_listed.json")), boost::json::serialize(listed));
    const auto& get = fake.requests.at(1);
    BOOST_TEST(get.method == "GET");
    BOOST_TEST(get.url == "https://api.individual.githubcopilot.com/models");
    BOOST_TEST(get.header("Authorization") == "Bearer tid=copilot-1");
    BOOST_TEST(get.header("X-GitHub-Api-Version") == "2025-05-01");
    BOOST_TEST(get.header("Copilot-Integration-Id") == "vscode-chat");
}

BOOST_AUTO_TEST_CASE(models_401_also_exchanges_again) {
    FakeHost fake;
    fake.responses = {token_response("tid=old"), CannedResponse::json(401, R"({"message":"expired"})"),
                      token_response("tid=new"), CannedResponse::json(200, read_expected("models_response.json"))};
    AbiProvider provider(copilot_table(), fake, "copilot", copilot_config());
    auto ctx = fake.context("ghu_host_key");
    BOOST_CHECK_NO_THROW(provider.list_models(ctx));
    BOOST_TEST(fake.requests.at(3).header("Authorization") == "Bearer tid=new");
}

BOOST_AUTO_TEST_CASE(embeddings_are_not_offered) {
    FakeHost fake;
    AbiProvider provider(copilot_table(), fake, "copilot", copilot_config());
    auto ctx = fake.context("ghu_host_key");
    try {
        provider.embed(ctx, R"({"model":"x","input":["a"]})");
        BOOST_FAIL("expected an error");
    } catch (const Error& e) {
        BOOST_TEST(e.error_class() == LLMH_ERR_UNSUPPORTED);
    }
    BOOST_TEST(fake.requests.empty());
}

// ---- reasoning state and canonical request 2 ----------------------------------------------

namespace {

// Claude behind Copilot: reasoning_text, then reasoning_opaque with the tool call.
CannedResponse thinking_tool_stream() {
    return CannedResponse::sse(
        chunk(R"({"index":0,"delta":{"role":"assistant","reasoning_text":"Paris means "},"finish_reason":null})") +
        chunk(R"({"index":0,"delta":{"reasoning_text":"get_weather."},"finish_reason":null})") +
        chunk(
            R"({"index":0,"delta":{"reasoning_opaque":"EqQBCkgIBxABGAIqQH+/=","tool_calls":[{"index":0,"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}}]},"finish_reason":null})") +
        chunk(R"({"index":0,"delta":{},"finish_reason":"tool_calls"})") + "data: [DONE]\n\n");
}

} // namespace

BOOST_AUTO_TEST_CASE(reasoning_text_streams_as_reasoning_and_reasoning_opaque_as_its_state) {
    FakeHost fake;
    fake.responses = {token_response(), thinking_tool_stream()};
    AbiProvider provider(copilot_table(), fake, "copilot", copilot_config());
    const auto run = chat(provider, fake);
    BOOST_REQUIRE_MESSAGE(!run.error, message_of(run.error));
    const std::vector<std::string> expected{"start id=chatcmpl-C1 model=gpt-4.1-2025-04-14",
                                            "reasoning Paris means ",
                                            "reasoning get_weather.",
                                            "state -1 origin=copilot data=EqQBCkgIBxABGAIqQH+/=",
                                            "tool_start 0 call_1 get_weather",
                                            R"(tool_delta 0 {"city":"Paris"})",
                                            "finish tool_calls"};
    BOOST_TEST(run.lines == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(copilot_reasoning_goes_back_as_reasoning_text_and_reasoning_opaque_and_no_one_elses) {
    FakeHost fake;
    fake.responses = {token_response(), hello_stream()};
    AbiProvider provider(copilot_table(), fake, "copilot", copilot_config());
    const auto run = chat(provider, fake, "ghu_host_key", R"({"model":"claude-sonnet-4","stream":true,"messages":[
        {"role":"user","content":"Weather in Paris?"},
        {"role":"assistant","content":[],
         "reasoning":[{"text":"Paris means get_weather.","state":{"origin":"copilot","data":"EqQBCkgIBxABGAIqQH+/="}}],
         "tool_calls":[{"id":"call_1","name":"get_weather","arguments":"{\"city\":\"Paris\"}"}]},
        {"role":"tool","tool_call_id":"call_1","content":"sunny"},
        {"role":"assistant","content":[{"type":"text","text":"Sunny."}],
         "reasoning":[{"text":"Someone else's.","state":{"origin":"anthropic","signature":"sig"}},
                      {"text":"DeepSeek's.","state":{"origin":"openai-chat/copilot"}}]},
        {"role":"user","content":"Thanks"}]})");
    BOOST_REQUIRE_MESSAGE(!run.error, message_of(run.error));
    const auto body = fake.requests.at(1).json();
    const auto& messages = body.at("messages").as_array();
    BOOST_TEST(messages.at(1) ==
                   boost::json::parse(
                       R"({"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function",)"
                       R"("function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}}],)"
                       R"("reasoning_text":"Paris means get_weather.","reasoning_opaque":"EqQBCkgIBxABGAIqQH+/="})"),
               boost::json::serialize(messages.at(1)));
    BOOST_TEST(messages.at(3) == boost::json::parse(R"({"role":"assistant","content":"Sunny."})"),
               boost::json::serialize(messages.at(3)));
}

BOOST_AUTO_TEST_CASE(request_2_fields_the_clients_own_fields_and_betas_reach_copilot) {
    FakeHost fake;
    fake.responses = {token_response(), hello_stream()};
    AbiProvider provider(copilot_table(), fake, "copilot",
                         copilot_config({{"drop_betas", boost::json::array{"flagged=*"}}}));
    const auto run = chat(provider, fake, "ghu_host_key", R"({"model":"gpt-4.1","stream":true,
        "messages":[{"role":"user","content":"hi"}],
        "tools":[{"name":"f","description":"F","parameters":{"type":"object"}}],
        "parallel_tool_calls":false,"top_p":0.5,"user":"u-1","prompt_cache_key":"pck","service_tier":"auto",
        "extension":{"protocol":"openai-chat","fields":{"seed":3,"model":"nope","stream_options":{"include_usage":true}},
                     "headers":[["OpenAI-Beta","assistants=v2,flagged=v1"]]}})");
    BOOST_REQUIRE_MESSAGE(!run.error, message_of(run.error));
    const auto& post = fake.requests.at(1);
    const auto body = post.json().as_object();
    BOOST_TEST(body.at("parallel_tool_calls") == false);
    BOOST_TEST(body.at("top_p") == 0.5);
    BOOST_TEST(body.at("user") == "u-1");
    BOOST_TEST(body.at("prompt_cache_key") == "pck");
    BOOST_TEST(body.at("service_tier") == "auto");
    BOOST_TEST(body.at("seed") == 3);
    BOOST_TEST(body.at("model") == "gpt-4.1");
    BOOST_TEST(!body.contains("stream_options")); // Copilot is sent none, whatever the client asked
    BOOST_TEST(post.header("OpenAI-Beta") == "assistants=v2");
    BOOST_TEST(create_error({{"forward_betas", "all"}}).has_value());
}
