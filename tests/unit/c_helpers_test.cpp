// llmhost/c/helpers.h, called as a C plugin calls it: each piece gives what the C++ SDK gives
// (it is the same code), errors come back as classes with filled llmh_error s, and nothing throws.
#include <llmhost/c/helpers.h>

#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

namespace {

std::string text(llmh_str s) { return s.size ? std::string(s.data, s.size) : std::string(); }

llmh_str str(const std::string& s) { return {s.data(), s.size()}; }

llmh_error empty_error() {
    llmh_error e{};
    e.struct_size = sizeof e;
    e.retry_after_ms = -1;
    return e;
}

// Events as "TYPE:index:id:name:text" lines.
struct Recorder {
    std::vector<std::string> events;
    llmh_event_sink sink{sizeof(llmh_event_sink), 0, this, [](void* user, const llmh_event* e) {
                             static_cast<Recorder*>(user)->events.push_back(
                                 std::to_string(e->type) + ":" + std::to_string(e->index) + ":" + text(e->id) + ":" +
                                 text(e->name) + ":" + text(e->text));
                             return true;
                         }};
};

} // namespace

BOOST_AUTO_TEST_CASE(sse_frames_events_split_anywhere) {
    llmhc_sse* sse = llmhc_sse_new();
    std::vector<std::string> seen;
    const std::string stream = "event: delta\r\ndata: a\ndata: b\n\n: comment\nretry: 250\ndata: c\n\n";
    for (char c : stream)
        BOOST_TEST(llmhc_sse_feed(
            sse, {&c, 1},
            [](void* user, llmh_str event, llmh_str data, llmh_str) {
                static_cast<std::vector<std::string>*>(user)->push_back(text(event) + "=" + text(data));
                return true;
            },
            &seen));
    BOOST_TEST(seen == (std::vector<std::string>{"delta=a\nb", "=c"}), boost::test_tools::per_element());
    BOOST_TEST(llmhc_sse_retry_ms(sse) == 250);
    BOOST_TEST(!llmhc_sse_has_partial_event(sse));
    llmhc_sse_free(sse);
}

BOOST_AUTO_TEST_CASE(http_failures_become_classes_with_retry_hints) {
    BOOST_TEST(llmhc_http_status_class(429) == LLMH_ERR_RATE_LIMITED);
    BOOST_TEST(llmhc_http_status_class(200) == LLMH_OK);
    const llmh_header seconds[] = {{llmhc_str("Retry-After"), llmhc_str("7")}};
    BOOST_TEST(llmhc_retry_after_ms(seconds, 1, 0) == 7000);
    const llmh_header date[] = {{llmhc_str("retry-after"), llmhc_str("Wed, 21 Oct 2015 07:28:10 GMT")}};
    BOOST_TEST(llmhc_retry_after_ms(date, 1, 1445412480000) == 10000);
    BOOST_TEST(llmhc_retry_after_ms(nullptr, 0, 0) == -1);

    llmh_error error = empty_error();
    const std::string body = R"({"error":{"message":"You exceeded your quota","code":"insufficient_quota"}})";
    BOOST_TEST(llmhc_openai_http_error(llmhc_str("acme"), 429, seconds, 1, str(body), 0, &error) ==
               LLMH_ERR_QUOTA_EXHAUSTED);
    BOOST_TEST(error.error_class == LLMH_ERR_QUOTA_EXHAUSTED);
    BOOST_TEST(error.http_status == 429);
    BOOST_TEST(error.retry_after_ms == 7000);
    BOOST_TEST(std::string(error.message) == "acme: You exceeded your quota (HTTP 429)");
    BOOST_TEST(llmhc_fail(&error, LLMH_ERR_BAD_REQUEST, "no %s", "model") == LLMH_ERR_BAD_REQUEST);
    BOOST_TEST(std::string(error.message) == "no model");
}

BOOST_AUTO_TEST_CASE(configuration_options_and_requests) {
    const char* known[] = {"organization"};
    llmh_error error = empty_error();
    const std::string bad = R"({"base_url":"http://x/v1","options":{"organisation":"o"}})";
    BOOST_TEST(llmhc_config_parse(llmhc_str("acme"), str(bad), known, 1, &error) == nullptr);
    BOOST_TEST(error.error_class == LLMH_ERR_INVALID_CONFIG);
    BOOST_TEST(std::string(error.message).find("unknown option 'organisation'") != std::string::npos, error.message);
    BOOST_TEST(std::string(error.message).find("organization") != std::string::npos, error.message);

    const std::string good = R"({"base_url":"http://x/v1/","default_model":"m1","query_params":{"v":"2"},
        "http_headers":{"X-Team":"blue"},"timeout_ms":5000,"options":{"organization":"org-1"}})";
    llmhc_config* config = llmhc_config_parse(llmhc_str("acme"), str(good), known, 1, &error);
    BOOST_TEST_REQUIRE(config != nullptr, error.message);
    BOOST_TEST(text(llmhc_config_base_url(config)) == "http://x/v1");
    BOOST_TEST(llmhc_config_check_base_url(config, &error) == LLMH_OK);
    llmh_str value{};
    BOOST_TEST(llmhc_config_option_string(config, "organization", &value, &error) == LLMH_OK);
    BOOST_TEST(text(value) == "org-1");
    llmh_str model{};
    BOOST_TEST(llmhc_config_model(config, {}, &model, &error) == LLMH_OK);
    BOOST_TEST(text(model) == "m1");

    llmhc_request* request = llmhc_request_new(config, "POST", "/chat/completions", llmhc_str("{}"), true);
    llmh_call_context call{sizeof(llmh_call_context), 0, llmhc_str("sk-1"), nullptr};
    llmhc_request_set_bearer(request, &call);
    const llmh_http_request* abi = llmhc_request_abi(request);
    BOOST_TEST(text(abi->url) == "http://x/v1/chat/completions?v=2");
    BOOST_TEST(abi->total_timeout_ms == 5000);
    std::vector<std::string> headers;
    for (size_t i = 0; i < abi->header_count; ++i)
        headers.push_back(text(abi->headers[i].name) + ": " + text(abi->headers[i].value));
    BOOST_TEST(headers == (std::vector<std::string>{"Content-Type: application/json", "Accept: text/event-stream",
                                                    "X-Team: blue", "Authorization: Bearer sk-1"}),
               boost::test_tools::per_element());
    llmhc_request_free(request);
    llmhc_config_free(config);
}

BOOST_AUTO_TEST_CASE(canonical_request_to_an_openai_body) {
    llmh_error error = empty_error();
    BOOST_TEST(llmhc_chat_request_parse(llmhc_str("{nope"), &error) == nullptr);
    BOOST_TEST(error.error_class == LLMH_ERR_BAD_REQUEST);

    const std::string json = R"({"model":"m","stream":false,"messages":[
        {"role":"user","content":[{"type":"text","text":"Weather "},{"type":"text","text":"in Oslo?"}]},
        {"role":"assistant","content":[],"tool_calls":[{"id":"c1","name":"get_weather","arguments":"{\"city\":\"Oslo\"}"}]},
        {"role":"tool","tool_call_id":"c1","content":[{"type":"text","text":"sunny"}]}],
        "tools":[{"name":"get_weather","parameters":{"type":"object"}}],"max_tokens":9})";
    llmhc_chat_request* request = llmhc_chat_request_parse(str(json), &error);
    BOOST_TEST_REQUIRE(request != nullptr, error.message);
    BOOST_TEST(!llmhc_chat_request_stream(request));
    BOOST_TEST(llmhc_chat_request_message_count(request) == 3u);
    BOOST_TEST(text(llmhc_chat_request_message_text(request, 0)) == "Weather in Oslo?");
    BOOST_TEST(llmhc_chat_request_message_role(request, 2) == LLMHC_ROLE_TOOL);
    BOOST_TEST(text(llmhc_chat_request_message_tool_call_id(request, 2)) == "c1");
    llmh_str id{}, name{}, arguments{};
    BOOST_TEST(llmhc_chat_request_tool_call_count(request, 1) == 1u);
    llmhc_chat_request_tool_call(request, 1, 0, &id, &name, &arguments);
    BOOST_TEST(text(name) == "get_weather");
    BOOST_TEST(text(llmhc_chat_request_tool_name(request, 0)) == "get_weather");
    // Past the end: nothing, not an exception.
    BOOST_TEST(llmhc_chat_request_message_role(request, 3) == -1);
    BOOST_TEST(llmhc_chat_request_message_text(request, 3).size == 0u);
    BOOST_TEST(llmhc_chat_request_tool_call_count(request, 9) == 0u);
    llmhc_chat_request_tool_call(request, 1, 5, &id, &name, &arguments);
    BOOST_TEST((id.size == 0u && name.size == 0u && arguments.size == 0u));
    BOOST_TEST(llmhc_chat_request_tool_name(request, 1).size == 0u);

    llmh_str body{};
    BOOST_TEST(llmhc_openai_chat_body(request, llmhc_str("acme"), llmhc_str("m"), LLMHC_OPENAI_MAX_COMPLETION_TOKENS,
                                      &body, &error) == LLMH_OK);
    const std::string sent = text(body);
    BOOST_TEST(sent.find(R"("max_completion_tokens":9)") != std::string::npos, sent);
    BOOST_TEST(sent.find(R"("tool_calls":[{"id":"c1","type":"function")") != std::string::npos, sent);
    BOOST_TEST(sent.find(R"("role":"tool","tool_call_id":"c1","content":"sunny")") != std::string::npos, sent);
    llmhc_chat_request_free(request);
}

BOOST_AUTO_TEST_CASE(streams_and_completions_become_events) {
    Recorder recorder;
    llmh_error error = empty_error();
    llmhc_openai_stream* stream = llmhc_openai_stream_new(llmhc_str("acme"), &recorder.sink, LLMH_ABI_MINOR);
    const std::string body =
        R"(data: {"id":"r1","model":"m","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"c1","function":{"name":"f","arguments":"{}"}}]}}]})"
        "\n\n"
        R"(data: {"id":"r1","model":"m","choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]})"
        "\n\ndata: [DONE]\n\n";
    for (char c : body)
        BOOST_TEST_REQUIRE(llmhc_openai_stream_feed(stream, {&c, 1}, &error) == LLMH_OK, error.message);
    BOOST_TEST(llmhc_openai_stream_finish(stream, {}, &error) == LLMH_OK);
    llmhc_openai_stream_free(stream);
    BOOST_TEST(recorder.events == (std::vector<std::string>{"1:0:r1:m:", "4:0:c1:f:", "5:0:::{}", "7:0:::"}),
               boost::test_tools::per_element());

    // Cut short: a typed failure, not an exception.
    stream = llmhc_openai_stream_new(llmhc_str("acme"), &recorder.sink, LLMH_ABI_MINOR);
    BOOST_TEST(llmhc_openai_stream_feed(stream, llmhc_str("data: {\"choi"), &error) == LLMH_OK);
    BOOST_TEST(llmhc_openai_stream_finish(stream, llmhc_str("connection reset"), &error) ==
               LLMH_ERR_MALFORMED_RESPONSE);
    BOOST_TEST(std::string(error.message).find("connection reset") != std::string::npos, error.message);
    llmhc_openai_stream_free(stream);

    recorder.events.clear();
    const std::string whole =
        R"({"id":"r2","model":"m","choices":[{"index":0,"message":{"content":"hi"},"finish_reason":"stop"}]})";
    BOOST_TEST(llmhc_openai_completion(llmhc_str("acme"), str(whole), &recorder.sink, LLMH_ABI_MINOR, &error) ==
               LLMH_OK);
    BOOST_TEST(recorder.events == (std::vector<std::string>{"1:0:r2:m:", "2:0:::hi", "7:0:::"}),
               boost::test_tools::per_element());
    BOOST_TEST(llmhc_openai_completion(llmhc_str("acme"), llmhc_str("<html>"), &recorder.sink, LLMH_ABI_MINOR,
                                       &error) == LLMH_ERR_MALFORMED_RESPONSE);
}
