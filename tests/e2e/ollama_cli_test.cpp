// The built binary with the ollama plugin against an in-process server speaking Ollama's
// native API: selected by a config file's base_url, and by OLLAMA_HOST with no config at all.
#include "support/mock_upstream.hpp"
#include "support/test_env.hpp"

#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

using namespace llmhost::testing;

namespace {

bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

// One reply line from `model`: a text delta, or the final line with usage.
std::string chat_line(const std::string& model, const std::string& content, bool done = false) {
    boost::json::object line{{"model", model},
                             {"created_at", "2025-07-07T20:22:19.18Z"},
                             {"message", {{"role", "assistant"}, {"content", content}}},
                             {"done", done}};
    if (done) {
        line["done_reason"] = "stop";
        line["prompt_eval_count"] = 7;
        line["eval_count"] = 2;
    }
    return boost::json::serialize(line) + "\n";
}

// A small Ollama: /api/chat (NDJSON when asked to stream), /api/tags and /api/embed.
ScriptedResponse ollama_server(const RecordedRequest& request) {
    if (request.target == "/api/tags")
        return ScriptedResponse::json(200, R"({"models":[
            {"name":"llama3.2:latest","size":2019393189,"details":{"family":"llama","parameter_size":"3.2B","quantization_level":"Q4_K_M"}},
            {"name":"nomic-embed-text:latest","size":274302450,"details":{"family":"nomic-bert"}}]})");
    if (request.target == "/api/embed")
        return ScriptedResponse::json(
            200, R"({"model":"nomic-embed-text","embeddings":[[0.5,-0.25],[1,0]],"prompt_eval_count":3})");
    if (request.target != "/api/chat") return ScriptedResponse::json(404, R"({"error":"404 page not found"})");
    const auto body = boost::json::parse(request.body);
    if (body.at("model") == "missing") return ScriptedResponse::json(404, R"({"error":"model 'missing' not found"})");
    const std::string model(body.at("model").as_string());
    if (body.at("stream") == false)
        return ScriptedResponse::json(200, chat_line(model, "Hello there", true)); // one object, "done":true
    ScriptedResponse r;
    r.headers = {{"Content-Type", "application/x-ndjson"}};
    r.chunks = {chat_line(model, "Hello"), chat_line(model, " there"), chat_line(model, "", true)};
    r.chunked = true;
    return r;
}

} // namespace

BOOST_AUTO_TEST_CASE(config_base_url_chat_streamed_and_json) {
    MockUpstream upstream(ollama_server);
    IsolatedConfig iso;
    iso.dir.write("config.toml", "[providers.ollama]\nbase_url = \"" + upstream.base_url() + "\"\n");
    const std::string config = iso.dir.file("config.toml");

    const auto streamed = run_host({"--config", config, "-p", "ollama", "chat", "hi"}, iso.env());
    BOOST_TEST_REQUIRE(streamed.exit_code == 0, streamed.err);
    BOOST_TEST(streamed.out == "Hello there\n");
    auto requests = upstream.requests();
    BOOST_REQUIRE_EQUAL(requests.size(), 1u);
    BOOST_TEST(requests[0].target == "/api/chat");
    auto body = boost::json::parse(requests[0].body);
    BOOST_TEST(body.at("model") == "llama3.2");
    BOOST_TEST(body.at("stream") == true);
    BOOST_TEST(body.at("messages") == boost::json::parse(R"([{"role":"user","content":"hi"}])"));

    const auto json =
        run_host({"--config", config, "-m", "ollama/qwen3", "chat", "--json", "--max-tokens", "32", "hi"}, iso.env());
    BOOST_TEST_REQUIRE(json.exit_code == 0, json.err);
    const auto doc = boost::json::parse(json.out);
    BOOST_TEST(doc.at("provider") == "ollama");
    BOOST_TEST(doc.at("model") == "qwen3");
    BOOST_TEST(doc.at("text") == "Hello there");
    BOOST_TEST(doc.at("finish_reason") == "stop");
    BOOST_TEST(doc.at("usage").at("input_tokens") == 7);
    BOOST_TEST(doc.at("usage").at("output_tokens") == 2);
    body = boost::json::parse(upstream.requests().back().body);
    BOOST_TEST(body.at("model") == "qwen3");
    BOOST_TEST(body.at("options").at("num_predict") == 32);

    const auto plain = run_host({"--config", config, "-p", "ollama", "chat", "--no-stream", "hi"}, iso.env());
    BOOST_TEST_REQUIRE(plain.exit_code == 0, plain.err);
    BOOST_TEST(plain.out == "Hello there\n");
    BOOST_TEST(boost::json::parse(upstream.requests().back().body).at("stream") == false);
}

BOOST_AUTO_TEST_CASE(config_base_url_models_and_embed) {
    MockUpstream upstream(ollama_server);
    IsolatedConfig iso;
    iso.dir.write("config.toml", "[providers.ollama]\nbase_url = \"" + upstream.base_url() + "\"\n");
    const std::string config = iso.dir.file("config.toml");

    const auto models = run_host({"--config", config, "-p", "ollama", "models"}, iso.env());
    BOOST_TEST_REQUIRE(models.exit_code == 0, models.err);
    BOOST_TEST(models.out == "llama3.2:latest\nnomic-embed-text:latest\n");

    const auto models_json = run_host({"--config", config, "-p", "ollama", "models", "--json"}, iso.env());
    BOOST_TEST_REQUIRE(models_json.exit_code == 0, models_json.err);
    const auto first = boost::json::parse(models_json.out).at("models").at(0);
    BOOST_TEST(
        first ==
        boost::json::parse(
            R"({"id":"llama3.2:latest","size":2019393189,"family":"llama","parameter_size":"3.2B","quantization_level":"Q4_K_M"})"));

    const auto embed =
        run_host({"--config", config, "-m", "ollama/nomic-embed-text", "embed", "alpha", "beta"}, iso.env());
    BOOST_TEST_REQUIRE(embed.exit_code == 0, embed.err);
    BOOST_TEST(
        boost::json::parse(embed.out) ==
        boost::json::parse(
            R"({"model":"nomic-embed-text","data":[{"index":0,"embedding":[0.5,-0.25]},{"index":1,"embedding":[1,0]}],"usage":{"input_tokens":3}})"));
    BOOST_TEST(boost::json::parse(upstream.requests().back().body) ==
               boost::json::parse(R"({"model":"nomic-embed-text","input":["alpha","beta"]})"));
}

BOOST_AUTO_TEST_CASE(ollama_host_without_any_config) {
    MockUpstream upstream(ollama_server);
    IsolatedConfig iso;
    const auto env = iso.env({"OLLAMA_HOST=127.0.0.1:" + std::to_string(upstream.port())});

    const auto streamed = run_host({"-p", "ollama", "chat", "hi"}, env);
    BOOST_TEST_REQUIRE(streamed.exit_code == 0, streamed.err);
    BOOST_TEST(streamed.out == "Hello there\n");

    const auto json = run_host({"-p", "ollama", "chat", "--json", "hi"}, env);
    BOOST_TEST_REQUIRE(json.exit_code == 0, json.err);
    BOOST_TEST(boost::json::parse(json.out).at("text") == "Hello there");

    const auto models = run_host({"-p", "ollama", "models"}, env);
    BOOST_TEST_REQUIRE(models.exit_code == 0, models.err);
    BOOST_TEST(models.out == "llama3.2:latest\nnomic-embed-text:latest\n");

    const auto embed = run_host({"-p", "ollama", "-m", "nomic-embed-text", "embed", "alpha", "beta"}, env);
    BOOST_TEST_REQUIRE(embed.exit_code == 0, embed.err);
    BOOST_TEST(boost::json::parse(embed.out).at("data").as_array().size() == 2u);

    const auto requests = upstream.requests();
    BOOST_REQUIRE_EQUAL(requests.size(), 4u);
    BOOST_TEST(requests[0].target == "/api/chat");
    BOOST_TEST(requests[2].target == "/api/tags");
    BOOST_TEST(requests[3].target == "/api/embed");
    for (const auto& r : requests)
        BOOST_TEST(r.header("authorization").empty(), "keyless: no Authorization header");
}

BOOST_AUTO_TEST_CASE(the_cloud_key_is_sent_and_never_printed) {
    MockUpstream upstream([](const RecordedRequest& request) {
        if (request.header("authorization") != "Bearer ollama-SECRET-key")
            return ScriptedResponse::json(401, R"({"error":"unauthorized"})");
        return ollama_server(request);
    });
    IsolatedConfig iso;
    const auto env =
        iso.env({"OLLAMA_HOST=127.0.0.1:" + std::to_string(upstream.port()), "OLLAMA_API_KEY=ollama-SECRET-key"});
    const auto ok = run_host({"-v", "-p", "ollama", "chat", "hi"}, env);
    BOOST_TEST_REQUIRE(ok.exit_code == 0, ok.err);
    BOOST_TEST(ok.out == "Hello there\n");
    BOOST_TEST(!contains(ok.out + ok.err, "SECRET"));

    const auto providers = run_host({"providers", "--json"}, env);
    BOOST_TEST_REQUIRE(providers.exit_code == 0, providers.err);
    BOOST_TEST(!contains(providers.out + providers.err, "SECRET"));
    bool listed = false;
    const auto doc = boost::json::parse(providers.out);
    for (const auto& p : doc.at("providers").as_array()) {
        if (p.at("id") != "ollama") continue;
        listed = true;
        BOOST_TEST(p.at("plugin") == "ollama");
        BOOST_TEST(p.at("key").at("required") == false);
        BOOST_TEST(p.at("key").at("set") == true);
    }
    BOOST_TEST(listed);
}

BOOST_AUTO_TEST_CASE(upstream_errors_reach_the_exit_code) {
    MockUpstream upstream(ollama_server);
    IsolatedConfig iso;
    const auto env = iso.env({"OLLAMA_HOST=127.0.0.1:" + std::to_string(upstream.port())});
    const auto missing = run_host({"-p", "ollama", "-m", "missing", "chat", "hi"}, env);
    BOOST_TEST(missing.exit_code == 5, missing.err);
    BOOST_TEST(contains(missing.err, "model 'missing' not found"), missing.err);
    BOOST_TEST(missing.out.empty());

    // Nothing listening there: a network error, also exit 5.
    const auto refused = run_host({"-p", "ollama", "chat", "hi"}, iso.env({"OLLAMA_HOST=127.0.0.1:1"}));
    BOOST_TEST(refused.exit_code == 5, refused.err);
    BOOST_TEST(!refused.err.empty());

    // A bad OLLAMA_HOST is a configuration error.
    const auto bad = run_host({"-p", "ollama", "chat", "hi"}, iso.env({"OLLAMA_HOST=127.0.0.1:notaport"}));
    BOOST_TEST(bad.exit_code == 2, bad.err);
    BOOST_TEST(contains(bad.err, "OLLAMA_HOST"), bad.err);
}

BOOST_AUTO_TEST_CASE(a_stream_cut_short_is_an_upstream_error) {
    MockUpstream upstream([](const RecordedRequest&) {
        ScriptedResponse r;
        r.headers = {{"Content-Type", "application/x-ndjson"}};
        r.chunks = {chat_line("llama3.2", "partial")};
        r.chunked = true;
        r.close_after_chunks = true;
        return r;
    });
    IsolatedConfig iso;
    const auto r =
        run_host({"-p", "ollama", "chat", "hi"}, iso.env({"OLLAMA_HOST=127.0.0.1:" + std::to_string(upstream.port())}));
    BOOST_TEST(r.exit_code == 5, r.err);
    BOOST_TEST(r.out == "partial"); // what arrived was shown
}
