#include "core/gateway/access_log.hpp"

#include <unistd.h>

#include <chrono>
#include <cstdio>

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

// Request paths come from clients: keep the line one line, and printable.
void append_printable(std::string& out, std::string_view text) {
    for (char c : text)
        out.push_back(static_cast<unsigned char>(c) < 0x21 || c == 0x7f ? '?' : c);
}

} // namespace

void write_log_line(const std::string& line) { write_all("llmhost: " + line + "\n"); }

void write_access_line(const HttpExchange& exchange, const AccessRecord& record, int status) {
    const double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - exchange.received_at()).count();
    char duration[32];
    std::snprintf(duration, sizeof duration, "%.1f", ms);
    std::string line = "llmhost: access ";
    append_printable(line, exchange.method().empty() ? std::string_view("-") : exchange.method());
    line += ' ';
    append_printable(line, exchange.path().empty() ? std::string_view("-") : exchange.path());
    line += " provider=";
    append_printable(line, record.provider);
    line += " model=";
    append_printable(line, record.model);
    line += " status=" + std::to_string(status) + " attempts=" + std::to_string(record.attempts) +
            " duration_ms=" + duration + "\n";
    write_all(line);
}

} // namespace llmhost::gateway
