// What clients and configs put into upstream URLs, through the binary: a deployment name or
// model id of only dots never becomes a dot-segment of the upstream path, and every face
// accepts only http(s) and data: image URLs (no file:, ftp:, gopher: passed on).
#include "gateway_test_support.hpp"
#include "support/mock_upstream.hpp"
#include "support/test_env.hpp"

#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include <sstream>

using namespace llmhost::testing;
using namespace gateway_e2e;

namespace {

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

// True when a path segment of `target` (the query left off) is "." or "..".
bool has_dot_segment(const std::string& target) {
    std::istringstream path(target.substr(0, target.find('?')));
    for (std::string segment; std::getline(path, segment, '/');)
        if (segment == "." || segment == "..") return true;
    return false;
}

// Answers anything with 404, recording the request.
Handler not_found() {
    return
        [](const RecordedRequest&) { return ScriptedResponse::json(404, R"({"error":{"message":"no such path"}})"); };
}

void require_no_dot_segment(const MockUpstream& upstream, const ProcessResult& r) {
    for (const auto& request : upstream.requests())
        BOOST_TEST(!has_dot_segment(request.target), "sent upstream: " << request.target);
    BOOST_TEST(r.exit_code != 0);
    BOOST_TEST(contains(r.err, "only dots"), r.err);
}

} // namespace

BOOST_AUTO_TEST_CASE(an_azure_deployment_of_dots_is_refused) {
    for (const std::string deployment : {"..", "."}) {
        MockUpstream upstream(not_found());
        TempDir dir;
        dir.write("config.toml", "[providers.azure]\nbase_url = \"" + upstream.base_url() +
                                     "\"\noptions = { deployment = \"" + deployment + "\" }\n");
        const auto r = run_host({"--config", dir.file("config.toml"), "-p", "azure", "chat", "hi"},
                                {"AZURE_OPENAI_API_KEY=azure-key"});
        require_no_dot_segment(upstream, r);
    }
}

BOOST_AUTO_TEST_CASE(a_bedrock_model_id_of_dots_is_refused) {
    for (const std::string model : {"..", "."}) {
        MockUpstream upstream(not_found());
        TempDir dir;
        dir.write("config.toml", "[providers.bedrock]\noptions = { endpoint = \"" + upstream.base_url() +
                                     "\", region = \"us-east-1\" }\n");
        const auto r =
            run_host({"--config", dir.file("config.toml"), "-p", "bedrock", "-m", model, "chat", "hi"},
                     {"AWS_ACCESS_KEY_ID=AKIDTEST", "AWS_SECRET_ACCESS_KEY=secret-test",
                      "AWS_SHARED_CREDENTIALS_FILE=" + dir.file("none"), "AWS_CONFIG_FILE=" + dir.file("none")});
        require_no_dot_segment(upstream, r);
    }
}

BOOST_AUTO_TEST_CASE(every_face_refuses_image_urls_other_than_http_and_data) {
    MockUpstream upstream([](const RecordedRequest&) {
        return ScriptedResponse::json(
            200, R"({"id":"c","object":"chat.completion","created":1,"model":"m","choices":[{"index":0,)"
                 R"("finish_reason":"stop","message":{"role":"assistant","content":"ok"}}]})");
    });
    GatewayProcess gw(openai_provider("a", upstream.base_url()));
    const llmhost::Headers anthropic_headers{{"anthropic-version", "2023-06-01"}};
    for (const std::string url : {"file:///etc/passwd", "gopher://127.0.0.1:6379/_INFO", "ftp://example.com/a.png"}) {
        const auto anthropic = post_json(
            gw.port(), "/v1/messages",
            R"({"model":"a/m","max_tokens":10,"messages":[{"role":"user","content":[{"type":"image","source":{"type":"url","url":")" +
                url + R"("}}]}]})",
            anthropic_headers);
        BOOST_TEST(anthropic.status == 400, url << ": " << anthropic.body);
        BOOST_TEST(contains(anthropic.body, "http(s) URL or a data: URL"), anthropic.body);
        const auto openai = post_json(
            gw.port(), "/v1/chat/completions",
            R"({"model":"a/m","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":")" + url +
                R"("}}]}]})");
        BOOST_TEST(openai.status == 400, url << ": " << openai.body);
    }
    BOOST_TEST(upstream.requests().empty());
    // http(s) still passes.
    const auto fine = post_json(
        gw.port(), "/v1/messages",
        R"({"model":"a/m","max_tokens":10,"messages":[{"role":"user","content":[{"type":"image","source":{"type":"url","url":"https://example.com/a.png"}}]}]})",
        anthropic_headers);
    BOOST_TEST(fine.status == 200, fine.body);
}
