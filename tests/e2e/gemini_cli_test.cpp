// The built binary with the gemini plugin, end to end against an in-process upstream that
// speaks Gemini's wire format: chat (streamed and --json), models, embed, the key variables
// and what a user sees when the upstream refuses.
#include "support/mock_upstream.hpp"
#include "support/test_env.hpp"

#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

using namespace llmhost::testing;

namespace {

const std::string secret = "AIzaSyE2E-SECRET-gemini-0001";

bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

std::string event(const std::string& json) { return "data: " + json + "\r\n\r\n"; }

ScriptedResponse gemini_stream() {
    return ScriptedResponse::sse(
        {event(
             R"({"candidates":[{"content":{"role":"model","parts":[{"text":"Hello"}]},"index":0}],"modelVersion":"gemini-2.5-flash","responseId":"e2e-1"})"),
         event(
             R"({"candidates":[{"content":{"role":"model","parts":[{"text":" there"}]},"finishReason":"STOP","index":0}],"usageMetadata":{"promptTokenCount":7,"candidatesTokenCount":2,"totalTokenCount":9},"modelVersion":"gemini-2.5-flash","responseId":"e2e-1"})")});
}

// Answers like Gemini when the request carries `secret`, and like Gemini refusing a key otherwise.
ScriptedResponse fake_gemini(const RecordedRequest& req) {
    if (req.header("x-goog-api-key") != secret)
        return ScriptedResponse::json(
            400, R"({"error":{"code":400,"message":"API key not valid. Please pass a valid API key.",
            "status":"INVALID_ARGUMENT","details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"API_KEY_INVALID"}]}})");
    if (req.target.rfind("/v1beta/models?", 0) == 0)
        return ScriptedResponse::json(200,
                                      R"({"models":[{"name":"models/gemini-2.5-flash","displayName":"Gemini 2.5 Flash",
            "supportedGenerationMethods":["generateContent"]},{"name":"models/gemini-2.5-pro","supportedGenerationMethods":["generateContent"]},
            {"name":"models/gemini-embedding-001","supportedGenerationMethods":["embedContent"]}]})");
    if (contains(req.target, ":batchEmbedContents"))
        return ScriptedResponse::json(200, R"({"embeddings":[{"values":[0.5,-0.25]},{"values":[1,0]}]})");
    return gemini_stream();
}

// A config that points the built-in gemini provider at the upstream.
std::string write_config(const TempDir& dir, const MockUpstream& upstream) {
    dir.write("config.toml", "[providers.gemini]\nbase_url = \"" + upstream.base_url() + "\"\n");
    return dir.file("config.toml");
}

} // namespace

BOOST_AUTO_TEST_CASE(chat_streams_the_text) {
    MockUpstream upstream(fake_gemini);
    TempDir dir;
    const auto r =
        run_host({"--config", write_config(dir, upstream), "-p", "gemini", "chat", "hi"}, {"GEMINI_API_KEY=" + secret});
    BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
    BOOST_TEST(r.out == "Hello there\n");
    const auto reqs = upstream.requests();
    BOOST_REQUIRE_EQUAL(reqs.size(), 1u);
    BOOST_TEST(reqs[0].target == "/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse");
    BOOST_TEST(reqs[0].header("x-goog-api-key") == secret);
    const auto body = boost::json::parse(reqs[0].body);
    BOOST_TEST(body.at("contents").at(0).at("parts").at(0).at("text") == "hi");
}

BOOST_AUTO_TEST_CASE(chat_json_through_an_alias_with_options) {
    MockUpstream upstream(fake_gemini);
    TempDir dir;
    const auto r = run_host({"--config", write_config(dir, upstream), "-p", "google", "-m", "models/gemini-2.5-pro",
                             "chat", "--json", "--no-stream", "--system", "Be brief.", "--max-tokens", "64", "hi"},
                            {"GEMINI_API_KEY=" + secret});
    BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
    const auto doc = boost::json::parse(r.out);
    BOOST_TEST(doc.at("text") == "Hello there");
    BOOST_TEST(doc.at("finish_reason") == "stop");
    BOOST_TEST(doc.at("usage").at("input_tokens") == 7);
    BOOST_TEST(doc.at("usage").at("output_tokens") == 2);
    const auto reqs = upstream.requests();
    BOOST_REQUIRE_EQUAL(reqs.size(), 1u);
    BOOST_TEST(reqs[0].target == "/v1beta/models/gemini-2.5-pro:generateContent");
    const auto body = boost::json::parse(reqs[0].body);
    BOOST_TEST(body.at("systemInstruction").at("parts").at(0).at("text") == "Be brief.");
    BOOST_TEST(body.at("generationConfig").at("maxOutputTokens") == 64);
}

BOOST_AUTO_TEST_CASE(models_and_embed) {
    MockUpstream upstream(fake_gemini);
    TempDir dir;
    const auto config = write_config(dir, upstream);
    const std::vector<std::string> env{"GEMINI_API_KEY=" + secret};
    const auto models = run_host({"--config", config, "-p", "gemini", "models"}, env);
    BOOST_TEST_REQUIRE(models.exit_code == 0, models.err);
    BOOST_TEST(models.out == "gemini-2.5-flash\ngemini-2.5-pro\n");

    const auto listed = run_host({"--config", config, "-p", "gemini", "models", "--json"}, env);
    BOOST_TEST_REQUIRE(listed.exit_code == 0, listed.err);
    BOOST_TEST(boost::json::parse(listed.out).at("models").at(0).at("display_name") == "Gemini 2.5 Flash");

    // Without -m the chat default is selected; the plugin embeds with its embedding model.
    const auto embed = run_host({"--config", config, "-p", "gemini", "embed", "alpha", "beta"}, env);
    BOOST_TEST_REQUIRE(embed.exit_code == 0, embed.err);
    const auto doc = boost::json::parse(embed.out);
    BOOST_TEST(doc.at("model") == "gemini-embedding-001");
    BOOST_TEST(doc.at("data").as_array().size() == 2u);
    BOOST_TEST(doc.at("data").at(0).at("embedding").at(1) == -0.25);
    BOOST_TEST(upstream.requests().back().target == "/v1beta/models/gemini-embedding-001:batchEmbedContents");
}

BOOST_AUTO_TEST_CASE(google_api_key_is_the_fallback_and_gemini_api_key_wins) {
    MockUpstream upstream(fake_gemini);
    TempDir dir;
    const auto config = write_config(dir, upstream);
    const auto fallback = run_host({"--config", config, "-p", "gemini", "chat", "hi"}, {"GOOGLE_API_KEY=" + secret});
    BOOST_TEST(fallback.exit_code == 0, fallback.err);
    BOOST_TEST(fallback.out == "Hello there\n");

    const auto both = run_host({"--config", config, "-p", "gemini", "chat", "hi"},
                               {"GEMINI_API_KEY=" + secret, "GOOGLE_API_KEY=other"});
    BOOST_TEST(both.exit_code == 0, both.err);
    BOOST_TEST(upstream.requests().back().header("x-goog-api-key") == secret);

    // Either variable also selects gemini when no provider is named.
    const auto detected = run_host({"--config", config, "chat", "hi"}, {"GOOGLE_API_KEY=" + secret});
    BOOST_TEST(detected.exit_code == 0, detected.err);
    BOOST_TEST(detected.out == "Hello there\n");
}

BOOST_AUTO_TEST_CASE(missing_and_rejected_keys) {
    MockUpstream upstream(fake_gemini);
    TempDir dir;
    const auto config = write_config(dir, upstream);
    const auto missing = run_host({"--config", config, "-p", "gemini", "chat", "hi"});
    BOOST_TEST(missing.exit_code == 3, missing.err);
    BOOST_TEST(contains(missing.err, "GEMINI_API_KEY"), missing.err);
    BOOST_TEST(contains(missing.err, "GOOGLE_API_KEY"), missing.err);
    BOOST_TEST(upstream.requests().empty());

    // Gemini refuses a bad key with a 400; that is still a credentials failure, and the key is
    // not printed.
    const std::string wrong = "AIzaSyE2E-SECRET-wrong-9999";
    for (const auto& args : std::vector<std::vector<std::string>>{{"chat", "hi"}, {"models"}, {"embed", "x"}}) {
        std::vector<std::string> full{"--config", config, "-v", "-p", "gemini"};
        full.insert(full.end(), args.begin(), args.end());
        const auto r = run_host(full, {"GEMINI_API_KEY=" + wrong});
        BOOST_TEST(r.exit_code == 3, args.front() << ": " << r.err);
        BOOST_TEST(contains(r.err, "API key not valid"), r.err);
        BOOST_TEST(!contains(r.out + r.err, "SECRET"), "secret printed by " << args.front());
    }
}

BOOST_AUTO_TEST_CASE(upstream_failures_map_to_exit_codes) {
    struct Case {
        int status;
        std::string body;
        int exit_code;
    };
    for (const auto& c : std::vector<Case>{
             {429, R"({"error":{"code":429,"message":"Resource exhausted","status":"RESOURCE_EXHAUSTED"}})", 4},
             {404, R"({"error":{"code":404,"message":"models/nope is not found","status":"NOT_FOUND"}})", 5},
             {503, R"({"error":{"code":503,"message":"The model is overloaded.","status":"UNAVAILABLE"}})", 5}}) {
        MockUpstream upstream([&](const RecordedRequest&) { return ScriptedResponse::json(c.status, c.body); });
        TempDir dir;
        const auto r = run_host({"--config", write_config(dir, upstream), "-p", "gemini", "chat", "--no-stream", "hi"},
                                {"GEMINI_API_KEY=" + secret});
        BOOST_TEST(r.exit_code == c.exit_code, "status " << c.status << ": " << r.err);
        BOOST_TEST(!r.err.empty());
    }
    // A stream that stops without a finishReason: what arrived is shown, then an upstream error.
    MockUpstream upstream([](const RecordedRequest&) {
        return ScriptedResponse::sse({event(R"({"candidates":[{"content":{"parts":[{"text":"partial"}]}}]})")});
    });
    TempDir dir;
    const auto r =
        run_host({"--config", write_config(dir, upstream), "-p", "gemini", "chat", "hi"}, {"GEMINI_API_KEY=" + secret});
    BOOST_TEST(r.exit_code == 5, r.err);
    BOOST_TEST(r.out == "partial");
    BOOST_TEST(contains(r.err, "finishReason"), r.err);
}
