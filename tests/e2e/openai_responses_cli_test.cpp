// The built binary with the openai plugin sending chat to the Responses API, end to end,
// against an in-process upstream that speaks both of OpenAI's chat APIs: a provider configured
// `wire_api = "responses"` (CLI chat and through the gateway's chat face), and a
// Responses-only model without it.
#include "e2e/gateway_test_support.hpp"
#include "support/mock_upstream.hpp"
#include "support/test_env.hpp"

#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

using namespace llmhost::testing;

namespace {

std::string event(const std::string& type, const std::string& json) {
    return "event: " + type + "\ndata: " + json + "\n\n";
}

ScriptedResponse responses_stream() {
    return ScriptedResponse::sse({
        event("response.created", R"({"type":"response.created","response":{"id":"resp_E1","model":"gpt-4.1"}})"),
        event("response.output_text.delta",
              R"({"type":"response.output_text.delta","output_index":0,"delta":"Hello"})"),
        event("response.output_text.delta",
              R"({"type":"response.output_text.delta","output_index":0,"delta":" there"})"),
        event(
            "response.completed",
            R"({"type":"response.completed","response":{"id":"resp_E1","status":"completed","usage":{"input_tokens":7,"output_tokens":2}}})"),
    });
}

ScriptedResponse chat_stream() {
    return ScriptedResponse::sse({
        R"(data: {"id":"chatcmpl-1","object":"chat.completion.chunk","model":"gpt-4.1","choices":[{"index":0,"delta":{"content":"From chat"},"finish_reason":"stop"}]})"
        "\n\n",
        "data: [DONE]\n\n",
    });
}

ScriptedResponse whole_response() {
    return ScriptedResponse::json(
        200,
        R"({"id":"resp_E2","object":"response","status":"completed","model":"gpt-4.1","output":[{"type":"message","role":"assistant","content":[{"type":"output_text","text":"Hello there"}]}],"usage":{"input_tokens":7,"output_tokens":2}})");
}

// /v1/responses answers in the Responses format (streamed when asked), anything else as
// Chat Completions.
ScriptedResponse both_apis(const RecordedRequest& r) {
    if (r.target != "/v1/responses") return chat_stream();
    const auto body = boost::json::parse(r.body);
    const auto* stream = body.as_object().if_contains("stream");
    return stream && stream->is_bool() && stream->get_bool() ? responses_stream() : whole_response();
}

// Provider `id` of the openai plugin at `upstream`.
std::string config_for(const MockUpstream& upstream, const std::string& id, const std::string& extra) {
    return "[providers." + id + "]\nplugin = \"openai\"\nbase_url = \"" + upstream.base_url() +
           "/v1\"\napi_key_env = \"OAI_E2E_KEY\"\n" + extra;
}

const std::string responses_option = "options = { wire_api = \"responses\" }\n";

ProcessResult chat(const MockUpstream& upstream, const std::string& id, const std::string& extra,
                   const std::string& model) {
    TempDir dir;
    dir.write("config.toml", config_for(upstream, id, extra));
    return run_host({"--config", dir.file("config.toml"), "-p", id, "-m", model, "chat", "--system", "Be brief.", "hi"},
                    {"OAI_E2E_KEY=sk-e2e-responses"});
}

} // namespace

BOOST_AUTO_TEST_CASE(wire_api_responses_sends_chat_to_the_responses_api) {
    MockUpstream upstream(both_apis);
    const auto r = chat(upstream, "oai", responses_option, "gpt-4.1");
    BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
    BOOST_TEST(r.out == "Hello there\n");
    const auto requests = upstream.requests();
    BOOST_REQUIRE_EQUAL(requests.size(), 1u);
    BOOST_TEST(requests[0].target == "/v1/responses");
    BOOST_TEST(requests[0].header("authorization") == "Bearer sk-e2e-responses");
    const auto body = boost::json::parse(requests[0].body);
    BOOST_TEST(body.at("model").as_string() == "gpt-4.1");
    BOOST_TEST(body.at("instructions").as_string() == "Be brief."); // the system message
    BOOST_TEST(body.at("stream").as_bool());
    const auto& input = body.at("input").as_array();
    BOOST_TEST_REQUIRE(input.size() == 1u, requests[0].body);
    BOOST_TEST(input[0].at("type").as_string() == "message");
    BOOST_TEST(input[0].at("role").as_string() == "user");
    BOOST_TEST(r.err.find("sk-e2e-responses") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_responses_only_model_goes_there_without_configuration) {
    MockUpstream upstream(both_apis);
    // OpenAI's own provider (its list of Responses-only models applies there only).
    const auto only = chat(upstream, "openai", "", "o3-pro");
    BOOST_TEST_REQUIRE(only.exit_code == 0, only.err);
    BOOST_TEST(only.out == "Hello there\n");
    const auto plain = chat(upstream, "openai", "", "gpt-4.1");
    BOOST_TEST_REQUIRE(plain.exit_code == 0, plain.err);
    BOOST_TEST(plain.out == "From chat\n");
    const auto requests = upstream.requests();
    BOOST_REQUIRE_EQUAL(requests.size(), 2u);
    BOOST_TEST(requests[0].target == "/v1/responses");
    BOOST_TEST(requests[1].target == "/v1/chat/completions");
}

BOOST_AUTO_TEST_CASE(the_gateway_chat_face_reaches_a_responses_provider) {
    MockUpstream upstream(both_apis);
    gateway_e2e::GatewayProcess gateway(config_for(upstream, "oai", responses_option),
                                        {"OAI_E2E_KEY=sk-e2e-responses"});
    const auto reply = gateway_e2e::post_json(
        gateway.port(), "/v1/chat/completions",
        R"({"model":"oai/gpt-4.1","messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"hi"}]})");
    BOOST_TEST_REQUIRE(reply.status == 200, reply.body << gateway.stderr_text());
    const auto doc = boost::json::parse(reply.body);
    BOOST_TEST(doc.at("choices").at(0).at("message").at("content").as_string() == "Hello there");
    BOOST_TEST(doc.at("usage").at("prompt_tokens").as_int64() == 7);
    const auto requests = upstream.requests();
    BOOST_REQUIRE_EQUAL(requests.size(), 1u);
    BOOST_TEST(requests[0].target == "/v1/responses");
    BOOST_TEST(boost::json::parse(requests[0].body).at("instructions").as_string() == "Be brief.");
}
