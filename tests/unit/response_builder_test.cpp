#include "core/chat/response_builder.hpp"

#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

using namespace llmhost;

namespace {
llmh_event event(llmh_event_type type) {
    llmh_event e{};
    e.struct_size = sizeof e;
    e.type = type;
    return e;
}
llmh_str s(const char* text) { return llmh_str{text, std::strlen(text)}; }
} // namespace

BOOST_AUTO_TEST_CASE(gathers_text_reasoning_tool_calls_usage_and_finish) {
    chat::ResponseBuilder b;
    auto start = event(LLMH_EVENT_MESSAGE_START);
    start.id = s("resp-1");
    start.name = s("model-x");
    b.add(start);
    for (const char* part : {"Hel", "lo"}) {
        auto t = event(LLMH_EVENT_TEXT_DELTA);
        t.text = s(part);
        b.add(t);
    }
    auto r = event(LLMH_EVENT_REASONING_DELTA);
    r.text = s("think");
    b.add(r);
    // Two calls whose fragments interleave.
    auto c1 = event(LLMH_EVENT_TOOL_CALL_START);
    c1.index = 1;
    c1.id = s("call_b");
    c1.name = s("b");
    b.add(c1);
    auto c0 = event(LLMH_EVENT_TOOL_CALL_START);
    c0.index = 0;
    c0.id = s("call_a");
    c0.name = s("a");
    b.add(c0);
    for (auto [index, frag] : {std::pair{0, "{\"x\":"}, {1, "{}"}, {0, "1}"}}) {
        auto d = event(LLMH_EVENT_TOOL_CALL_DELTA);
        d.index = index;
        d.text = s(frag);
        b.add(d);
    }
    auto u = event(LLMH_EVENT_USAGE);
    u.usage = {10, 5, 2, -1};
    b.add(u);
    auto f = event(LLMH_EVENT_FINISH);
    f.finish_reason = LLMH_FINISH_TOOL_CALLS;
    b.add(f);

    const auto& resp = b.response();
    BOOST_TEST(resp.text == "Hello");
    BOOST_TEST(resp.reasoning == "think");
    BOOST_REQUIRE_EQUAL(resp.tool_calls.size(), 2u);
    BOOST_TEST(resp.tool_calls[0].arguments == "{\"x\":1}");
    BOOST_TEST(resp.tool_calls[1].name == "b");

    const auto doc = chat::to_cli_json(resp, "mock", "requested-model");
    BOOST_TEST(doc.at("provider").as_string() == "mock");
    BOOST_TEST(doc.at("model").as_string() == "model-x"); // the model that answered wins
    BOOST_TEST(doc.at("finish_reason").as_string() == "tool_calls");
    BOOST_TEST(doc.at("usage").at("input_tokens").as_int64() == 10);
    BOOST_TEST(doc.at("usage").at("cached_input_tokens").as_int64() == 2);
    BOOST_TEST(!doc.at("usage").as_object().contains("reasoning_tokens"));
    BOOST_TEST(doc.at("tool_calls").as_array()[0].at("id").as_string() == "call_a");
}

BOOST_AUTO_TEST_CASE(missing_usage_and_finish_get_safe_defaults) {
    chat::ResponseBuilder b;
    const auto doc = chat::to_cli_json(b.response(), "p", "m");
    BOOST_TEST(doc.at("model").as_string() == "m");
    BOOST_TEST(doc.at("finish_reason").as_string() == "stop");
    BOOST_TEST(doc.at("usage").at("output_tokens").as_int64() == 0);
}
