// NdjsonFramer: the same lines whatever way the body is split, for LF and CRLF.
#include <llmhost/protocol/ndjson.hpp>

#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

using llmhost::NdjsonFramer;

namespace {

// Ollama /api/chat stream lines as in docs/protocols/ollama.md.
const std::vector<std::string> ollama_lines = {
    R"({"model":"llama3.2","created_at":"2025-07-07T20:22:19.10Z","message":{"role":"assistant","content":"The"},"done":false})",
    R"({"model":"llama3.2","created_at":"2025-07-07T20:22:19.12Z","message":{"role":"assistant","content":" sky"},"done":false})",
    R"({"model":"llama3.2","created_at":"2025-07-07T20:22:19.18Z","message":{"role":"assistant","content":"","tool_calls":[{"function":{"name":"get_weather","arguments":{"city":"Tokyo"}}}]},"done":false})",
    R"({"model":"llama3.2","created_at":"2025-07-07T20:22:19.19Z","message":{"role":"assistant","content":""},"done_reason":"stop","done":true,"total_duration":182242375,"prompt_eval_count":169,"eval_count":15})",
};

std::string join(const std::vector<std::string>& lines, const std::string& eol) {
    std::string out;
    for (const auto& l : lines)
        out += l + eol;
    return out;
}

std::vector<std::string> frame(const std::string& text, const std::vector<size_t>& cuts, bool finish = true) {
    NdjsonFramer framer;
    std::vector<std::string> lines;
    auto collect = [&](std::string_view line) {
        lines.emplace_back(line);
        return true;
    };
    size_t from = 0;
    for (size_t cut : cuts) {
        framer.feed(std::string_view(text).substr(from, cut - from), collect);
        from = cut;
    }
    framer.feed(std::string_view(text).substr(from), collect);
    if (finish) framer.finish(collect);
    return lines;
}

} // namespace

BOOST_AUTO_TEST_CASE(ollama_stream_at_every_split_offset) {
    for (const std::string eol : {"\n", "\r\n"}) {
        const std::string text = join(ollama_lines, eol);
        for (size_t cut = 0; cut <= text.size(); ++cut)
            BOOST_TEST_REQUIRE((frame(text, {cut}) == ollama_lines), "split at " << cut);
    }
}

BOOST_AUTO_TEST_CASE(short_stream_at_every_pair_of_offsets) {
    const std::vector<std::string> expected = {R"({"a":1})", R"({"b":"x y"})", R"({"error":"boom"})"};
    for (const std::string eol : {"\n", "\r\n"}) {
        const std::string text = "\n" + expected[0] + eol + "  \t" + eol + expected[1] + eol + eol + expected[2] + eol;
        for (size_t a = 0; a <= text.size(); ++a)
            for (size_t b = a; b <= text.size(); ++b)
                BOOST_TEST_REQUIRE((frame(text, {a, b}) == expected), "cuts " << a << "," << b);
    }
}

BOOST_AUTO_TEST_CASE(last_line_without_newline_needs_finish) {
    const std::string text = "{\"a\":1}\n{\"b\":2}";
    for (size_t cut = 0; cut <= text.size(); ++cut) {
        BOOST_TEST(frame(text, {cut}, false).size() == 1u);
        BOOST_TEST((frame(text, {cut}, true) == std::vector<std::string>{"{\"a\":1}", "{\"b\":2}"}));
    }
    NdjsonFramer framer;
    int calls = 0;
    BOOST_TEST(framer.finish([&](std::string_view) { return ++calls > 0; }));
    BOOST_TEST(calls == 0);
}

BOOST_AUTO_TEST_CASE(callback_returning_false_stops_the_feed) {
    NdjsonFramer framer;
    int calls = 0;
    BOOST_TEST(!framer.feed(join(ollama_lines, "\n"), [&](std::string_view) { return ++calls < 2; }));
    BOOST_TEST(calls == 2);
}
