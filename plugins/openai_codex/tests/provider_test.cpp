// The openai-codex plugin through its C table with a fake host replaying canned HTTP: the
// Codex headers on a backend request, the model listing, and a missing login failing before
// any network I/O.
#include "support/test_env.hpp"
#include "unit/fake_host_services.hpp"
#include "unit/plugin_chat_support.hpp"

#include "plugins/openai_codex/codex_errors.hpp"
#include "plugins/openai_codex/codex_provider.hpp"

#include <boost/test/unit_test.hpp>

#include <filesystem>

using namespace llmhost;
using namespace llmhost::testing;

namespace {

const llmh_plugin& codex_table() {
    return *plugin_detail::Adapter<&codex_plugin::make_provider>::table("openai-codex", "test");
}

std::string codex_config(std::string_view base_url = "https://chatgpt.com/backend-api/codex") {
    return provider_config("openai-codex", base_url, "gpt-5-codex");
}

// A Codex login whose access token (no exp claim) is used as it is.
struct Login {
    TempDir dir;
    Login() {
        std::filesystem::create_directories(dir.file("codex"));
        dir.write(
            "codex/auth.json",
            R"({"OPENAI_API_KEY":null,"tokens":{"id_token":"","access_token":"at-stored","refresh_token":"rt","account_id":"acct-9"}})");
    }
    void into(FakeHost& fake) const { fake.env = {{"HOME", dir.path()}, {"CODEX_HOME", dir.file("codex")}}; }
};

} // namespace

BOOST_AUTO_TEST_CASE(models_are_listed_with_codex_headers) {
    Login login;
    FakeHost fake;
    login.into(fake);
    fake.responses = {
        CannedResponse::json(200, R"({"models":[{"slug":"gpt-5-codex","display_name":"gpt-5-codex","visibility":"list"},
                           {"slug":"internal","visibility":"hide"},{"slug":"gpt-5"}]})")};
    AbiProvider provider(codex_table(), fake, "openai-codex", codex_config("http://backend.test/codex"));
    auto ctx = fake.context();
    const auto listed = boost::json::parse(provider.list_models(ctx));
    BOOST_TEST(listed == boost::json::parse(
                             R"({"models":[{"id":"gpt-5-codex","owned_by":"openai","display_name":"gpt-5-codex"},
                                                          {"id":"gpt-5","owned_by":"openai"}]})"),
               boost::json::serialize(listed));
    BOOST_REQUIRE_EQUAL(fake.requests.size(), 1u);
    const auto& get = fake.requests[0];
    BOOST_TEST(get.method == "GET");
    BOOST_TEST(get.url ==
               "http://backend.test/codex/models?client_version=" + std::string(codex_plugin::client_version));
    BOOST_TEST(get.header("Authorization") == "Bearer at-stored");
    BOOST_TEST(get.header("ChatGPT-Account-ID") == "acct-9");
    BOOST_TEST(get.header("originator") == "codex_cli_rs");
    BOOST_TEST(get.header("session_id").size() == 36u);
}

BOOST_AUTO_TEST_CASE(the_environment_overrides_the_backend_url) {
    Login login;
    FakeHost fake;
    login.into(fake);
    fake.env["LLMHOST_CODEX_BASE_URL"] = "http://127.0.0.1:1/mock/";
    fake.responses = {CannedResponse::json(200, R"({"models":[]})")};
    AbiProvider provider(codex_table(), fake, "openai-codex", codex_config());
    auto ctx = fake.context();
    provider.list_models(ctx);
    BOOST_TEST(fake.requests.at(0).url.rfind("http://127.0.0.1:1/mock/models?", 0) == 0u, fake.requests.at(0).url);
}

BOOST_AUTO_TEST_CASE(no_login_fails_before_any_request) {
    TempDir empty;
    FakeHost fake;
    fake.env = {{"HOME", empty.path()}, {"CODEX_HOME", empty.file("codex")}};
    AbiProvider provider(codex_table(), fake, "openai-codex", codex_config());
    auto ctx = fake.context();
    try {
        provider.list_models(ctx);
        BOOST_FAIL("expected an error");
    } catch (const Error& e) {
        BOOST_TEST(e.error_class() == LLMH_ERR_MISSING_CREDENTIALS);
        BOOST_TEST(std::string(e.what()).find("llmhost auth login openai-codex") != std::string::npos, e.what());
    }
    BOOST_TEST(fake.requests.empty());
}

BOOST_AUTO_TEST_CASE(unknown_options_are_refused) {
    FakeHost fake;
    BOOST_CHECK_THROW(AbiProvider(codex_table(), fake, "openai-codex",
                                  provider_config("openai-codex", "https://chatgpt.com/backend-api/codex", "",
                                                  {{"isuer", "https://x"}})),
                      Error);
}

BOOST_AUTO_TEST_CASE(a_used_up_plan_is_a_rate_limit_with_the_reset_time) {
    const int64_t now_ms = 1'700'000'000'000;
    HttpResponseHead head;
    head.status = 429;
    auto e = codex_plugin::usage_limit_error(
        head, R"({"error":{"type":"usage_limit_reached","plan_type":"plus","resets_in_seconds":600}})", now_ms);
    BOOST_REQUIRE(e);
    BOOST_TEST(e->error_class() == LLMH_ERR_RATE_LIMITED);
    BOOST_TEST(e->retry_after_ms() == 600'000);
    BOOST_TEST(std::string(e->what()).find("plus plan") != std::string::npos, e->what());

    e = codex_plugin::usage_limit_error(head, R"({"error":{"type":"usage_limit_reached","resets_at":1700000120}})",
                                        now_ms);
    BOOST_REQUIRE(e);
    BOOST_TEST(e->retry_after_ms() == 120'000);

    head.headers = {{"Retry-After", "30"}};
    e = codex_plugin::usage_limit_error(head, R"({"error":{"type":"usage_limit_reached","resets_in_seconds":600}})",
                                        now_ms);
    BOOST_TEST(e->retry_after_ms() == 30'000); // the header first

    BOOST_TEST(
        codex_plugin::usage_limit_error(head, R"({"error":{"type":"usage_not_included"}})", now_ms)->error_class() ==
        LLMH_ERR_QUOTA_EXHAUSTED);
    BOOST_TEST(!codex_plugin::usage_limit_error(head, R"({"error":{"type":"rate_limit_exceeded"}})", now_ms));
    head.status = 400;
    BOOST_TEST(!codex_plugin::usage_limit_error(head, R"({"error":{"type":"usage_limit_reached"}})", now_ms));
}

namespace {

const std::string codex_stream =
    "event: response.created\ndata: "
    "{\"type\":\"response.created\",\"response\":{\"id\":\"resp_c\",\"model\":\"gpt-5-codex\"}}\n\n"
    "event: response.output_text.delta\ndata: "
    "{\"type\":\"response.output_text.delta\",\"output_index\":0,\"delta\":\"Hi\"}\n\n"
    "event: response.completed\ndata: "
    "{\"type\":\"response.completed\",\"response\":{\"id\":\"resp_c\",\"status\":\"completed\","
    "\"usage\":{\"input_tokens\":5,\"output_tokens\":1}}}\n\n";

const std::string codex_request =
    R"({"model":"gpt-5-codex","messages":[{"role":"user","content":"hi"}],"stream":false,"temperature":0.3,)"
    R"("top_p":0.5,"max_tokens":64,"reasoning":{"effort":"low"}})";

} // namespace

BOOST_AUTO_TEST_CASE(chat_goes_to_the_backend_as_codex_sends_it) {
    Login login;
    FakeHost fake;
    login.into(fake);
    fake.responses = {CannedResponse::sse(codex_stream)};
    AbiProvider provider(codex_table(), fake, "openai-codex", codex_config("http://backend.test/codex"));
    const auto outcome = chat_through_table(fake, provider, codex_request, "");
    BOOST_TEST(!outcome.error, (outcome.error ? outcome.error->what() : ""));
    BOOST_TEST(outcome.response.text == "Hi");
    BOOST_TEST(outcome.response.finish_reason == LLMH_FINISH_STOP);
    BOOST_REQUIRE_EQUAL(fake.requests.size(), 1u);
    const auto& post = fake.requests[0];
    BOOST_TEST(post.url == "http://backend.test/codex/responses");
    BOOST_TEST(post.header("Authorization") == "Bearer at-stored");
    BOOST_TEST(post.header("ChatGPT-Account-ID") == "acct-9");
    BOOST_TEST(post.header("originator") == "codex_cli_rs");
    BOOST_TEST(post.header("session_id").size() == 36u);
    const auto body = post.json().as_object();
    BOOST_TEST(body.at("store") == false);
    BOOST_TEST(body.at("stream") == true); // the backend streams only, whatever the client asked
    BOOST_TEST(!body.at("instructions").as_string().empty());
    BOOST_TEST(!body.contains("temperature"));
    BOOST_TEST(!body.contains("top_p"));
    BOOST_TEST(!body.contains("max_output_tokens"));
    BOOST_TEST(body.at("include") == boost::json::parse(R"(["reasoning.encrypted_content"])"));
    BOOST_TEST(body.at("reasoning").at("effort") == "low");
}

BOOST_AUTO_TEST_CASE(chat_refreshes_the_login_once_on_401) {
    Login login;
    FakeHost fake;
    login.into(fake);
    fake.responses = {CannedResponse::json(401, R"({"error":{"message":"expired"}})"),
                      CannedResponse::json(200, R"({"access_token":"at-new","refresh_token":"rt2"})"),
                      CannedResponse::sse(codex_stream)};
    AbiProvider provider(codex_table(), fake, "openai-codex", codex_config("http://backend.test/codex"));
    const auto outcome = chat_through_table(fake, provider, codex_request, "");
    BOOST_TEST(!outcome.error, (outcome.error ? outcome.error->what() : ""));
    BOOST_TEST(outcome.response.text == "Hi");
    BOOST_REQUIRE_EQUAL(fake.requests.size(), 3u);
    BOOST_TEST(fake.requests[2].header("Authorization") == "Bearer at-new");
}
