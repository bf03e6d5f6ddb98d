// How much of one response its readers may be made to hold: a body that never ends, or a
// stream record (SSE event, NDJSON line) that never ends, would otherwise grow the memory of
// whoever buffers it until the timeout. The transport sees every byte of every response, for
// the host and every plugin, so the bound is enforced once, here.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace llmhost::transport {

struct ResponseLimits {
    // A body that is not a stream (JSON answers, error bodies): at most this many bytes.
    uint64_t max_body_bytes = 64ull * 1024 * 1024;
    // A stream may run as long as it likes, but one SSE event or NDJSON line at most this long.
    uint64_t max_stream_line_bytes = 8ull * 1024 * 1024;
};

// Follows one response's body as it arrives and says when it goes past its limit.
class ResponseBounds {
  public:
    explicit ResponseBounds(const ResponseLimits& limits) : limits_(limits) {}

    // The response's Content-Type decides what is bounded: the whole body, or each record.
    void start(std::string_view content_type);

    // "" while the body stays within its limit; else what went past it (for the error message).
    std::string check(std::string_view chunk);

  private:
    enum class Framing { whole_body, sse_events, ndjson_lines, binary_frames };

    void scan_sse(std::string_view chunk);
    void scan_lines(std::string_view chunk);

    ResponseLimits limits_;
    Framing framing_ = Framing::whole_body;
    uint64_t body_bytes_ = 0;
    uint64_t record_bytes_ = 0; // bytes of the SSE event or NDJSON line still open
    uint64_t line_bytes_ = 0;   // SSE: bytes of the line still open (0: at a line start)
    bool after_cr_ = false;     // SSE: the last byte ended a line with CR (a LF may follow)
};

} // namespace llmhost::transport
