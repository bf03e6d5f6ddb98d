#include "core/gateway/access_log.hpp"

#include "core/fiber/fiber.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>

#include <unistd.h>

#include <charconv>
#include <chrono>
#include <cstdint>
#include <utility>

namespace llmhost::gateway {
namespace {

void write_all(const std::string& text) {
    size_t done = 0;
    while (done < text.size()) {
        const ssize_t n = ::write(STDERR_FILENO, text.data() + done, text.size() - done);
        if (n <= 0) return; // stderr is gone: nothing sensible to do
        done += static_cast<size_t>(n);
    }
}

// Access lines from a fiber are gathered per thread and written together once its loop has run what
// is already queued: under load one write(2) carries many lines, while a lone request's line
// still goes out within microseconds. Whatever is left when the thread ends is written then.
struct LineBatch {
    static constexpr size_t max_pending = 64 * 1024;
    std::string pending;
    bool flush_posted = false;
    ~LineBatch() { write_all(pending); }
};

thread_local LineBatch batch;

void emit_access_line(const std::string& line) {
    if (!fiber::in_fiber()) return write_all(line);
    batch.pending += line;
    if (batch.pending.size() >= LineBatch::max_pending) {
        write_all(batch.pending);
        batch.pending.clear(); // keeps its capacity for the next lines
        return;
    }
    if (batch.flush_posted) return;
    batch.flush_posted = true;
    boost::asio::post(fiber::current_io(), [] {
        batch.flush_posted = false;
        write_all(batch.pending);
        batch.pending.clear();
    });
}

void append_number(std::string& out, int64_t value) {
    char digits[24];
    out.append(digits, std::to_chars(digits, digits + sizeof digits, value).ptr);
}

// Fields come from clients: keep the line one line, printable, and short. Control bytes,
// spaces and DEL become \xNN; past `limit` bytes the field is cut and ends with "...".
void append_field(std::string& out, std::string_view text, size_t limit) {
    static constexpr char hex[] = "0123456789abcdef";
    const bool cut = text.size() > limit;
    for (const char ch : cut ? text.substr(0, limit) : text) {
        const auto c = static_cast<unsigned char>(ch);
        if (c > 0x20 && c != 0x7f) {
            out.push_back(ch);
            continue;
        }
        out.append("\\x").push_back(hex[c >> 4]);
        out.push_back(hex[c & 15]);
    }
    if (cut) out.append("...");
}

// Each field's share of a line: a line stays under 2 KB whatever the request held.
constexpr size_t max_method = 16, max_path = 256, max_provider = 64, max_model = 128;

} // namespace

// Diagnostics are rare and often explain the response that follows: they go out at once,
// after whatever access lines this thread still holds.
void write_log_line(const std::string& line) {
    write_all(std::exchange(batch.pending, {}) + "llmhost: " + line + "\n");
}

void write_access_line(const HttpExchange& exchange, const AccessRecord& record, int status) {
    const auto elapsed = std::chrono::steady_clock::now() - exchange.received_at();
    const int64_t tenths_of_ms = (std::chrono::duration_cast<std::chrono::microseconds>(elapsed).count() + 50) / 100;
    thread_local std::string line; // reused: a line per request should not cost allocations
    line.clear();
    line += "llmhost: access ";
    append_field(line, exchange.method().empty() ? std::string_view("-") : exchange.method(), max_method);
    line += ' ';
    append_field(line, exchange.path().empty() ? std::string_view("-") : exchange.path(), max_path);
    line += " provider=";
    append_field(line, record.provider, max_provider);
    line += " model=";
    append_field(line, record.model, max_model);
    line += " status=";
    append_number(line, status);
    line += " attempts=";
    append_number(line, record.attempts);
    line += " duration_ms=";
    append_number(line, tenths_of_ms / 10);
    line += '.';
    append_number(line, tenths_of_ms % 10);
    line += '\n';
    emit_access_line(line);
}

} // namespace llmhost::gateway
