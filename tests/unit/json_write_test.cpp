// append_json_string: every byte that must be escaped is, at every position of a string (the
// scan looks at eight bytes at a time), UTF-8 passes through, and what it writes reads back as
// the same text.
#include <llmhost/support/json_write.hpp>

#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include <random>
#include <string>

using llmhost::append_json_string;

namespace {

std::string quoted(std::string_view text) {
    std::string out;
    append_json_string(out, text);
    return out;
}

// The escape of one byte, as the writer is documented to write it.
std::string escape_of(unsigned char c) {
    switch (c) {
    case '"': return "\\\"";
    case '\\': return "\\\\";
    case '\n': return "\\n";
    case '\r': return "\\r";
    case '\t': return "\\t";
    case '\b': return "\\b";
    case '\f': return "\\f";
    }
    if (c >= 0x20) return std::string(1, static_cast<char>(c));
    static constexpr char hex[] = "0123456789abcdef";
    return std::string("\\u00") + hex[c >> 4] + hex[c & 15];
}

} // namespace

BOOST_AUTO_TEST_CASE(each_byte_is_escaped_or_kept_at_every_position_of_a_long_string) {
    for (int byte = 0; byte < 256; ++byte) {
        const auto c = static_cast<unsigned char>(byte);
        for (size_t at = 0; at < 24; ++at) {
            std::string text(24, 'a');
            text[at] = static_cast<char>(c);
            const std::string expected = "\"" + text.substr(0, at) + escape_of(c) + text.substr(at + 1) + "\"";
            BOOST_TEST(quoted(text) == expected, "byte " << byte << " at " << at);
        }
    }
}

BOOST_AUTO_TEST_CASE(a_byte_next_to_one_that_matches_is_not_taken_for_a_match) {
    // Bytes just above the three kinds of match, after a match in the same eight bytes.
    BOOST_TEST(quoted("\"#]!x\x1f ]") == "\"\\\"#]!x\\u001f ]\"");
    BOOST_TEST(quoted("\x01\x21\x23\x5d\x5b\x20\x7f\x80") == "\"\\u0001!#][ \x7f\x80\"");
}

BOOST_AUTO_TEST_CASE(utf8_passes_through_unchanged) {
    const std::string text = "caf\xc3\xa9 \xe2\x80\x94 \xf0\x9f\x98\x80 and more than eight bytes";
    BOOST_TEST(quoted(text) == "\"" + text + "\"");
}

BOOST_AUTO_TEST_CASE(random_text_reads_back_as_itself) {
    std::mt19937 random(7);
    for (int round = 0; round < 2000; ++round) {
        std::string text(random() % 70, 'x');
        for (auto& c : text)
            c = static_cast<char>(random() % 3 == 0 ? random() % 0x80 : 'a' + random() % 26);
        const auto back = boost::json::parse(quoted(text));
        BOOST_TEST_REQUIRE(back.is_string());
        BOOST_TEST(std::string(back.get_string()) == text);
    }
}
