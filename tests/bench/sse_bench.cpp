// SseParser throughput on a ~50 MB OpenAI chat.completion.chunk stream fed in 16 KiB pieces,
// the size of a typical socket read. Prints MB/s (10^6 bytes) and events/s; best of 5 runs.
#include <llmhost/protocol/sse.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

namespace {

constexpr size_t target_size = 50'000'000;
constexpr size_t piece_size = 16 * 1024;
constexpr int runs = 5;

std::string chunk_event(const std::string& delta_and_finish, const std::string& usage = "null") {
    return "data: {\"id\":\"chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT\",\"object\":\"chat.completion.chunk\","
           "\"created\":1735689600,\"model\":\"gpt-4o-mini-2024-07-18\",\"service_tier\":\"default\","
           "\"system_fingerprint\":\"fp_44709d6fcb\",\"choices\":[{\"index\":0," +
           delta_and_finish + "}],\"usage\":" + usage + "}\n\n";
}

// One recorded-style response: role chunk, content deltas, finish, usage, [DONE].
std::string one_response() {
    static const char* words[] = {"The", " quick", " brown", " fox", " jumps", " over", " the", " lazy", " dog",
                                  ",",   " and",   " then",  " it",  " naps",  " in",   " the", " sun",  "."};
    std::string s =
        chunk_event(R"("delta":{"role":"assistant","content":"","refusal":null},"logprobs":null,"finish_reason":null)");
    for (int i = 0; i < 120; ++i)
        s += chunk_event(std::string(R"("delta":{"content":")") + words[i % std::size(words)] +
                         R"("},"logprobs":null,"finish_reason":null)");
    s += chunk_event(R"("delta":{},"logprobs":null,"finish_reason":"stop")");
    s += "data: {\"id\":\"chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT\",\"object\":\"chat.completion.chunk\",\"created\":"
         "1735689600,\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[],\"usage\":{\"prompt_tokens\":82,"
         "\"completion_tokens\":120,\"total_tokens\":202}}\n\n";
    s += ": keep-alive\n\n";
    s += "data: [DONE]\n\n";
    return s;
}

} // namespace

int main() {
    const std::string response = one_response();
    std::string stream;
    stream.reserve(target_size + response.size());
    while (stream.size() < target_size)
        stream += response;

    double best_seconds = 1e9;
    size_t events = 0, data_bytes = 0;
    for (int run = 0; run < runs; ++run) {
        llmhost::SseParser parser;
        events = data_bytes = 0;
        const auto start = std::chrono::steady_clock::now();
        for (size_t offset = 0; offset < stream.size(); offset += piece_size) {
            const std::string_view piece = std::string_view(stream).substr(offset, piece_size);
            parser.feed(piece, [&](const llmhost::SseEvent& e) {
                ++events;
                data_bytes += e.data.size();
                return true;
            });
        }
        const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
        best_seconds = std::min(best_seconds, took.count());
    }
    std::printf("sse_bench: %.1f MB in %zu KiB pieces, %zu events (%zu data bytes)\n", stream.size() / 1e6,
                piece_size / 1024, events, data_bytes);
    std::printf("sse_bench: %.0f MB/s, %.2f M events/s (best of %d)\n", stream.size() / 1e6 / best_seconds,
                events / 1e6 / best_seconds, runs);
    return 0;
}
