// The one-pass reading of Anthropic text and thinking deltas (AnthropicPlainEvent) against the
// document reading it stands in for: every event, plain or not, must give the same canonical
// events both ways. An event is sent down the document path by adding a member the one-pass
// reading does not know to its delta ("x_doc":0), which the document reading ignores.
#include "event_recorder.hpp"

#include <llmhost/protocol/anthropic/plain_event.hpp>
#include <llmhost/protocol/anthropic/stream.hpp>

#include <boost/test/unit_test.hpp>

#include <random>
#include <string>
#include <utility>
#include <vector>

using namespace llmhost;
using namespace llmhost::testing;

namespace {

// An SSE event: its `event:` line (none when empty) and its data.
using Event = std::pair<std::string, std::string>;

// The events of a stream of `events` between message_start and message_stop; an error as a line.
std::vector<std::string> decode(const std::vector<Event>& events) {
    EventRecorder recorder;
    EventSink sink(recorder.sink());
    AnthropicStreamDecoder decoder("anthropic", sink);
    std::vector<std::string> lines;
    try {
        decoder.feed("event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"m\"}}\n\n");
        for (const auto& [name, data] : events)
            decoder.feed((name.empty() ? "" : "event: " + name + "\n") + "data: " + data + "\n\n");
        decoder.feed("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
        decoder.finish();
    } catch (const Error& e) {
        lines.push_back("error " + std::to_string(e.error_class()) + " " + e.what());
    }
    auto out = recorder.lines();
    out.insert(out.end(), lines.begin(), lines.end());
    return out;
}

// The same event, for the document path only.
std::string on_document_path(const std::string& data) {
    const size_t delta = data.find("\"delta\":{");
    if (delta == std::string::npos) return data;
    const size_t inside = delta + 9;
    const bool empty_object = data.compare(inside, 1, "}") == 0;
    return data.substr(0, inside) + "\"x_doc\":0" + (empty_object ? "" : ",") + data.substr(inside);
}

void check_same_both_ways(const std::vector<Event>& events) {
    std::vector<Event> document;
    for (const auto& [name, data] : events)
        document.emplace_back(name, on_document_path(data));
    const auto fast = decode(events), slow = decode(document);
    BOOST_TEST(fast == slow, boost::test_tools::per_element());
}

const std::string text_event =
    R"({"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hello"}})";

} // namespace

BOOST_AUTO_TEST_CASE(reads_text_and_thinking_deltas) {
    AnthropicPlainEvent event;
    BOOST_TEST_REQUIRE(event.read(text_event));
    BOOST_TEST(event.type == "content_block_delta");
    BOOST_TEST(event.delta_type == "text_delta");
    BOOST_TEST(event.text == "Hello");

    BOOST_TEST_REQUIRE(event.read(
        R"({"type":"content_block_delta","index":1,"delta":{"thinking":"a \"q\" \u00e9","type":"thinking_delta"}})"));
    BOOST_TEST(event.delta_type == "thinking_delta");
    BOOST_TEST(event.text == "a \"q\" \xc3\xa9"); // unescaped, whatever the member order
}

BOOST_AUTO_TEST_CASE(leaves_every_other_event_to_the_document_path) {
    AnthropicPlainEvent event;
    for (const char* other : {
             R"({"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":"{"}})",
             R"({"type":"content_block_delta","index":0,"delta":{"type":"signature_delta","signature":"s"}})",
             R"({"type":"content_block_delta","index":0,"delta":{"type":"citations_delta","citation":{}}})",
             R"({"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"a","citations":[]}})",
             R"({"type":"content_block_delta","index":0,"delta":{"type":"text_delta","thinking":"a"}})",
             R"({"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"a","text":"b"}})",
             R"({"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":5}})",
             R"({"type":"content_block_delta","index":0,"delta":null})",
             R"({"type":"content_block_delta","index":0})",
             R"({"type":"message_delta","delta":{"stop_reason":"end_turn"}})",
             R"({"type":"error","error":{"type":"overloaded_error","message":"busy"}})",
             R"({"type":"content_block_delta","delta":{"type":"text_delta","text":"a"}} trailing)",
             R"({"type":"content_block_delta","delta":{"type":"text_delta","text":"a)",
             R"({"type":"content_block_delta","delta":{"type":"text_delta","text":"\xff"}})",
             R"([1,2])",
         })
        BOOST_TEST(!event.read(other), other);
}

BOOST_AUTO_TEST_CASE(same_events_both_ways_on_known_events) {
    check_same_both_ways(
        {{"content_block_delta", text_event},
         {"content_block_delta",
          R"({"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":" w\u00f6rld\n"}})"},
         {"", R"({"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"!"}})"},
         {"content_block_delta", R"({"index":1,"delta":{"type":"thinking_delta","thinking":"hm"}})"},
         {"content_block_delta", R"({"type":"ping","delta":{"type":"text_delta","text":"named by its line"}})"},
         {"", R"({"type":"ping","delta":{"type":"text_delta","text":"not a delta"}})"},
         {"content_block_delta", R"({"type":"content_block_delta","index":0,"delta":{"type":"text_delta"}})"},
         {"content_block_delta", R"({"type":"content_block_delta","delta":{"type":"thinking_delta","text":"x"}})"},
         {"ping", R"({"type":"content_block_delta","delta":{"type":"text_delta","text":"a ping"}})"}});
}

// Random delta events built from the members a plain one may have, and a few it may not, each
// value drawn from every type, under every event name: the two readings never disagree.
BOOST_AUTO_TEST_CASE(same_events_both_ways_on_random_events) {
    std::mt19937 random(20261205);
    const std::vector<std::string> values = {
        "\"t\"", "\"\"", "null", "0", "2.5", "true", "\"a\\nb\"", "[]", "{\"x\":\"y\"}", "\"\\u00e9\\\"\""};
    const std::vector<std::string> types = {"\"text_delta\"",
                                            "\"thinking_delta\"",
                                            "\"signature_delta\"",
                                            "\"input_json_delta\"",
                                            "\"other\"",
                                            "1",
                                            "null"};
    const std::vector<std::string> delta_keys = {"text", "thinking", "citations", "type"};
    const std::vector<std::string> names = {"content_block_delta", "", "ping", "message_delta"};
    auto pick = [&](const std::vector<std::string>& from) { return from[random() % from.size()]; };
    for (int round = 0; round < 400; ++round) {
        std::vector<Event> events;
        const int count = 1 + static_cast<int>(random() % 5);
        for (int e = 0; e < count; ++e) {
            std::string delta = "\"type\":" + pick(types);
            const int extra = static_cast<int>(random() % 3);
            for (int i = 0; i < extra; ++i)
                delta += ",\"" + pick(delta_keys) + "\":" + pick(values);
            std::string data = "{\"index\":0,\"delta\":{" + delta + "}";
            if (random() % 4 != 0) data = "{\"type\":\"content_block_delta\"," + data.substr(1);
            data += "}";
            events.emplace_back(pick(names), data);
        }
        check_same_both_ways(events);
    }
}
