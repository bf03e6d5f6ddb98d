// Canonical request -> Ollama native wire request (/api/chat, /api/embed): bodies against the
// checked-in goldens in tests/expected/ollama/, the URL and headers, and the requests that are
// refused before any network I/O. The plugin is driven through its C table, as the host does.
#include "plugins/ollama/tests/test_support.hpp"
#include "unit/expected_files.hpp"
#include "unit/fake_host_services.hpp"

#include <boost/test/unit_test.hpp>

using namespace llmhost;
using namespace llmhost::testing;

namespace {

std::string read_expected(const std::string& name) { return expected_text("ollama", name); }

const std::string ndjson_done =
    R"({"model":"llama3.2","message":{"role":"assistant","content":"ok"},"done":true,"done_reason":"stop"})"
    "\n";

CannedResponse ndjson(std::string body) {
    CannedResponse r;
    r.headers = {{"Content-Type", "application/x-ndjson"}};
    r.body = std::move(body);
    return r;
}

// Sends a canonical request (JSON text) against a canned success; returns what reached the
// "server" after checking the call succeeded.
SeenRequest sent(const std::string& request_json, const std::string& config_json = ollama_config(),
                 std::string_view api_key = {}) {
    FakeHost fake;
    const bool stream = boost::json::parse(request_json).as_object().at("stream").as_bool();
    fake.responses.push_back(stream ? ndjson(ndjson_done) : CannedResponse::json(200, ndjson_done));
    AbiProvider provider(ollama_table(), fake, "ollama", config_json);
    auto ctx = fake.context(api_key);
    EventRecorder recorder;
    const auto error = provider.chat(ctx, request_json, recorder);
    BOOST_REQUIRE_MESSAGE(!error, (error ? error->what() : ""));
    BOOST_REQUIRE_EQUAL(fake.requests.size(), 1u);
    return fake.requests.front();
}

// The error a request is refused with, checking nothing was sent.
Error refused(const std::string& request_json, const std::string& config_json = ollama_config()) {
    FakeHost fake;
    AbiProvider provider(ollama_table(), fake, "ollama", config_json);
    auto ctx = fake.context();
    EventRecorder recorder;
    const auto error = provider.chat(ctx, request_json, recorder);
    BOOST_REQUIRE(error.has_value());
    BOOST_TEST(fake.requests.empty(), "a refused request must not reach the network");
    BOOST_TEST(recorder.events.empty());
    return *error;
}

std::string user_request(const std::string& extra = {}, bool stream = true) {
    return R"({"model":"llama3.2","stream":)" + std::string(stream ? "true" : "false") +
           R"(,"messages":[{"role":"user","content":"hi"}])" + extra + "}";
}

boost::json::object body_of(const SeenRequest& request) { return request.json().as_object(); }

void check_json_equal(const boost::json::value& actual, const boost::json::value& expected) {
    BOOST_TEST(actual == expected,
               "sent:     " << boost::json::serialize(actual) << "\nexpected: " << boost::json::serialize(expected));
}

} // namespace

BOOST_AUTO_TEST_CASE(full_request_matches_golden) {
    const boost::json::object options{
        {"options", {{"num_ctx", 8192}, {"temperature", 0.9}, {"seed", 42}}}, {"keep_alive", "5m"}, {"think", false}};
    const auto request = sent(read_expected("canonical_chat_request_full.json"), ollama_config(options));
    check_json_equal(request.json(), boost::json::parse(read_expected("wire_chat_request_full.json")));
    BOOST_TEST(request.method == "POST");
    BOOST_TEST(request.url == "http://ollama.test:11434/api/chat");
    BOOST_TEST(request.header("Content-Type") == "application/json");
    BOOST_TEST(request.header("Accept") == "application/x-ndjson");
    BOOST_TEST(!request.has_header("Authorization"), "keyless: no credential, no header");
}

BOOST_AUTO_TEST_CASE(minimal_request_matches_golden_and_uses_the_default_model) {
    const auto request = sent(R"({"model":"","stream":false,"messages":[{"role":"user","content":"hi"}]})");
    check_json_equal(request.json(), boost::json::parse(read_expected("wire_chat_request_minimal.json")));
    BOOST_TEST(request.header("Accept") == "application/json");
}

BOOST_AUTO_TEST_CASE(embed_request_matches_golden) {
    FakeHost fake;
    fake.responses.push_back(CannedResponse::json(200, R"({"model":"nomic-embed-text","embeddings":[[0.1],[0.2]]})"));
    AbiProvider provider(ollama_table(), fake, "ollama", ollama_config());
    auto ctx = fake.context();
    provider.embed(ctx, R"({"model":"nomic-embed-text","input":["alpha","beta"]})");
    BOOST_REQUIRE_EQUAL(fake.requests.size(), 1u);
    const auto& request = fake.requests.front();
    check_json_equal(request.json(), boost::json::parse(read_expected("wire_embed_request.json")));
    BOOST_TEST(request.method == "POST");
    BOOST_TEST(request.url == "http://ollama.test:11434/api/embed");
}

BOOST_AUTO_TEST_CASE(embed_request_carries_keep_alive_and_model_options) {
    FakeHost fake;
    fake.responses.push_back(CannedResponse::json(200, R"({"embeddings":[[0.1]]})"));
    AbiProvider provider(ollama_table(), fake, "ollama",
                         ollama_config({{"keep_alive", -1}, {"options", {{"num_ctx", 2048}}}}));
    auto ctx = fake.context();
    provider.embed(ctx, R"({"model":"nomic-embed-text","input":["alpha"]})");
    const auto body = body_of(fake.requests.at(0));
    BOOST_TEST(body.at("keep_alive") == -1);
    BOOST_TEST(body.at("options").at("num_ctx") == 2048);
}

BOOST_AUTO_TEST_CASE(request_fields_win_over_option_defaults) {
    const auto options = ollama_config(
        {{"options", {{"temperature", 0.9}, {"num_predict", 100}, {"stop", boost::json::array{"X"}}, {"top_k", 5}}}});
    auto body = body_of(sent(user_request(), options));
    // Without request values the defaults go through untouched.
    check_json_equal(body.at("options"),
                     boost::json::parse(R"({"temperature":0.9,"num_predict":100,"stop":["X"],"top_k":5})"));
    body = body_of(sent(user_request(R"(,"temperature":0.1,"max_tokens":7,"stop":["END","STOP"])"), options));
    check_json_equal(body.at("options"),
                     boost::json::parse(R"({"temperature":0.1,"num_predict":7,"stop":["END","STOP"],"top_k":5})"));
}

BOOST_AUTO_TEST_CASE(no_options_means_no_options_field) {
    const auto body = body_of(sent(user_request()));
    BOOST_TEST(!body.contains("options"));
    BOOST_TEST(!body.contains("keep_alive"));
    BOOST_TEST(!body.contains("think"));
    BOOST_TEST(!body.contains("format"));
    BOOST_TEST(!body.contains("tools"));
}

BOOST_AUTO_TEST_CASE(response_formats) {
    auto body = body_of(sent(user_request(R"(,"response_format":{"type":"json_object"})")));
    BOOST_TEST(body.at("format") == "json");
    body = body_of(sent(user_request(R"(,"response_format":{"type":"text"})")));
    BOOST_TEST(!body.contains("format"));
    body = body_of(
        sent(user_request(R"(,"response_format":{"type":"json_schema","name":"x","schema":{"type":"object"}})")));
    check_json_equal(body.at("format"), boost::json::parse(R"({"type":"object"})"));
}

BOOST_AUTO_TEST_CASE(think_follows_the_request_then_the_option) {
    auto think_for = [](const std::string& extra, boost::json::object options = {}) {
        const auto body = body_of(sent(user_request(extra), ollama_config(std::move(options))));
        return body.contains("think") ? body.at("think") : boost::json::value("(absent)");
    };
    BOOST_TEST(think_for(R"(,"reasoning":{"effort":"low"})") == "low");
    BOOST_TEST(think_for(R"(,"reasoning":{"effort":"minimal"})") == "low");
    BOOST_TEST(think_for(R"(,"reasoning":{"effort":"none"})") == false);
    BOOST_TEST(think_for(R"(,"reasoning":{"budget_tokens":1024})") == true);
    BOOST_TEST(think_for("") == "(absent)");
    BOOST_TEST(think_for("", {{"think", true}}) == true);
    BOOST_TEST(think_for("", {{"think", "medium"}}) == "medium");
    BOOST_TEST(think_for(R"(,"reasoning":{"effort":"high"})", {{"think", false}}) == "high");
}

BOOST_AUTO_TEST_CASE(tool_choice_shapes_the_offered_tools) {
    const std::string tools =
        R"(,"tools":[{"name":"a","description":"","parameters":{"type":"object"}},{"name":"b","description":"B","parameters":{}}])";
    auto names = [&](const std::string& choice) {
        const auto body = body_of(sent(user_request(tools + choice)));
        std::vector<std::string> out;
        if (body.contains("tools"))
            for (const auto& t : body.at("tools").as_array())
                out.emplace_back(t.at("function").at("name").as_string());
        return out;
    };
    BOOST_TEST(names("") == (std::vector<std::string>{"a", "b"}), boost::test_tools::per_element());
    BOOST_TEST(names(R"(,"tool_choice":"auto")") == (std::vector<std::string>{"a", "b"}),
               boost::test_tools::per_element());
    BOOST_TEST(names(R"(,"tool_choice":"required")") == (std::vector<std::string>{"a", "b"}),
               boost::test_tools::per_element());
    BOOST_TEST(names(R"(,"tool_choice":"b")") == (std::vector<std::string>{"b"}), boost::test_tools::per_element());
    BOOST_TEST(names(R"(,"tool_choice":"none")").empty());

    const auto e = refused(user_request(tools + R"(,"tool_choice":"c")"));
    BOOST_TEST(e.error_class() == LLMH_ERR_BAD_REQUEST);
    BOOST_TEST(std::string(e.what()).find("'c'") != std::string::npos, e.what());
}

BOOST_AUTO_TEST_CASE(image_urls_are_refused_before_any_io) {
    const auto e = refused(
        R"({"model":"llava","stream":true,"messages":[{"role":"user","content":[{"type":"text","text":"what is it?"},{"type":"image","url":"https://example.com/cat.png"}]}]})");
    BOOST_TEST(e.error_class() == LLMH_ERR_BAD_REQUEST);
    const std::string message = e.what();
    BOOST_TEST(message.find("ollama: ") == 0u, message);
    BOOST_TEST(message.find("image URLs") != std::string::npos, message);
    BOOST_TEST(message.find("base64") != std::string::npos, message);
}

BOOST_AUTO_TEST_CASE(tool_call_arguments_must_be_a_json_object) {
    for (const std::string arguments : {R"(not json)", R"([1,2])", R"(\"text\")"}) {
        const auto e = refused(
            R"({"model":"llama3.2","stream":true,"messages":[{"role":"user","content":"hi"},{"role":"assistant","content":"","tool_calls":[{"id":"c1","name":"f","arguments":")" +
            arguments + R"("}]}]})");
        BOOST_TEST(e.error_class() == LLMH_ERR_BAD_REQUEST, arguments);
        BOOST_TEST(std::string(e.what()).find("tool call 'f'") != std::string::npos, e.what());
    }
}

BOOST_AUTO_TEST_CASE(key_headers_and_query_parameters) {
    const auto request =
        sent(user_request(), ollama_config({}, {{"X-Team", "search"}}, {{"tenant", "a b"}}), "ollama-cloud-key");
    BOOST_TEST(request.header("Authorization") == "Bearer ollama-cloud-key");
    BOOST_TEST(request.header("X-Team") == "search");
    BOOST_TEST(request.url == "http://ollama.test:11434/api/chat?tenant=a%20b");
    BOOST_TEST(request.api_key == "ollama-cloud-key");
}

BOOST_AUTO_TEST_CASE(configured_timeouts_reach_the_transport) {
    boost::json::object c = boost::json::parse(ollama_config()).as_object();
    c["timeout_ms"] = 1234;
    c["stream_idle_timeout_ms"] = 567;
    const auto request = sent(user_request(), boost::json::serialize(c));
    BOOST_TEST(request.total_timeout_ms == 1234);
    BOOST_TEST(request.idle_timeout_ms == 567);
}

// ---- canonical request 2 -------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(top_p_and_top_k_go_into_options_over_the_defaults) {
    const auto options = ollama_config({{"options", {{"top_k", 5}, {"num_ctx", 4096}}}});
    const auto body = body_of(sent(user_request(R"(,"top_p":0.9,"top_k":40,"parallel_tool_calls":false,)"
                                                R"("user":"u","service_tier":"flex","prompt_cache_key":"k",)"
                                                R"("extension":{"protocol":"openai-chat","fields":{"seed":1}})"),
                                   options));
    check_json_equal(body.at("options"), boost::json::parse(R"({"top_k":40,"num_ctx":4096,"top_p":0.9})"));
    // Nothing else of request 2 has an Ollama field, and Ollama's native API speaks no client's protocol.
    for (const char* key : {"parallel_tool_calls", "user", "service_tier", "prompt_cache_key", "seed", "top_p"})
        BOOST_TEST(!body.contains(key), key);
}

// Ollama's own thinking goes back with its turn (chat templates render it); another provider's
// reasoning does not.
BOOST_AUTO_TEST_CASE(thinking_goes_back_with_its_turn_and_only_ollamas) {
    const auto body = body_of(sent(R"({"model":"qwen3","stream":true,"messages":[
        {"role":"user","content":"Weather?"},
        {"role":"assistant","content":[],
         "reasoning":[{"text":"Need ","state":{"origin":"ollama"}},{"text":"the tool.","state":{"origin":"ollama"}}],
         "tool_calls":[{"id":"call_0","name":"get_weather","arguments":"{}"}]},
        {"role":"tool","tool_call_id":"call_0","content":"down","is_error":true},
        {"role":"assistant","content":"Sorry.",
         "reasoning":[{"text":"Not mine.","state":{"origin":"anthropic","signature":"s"}},{"text":"Unmarked."}]},
        {"role":"user","content":"ok"}]})"));
    const auto& messages = body.at("messages").as_array();
    check_json_equal(messages.at(1),
                     boost::json::parse(R"({"role":"assistant","content":"","thinking":"Need the tool.",)"
                                        R"("tool_calls":[{"function":{"name":"get_weather",)"
                                        R"("arguments":{}},"id":"call_0"}]})"));
    // A failed tool result says so in words: Ollama has no flag for it.
    check_json_equal(messages.at(2),
                     boost::json::parse(R"({"role":"tool","content":"Error: down","tool_name":"get_weather"})"));
    check_json_equal(messages.at(3), boost::json::parse(R"({"role":"assistant","content":"Sorry."})"));
}
