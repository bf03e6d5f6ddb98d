// The offline mock provider, called through its C table with a fake host (it never uses HTTP).
#include "support/test_env.hpp"
#include "unit/fake_host_services.hpp"
#include "unit/plugin_chat_support.hpp"

#include "plugins/mock/mock_provider.hpp"

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <cmath>
#include <map>
#include <mutex>
#include <thread>
#include <variant>

using namespace llmhost;
using namespace llmhost::testing;

namespace {

const llmh_plugin& mock_table() { return *plugin_detail::Adapter<&mock_plugin::make_provider>::table("mock", "test"); }

std::string mock_config(boost::json::object options = {}, std::string_view id = "mock") {
    return provider_config(id, "", "mock-echo", std::move(options));
}

const char* const hello_request =
    R"({"model":"","stream":true,"messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"first question"},{"role":"assistant","content":"an answer"},{"role":"user","content":"hello big  world"}]})";

ChatOutcome chat(const AbiProvider& provider, FakeHost& fake, std::string_view request_json = hello_request) {
    return chat_through_table(fake, provider, request_json, {});
}

std::optional<Error> create_error(const std::string& config_json) {
    FakeHost fake;
    try {
        AbiProvider provider(mock_table(), fake, "mock", config_json);
    } catch (const Error& e) {
        return e;
    }
    return std::nullopt;
}

} // namespace

BOOST_AUTO_TEST_CASE(echoes_last_user_message_word_by_word) {
    FakeHost fake;
    AbiProvider provider(mock_table(), fake, "mock", mock_config());
    const auto run = chat(provider, fake);
    BOOST_REQUIRE(!run.error);
    // input = every word of every message (2 + 2 + 2 + 3), output = the words echoed.
    const std::vector<std::string> expected{
        "start id=mock-1 model=mock-echo",         "text hello ", "text big  ", "text world",
        "usage in=9 out=3 cached=-1 reasoning=-1", "finish stop"};
    BOOST_TEST(run.lines == expected, boost::test_tools::per_element());
    BOOST_TEST(fake.requests.empty()); // no HTTP, ever
}

BOOST_AUTO_TEST_CASE(non_stream_requests_produce_the_same_events) {
    FakeHost fake;
    AbiProvider provider(mock_table(), fake, "mock", mock_config());
    std::string request = hello_request;
    request.replace(request.find("\"stream\":true"), 13, "\"stream\":false");
    const auto streamed = chat(provider, fake), whole = chat(provider, fake, request);
    BOOST_REQUIRE(!whole.error);
    BOOST_REQUIRE_EQUAL(whole.lines.size(), streamed.lines.size());
    for (size_t i = 1; i < whole.lines.size(); ++i)
        BOOST_TEST(whole.lines[i] == streamed.lines[i]); // ids differ
    BOOST_TEST(whole.response.text == "hello big  world");
}

BOOST_AUTO_TEST_CASE(requested_model_is_reported) {
    FakeHost fake;
    AbiProvider provider(mock_table(), fake, "mock", mock_config());
    const auto run = chat(provider, fake, R"({"model":"my-model","messages":[{"role":"user","content":"x"}]})");
    BOOST_TEST(run.response.model == "my-model");
}

BOOST_AUTO_TEST_CASE(replies_file_in_order_and_cycling) {
    TempDir dir;
    dir.write("replies.json", R"([
        "plain text reply",
        {"text": "the answer", "reasoning": "let me think", "model": "mock-smart"},
        {"tool_call": {"name": "get_weather", "arguments": {"city": "Paris"}}},
        {"error": {"class": "rate_limited", "message": "slow down", "retry_after_ms": 1500}}
    ])");
    FakeHost fake;
    AbiProvider provider(mock_table(), fake, "mock", mock_config({{"replies_file", dir.file("replies.json")}}));

    auto run = chat(provider, fake);
    BOOST_TEST(run.response.text == "plain text reply");
    BOOST_TEST(run.response.usage.output_tokens == 3);

    run = chat(provider, fake);
    BOOST_TEST(run.response.model == "mock-smart");
    BOOST_TEST(run.response.reasoning == "let me think");
    BOOST_TEST(run.response.text == "the answer");
    BOOST_TEST(run.lines.at(1) == "reasoning let ");
    BOOST_TEST(run.response.usage.output_tokens == 5);

    run = chat(provider, fake);
    BOOST_REQUIRE_EQUAL(run.response.tool_calls.size(), 1u);
    BOOST_TEST(run.response.tool_calls[0].name == "get_weather");
    BOOST_TEST(run.response.tool_calls[0].arguments == R"({"city":"Paris"})");
    BOOST_TEST(run.response.finish_reason == LLMH_FINISH_TOOL_CALLS);

    run = chat(provider, fake);
    BOOST_REQUIRE(run.error);
    BOOST_TEST(run.error->error_class() == LLMH_ERR_RATE_LIMITED);
    BOOST_TEST(run.error->retry_after_ms() == 1500);
    BOOST_TEST(run.error->http_status() == 429);
    BOOST_TEST(std::string(run.error->what()) == "mock: slow down");
    BOOST_TEST(run.lines.empty());

    BOOST_TEST(chat(provider, fake).response.text == "plain text reply"); // cycles

    auto ctx = fake.context();
    const auto models = boost::json::parse(provider.list_models(ctx));
    BOOST_TEST(
        models ==
            boost::json::parse(
                R"({"models":[{"id":"mock-echo","owned_by":"llmhost-mock"},{"id":"mock-smart","owned_by":"llmhost-mock"}]})"),
        boost::json::serialize(models));
}

BOOST_AUTO_TEST_CASE(replies_are_shared_safely_between_threads) {
    TempDir dir;
    dir.write("replies.json", R"(["a", "b", "c"])");
    FakeHost fake;
    AbiProvider provider(mock_table(), fake, "mock", mock_config({{"replies_file", dir.file("replies.json")}}));
    std::mutex mutex;
    std::map<std::string, int> seen;
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([&] {
            for (int i = 0; i < 30; ++i) {
                const auto run = chat(provider, fake);
                std::lock_guard lock(mutex);
                ++seen[run.response.text];
            }
        });
    for (auto& t : threads)
        t.join();
    BOOST_TEST(seen.size() == 3u);
    for (const auto& [text, count] : seen)
        BOOST_TEST(count == 40, text);
}

BOOST_AUTO_TEST_CASE(invalid_replies_files_are_rejected_at_creation) {
    TempDir dir;
    dir.write("bad_json.json", "[");
    dir.write("empty.json", "[]");
    dir.write("bad_key.json", R"([{"txt": "typo"}])");
    dir.write("bad_class.json", R"([{"error": {"class": "teapot"}}])");
    for (std::string name : {"missing.json", "bad_json.json", "empty.json", "bad_key.json", "bad_class.json"}) {
        const auto error = create_error(mock_config({{"replies_file", dir.file(name)}}));
        BOOST_TEST_CONTEXT(name) {
            BOOST_REQUIRE(error);
            BOOST_TEST(error->error_class() == LLMH_ERR_INVALID_CONFIG);
            BOOST_TEST(std::string(error->what()).find(name) != std::string::npos);
        }
    }
}

BOOST_AUTO_TEST_CASE(tool_call_option_answers_requests_with_tools) {
    FakeHost fake;
    AbiProvider provider(mock_table(), fake, "mock",
                         mock_config({{"tool_call", {{"name", "lookup"}, {"arguments", {{"q", "x"}}}}}}));
    const std::string with_tools =
        R"({"messages":[{"role":"user","content":"find x"}],"tools":[{"name":"lookup","parameters":{}}]})";
    auto run = chat(provider, fake, with_tools);
    const std::vector<std::string> expected{"start id=mock-1 model=mock-echo", "tool_start 0 call_mock_1 lookup",
                                            "tool_delta 0 {\"q\":\"x\"}", "usage in=2 out=1 cached=-1 reasoning=-1",
                                            "finish tool_calls"};
    BOOST_TEST(run.lines == expected, boost::test_tools::per_element());

    // No tools offered, or tool_choice "none": the echo.
    BOOST_TEST(chat(provider, fake, R"({"messages":[{"role":"user","content":"find x"}]})").response.text == "find x");
    std::string none = with_tools;
    none.insert(none.size() - 1, R"(,"tool_choice":"none")");
    BOOST_TEST(chat(provider, fake, none).response.text == "find x");
}

BOOST_AUTO_TEST_CASE(error_option_fails_every_call_with_that_class) {
    for (int32_t cls = LLMH_ERR_AUTHENTICATION; cls <= LLMH_ERR_MISSING_CREDENTIALS; ++cls) {
        const std::string name(error_class_name(cls));
        FakeHost fake;
        AbiProvider provider(mock_table(), fake, "mock", mock_config({{"error", name}, {"error_retry_after_ms", 250}}));
        const auto run = chat(provider, fake);
        BOOST_TEST_CONTEXT(name) {
            BOOST_REQUIRE(run.error);
            BOOST_TEST(run.error->error_class() == cls);
            BOOST_TEST(run.error->retry_after_ms() == 250);
            BOOST_TEST(std::string(run.error->what()) == "mock: simulated " + name + " error");
            auto ctx = fake.context();
            BOOST_CHECK_THROW(provider.embed(ctx, R"({"input":["a"]})"), Error);
            BOOST_CHECK_THROW(provider.list_models(ctx), Error);
        }
    }
    FakeHost fake;
    AbiProvider server(mock_table(), fake, "mock", mock_config({{"error", "server_error"}}));
    BOOST_TEST(chat(server, fake).error->http_status() == 500);
    BOOST_TEST(chat(server, fake).error->retry_after_ms() == -1);

    const auto unknown = create_error(mock_config({{"error", "teapot"}}));
    BOOST_REQUIRE(unknown);
    BOOST_TEST(std::string(unknown->what()).find("known: authentication, permission") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(unknown_and_mistyped_options_are_rejected) {
    auto error = create_error(mock_config({{"latency", 5}}));
    BOOST_REQUIRE(error);
    BOOST_TEST(error->error_class() == LLMH_ERR_INVALID_CONFIG);
    BOOST_TEST(std::string(error->what()) ==
               "mock: unknown option 'latency' (known options: replies_file, latency_ms, chunk_delay_ms, tool_call, "
               "error, error_retry_after_ms, token_counter)");
    BOOST_TEST(create_error(mock_config({{"latency_ms", "slow"}})).has_value());
    BOOST_TEST(create_error(mock_config({{"latency_ms", -1}})).has_value());
    BOOST_TEST(create_error(mock_config({{"tool_call", "lookup"}})).has_value());
    BOOST_TEST(create_error(mock_config({{"error_retry_after_ms", 5}})).has_value());
    BOOST_TEST(create_error(mock_config({{"token_counter", "yes"}})).has_value());
}

BOOST_AUTO_TEST_CASE(chunk_delay_paces_the_deltas) {
    FakeHost fake;
    AbiProvider provider(mock_table(), fake, "mock", mock_config({{"chunk_delay_ms", 20}}));
    const auto start = std::chrono::steady_clock::now();
    const auto run = chat(provider, fake); // three words: two pauses
    const auto elapsed = std::chrono::steady_clock::now() - start;
    BOOST_REQUIRE(!run.error);
    BOOST_TEST(elapsed >= std::chrono::milliseconds(40));
}

BOOST_AUTO_TEST_CASE(latency_honours_cancellation) {
    FakeHost fake;
    AbiProvider provider(mock_table(), fake, "mock", mock_config({{"latency_ms", 60000}}));
    std::thread canceller([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        fake.cancelled = true;
    });
    const auto start = std::chrono::steady_clock::now();
    const auto run = chat(provider, fake);
    const auto elapsed = std::chrono::steady_clock::now() - start;
    canceller.join();
    BOOST_REQUIRE(run.error);
    BOOST_TEST(run.error->error_class() == LLMH_ERR_CANCELLED);
    BOOST_TEST(elapsed < std::chrono::seconds(2));
    BOOST_TEST(run.lines.empty());
}

BOOST_AUTO_TEST_CASE(sink_stop_cancels) {
    FakeHost fake;
    AbiProvider provider(mock_table(), fake, "mock", mock_config());
    auto ctx = fake.context();
    EventRecorder recorder;
    recorder.stop_after = 2;
    const auto error = provider.chat(ctx, hello_request, recorder);
    BOOST_REQUIRE(error);
    BOOST_TEST(error->error_class() == LLMH_ERR_CANCELLED);
    BOOST_TEST(recorder.events.size() == 2u);
}

BOOST_AUTO_TEST_CASE(embeddings_are_deterministic_unit_vectors) {
    FakeHost fake;
    AbiProvider provider(mock_table(), fake, "mock", mock_config());
    auto ctx = fake.context();
    const auto first = boost::json::parse(provider.embed(ctx, R"({"model":"","input":["hello world","other"]})"));
    const auto again = boost::json::parse(provider.embed(ctx, R"({"model":"","input":["hello world"]})"));
    BOOST_TEST(first.at("model") == "mock-echo");
    BOOST_TEST(first.at("usage").at("input_tokens") == 3);
    const auto& data = first.at("data").as_array();
    BOOST_REQUIRE_EQUAL(data.size(), 2u);
    BOOST_TEST(data[1].at("index") == 1);
    const auto& v0 = data[0].at("embedding").as_array();
    BOOST_REQUIRE_EQUAL(v0.size(), 8u);
    double norm = 0;
    for (const auto& x : v0)
        norm += x.as_double() * x.as_double();
    BOOST_TEST(std::abs(norm - 1.0) < 1e-9);
    BOOST_TEST(again.at("data").at(0).at("embedding") == data[0].at("embedding"));
    BOOST_TEST(data[0].at("embedding") != data[1].at("embedding"));
}

BOOST_AUTO_TEST_CASE(models_default_listing_and_config_defined_ids) {
    FakeHost fake;
    AbiProvider provider(mock_table(), fake, "mock-slow", provider_config("mock-slow", "", "", {{"latency_ms", 1}}));
    auto ctx = fake.context();
    BOOST_TEST(boost::json::parse(provider.list_models(ctx)) ==
               boost::json::parse(R"({"models":[{"id":"mock-echo","owned_by":"llmhost-mock"}]})"));
    BOOST_TEST(chat(provider, fake).response.text == "hello big  world");
}

// ---- reasoning state the mock hands out and demands back, cache use, its token counter ----

namespace {

std::string describe(const std::optional<Error>& e) { return e ? e->what() : "no error"; }

// Turn 1 thinks, leaves state and calls a tool; turn 2 answers; turn 3 leaves state on text.
const char* const stateful_replies = R"([
    {"reasoning": "Weather needs a tool.", "reasoning_state": {"signature": "sig-1", "data": "opaque=="},
     "tool_call": {"name": "weather", "arguments": {"city": "Paris"}}},
    "Sunny.",
    {"text": "Done.", "reasoning_state": {"signature": "sig-2"}}])";

const std::string turn_1 = R"({"messages":[{"role":"user","content":"Weather in Paris?"}]})";

// Turn 2 as a client sends it, with `reasoning` as the assistant turn's reasoning blocks.
std::string turn_2(const std::string& reasoning) {
    return R"({"messages":[{"role":"user","content":"Weather in Paris?"},{"role":"assistant","reasoning":)" +
           reasoning +
           R"(,"content":"","tool_calls":[{"id":"call_mock_1","name":"weather","arguments":"{\"city\":\"Paris\"}"}]},)"
           R"({"role":"tool","tool_call_id":"call_mock_1","content":"sunny"}]})";
}

const std::string kept_state =
    R"([{"text":"Weather needs a tool.","state":{"origin":"mock","signature":"sig-1","data":"opaque=="}}])";

} // namespace

BOOST_AUTO_TEST_CASE(scripted_reasoning_state_goes_out_and_must_come_back_unchanged) {
    TempDir dir;
    dir.write("replies.json", stateful_replies);
    FakeHost fake;
    AbiProvider provider(mock_table(), fake, "mock", mock_config({{"replies_file", dir.file("replies.json")}}));
    const auto first = chat(provider, fake, turn_1);
    BOOST_REQUIRE(!first.error);
    const std::vector<std::string> expected{"start id=mock-1 model=mock-echo",
                                            "reasoning Weather ",
                                            "reasoning needs ",
                                            "reasoning a ",
                                            "reasoning tool.",
                                            "state -1 origin=mock signature=sig-1 data=opaque==",
                                            "tool_start 0 call_mock_1 weather",
                                            "tool_delta 0 {\"city\":\"Paris\"}",
                                            "usage in=3 out=5 cached=-1 reasoning=-1",
                                            "finish tool_calls"};
    BOOST_TEST(first.lines == expected, boost::test_tools::per_element());

    // Lost, altered or from another origin: refused like a real API, without using a reply.
    for (const std::string& reasoning :
         {std::string("[]"), std::string(R"([{"text":"Weather needs a tool."}])"),
          std::string(R"([{"text":"x","state":{"origin":"mock","signature":"sig-1","data":"forged"}}])"),
          std::string(R"([{"text":"x","state":{"origin":"anthropic","signature":"sig-1","data":"opaque=="}}])")}) {
        const auto refused = chat(provider, fake, turn_2(reasoning));
        BOOST_TEST_CONTEXT(reasoning) {
            BOOST_REQUIRE(refused.error);
            BOOST_TEST(refused.error->error_class() == LLMH_ERR_BAD_REQUEST);
            BOOST_TEST(refused.error->http_status() == 400);
            BOOST_TEST(std::string(refused.error->what())
                           .starts_with("mock: messages[1]: the assistant turn does not "
                                        "carry back the reasoning state"),
                       refused.error->what());
            BOOST_TEST(refused.lines.empty());
        }
    }
    const auto second = chat(provider, fake, turn_2(kept_state));
    BOOST_REQUIRE_MESSAGE(!second.error, describe(second.error));
    BOOST_TEST(second.response.text == "Sunny.");

    // State on a text turn is found by its text.
    const auto third = chat(provider, fake, turn_1);
    BOOST_REQUIRE(!third.error);
    BOOST_TEST(third.lines.at(1) == "state -1 origin=mock signature=sig-2");
    const std::string history = R"({"messages":[{"role":"user","content":"Weather in Paris?"},{"role":"assistant",)";
    const auto lost = chat(provider, fake, history + R"("content":"Done."},{"role":"user","content":"ok"}]})");
    BOOST_REQUIRE(lost.error);
    BOOST_TEST(lost.error->error_class() == LLMH_ERR_BAD_REQUEST);
    const auto kept = chat(provider, fake,
                           history + R"("reasoning":[{"text":"","state":{"origin":"mock","signature":"sig-2"}}],)"
                                     R"("content":"Done."},{"role":"user","content":"ok"}]})");
    BOOST_TEST(!kept.error, describe(kept.error));
}

BOOST_AUTO_TEST_CASE(a_reasoning_state_needs_a_signature_or_data) {
    TempDir dir;
    dir.write("empty_state.json", R"([{"text": "x", "reasoning_state": {}}])");
    dir.write("typo_state.json", R"([{"text": "x", "reasoning_state": {"sig": "s"}}])");
    for (std::string name : {"empty_state.json", "typo_state.json"}) {
        const auto error = create_error(mock_config({{"replies_file", dir.file(name)}}));
        BOOST_TEST_CONTEXT(name) {
            BOOST_REQUIRE(error);
            BOOST_TEST(error->error_class() == LLMH_ERR_INVALID_CONFIG);
            BOOST_TEST(std::string(error->what()).find("reasoning_state") != std::string::npos, error->what());
        }
    }
}

BOOST_AUTO_TEST_CASE(cache_marks_write_then_read_the_marked_prefix) {
    FakeHost fake;
    AbiProvider provider(mock_table(), fake, "mock", mock_config());
    const std::string system =
        R"({"role":"system","content":[{"type":"text","text":"a long stable preamble","cache":{}}]})";
    const auto usage_of_run = [&](const std::string& messages) {
        const auto run = chat(provider, fake, R"({"messages":[)" + messages + "]}");
        BOOST_REQUIRE_MESSAGE(!run.error, describe(run.error));
        return run.lines.at(run.lines.size() - 2);
    };
    // The first request writes its marked prefix (4 words), the next with the same one reads it.
    BOOST_TEST(usage_of_run(system + R"(,{"role":"user","content":"hi"})") ==
               "usage in=5 out=1 cached=0 reasoning=-1 cache_write=4");
    BOOST_TEST(usage_of_run(system + R"(,{"role":"user","content":"other question"})") ==
               "usage in=6 out=2 cached=4 reasoning=-1 cache_write=0");
    // A later mark reads what is cached and writes the rest.
    BOOST_TEST(usage_of_run(system + R"(,{"role":"user","content":"one two three","cache":{"ttl":"1h"}})") ==
               "usage in=7 out=3 cached=4 reasoning=-1 cache_write=3");
    // Where the marks sit does not change a prefix: the same content unmarked up front still hits.
    BOOST_TEST(usage_of_run(R"({"role":"system","content":"a long stable preamble"},)"
                            R"({"role":"user","content":"one two three","cache":{}})") ==
               "usage in=7 out=3 cached=7 reasoning=-1 cache_write=0");
    // Another prefix misses; no marks, no cache counts.
    BOOST_TEST(usage_of_run(R"({"role":"system","content":[{"type":"text","text":"changed preamble","cache":{}}]},)"
                            R"({"role":"user","content":"hi"})") ==
               "usage in=3 out=1 cached=0 reasoning=-1 cache_write=2");
    BOOST_TEST(usage_of_run(R"({"role":"user","content":"hi"})") == "usage in=1 out=1 cached=-1 reasoning=-1");
}

BOOST_AUTO_TEST_CASE(token_counter_option_counts_with_the_mocks_own_count) {
    const auto count = [](boost::json::object options) -> std::variant<int64_t, Error> {
        FakeHost fake;
        auto config = ProviderConfig::from_json("mock", mock_config(std::move(options)));
        auto provider = mock_plugin::make_provider(fake.host(), config);
        auto ctx = fake.context();
        Call call(fake.host(), &ctx);
        try {
            return provider->count_tokens(parse_chat_request(hello_request), call);
        } catch (const Error& e) {
            return e;
        }
    };
    const auto counted = count({{"token_counter", true}});
    BOOST_REQUIRE(std::holds_alternative<int64_t>(counted));
    BOOST_TEST(std::get<int64_t>(counted) == 9); // the input its usage reports for the same request
    // Without it the mock has no counter, like most providers: an error, never a guess.
    const auto none = count({});
    BOOST_REQUIRE(std::holds_alternative<Error>(none));
    BOOST_TEST(std::get<Error>(none).error_class() == LLMH_ERR_UNSUPPORTED);
    BOOST_TEST(std::string(std::get<Error>(none).what()).find("no token counter") != std::string::npos);
    const auto failing = count({{"token_counter", true}, {"error", "rate_limited"}});
    BOOST_REQUIRE(std::holds_alternative<Error>(failing));
    BOOST_TEST(std::get<Error>(failing).error_class() == LLMH_ERR_RATE_LIMITED);
}
