// HTTP hygiene on every face and the side endpoints agents use, through `llmhost serve`: HEAD
// never carries a body, unknown endpoints are "no such endpoint" 404s in the shape of the
// face the client speaks, Claude Code's probes and telemetry are answered quietly, token
// counting without a counter is an error (never an invented count), stored Responses are
// retrievable, and bad input is a 400 naming its path on a connection that stays usable.
#include "gateway_test_support.hpp"

#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

using namespace llmhost::testing;
using namespace gateway_e2e;
namespace json = boost::json;

namespace {

const std::string mock_config = "default_provider = \"mock\"\n";

json::object body_of(const Reply& r) { return json::parse(r.body).as_object(); }

} // namespace

BOOST_AUTO_TEST_CASE(head_responses_have_no_body_and_keep_the_connection_in_step) {
    GatewayProcess gw(mock_config);
    RawConnection c(gw.port());
    c.send("HEAD /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
    BOOST_REQUIRE(c.read_until("{\"status\":\"ok\"}", std::chrono::seconds(5)));
    const std::string& got = c.received();
    // two heads, one body: the HEAD answer ends at its blank line
    const size_t first_end = got.find("\r\n\r\n");
    BOOST_REQUIRE(first_end != std::string::npos);
    BOOST_TEST(got.compare(first_end + 4, 15, "HTTP/1.1 200 OK") == 0, got);
    BOOST_TEST(got.find("{\"status\"") == got.rfind("{\"status\""));

    const auto models = request(gw.port(), "HEAD", "/v1/models");
    BOOST_TEST(models.status == 200);
    BOOST_TEST(models.body.empty());
}

BOOST_AUTO_TEST_CASE(unknown_endpoints_are_404s_saying_so_in_the_clients_shape) {
    GatewayProcess gw(mock_config);
    const auto openai = post_json(gw.port(), "/v1/completions", "{}");
    BOOST_TEST(openai.status == 404);
    BOOST_TEST(body_of(openai).at("error").at("code") == "no_such_endpoint");
    BOOST_TEST(std::string(body_of(openai).at("error").at("message").as_string()).find("POST /v1/completions") !=
               std::string::npos);
    const auto anthropic = post_json(gw.port(), "/v1/messages/batches", "{}", {{"anthropic-version", "2023-06-01"}});
    BOOST_TEST(anthropic.status == 404);
    BOOST_TEST(body_of(anthropic).at("error").at("type") == "not_found_error");
    const auto wrong_method = request(gw.port(), "GET", "/v1/responses");
    BOOST_TEST(wrong_method.status == 405);
}

BOOST_AUTO_TEST_CASE(claude_codes_side_requests_are_answered_quietly) {
    GatewayProcess gw(mock_config);
    BOOST_TEST(request(gw.port(), "HEAD", "/").status == 200);
    BOOST_TEST(request(gw.port(), "HEAD", "/api/hello").status == 200);
    BOOST_TEST(post_json(gw.port(), "/api/event_logging/batch", R"({"events":[]})").status == 200);
    BOOST_TEST(request(gw.port(), "GET", "/healthz").status == 200); // logged, as a marker
    BOOST_REQUIRE(
        eventually([&] { return gw.stderr_text().find("/healthz") != std::string::npos; }, std::chrono::seconds(5)));
    BOOST_TEST(gw.stderr_text().find("/api/") == std::string::npos, gw.stderr_text());
    BOOST_TEST(gw.stderr_text().find("HEAD / ") == std::string::npos, gw.stderr_text());
}

BOOST_AUTO_TEST_CASE(the_model_list_is_in_anthropics_shape_for_anthropic_clients) {
    GatewayProcess gw(mock_config);
    const auto r = request(gw.port(), "GET", "/v1/models", {}, {{"x-api-key", "k"}});
    BOOST_TEST(r.status == 200);
    const auto o = body_of(r);
    BOOST_TEST(o.contains("has_more"));
    BOOST_TEST(o.at("data").as_array().at(0).at("type") == "model");
}

BOOST_AUTO_TEST_CASE(counting_tokens_without_a_counter_is_an_error_not_a_guess) {
    GatewayProcess gw(mock_config);
    const auto r = post_json(gw.port(), "/v1/messages/count_tokens",
                             R"({"model":"mock/echo","messages":[{"role":"user","content":"hi"}]})",
                             {{"anthropic-version", "2023-06-01"}});
    BOOST_TEST(r.status == 400);
    const auto o = body_of(r);
    BOOST_TEST(o.at("type") == "error");
    BOOST_TEST(std::string(o.at("error").at("message").as_string()).find("no token counter") != std::string::npos);
    BOOST_TEST(!o.contains("input_tokens"));
}

BOOST_AUTO_TEST_CASE(stored_responses_are_retrievable_and_continue_a_conversation) {
    GatewayProcess gw(mock_config);
    const auto first = post_json(gw.port(), "/v1/responses", R"({"model":"mock/echo","input":"one two"})");
    BOOST_TEST_REQUIRE(first.status == 200, first.body);
    const std::string id(body_of(first).at("id").as_string());
    const auto got = request(gw.port(), "GET", "/v1/responses/" + id);
    BOOST_TEST(got.status == 200);
    BOOST_TEST(got.body == first.body);

    const auto next = post_json(gw.port(), "/v1/responses",
                                R"({"model":"mock/echo","previous_response_id":")" + id + R"(","input":"three"})");
    BOOST_TEST(next.status == 200, next.body);

    const auto unstored = post_json(gw.port(), "/v1/responses", R"({"model":"mock/echo","input":"x","store":false})");
    const std::string unstored_id(body_of(unstored).at("id").as_string());
    BOOST_TEST(request(gw.port(), "GET", "/v1/responses/" + unstored_id).status == 404);
    const auto unknown = post_json(gw.port(), "/v1/responses",
                                   R"({"model":"mock/echo","previous_response_id":"resp_nope","input":"x"})");
    BOOST_TEST(unknown.status == 400);
    BOOST_TEST(body_of(unknown).at("error").at("param") == "previous_response_id");
}

BOOST_AUTO_TEST_CASE(bad_responses_input_is_a_400_naming_the_path_and_the_connection_stays_usable) {
    GatewayProcess gw(mock_config);
    RawConnection c(gw.port());
    const std::string bad =
        R"({"model":"mock/echo","input":[{"role":"user","content":"hi"},{"type":"function_call_output","call_id":"call_x","output":"42"}]})";
    c.send("POST /v1/responses HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: " +
           std::to_string(bad.size()) + "\r\n\r\n" + bad + "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
    BOOST_REQUIRE(c.read_until("{\"status\":\"ok\"}", std::chrono::seconds(5)));
    BOOST_TEST(c.received().find("HTTP/1.1 400") == 0u);
    BOOST_TEST(c.received().find(R"("param":"input[1].call_id")") != std::string::npos, c.received());

    const auto unknown_item =
        post_json(gw.port(), "/v1/responses", R"({"model":"mock/echo","input":[{"type":"hologram"}]})");
    BOOST_TEST(unknown_item.status == 400);
    BOOST_TEST(body_of(unknown_item).at("error").at("param") == "input[0].type");
}

BOOST_AUTO_TEST_CASE(hosted_tools_are_left_out_and_said_so) {
    GatewayProcess gw(mock_config, {}, {"-v"});
    const auto r = post_json(
        gw.port(), "/v1/responses",
        R"({"model":"mock/echo","input":"hi","tools":[{"type":"web_search"},{"type":"function","name":"f","parameters":{"type":"object"}}]})");
    BOOST_TEST(r.status == 200, r.body);
    BOOST_TEST(r.header("X-Llmhost-Tools-Left-Out") == "web_search");
    BOOST_TEST(eventually(
                   [&] {
                       return gw.stderr_text().find("responses request for mock/echo: X-Llmhost-Tools-Left-Out: "
                                                    "web_search") != std::string::npos;
                   },
                   std::chrono::seconds(5)),
               gw.stderr_text());
}
