// SseParser: the same events whatever way the body is split (every offset, every pair of
// offsets for a short stream), for LF, CRLF and CR line ends.
#include <llmhost/protocol/sse.hpp>

#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

using llmhost::SseEvent;
using llmhost::SseParser;

namespace {

struct Seen {
    std::string event, data, id;
    bool operator==(const Seen&) const = default;
};

// The OpenAI Chat Completions stream of docs/protocols/openai-chat.md.
const std::string openai_stream =
    "data: "
    "{\"id\":\"chatcmpl-A1\",\"object\":\"chat.completion.chunk\",\"created\":1735689600,\"model\":\"gpt-4o-mini\","
    "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"index\":0,\"id\":"
    "\"call_abc\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"\"}}]},\"finish_"
    "reason\":null}],\"usage\":null}\n"
    "\n"
    "data: "
    "{\"id\":\"chatcmpl-A1\",\"object\":\"chat.completion.chunk\",\"created\":1735689600,\"model\":\"gpt-4o-mini\","
    "\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"city\\\":"
    "\\\"Paris\\\"}\"}}]},\"finish_reason\":null}],\"usage\":null}\n"
    "\n"
    "data: "
    "{\"id\":\"chatcmpl-A1\",\"object\":\"chat.completion.chunk\",\"created\":1735689600,\"model\":\"gpt-4o-mini\","
    "\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\"}],\"usage\":null}\n"
    "\n"
    "data: "
    "{\"id\":\"chatcmpl-A1\",\"object\":\"chat.completion.chunk\",\"created\":1735689600,\"model\":\"gpt-4o-mini\","
    "\"choices\":[],\"usage\":{\"prompt_tokens\":82,\"completion_tokens\":17,\"total_tokens\":99}}\n"
    "\n"
    "data: [DONE]\n"
    "\n";

// Every feature of the format in a stream short enough to split at every pair of offsets.
const std::string feature_stream = "\xEF\xBB\xBF: OPENROUTER PROCESSING\n"
                                   "retry: 2500\n"
                                   "\n"
                                   "id: evt-1\n"
                                   "event: message_start\n"
                                   "data: {\"type\":\"message_start\"}\n"
                                   "\n"
                                   "data: first line\n"
                                   "data:second line\n"
                                   "data:\n"
                                   "\n"
                                   ": keep-alive\n"
                                   "event: ping\n"
                                   "\n"
                                   "id: evt-2\n"
                                   "data: [DONE]\n"
                                   "\n";

const std::vector<Seen> feature_events = {
    {"message_start", "{\"type\":\"message_start\"}", "evt-1"},
    {"", "first line\nsecond line\n", "evt-1"},
    {"", "[DONE]", "evt-2"},
};

std::string with_line_ends(const std::string& lf_text, const std::string& eol) {
    std::string out;
    for (char c : lf_text) {
        if (c == '\n')
            out += eol;
        else
            out.push_back(c);
    }
    return out;
}

const std::vector<std::string> line_ends = {"\n", "\r\n", "\r"};

// Feeds `text` cut at the given (ascending) offsets.
std::vector<Seen> parse(const std::string& text, const std::vector<size_t>& cuts, SseParser& parser) {
    std::vector<Seen> seen;
    size_t from = 0;
    auto collect = [&](const SseEvent& e) {
        seen.push_back({std::string(e.event), std::string(e.data), std::string(e.id)});
        return true;
    };
    for (size_t cut : cuts) {
        parser.feed(std::string_view(text).substr(from, cut - from), collect);
        from = cut;
    }
    parser.feed(std::string_view(text).substr(from), collect);
    return seen;
}

std::vector<Seen> parse(const std::string& text, const std::vector<size_t>& cuts = {}) {
    SseParser parser;
    return parse(text, cuts, parser);
}

} // namespace

BOOST_AUTO_TEST_CASE(openai_stream_at_every_split_offset) {
    for (const auto& eol : line_ends) {
        const std::string text = with_line_ends(openai_stream, eol);
        const auto whole = parse(text);
        BOOST_TEST_REQUIRE(whole.size() == 5u);
        BOOST_TEST(whole[1].data.find("{\\\"city\\\":\\\"Paris\\\"}") != std::string::npos);
        BOOST_TEST(whole[4].data == "[DONE]");
        for (const auto& e : whole)
            BOOST_TEST(e.event.empty());
        for (size_t cut = 0; cut <= text.size(); ++cut) {
            SseParser parser;
            const auto split = parse(text, {cut}, parser);
            BOOST_TEST_REQUIRE((split == whole), "split at " << cut);
            BOOST_TEST(!parser.has_partial_event());
        }
    }
}

BOOST_AUTO_TEST_CASE(openai_stream_byte_by_byte) {
    const std::string text = with_line_ends(openai_stream, "\r\n");
    std::vector<size_t> cuts;
    for (size_t i = 1; i < text.size(); ++i)
        cuts.push_back(i);
    BOOST_TEST((parse(text, cuts) == parse(text)));
}

BOOST_AUTO_TEST_CASE(feature_stream_at_every_pair_of_offsets) {
    for (const auto& eol : line_ends) {
        const std::string text = with_line_ends(feature_stream, eol);
        {
            SseParser parser;
            BOOST_TEST_REQUIRE((parse(text, {}, parser) == feature_events));
            BOOST_TEST(parser.retry_ms() == 2500);
        }
        for (size_t a = 0; a <= text.size(); ++a)
            for (size_t b = a; b <= text.size(); ++b) {
                SseParser parser;
                const auto split = parse(text, {a, b}, parser);
                BOOST_TEST_REQUIRE((split == feature_events), "eol size " << eol.size() << " cuts " << a << "," << b);
                BOOST_TEST_REQUIRE(!parser.has_partial_event());
                BOOST_TEST_REQUIRE(parser.retry_ms() == 2500);
            }
    }
}

BOOST_AUTO_TEST_CASE(event_not_terminated_at_eof_is_partial) {
    for (const auto& eol : line_ends) {
        for (const std::string tail : {"data: {\"b\"", "data: {\"b\":2}\n", "event: delta\n"}) {
            const std::string text = with_line_ends("data: {\"a\":1}\n\n" + tail, eol);
            for (size_t cut = 0; cut <= text.size(); ++cut) {
                SseParser parser;
                const auto seen = parse(text, {cut}, parser);
                BOOST_TEST_REQUIRE(seen.size() == 1u);
                BOOST_TEST(seen[0].data == "{\"a\":1}");
                BOOST_TEST_REQUIRE(parser.has_partial_event(), "tail " << tail << " cut " << cut);
            }
        }
    }
    SseParser complete;
    parse("data: x\n\n: trailing comment\n", {}, complete);
    BOOST_TEST(!complete.has_partial_event());
}

BOOST_AUTO_TEST_CASE(callback_returning_false_stops_the_feed) {
    SseParser parser;
    int calls = 0;
    const bool kept_going = parser.feed(openai_stream, [&](const SseEvent&) { return ++calls < 2; });
    BOOST_TEST(!kept_going);
    BOOST_TEST(calls == 2);
}

BOOST_AUTO_TEST_CASE(field_edge_cases) {
    // No space after the colon, two spaces (one kept), a field without a colon, unknown
    // fields, a bad retry value and an id with NUL (ignored).
    using namespace std::string_literals;
    const std::string text = "data:a\ndata:  b\ndata\nfoo: bar\nretry: 12x\nid: ok\n\nid: bad\0id\ndata: c\n\n"s;
    SseParser parser;
    const auto seen = parse(text, {}, parser);
    BOOST_TEST_REQUIRE(seen.size() == 2u);
    BOOST_TEST(seen[0].data == "a\n b\n");
    BOOST_TEST(seen[0].id == "ok");
    BOOST_TEST(seen[1].data == "c");
    BOOST_TEST(seen[1].id == "ok");
    BOOST_TEST(parser.retry_ms() == -1);
}

BOOST_AUTO_TEST_CASE(a_retry_value_too_large_to_hold_is_ignored) {
    // Found by the sse fuzzer: the value threw out of feed() instead of being ignored.
    SseParser parser;
    const auto seen = parse("retry: 99999999999999999999\ndata: x\n\nretry: -5\n\n", {}, parser);
    BOOST_TEST_REQUIRE(seen.size() == 1u);
    BOOST_TEST(seen[0].data == "x");
    BOOST_TEST(parser.retry_ms() == -1);
}
