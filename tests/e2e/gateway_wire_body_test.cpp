// A client's own body goes on as it came when the provider speaks the client's protocol (plugin
// ABI 1.2, chat_wire): byte for byte, but for the members the provider must set — the model to
// ask for, `stream`, and for OpenAI-format upstreams stream_options and the max-tokens field.
// A body that carries reasoning state only the gateway can read is rebuilt from the canonical
// request instead, and so is the request that falls back to a provider of another protocol.
#include "gateway_test_support.hpp"
#include "support/mock_upstream.hpp"

#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

using namespace llmhost::testing;
using namespace gateway_e2e;
namespace json = boost::json;

namespace {

ScriptedResponse anthropic_upstream(const RecordedRequest& r) {
    const auto body = json::parse(r.body).as_object();
    if (body.at("model") == "broken")
        return ScriptedResponse::json(500, R"({"type":"error","error":{"type":"api_error","message":"down"}})");
    return ScriptedResponse::json(
        200, R"({"id":"msg_up","type":"message","role":"assistant","model":"up-model","content":[{"type":"text",)"
             R"("text":"From Anthropic."}],"stop_reason":"end_turn","usage":{"input_tokens":5,"output_tokens":3}})");
}

ScriptedResponse openai_upstream(const RecordedRequest& r) {
    const auto body = json::parse(r.body).as_object();
    if (!body.contains("stream") || !body.at("stream").as_bool())
        return ScriptedResponse::json(
            200,
            R"({"id":"chatcmpl-up","object":"chat.completion","created":1,"model":"up-model","choices":[{"index":0,)"
            R"("message":{"role":"assistant","content":"From OpenAI."},"finish_reason":"stop"}],)"
            R"("usage":{"prompt_tokens":5,"completion_tokens":3,"total_tokens":8}})");
    return ScriptedResponse::sse(
        {R"(data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"up-model","choices":[{"index":0,"delta":{"role":"assistant","content":"From OpenAI."},"finish_reason":null}]})"
         "\n\n",
         R"(data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"up-model","choices":[{"index":0,"delta":{},"finish_reason":"stop"}],"usage":{"prompt_tokens":5,"completion_tokens":3,"total_tokens":8}})"
         "\n\n",
         "data: [DONE]\n\n"});
}

struct Setup {
    MockUpstream anthropic{anthropic_upstream};
    MockUpstream openai{openai_upstream};
    GatewayProcess gateway{"[reliability]\nprovider_retries = 0\n[reliability.model_fallbacks]\n"
                           "\"broken\" = [\"oai/up-model\"]\n"
                           "[providers.ant]\nplugin = \"anthropic\"\napi_key = \"sk-ant-upstream\"\nbase_url = \"" +
                           anthropic.base_url() +
                           "\"\n"
                           "[providers.oai]\nplugin = \"openai\"\napi_key = \"sk-oai-upstream\"\nbase_url = \"" +
                           openai.base_url() + "/v1\"\noptions = { max_tokens_field = \"max_completion_tokens\" }\n"};

    std::string only_body(const MockUpstream& up) const {
        const auto requests = up.requests();
        BOOST_REQUIRE_EQUAL(requests.size(), 1u);
        return requests.front().body;
    }
};

const llmhost::Headers anthropic_headers{{"anthropic-version", "2023-06-01"}};

} // namespace

BOOST_AUTO_TEST_CASE(an_anthropic_body_reaches_an_anthropic_upstream_byte_for_byte_but_the_model) {
    Setup s;
    // Spacing, a number's spelling, an escape, a server tool the canonical model has no place
    // for, and a field no version knows: all kept as written. A second "model", its name
    // escaped, would choose the upstream's model behind the gateway's back: it goes.
    const std::string body = R"({ "mo\u0064el": "claude-behind-your-back", "model" : "ant/up-model",)"
                             R"( "max_tokens": 1024, "temperature": 1.50,)"
                             R"( "system": [{"type":"text","text":"caf\u00e9 notes"}],)"
                             R"( "messages": [{"role":"user","content":"hi"}],)"
                             R"( "tools": [{"type":"web_search_20250305","name":"web_search","max_uses":2}],)"
                             R"( "future_field": {"nested": [1, 2.0, "x"]} })";
    const Reply reply = post_json(s.gateway.port(), "/v1/messages", body, anthropic_headers);
    BOOST_TEST_REQUIRE(reply.status == 200, reply.body);
    BOOST_TEST(json::parse(reply.body).at("content").at(0).at("text") == "From Anthropic.");
    BOOST_TEST(reply.header("X-Llmhost-Tools-Left-Out").empty(), "the server tool went on");
    BOOST_TEST(s.only_body(s.anthropic) ==
               R"({"model":"up-model","stream":false,"max_tokens": 1024,"temperature": 1.50,)"
               R"("system": [{"type":"text","text":"caf\u00e9 notes"}],"messages": [{"role":"user","content":"hi"}],)"
               R"("tools": [{"type":"web_search_20250305","name":"web_search","max_uses":2}],)"
               R"("future_field": {"nested": [1, 2.0, "x"]}})");
}

BOOST_AUTO_TEST_CASE(a_body_with_state_only_the_gateway_reads_is_rebuilt) {
    Setup s;
    // Gemini's thought signature, wrapped by the gateway for the Anthropic client: Anthropic
    // could not check it, so the body is rebuilt and the state left out.
    const std::string token = "llmhost.rs1.eyJvcmlnaW4iOiJnZW1pbmkiLCJzaWduYXR1cmUiOiJnLXNpZyJ9";
    const std::string body = R"({"model":"ant/up-model","max_tokens":1024,"messages":[)"
                             R"({"role":"user","content":"hi"},)"
                             R"({"role":"assistant","content":[{"type":"thinking","thinking":"hm","signature":")" +
                             token +
                             R"("},{"type":"text","text":"hello"}]},)"
                             R"({"role":"user","content":"again"}]})";
    const Reply reply = post_json(s.gateway.port(), "/v1/messages", body, anthropic_headers);
    BOOST_TEST_REQUIRE(reply.status == 200, reply.body);
    const std::string sent = s.only_body(s.anthropic);
    BOOST_TEST(sent.find("llmhost.rs1.") == std::string::npos, sent);
    BOOST_TEST(json::parse(sent).at("messages").as_array().size() == 3u);
}

BOOST_AUTO_TEST_CASE(a_chat_body_reaches_an_openai_upstream_with_what_the_provider_sets) {
    Setup s;
    // stream_options is the provider's (it needs the usage chunk); max_tokens goes in the
    // field this provider is configured for; the rest as written.
    const std::string body = R"({"model":"oai/up-model","messages":[{"role":"user","content":"hi"}],"seed": 7,)"
                             R"("max_tokens":64,"stream":true,"stream_options":{"include_usage":false},)"
                             R"("logit_bias":{"50256": -100}})";
    const Reply reply = post_json(s.gateway.port(), "/v1/chat/completions", body);
    BOOST_TEST_REQUIRE(reply.status == 200, reply.body);
    BOOST_TEST(reply.body.find("From OpenAI.") != std::string::npos, reply.body);
    BOOST_TEST(reply.body.find("\"usage\"") == std::string::npos, "the client asked for no usage chunk");
    BOOST_TEST(
        s.only_body(s.openai) ==
        R"({"model":"up-model","stream":true,"stream_options":{"include_usage":true},"max_completion_tokens":64,)"
        R"("messages":[{"role":"user","content":"hi"}],"seed": 7,"logit_bias":{"50256": -100}})");
}

BOOST_AUTO_TEST_CASE(a_fallback_to_a_provider_of_another_protocol_gets_the_canonical_request) {
    Setup s;
    const std::string body = R"({"model":"ant/broken","max_tokens":64,"messages":[{"role":"user","content":"hi"}]})";
    const Reply reply = post_json(s.gateway.port(), "/v1/messages", body, anthropic_headers);
    BOOST_TEST_REQUIRE(reply.status == 200, reply.body << "\n" << s.gateway.stderr_text());
    BOOST_TEST(json::parse(reply.body).at("content").at(0).at("text") == "From OpenAI.");
    BOOST_TEST(s.only_body(s.anthropic).find("\"model\":\"broken\"") != std::string::npos);
    const auto sent = json::parse(s.only_body(s.openai)).as_object();
    BOOST_TEST(sent.at("model") == "up-model");
    BOOST_TEST(sent.at("max_completion_tokens") == 64);
    BOOST_TEST(sent.at("messages").at(0).at("content") == "hi");
}

BOOST_AUTO_TEST_CASE(messages_going_on_as_they_came_are_the_providers_to_check_and_the_gateways_on_a_fallback) {
    Setup s;
    // Only the fields the gateway routes on are read while the body may go on as it came: a
    // block of a type the gateway does not know is the upstream's to judge...
    const std::string body = R"({"model":"ant/up-model","max_tokens":64,"messages":[{"role":"user","content":)"
                             R"([{"type":"newer_block_type","text":"hi"}]}]})";
    const Reply passed = post_json(s.gateway.port(), "/v1/messages", body, anthropic_headers);
    BOOST_TEST_REQUIRE(passed.status == 200, passed.body);
    BOOST_TEST(s.only_body(s.anthropic).find(R"("type":"newer_block_type")") != std::string::npos);

    // ...until a fallback needs the canonical request: then the client hears what is wrong, in
    // its own error shape, and the other provider gets nothing.
    std::string broken = body;
    broken.replace(broken.find("ant/up-model"), 12, "ant/broken");
    const Reply refused = post_json(s.gateway.port(), "/v1/messages", broken, anthropic_headers);
    BOOST_TEST(refused.status == 400, refused.body);
    const auto error = json::parse(refused.body);
    BOOST_TEST(error.at("type") == "error", refused.body);
    BOOST_TEST(error.at("error").at("message").as_string().find("\"newer_block_type\" is not supported") !=
                   std::string::npos,
               refused.body);
    BOOST_TEST(s.openai.requests().empty());

    // A field the gateway routes on is checked at once, as before.
    const Reply bad_tokens = post_json(
        s.gateway.port(), "/v1/messages",
        R"({"model":"ant/up-model","max_tokens":0,"messages":[{"role":"user","content":"hi"}]})", anthropic_headers);
    BOOST_TEST(bad_tokens.status == 400, bad_tokens.body);
    BOOST_TEST(bad_tokens.body.find("max_tokens") != std::string::npos, bad_tokens.body);
}

BOOST_AUTO_TEST_CASE(what_a_body_going_on_as_it_came_needs_is_checked_against_the_provider) {
    // Perplexity's API takes no tools (its metadata says so): a request with tools is refused
    // before any I/O though the body was not read in full; one without goes on as it came.
    MockUpstream upstream{openai_upstream};
    GatewayProcess gateway{"[providers.perplexity]\napi_key = \"pplx-upstream\"\nbase_url = \"" + upstream.base_url() +
                           "/v1\"\n"};
    const Reply refused =
        post_json(gateway.port(), "/v1/chat/completions",
                  R"({"model":"perplexity/sonar","messages":[{"role":"user","content":"hi"}],)"
                  R"("tools":[{"type":"function","function":{"name":"f","parameters":{"type":"object"}}}]})");
    BOOST_TEST(refused.status == 400, refused.body);
    BOOST_TEST(refused.body.find("does not support tools") != std::string::npos, refused.body);
    BOOST_TEST(upstream.requests().empty());

    const std::string plain = R"({"model":"perplexity/sonar","messages":[{"role":"user","content":"hi"}]})";
    const Reply passed = post_json(gateway.port(), "/v1/chat/completions", plain);
    BOOST_TEST_REQUIRE(passed.status == 200, passed.body);
    BOOST_TEST(upstream.requests().size() == 1u);
}
