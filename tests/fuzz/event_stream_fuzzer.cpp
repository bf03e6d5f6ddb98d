// The AWS event-stream decoder (Bedrock's ConverseStream), fed split at fuzzer-chosen points.
// Input: a mode byte, a byte choosing the cut points, then the stream. With the mode's low
// bit set, the harness first writes correct CRCs into every frame it can delimit, so that the
// fuzzer reaches the header and payload parsing behind the checksums.
#include "event_stream_crcs.hpp"
#include "fuzz_input.hpp"

#include "plugins/bedrock/event_stream_decoder.hpp"

#include <cstdlib>
#include <string>
#include <variant>

namespace {

namespace bedrock = llmhost::bedrock;

// Every message as text, then whether the stream failed.
struct Outcome {
    std::string messages;
    bool failed = false;
};

template <class Feeder> Outcome decode(Feeder&& feeder) {
    Outcome out;
    bedrock::EventStreamDecoder decoder("fuzz");
    auto on_message = [&](bedrock::EventStreamMessage&& m) {
        for (const auto& h : m.headers) {
            out.messages += h.name;
            out.messages += ':';
            out.messages += std::to_string(h.value.index());
            out.messages += '\n';
        }
        out.messages += m.string_header(":event-type");
        out.messages += m.payload;
        out.messages += '\n';
    };
    try {
        feeder([&](std::string_view piece) { decoder.feed(piece, on_message); });
    } catch (const llmhost::Error& e) {
        if (e.error_class() != LLMH_ERR_MALFORMED_RESPONSE) std::abort();
        out.failed = true;
    }
    return out;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    llmhost::fuzz::FuzzInput input(data, size);
    const uint8_t mode = input.byte();
    const uint8_t seed = input.byte();
    std::string stream(input.rest());
    if (mode & 1) llmhost::fuzz::fix_event_stream_crcs(stream);

    const Outcome whole = decode([&](auto&& feed) { feed(stream); });
    const Outcome pieces = decode([&](auto&& feed) { llmhost::fuzz::feed_in_pieces(stream, seed, feed); });
    // Where the body was cut must not change what it means.
    if (whole.messages != pieces.messages || whole.failed != pieces.failed) std::abort();
    return 0;
}
