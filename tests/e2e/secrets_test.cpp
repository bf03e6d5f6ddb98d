// Secrets configured in every possible way never appear in any command's output.
#include "support/mock_upstream.hpp"
#include "support/test_env.hpp"

#include <boost/test/unit_test.hpp>

using namespace llmhost::testing;

BOOST_AUTO_TEST_CASE(no_command_prints_a_secret) {
    MockUpstream upstream([](const RecordedRequest& req) {
        // Reject, quoting the key back as some real APIs do.
        return ScriptedResponse::json(401, "{\"error\":{\"message\":\"Incorrect API key provided: " +
                                               std::string(req.header("authorization")) + "\"}}");
    });
    TempDir dir;
    const std::vector<std::string> secrets{
        "S1-literal-api-key",    "S2-env-api-key",   "S3-api-key-env-value", "S4-header-secret", "S5-route-secret",
        "S6-reliability-secret", "S7-server-secret", "S8-convention-key",    "S9-option-secret", "S10-api-keys-entry"};
    dir.write("config.toml", "default_provider = \"lit\"\n"
                             "[providers.lit]\nbase_url = \"" +
                                 upstream.base_url() +
                                 "/v1\"\napi_key = \"S1-literal-api-key\"\n"
                                 "[providers.ref]\nbase_url = \"" +
                                 upstream.base_url() +
                                 "/v1\"\napi_key = \"${REF_KEY}\"\n"
                                 "http_headers = { \"X-Api-Key\" = \"S4-header-secret\" }\n"
                                 "[providers.byenv]\nbase_url = \"" +
                                 upstream.base_url() +
                                 "/v1\"\napi_key_env = \"BYENV\"\n"
                                 "options = { organization = \"org\", api_key = \"S9-option-secret\" }\n"
                                 "[providers.listed]\nbase_url = \"" +
                                 upstream.base_url() +
                                 "/v1\"\napi_keys = [\"S10-api-keys-entry\"]\n"
                                 "[reliability]\napi_keys = [\"S6-reliability-secret\"]\n"
                                 "[[model_routes]]\nhint = \"r-\"\nprovider = \"lit\"\napi_key = \"S5-route-secret\"\n"
                                 "[server]\napi_keys = [\"S7-server-secret\"]\n");
    const std::vector<std::string> env{"REF_KEY=S2-env-api-key", "BYENV=S3-api-key-env-value",
                                       "OPENAI_API_KEY=S8-convention-key", "GROQ_API_KEY=S8-convention-key"};
    const std::string config = "--config=" + dir.file("config.toml");
    const std::vector<std::vector<std::string>> commands{
        {"providers"},
        {"providers", "--json"},
        {"config", "show"},
        {"config", "show", "--json"},
        {"config", "check"},
        {"plugins", "--json"},
        {"-v", "-p", "lit", "-m", "x", "chat", "hi"},
        {"-v", "-p", "ref", "-m", "x", "chat", "--json", "hi"},
        {"-v", "-p", "byenv", "-m", "x", "chat", "hi"},
        {"-v", "-p", "listed", "-m", "x", "chat", "hi"},
        {"-v", "-m", "r-model", "chat", "hi"},
        {"-v", "-p", "lit", "-m", "x", "models"},
        {"-v", "-p", "ref", "-m", "x", "embed", "hi"},
        {"-v", "-p", "groq", "-m", "x", "chat", "hi"},
    };
    for (const auto& args : commands) {
        std::vector<std::string> full{config};
        full.insert(full.end(), args.begin(), args.end());
        const auto r = run_host(full, env);
        std::string joined;
        for (const auto& a : args)
            joined += a + " ";
        for (const auto& secret : secrets)
            BOOST_TEST((r.out + r.err).find(secret) == std::string::npos,
                       "`" << joined << "` printed " << secret << "\nstdout: " << r.out << "\nstderr: " << r.err);
    }
}
