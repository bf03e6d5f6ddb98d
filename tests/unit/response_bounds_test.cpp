// ResponseBounds: a stream event (SSE) held open past its limit at the end of a read is caught
// however the stream is cut into reads and whatever line endings it uses; complete events never
// add up.
#include "core/transport/response_bounds.hpp"

#include <boost/test/unit_test.hpp>

#include <random>
#include <string>
#include <vector>

using llmhost::transport::ResponseBounds;
using llmhost::transport::ResponseLimits;

namespace {

// The longest an SSE event still open at the end of a read gets (bytes of its lines), read one
// byte at a time as SseParser reads lines: what a reader holds between reads. An event that
// ends within the read it began in was never held open.
uint64_t longest_open_event(const std::string& stream, const std::vector<size_t>& cuts) {
    uint64_t longest = 0, event = 0, line = 0;
    bool after_cr = false;
    size_t next_cut = 0;
    for (size_t i = 0; i <= stream.size(); ++i) {
        if (i == stream.size() || (next_cut < cuts.size() && cuts[next_cut] == i)) {
            longest = std::max(longest, event);
            if (i < stream.size()) ++next_cut;
        }
        if (i == stream.size()) break;
        const char c = stream[i];
        if (c == '\n' && after_cr) {
            after_cr = false;
            continue;
        }
        after_cr = c == '\r';
        if (c == '\n' || c == '\r') {
            if (line == 0) event = 0;
            line = 0;
            continue;
        }
        ++line;
        ++event;
    }
    return longest;
}

// Whether the bounds refuse `stream` fed in pieces cut at `cuts`, with events at most `limit`.
bool refused(const std::string& stream, const std::vector<size_t>& cuts, uint64_t limit) {
    ResponseBounds bounds(ResponseLimits{1u << 30, limit});
    bounds.start("text/event-stream; charset=utf-8");
    size_t from = 0;
    for (size_t cut : cuts) {
        if (!bounds.check(std::string_view(stream).substr(from, cut - from)).empty()) return true;
        from = cut;
    }
    return !bounds.check(std::string_view(stream).substr(from)).empty();
}

} // namespace

BOOST_AUTO_TEST_CASE(an_sse_event_over_the_limit_is_caught_however_the_stream_is_cut) {
    std::mt19937 random(7);
    const std::vector<std::string> endings{"\n", "\r", "\r\n"};
    for (int round = 0; round < 300; ++round) {
        std::string stream;
        for (int event = 0; event < 4; ++event) {
            const std::string& eol = endings[random() % 3];
            for (int line = 0; line < 1 + static_cast<int>(random() % 3); ++line)
                stream += "data: " + std::string(random() % 40, 'x') + eol;
            stream += eol; // the empty line that ends the event
        }
        std::vector<size_t> cuts;
        for (size_t at = random() % 9; at < stream.size(); at += 1 + random() % 9)
            cuts.push_back(at);
        const uint64_t longest = longest_open_event(stream, cuts);
        BOOST_TEST(!refused(stream, cuts, longest), stream);
        if (longest > 0) BOOST_TEST(refused(stream, cuts, longest - 1), stream);
    }
}

BOOST_AUTO_TEST_CASE(an_event_that_never_ends_is_caught_and_one_per_read_is_not) {
    ResponseBounds endless(ResponseLimits{1u << 30, 100});
    endless.start("text/event-stream");
    BOOST_TEST(endless.check("data: " + std::string(60, 'a') + "\n").empty());
    BOOST_TEST(!endless.check("data: " + std::string(60, 'a') + "\n").empty(), "two lines of one event add up");

    ResponseBounds events(ResponseLimits{1u << 30, 100});
    events.start("text/event-stream");
    for (int i = 0; i < 1000; ++i)
        BOOST_TEST_REQUIRE(events.check("data: " + std::string(60, 'a') + "\r\n\r\n").empty());
}
