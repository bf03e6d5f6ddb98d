// The one-pass reading of plain OpenAI stream chunks (OpenAIPlainChunk) against the document
// reading it stands in for: every chunk, plain or not, must give the same events both ways.
// A chunk is sent down the document path by adding "error":false to it, which the document
// reading takes to mean no error and the one-pass reading refuses.
#include "event_recorder.hpp"

#include <llmhost/protocol/openai/plain_chunk.hpp>
#include <llmhost/protocol/openai/stream.hpp>

#include <boost/test/unit_test.hpp>

#include <random>
#include <string>
#include <vector>

using namespace llmhost;
using namespace llmhost::testing;

namespace {

// The events of a stream of `chunks`, each as one SSE event, then the end; an error as a line.
std::vector<std::string> decode(const std::vector<std::string>& chunks) {
    EventRecorder recorder;
    EventSink sink(recorder.sink());
    OpenAIStreamDecoder decoder("openai", sink);
    std::vector<std::string> lines;
    try {
        for (const auto& chunk : chunks)
            decoder.feed("data: " + chunk + "\n\n");
        decoder.feed("data: [DONE]\n\n");
        decoder.finish();
    } catch (const Error& e) {
        lines.push_back("error " + std::to_string(e.error_class()) + " " + e.what());
    }
    auto events = recorder.lines();
    events.insert(events.end(), lines.begin(), lines.end());
    return events;
}

// The same chunk, for the document path only.
std::string on_document_path(const std::string& chunk) {
    const size_t brace = chunk.find('{');
    if (brace == std::string::npos) return chunk;
    const bool empty_object = chunk.find_first_not_of(" \t\r\n", brace + 1) == chunk.find('}', brace + 1);
    return chunk.substr(0, brace + 1) + "\"error\":false" + (empty_object ? "" : ",") + chunk.substr(brace + 1);
}

void check_same_both_ways(const std::vector<std::string>& chunks) {
    std::vector<std::string> document;
    for (const auto& c : chunks)
        document.push_back(on_document_path(c));
    const auto fast = decode(chunks), slow = decode(document);
    BOOST_TEST(fast == slow, boost::test_tools::per_element());
}

const std::string text_chunk =
    R"({"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"gpt-4o","system_fingerprint":"fp","choices":[{"index":0,"delta":{"content":"Hel"},"logprobs":null,"finish_reason":null}],"usage":null,"obfuscation":"ab"})";

} // namespace

BOOST_AUTO_TEST_CASE(reads_a_plain_text_chunk) {
    OpenAIPlainChunk chunk;
    BOOST_TEST_REQUIRE(chunk.read(text_chunk));
    BOOST_TEST(chunk.id == "chatcmpl-1");
    BOOST_TEST(chunk.model == "gpt-4o");
    BOOST_TEST(chunk.content == "Hel");
    BOOST_TEST(chunk.choices == 1);
    BOOST_TEST(chunk.finish_reason.empty());

    BOOST_TEST_REQUIRE(chunk.read(R"({"choices":[{"index":0,"delta":{"reasoning_content":"a \"q\" \u00e9"}}]})"));
    BOOST_TEST(chunk.reasoning_text() == "a \"q\" \xc3\xa9"); // unescaped
    BOOST_TEST(chunk.content.empty());

    BOOST_TEST_REQUIRE(chunk.read(R"({"choices":[{"index":0,"delta":{},"finish_reason":"length"}]})"));
    BOOST_TEST(chunk.finish_reason == "length");
}

BOOST_AUTO_TEST_CASE(leaves_every_other_chunk_to_the_document_path) {
    OpenAIPlainChunk chunk;
    for (const char* other : {
             R"({"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"c","function":{"name":"f"}}]}}]})",
             R"({"choices":[],"usage":{"prompt_tokens":1,"completion_tokens":2}})",
             R"({"error":{"message":"overloaded"}})",
             R"({"error":null,"choices":[]})",
             R"({"x_groq":{"usage":{"prompt_tokens":1}},"choices":[]})",
             R"({"choices":[{"index":0,"delta":{"content":[{"type":"text","text":"a"}]}}]})",
             R"({"choices":[{"index":0,"delta":{"reasoning_opaque":"enc"}}]})",
             R"({"choices":[{"index":0,"delta":{"content":"a"}},{"index":1,"delta":{"content":"b"}}]})",
             R"({"choices":[{"index":"0","delta":{"content":"a"}}]})",
             R"({"choices":[{"index":0,"delta":{"content":5}}]})",
             R"({"choices":[{"index":0,"delta":{"content":"a"}}]} trailing)",
             R"({"choices":[{"index":0,"delta":{"content":"a)",
             R"({"choices":[{"index":0,"delta":{"content":"\xff"}}]})",
             R"([1,2])",
             R"("text")",
         })
        BOOST_TEST(!chunk.read(other), other);
}

BOOST_AUTO_TEST_CASE(same_events_both_ways_on_known_chunks) {
    check_same_both_ways({text_chunk, R"({"id":"x","model":"m","choices":[{"index":0,"delta":{"content":"lo"}}]})",
                          R"({"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]})"});
    check_same_both_ways({R"({"choices":[{"index":0,"delta":{"role":"assistant","content":""}}]})",
                          R"({"choices":[{"index":0,"delta":{"reasoning":"think"}}]})",
                          R"({"choices":[{"index":0,"delta":{"reasoning_text":"more","content":null}}]})",
                          R"({"choices":[{"index":0,"delta":{"content":"answer"}}]})",
                          R"({"choices":[{"index":0,"delta":{"content":"!"},"finish_reason":"length"}]})"});
    // Not the first choice, nothing at all, duplicate keys, unknown nested members.
    check_same_both_ways(
        {R"({"choices":[{"index":1,"delta":{"content":"other"}}]})", R"({})", R"({"choices":null})",
         R"({"id":"a","id":"b","choices":[{"index":0,"delta":{"content":"x"}}]})",
         R"({"meta":{"a":[1,{"b":null}]},"choices":[{"index":0,"extra":{"k":[true]},"delta":{"content":"y","extra":{"z":1}}}]})",
         R"({"choices":[{"index":0,"delta":{"content":"a","content":"b"}}]})",
         R"({"choices":[{"index":0,"delta":{"content":"z"},"finish_reason":"tool_calls"}]})"});
}

// Random chunks built from the fields a plain chunk may have, and a few it may not, each
// value drawn from every type: the two readings never disagree.
BOOST_AUTO_TEST_CASE(same_events_both_ways_on_random_chunks) {
    std::mt19937 random(20261205);
    const std::vector<std::string> values = {
        "\"t\"", "\"\"", "null", "0", "1", "2.5", "true", "\"a\\nb\"", "[]", "{\"x\":\"y\"}", "\"\\u00e9\\\"\""};
    const std::vector<std::string> delta_keys = {"content", "reasoning_content", "reasoning",        "reasoning_text",
                                                 "role",    "tool_calls",        "reasoning_opaque", "refusal"};
    const std::vector<std::string> choice_keys = {"index", "finish_reason", "logprobs", "native_finish_reason"};
    const std::vector<std::string> top_keys = {"id", "model", "usage", "object", "created", "obfuscation"};
    auto pick = [&](const std::vector<std::string>& from) { return from[random() % from.size()]; };
    auto members = [&](const std::vector<std::string>& keys, std::string extra) {
        std::string out;
        const int n = static_cast<int>(random() % 4);
        for (int i = 0; i < n; ++i)
            out += "\"" + pick(keys) + "\":" + pick(values) + ",";
        out += extra;
        if (!out.empty() && out.back() == ',') out.pop_back();
        return "{" + out + "}";
    };
    for (int round = 0; round < 400; ++round) {
        std::vector<std::string> chunks;
        const int count = 1 + static_cast<int>(random() % 5);
        for (int c = 0; c < count; ++c) {
            const std::string delta = members(delta_keys, "");
            const std::string index = random() % 5 == 0 ? pick(values) : "0";
            const std::string choice = members(choice_keys, "\"index\":" + index + ",\"delta\":" + delta);
            const std::string choices = random() % 8 == 0 ? "[]" : "[" + choice + "]";
            chunks.push_back(members(top_keys, "\"choices\":" + choices));
        }
        check_same_both_ways(chunks);
    }
}
