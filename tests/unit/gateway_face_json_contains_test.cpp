// face_json::contains, the search the routing read runs over every agent-size body (for images
// and for reasoning state only the gateway reads), against std::string_view::find: the needle
// at every offset of texts of every length around the vector widths, near-misses that match
// the bytes the vector loop compares, and random text.
#include "core/gateway/faces/face_json.hpp"

#include <boost/test/unit_test.hpp>

#include <random>
#include <string>

using llmhost::gateway::face_json::contains;

namespace {

void check(const std::string& text, std::string_view needle) {
    const bool expected = std::string_view(text).find(needle) != std::string_view::npos;
    BOOST_TEST(contains(text, needle) == expected, "needle " << needle << " in a text of " << text.size());
}

} // namespace

BOOST_AUTO_TEST_CASE(finds_the_needle_at_every_offset) {
    for (std::string_view needle : {std::string_view("\"image\""), std::string_view("llmhost.rs1."),
                                    std::string_view("\"image_url\""), std::string_view("abc")})
        for (size_t length = 0; length <= 130; ++length) {
            check(std::string(length, 'x'), needle);
            for (size_t at = 0; at + needle.size() <= length; ++at) {
                std::string text(length, 'x');
                text.replace(at, needle.size(), needle);
                check(text, needle);
            }
        }
}

BOOST_AUTO_TEST_CASE(near_misses_are_not_matches) {
    // The second and the last but one bytes in place, something between them wrong.
    const std::string_view needle = "\"image\"";
    for (size_t length = 8; length <= 100; ++length)
        for (size_t at = 0; at + needle.size() <= length; ++at) {
            std::string text(length, ' ');
            text.replace(at, needle.size(), "\"imaxe\"");
            check(text, needle);
            text.replace(at, needle.size(), "'image'");
            check(text, needle);
        }
}

BOOST_AUTO_TEST_CASE(agrees_with_find_on_random_text) {
    std::mt19937 random(20261205);
    const std::string alphabet = "\"imagellmhost.rs1 ";
    for (int round = 0; round < 2000; ++round) {
        std::string text(random() % 300, ' ');
        for (char& c : text)
            c = alphabet[random() % alphabet.size()];
        check(text, "\"image\"");
        check(text, "llmhost.rs1.");
        check(text, "ge");
    }
}
