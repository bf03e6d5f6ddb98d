#include "core/plugins/isolation/frames.hpp"

#include <cstring>

namespace llmhost::plugins::isolation {

namespace {

template <class T> void put(std::string& out, T v) {
    char raw[sizeof(T)];
    std::memcpy(raw, &v, sizeof(T)); // the host and its child share one byte order
    out.append(raw, sizeof(T));
}

} // namespace

FrameWriter& FrameWriter::begin(FrameType type) {
    start_ = out_.size();
    put<uint32_t>(out_, 0);
    put<uint8_t>(out_, static_cast<uint8_t>(type));
    return *this;
}

void FrameWriter::end() {
    const auto size = static_cast<uint32_t>(out_.size() - start_ - kFrameHeaderSize);
    std::memcpy(out_.data() + start_, &size, sizeof size);
}

FrameWriter& FrameWriter::u8(uint8_t v) { return put(out_, v), *this; }
FrameWriter& FrameWriter::i32(int32_t v) { return put(out_, v), *this; }
FrameWriter& FrameWriter::u32(uint32_t v) { return put(out_, v), *this; }
FrameWriter& FrameWriter::i64(int64_t v) { return put(out_, v), *this; }
FrameWriter& FrameWriter::u64(uint64_t v) { return put(out_, v), *this; }

FrameWriter& FrameWriter::bytes(std::string_view v) {
    put<uint32_t>(out_, static_cast<uint32_t>(v.size()));
    out_.append(v);
    return *this;
}

FrameWriter& FrameWriter::error(int32_t result, const llmh_error& e) {
    const size_t length = strnlen(e.message, sizeof e.message);
    return i32(result).i32(e.error_class).i32(e.http_status).i64(e.retry_after_ms).bytes({e.message, length});
}

FrameWriter& FrameWriter::event(const llmh_event& e) {
    i32(e.type).i32(e.index).i32(e.finish_reason).str(e.text).str(e.id).str(e.name);
    i64(e.usage.input_tokens).i64(e.usage.output_tokens).i64(e.usage.cached_input_tokens);
    return i64(e.usage.reasoning_tokens).str(e.data).i64(e.cache_write_tokens);
}

template <class T> T FrameReader::fixed() {
    T v{};
    if (rest_.size() < sizeof(T)) {
        ok_ = false;
        rest_ = {};
        return v;
    }
    std::memcpy(&v, rest_.data(), sizeof(T));
    rest_.remove_prefix(sizeof(T));
    return v;
}

uint8_t FrameReader::u8() { return fixed<uint8_t>(); }
int32_t FrameReader::i32() { return fixed<int32_t>(); }
uint32_t FrameReader::u32() { return fixed<uint32_t>(); }
int64_t FrameReader::i64() { return fixed<int64_t>(); }
uint64_t FrameReader::u64() { return fixed<uint64_t>(); }

std::string_view FrameReader::bytes() {
    const uint32_t size = u32();
    if (size > rest_.size()) {
        ok_ = false;
        rest_ = {};
        return {};
    }
    const std::string_view v = rest_.substr(0, size);
    rest_.remove_prefix(size);
    return v;
}

int32_t FrameReader::error(llmh_error& e) {
    const int32_t result = i32();
    e = llmh_error{};
    e.struct_size = sizeof e;
    e.error_class = i32();
    e.http_status = i32();
    e.retry_after_ms = i64();
    const std::string_view message = bytes();
    const size_t length = std::min(message.size(), sizeof e.message - 1);
    std::memcpy(e.message, message.data(), length);
    e.message[length] = '\0';
    return result;
}

llmh_event FrameReader::event() {
    llmh_event e{};
    e.struct_size = sizeof e;
    e.type = i32();
    e.index = i32();
    e.finish_reason = i32();
    e.text = str();
    e.id = str();
    e.name = str();
    e.usage.input_tokens = i64();
    e.usage.output_tokens = i64();
    e.usage.cached_input_tokens = i64();
    e.usage.reasoning_tokens = i64();
    e.data = str();
    e.cache_write_tokens = i64();
    return e;
}

void HeaderList::read(FrameReader& r) {
    const uint32_t count = r.u32();
    headers.clear();
    for (uint32_t i = 0; i < count && r.ok(); ++i) {
        llmh_header h{};
        h.name = r.str();
        h.value = r.str();
        headers.push_back(h);
    }
}

void write_headers(FrameWriter& w, const llmh_header* headers, size_t count) {
    w.u32(static_cast<uint32_t>(headers ? count : 0));
    for (size_t i = 0; headers && i < count; ++i)
        w.str(headers[i].name).str(headers[i].value);
}

} // namespace llmhost::plugins::isolation
