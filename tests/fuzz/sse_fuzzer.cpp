// The SDK's text/event-stream parser (every SSE upstream goes through it), fed split at
// fuzzer-chosen points. Input: one byte choosing the cut points, then the stream.
#include "fuzz_input.hpp"

#include <llmhost/protocol/sse.hpp>

#include <cstdlib>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    llmhost::fuzz::FuzzInput input(data, size);
    const uint8_t seed = input.byte();
    const std::string_view stream = input.rest();

    llmhost::SseParser pieces, whole;
    std::string from_pieces, from_whole;
    auto record = [](std::string& out) {
        return [&out](const llmhost::SseEvent& e) {
            out.append(e.event).append(1, '\0').append(e.data).append(1, '\0').append(e.id).append(1, '\n');
            return true;
        };
    };
    llmhost::fuzz::feed_in_pieces(stream, seed,
                                  [&](std::string_view piece) { pieces.feed(piece, record(from_pieces)); });
    whole.feed(stream, record(from_whole));
    // Where the body was cut must not change what it means.
    if (from_pieces != from_whole || pieces.has_partial_event() != whole.has_partial_event() ||
        pieces.retry_ms() != whole.retry_ms())
        std::abort();
    return 0;
}
