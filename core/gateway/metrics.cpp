#include "core/gateway/metrics.hpp"

#include <cstdio>

namespace llmhost::gateway {
namespace {

std::string label(std::string_view value) {
    std::string out;
    for (char c : value) {
        if (c == '\\' || c == '"') out.push_back('\\');
        if (c == '\n') {
            out += "\\n";
            continue;
        }
        out.push_back(c);
    }
    return out;
}

std::string number(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.6g", v);
    return buf;
}

void header(std::string& out, const char* name, const char* type, const char* help) {
    out += "# HELP ";
    out += name;
    out += ' ';
    out += help;
    out += "\n# TYPE ";
    out += name;
    out += ' ';
    out += type;
    out += '\n';
}

} // namespace

void Metrics::request(std::string_view face, int status) {
    std::lock_guard lock(mutex_);
    auto it = requests_.find(face);
    if (it == requests_.end()) it = requests_.emplace(std::string(face), std::map<int, uint64_t>{}).first;
    ++it->second[status];
}

void Metrics::error(std::string_view error_class) {
    if (error_class.empty()) return;
    std::lock_guard lock(mutex_);
    auto it = errors_.find(error_class);
    if (it == errors_.end()) it = errors_.emplace(std::string(error_class), 0).first;
    ++it->second;
}

void Metrics::attempt(std::string_view provider, std::string_view status) {
    std::lock_guard lock(mutex_);
    ++attempts_[{std::string(provider), std::string(status)}];
}

void Metrics::upstream_latency(std::string_view provider, double seconds) {
    std::lock_guard lock(mutex_);
    auto it = latency_.find(provider);
    if (it == latency_.end()) it = latency_.emplace(std::string(provider), Histogram{}).first;
    Histogram& h = it->second;
    for (size_t i = 0; i < latency_buckets.size(); ++i)
        if (seconds <= latency_buckets[i]) {
            ++h.buckets[i];
            break;
        }
    ++h.count;
    h.sum += seconds;
}

void Metrics::stream_output(uint64_t deltas, int64_t tokens) {
    deltas_.fetch_add(deltas, std::memory_order_relaxed);
    if (tokens > 0) tokens_.fetch_add(static_cast<uint64_t>(tokens), std::memory_order_relaxed);
}

std::string Metrics::render() const {
    std::string out;
    std::lock_guard lock(mutex_);
    header(out, "llmhost_requests_total", "counter", "HTTP requests answered, by face and status.");
    for (const auto& [face, by_status] : requests_)
        for (const auto& [status, n] : by_status)
            out += "llmhost_requests_total{face=\"" + label(face) + "\",status=\"" + std::to_string(status) + "\"} " +
                   std::to_string(n) + "\n";
    header(out, "llmhost_errors_total", "counter", "Failed requests, by error class.");
    for (const auto& [cls, n] : errors_)
        out += "llmhost_errors_total{class=\"" + label(cls) + "\"} " + std::to_string(n) + "\n";
    header(out, "llmhost_attempts_total", "counter", "Provider attempts, by provider and outcome.");
    for (const auto& [key, n] : attempts_)
        out += "llmhost_attempts_total{provider=\"" + label(key.first) + "\",status=\"" + label(key.second) + "\"} " +
               std::to_string(n) + "\n";
    header(out, "llmhost_upstream_latency_seconds", "histogram", "Duration of provider attempts.");
    for (const auto& [provider, h] : latency_) {
        const std::string p = label(provider);
        uint64_t cumulative = 0;
        for (size_t i = 0; i < latency_buckets.size(); ++i) {
            cumulative += h.buckets[i];
            out += "llmhost_upstream_latency_seconds_bucket{provider=\"" + p + "\",le=\"" + number(latency_buckets[i]) +
                   "\"} " + std::to_string(cumulative) + "\n";
        }
        out += "llmhost_upstream_latency_seconds_bucket{provider=\"" + p + "\",le=\"+Inf\"} " +
               std::to_string(h.count) + "\n";
        out += "llmhost_upstream_latency_seconds_sum{provider=\"" + p + "\"} " + number(h.sum) + "\n";
        out += "llmhost_upstream_latency_seconds_count{provider=\"" + p + "\"} " + std::to_string(h.count) + "\n";
    }
    header(out, "llmhost_stream_deltas_total", "counter", "Content deltas relayed to streaming clients.");
    out += "llmhost_stream_deltas_total " + std::to_string(deltas_.load()) + "\n";
    header(out, "llmhost_streamed_tokens_total", "counter",
           "Output tokens of streamed responses, as providers report them.");
    out += "llmhost_streamed_tokens_total " + std::to_string(tokens_.load()) + "\n";
    header(out, "llmhost_active_streams", "gauge", "Streaming responses in progress.");
    out += "llmhost_active_streams " + std::to_string(active_streams_.load()) + "\n";
    return out;
}

} // namespace llmhost::gateway
