// The SDK's newline-delimited JSON framer (Ollama's streams), fed split at fuzzer-chosen
// points. Input: one byte choosing the cut points, then the body.
#include "fuzz_input.hpp"

#include <llmhost/protocol/ndjson.hpp>

#include <cstdlib>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    llmhost::fuzz::FuzzInput input(data, size);
    const uint8_t seed = input.byte();
    const std::string_view body = input.rest();

    auto record = [](std::string& out) {
        return [&out](std::string_view line) {
            out.append(line).append(1, '\n');
            return true;
        };
    };
    llmhost::NdjsonFramer pieces, whole;
    std::string from_pieces, from_whole;
    llmhost::fuzz::feed_in_pieces(body, seed, [&](std::string_view piece) { pieces.feed(piece, record(from_pieces)); });
    pieces.finish(record(from_pieces));
    whole.feed(body, record(from_whole));
    whole.finish(record(from_whole));
    if (from_pieces != from_whole) std::abort(); // where the body was cut must not change its lines
    return 0;
}
