// skip_container: where an array or object ends, found 64 bytes at a time, against a reading
// one byte at a time — for strings with runs of backslashes of every length ending at every
// offset of a block, escaped quotes, brackets inside strings, and texts cut short. Each case
// runs every variant this machine has (portable, and AVX2 where the CPU has it).
#include <llmhost/support/json_containers.hpp>

#include <boost/test/unit_test.hpp>

#include <random>
#include <string>
#include <utility>
#include <vector>

namespace {

using Skip = size_t (*)(std::string_view, size_t);

std::vector<std::pair<const char*, Skip>> variants() {
    std::vector<std::pair<const char*, Skip>> all{
        {"dispatched", llmhost::json_containers::skip_container},
        {"portable", llmhost::json_containers::detail::skip_container_portable}};
#if LLMHOST_JSON_CONTAINERS_AVX2
    if (llmhost::json_containers::detail::has_avx2())
        all.emplace_back("avx2", llmhost::json_containers::detail::skip_container_avx2);
    else
        BOOST_TEST_MESSAGE("this CPU has no AVX2: only the portable variant is tested");
#endif
    return all;
}

// The same answer, one byte at a time.
size_t skip_slowly(std::string_view text, size_t at) {
    std::string closers;
    bool in_string = false;
    for (size_t i = at; i < text.size(); ++i) {
        const char c = text[i];
        if (in_string) {
            if (c == '\\')
                ++i;
            else if (c == '"')
                in_string = false;
            continue;
        }
        if (c == '"') {
            in_string = true;
        } else if (c == '{' || c == '[') {
            closers += c == '{' ? '}' : ']';
        } else if (c == '}' || c == ']') {
            if (closers.empty() || closers.back() != c) return std::string_view::npos;
            closers.pop_back();
            if (closers.empty()) return i + 1;
        }
    }
    return std::string_view::npos;
}

// A random JSON value whose strings hold backslash runs, escaped quotes and brackets.
void random_value(std::mt19937& random, std::string& out, int depth) {
    const auto pick = [&](int n) { return static_cast<int>(random() % static_cast<unsigned>(n)); };
    if (depth > 4 || pick(3) == 0) {
        out += '"';
        for (int parts = pick(6); parts > 0; --parts) {
            switch (pick(5)) {
            case 0: out += std::string(static_cast<size_t>(pick(70)), 'x'); break;
            case 1: out += std::string(2 * static_cast<size_t>(pick(40)), '\\'); break; // pairs: literal backslashes
            case 2: out += "\\\""; break;
            case 3: out += "]}[{"; break;
            default:
                out += std::string(2 * static_cast<size_t>(pick(3)), '\\') + "\\\"";
                break; // then an escaped quote
            }
        }
        out += '"';
        return;
    }
    const bool object = pick(2) == 0;
    out += object ? '{' : '[';
    for (int items = pick(5); items > 0; --items) {
        if (object) out += "\"k\":";
        random_value(random, out, depth + 1);
        if (items > 1) out += ',';
    }
    out += object ? '}' : ']';
}

} // namespace

BOOST_AUTO_TEST_CASE(the_end_of_a_container_is_found_as_a_byte_by_byte_reading_finds_it) {
    for (const auto& [variant, skip] : variants()) {
        BOOST_TEST_CONTEXT("variant " << variant) {
            std::mt19937 random(11);
            for (int round = 0; round < 3000; ++round) {
                std::string text = std::string(random() % 70, ' ');
                const size_t at = text.size();
                text += random() % 2 ? '[' : '{';
                const bool object = text.back() == '{';
                for (int items = 1 + static_cast<int>(random() % 4); items > 0; --items) {
                    if (object) text += "\"k\":";
                    random_value(random, text, 1);
                    if (items > 1) text += ',';
                }
                text += object ? '}' : ']';
                text += std::string(random() % 70, ' ') + ",\"next\":1}";
                const size_t expected = skip_slowly(text, at);
                BOOST_TEST_REQUIRE(expected != std::string_view::npos);
                BOOST_TEST_REQUIRE(skip(text, at) == expected, text);
                // Cut anywhere inside, the container has no end.
                const size_t cut = at + 1 + random() % (expected - at - 1);
                BOOST_TEST_REQUIRE(skip(std::string_view(text).substr(0, cut), at) == std::string_view::npos,
                                   text.substr(0, cut));
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(a_run_of_backslashes_across_a_block_boundary_is_paired_from_its_start) {
    for (const auto& [variant, skip] : variants()) {
        BOOST_TEST_CONTEXT("variant " << variant) {
            // An escaped quote or a literal backslash before a closing quote, its run ending at each
            // offset around the end of the first block.
            for (size_t run = 1; run < 6; ++run)
                for (size_t pad = 50; pad < 70; ++pad) {
                    const std::string text =
                        "[\"" + std::string(pad, 'x') + std::string(run, '\\') + "\"" + (run % 2 ? "]\"]" : "]");
                    BOOST_TEST(skip(text, 0) == skip_slowly(text, 0), "run " << run << " pad " << pad);
                    BOOST_TEST(skip(text, 0) == text.size(), "run " << run << " pad " << pad);
                }
        }
    }
}

BOOST_AUTO_TEST_CASE(a_bracket_of_the_wrong_kind_has_no_end) {
    for (const auto& [variant, skip] : variants()) {
        BOOST_TEST_CONTEXT("variant " << variant) {
            BOOST_TEST(skip(R"([{"a":1]})", 0) == std::string_view::npos);
            BOOST_TEST(skip(R"([1,2}])", 0) == std::string_view::npos);
            BOOST_TEST(skip(R"({"a":"]"})", 0) == 9u);
        }
    }
}
