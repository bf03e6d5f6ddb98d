// The messages between the host and a plugin's child process (plugin isolation): a frame is
// a 4-byte little-endian payload length, a 1-byte type and the payload, whose fields are
// fixed-width little-endian integers and length-prefixed byte strings. Both ends are the
// same binary, so the layout needs no versioning.
#pragma once

#include <llmhost/provider_abi.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace llmhost::plugins::isolation {

enum class FrameType : uint8_t {
    // host -> child, on the control socket
    hello = 1, // env overrides
    // child -> host, on the control socket
    ready = 2,      // the plugin's table: name, version, abi_minor, flags, operations offered
    load_error = 3, // why the plugin could not be loaded
    // host -> child, on a call channel
    create = 10,
    destroy = 11,
    call = 12,
    http_head = 13,
    http_body = 14,
    http_end = 15,
    cancel = 16,
    // child -> host, on a call channel
    event = 20,
    json = 21,
    http_request = 22,
    http_ack = 23,
    log = 24,
    done = 25,
};

// The operations of llmh_plugin a call frame names; also the bits of `ready`'s offered set.
enum class Operation : uint8_t { chat = 0, chat_wire, embed, list_models, count_tokens, capabilities };

constexpr size_t kFrameHeaderSize = 5;
// A frame longer than this is a broken peer, not a big request (requests are capped far lower).
constexpr uint32_t kMaxFramePayload = 512u << 20;

// Appends one frame to a buffer: begin(), the fields, end().
class FrameWriter {
  public:
    explicit FrameWriter(std::string& out) : out_(out) {}
    FrameWriter& begin(FrameType type);
    void end();

    FrameWriter& u8(uint8_t v);
    FrameWriter& i32(int32_t v);
    FrameWriter& u32(uint32_t v);
    FrameWriter& i64(int64_t v);
    FrameWriter& u64(uint64_t v);
    FrameWriter& bytes(std::string_view v);
    FrameWriter& str(llmh_str v) { return bytes(v.data ? std::string_view(v.data, v.size) : std::string_view()); }
    FrameWriter& error(int32_t result, const llmh_error& e);
    FrameWriter& event(const llmh_event& e);

  private:
    std::string& out_;
    size_t start_ = 0;
};

// Reads the fields of one payload in order; a read past the end marks the frame broken and
// yields zeros, so a caller checks ok() once at the end.
class FrameReader {
  public:
    explicit FrameReader(std::string_view payload) : rest_(payload) {}
    bool ok() const { return ok_; }

    uint8_t u8();
    int32_t i32();
    uint32_t u32();
    int64_t i64();
    uint64_t u64();
    std::string_view bytes();
    llmh_str str() {
        const std::string_view v = bytes();
        return llmh_str{v.data(), v.size()};
    }
    // Fills `e` (struct_size set) and returns the result code.
    int32_t error(llmh_error& e);
    // Views into the payload: valid while it is.
    llmh_event event();

  private:
    template <class T> T fixed();
    std::string_view rest_;
    bool ok_ = true;
};

// Header lists as they travel: name, value, name, value...
struct HeaderList {
    std::vector<llmh_header> headers;
    void read(FrameReader& r);
};
void write_headers(FrameWriter& w, const llmh_header* headers, size_t count);

} // namespace llmhost::plugins::isolation
