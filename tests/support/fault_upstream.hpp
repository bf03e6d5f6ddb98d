// An upstream that misbehaves on purpose, for the gateway's fault soak test. It streams
// OpenAI chat completions (POST .../chat/completions) and Anthropic messages (POST
// .../v1/messages), and gives each request one fault: a stall mid-stream, a hang longer than
// the gateway's idle timeout, a reset before the head or midway, a body cut mid-chunk, one
// oversized line, or a 5xx whose message quotes the key it was sent (a hostile upstream
// trying to leak it), often across the point where messages are cut short.
// One thread per connection; every response closes its connection, so the gateway keeps no
// idle upstream sockets. Header-only: the test support library stays as it is.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cctype>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <mutex>
#include <random>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace llmhost::testing {

enum class Fault {
    none,
    stall,             // a pause mid-stream shorter than the gateway's stream idle timeout
    hang,              // a pause mid-stream longer than it: the gateway must give up
    reset_before_head, // the request is read, then the connection is reset
    reset_midway,      // reset after some events
    truncate,          // closed (FIN) in the middle of a chunk after some events
    oversized_line,    // one event line of `oversized_line_bytes`
    server_error,      // 500/502/503 with a JSON error quoting the request's key
};
inline constexpr size_t fault_kinds = 8;

inline const char* fault_name(Fault fault) {
    static constexpr const char* names[fault_kinds] = {
        "none", "stall", "hang", "reset_before_head", "reset_midway", "truncate", "oversized_line", "server_error"};
    return names[static_cast<size_t>(fault)];
}

struct FaultSettings {
    // How many of every `sum of weights` requests get each fault, in the order of `Fault`: the
    // faults are dealt from a shuffled deck, so each kind comes up in every round of that size.
    std::array<unsigned, fault_kinds> weights{20, 5, 2, 3, 5, 5, 3, 7};
    int events = 12; // text deltas in a stream: "w0 ", "w1 ", ...
    std::chrono::milliseconds event_gap{10};
    std::chrono::milliseconds stall{250};
    std::chrono::milliseconds hang{3000};
    size_t oversized_line_bytes = 1536 * 1024;
    unsigned seed = 15;
};

class FaultUpstream {
  public:
    explicit FaultUpstream(FaultSettings settings) : settings_(std::move(settings)), random_(settings_.seed) {
        listen_fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t len = sizeof addr;
        if (listen_fd_ < 0 || bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
            listen(listen_fd_, 1024) != 0 || getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0)
            throw std::runtime_error("the fault upstream cannot listen on 127.0.0.1");
        port_ = ntohs(addr.sin_port);
        acceptor_ = std::thread([this] { accept_loop(); });
    }

    ~FaultUpstream() {
        stopping_ = true;
        shutdown(listen_fd_, SHUT_RDWR);
        acceptor_.join();
        std::vector<std::thread> connections;
        {
            std::lock_guard lock(mutex_); // not held while joining: serving threads take it
            connections.swap(connections_);
        }
        for (auto& t : connections)
            t.join();
        ::close(listen_fd_);
    }

    FaultUpstream(const FaultUpstream&) = delete;
    FaultUpstream& operator=(const FaultUpstream&) = delete;

    std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }

    // How many requests got each fault so far.
    std::array<size_t, fault_kinds> injected() const {
        std::array<size_t, fault_kinds> out{};
        for (size_t i = 0; i < fault_kinds; ++i)
            out[i] = injected_[i].load();
        return out;
    }

    // The text a complete stream carries (without the oversized line's run of 'x').
    static std::string stream_text(int events) {
        std::string text;
        for (int i = 0; i < events; ++i)
            text += "w" + std::to_string(i) + " ";
        return text;
    }

  private:
    struct Request {
        std::string target;
        std::string key; // from Authorization: Bearer or x-api-key
        bool ok = false;
    };

    void accept_loop() {
        for (;;) {
            const int fd = accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
            if (fd < 0) {
                if (stopping_) return;
                continue;
            }
            std::lock_guard lock(mutex_);
            connections_.emplace_back([this, fd] {
                serve(fd);
                ::close(fd);
            });
        }
    }

    Fault draw() {
        std::lock_guard lock(mutex_);
        if (dealt_ == deck_.size()) {
            deck_.clear();
            for (size_t i = 0; i < fault_kinds; ++i)
                deck_.insert(deck_.end(), settings_.weights[i], static_cast<Fault>(i));
            std::shuffle(deck_.begin(), deck_.end(), random_);
            dealt_ = 0;
        }
        return deck_[dealt_++];
    }

    int draw_below(int n) {
        std::lock_guard lock(mutex_);
        return std::uniform_int_distribution<int>(0, n - 1)(random_);
    }

    static Request read_request(int fd) {
        Request r;
        std::string data;
        char buf[8192];
        size_t head_end = std::string::npos;
        while ((head_end = data.find("\r\n\r\n")) == std::string::npos) {
            const ssize_t n = recv(fd, buf, sizeof buf, 0);
            if (n <= 0) return r;
            data.append(buf, static_cast<size_t>(n));
        }
        std::string head = data.substr(0, head_end);
        for (auto& c : head)
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        const size_t sp = head.find(' ');
        r.target = data.substr(sp + 1, data.find(' ', sp + 1) - sp - 1);
        auto header = [&](const std::string& name) -> std::string {
            const size_t at = head.find("\r\n" + name + ":");
            if (at == std::string::npos) return {};
            size_t from = at + 3 + name.size();
            const size_t to = head.find("\r\n", from);
            while (from < to && data[from] == ' ')
                ++from;
            return data.substr(from, to - from); // original case
        };
        r.key = header("x-api-key");
        if (const std::string auth = header("authorization"); auth.rfind("Bearer ", 0) == 0) r.key = auth.substr(7);
        const std::string length = header("content-length");
        const size_t body_size = length.empty() ? 0 : std::stoul(length);
        while (data.size() - head_end - 4 < body_size) {
            const ssize_t n = recv(fd, buf, sizeof buf, 0);
            if (n <= 0) return r;
            data.append(buf, static_cast<size_t>(n));
        }
        r.ok = true;
        return r;
    }

    static bool send_all(int fd, const std::string& bytes) {
        size_t done = 0;
        while (done < bytes.size()) {
            const ssize_t n = ::send(fd, bytes.data() + done, bytes.size() - done, MSG_NOSIGNAL);
            if (n <= 0) return false;
            done += static_cast<size_t>(n);
        }
        return true;
    }

    static std::string chunk(const std::string& payload) {
        char size[24];
        std::snprintf(size, sizeof size, "%zx\r\n", payload.size());
        return size + payload + "\r\n";
    }

    static void reset(int fd) {
        const linger hard{1, 0}; // close() then sends RST instead of FIN
        setsockopt(fd, SOL_SOCKET, SO_LINGER, &hard, sizeof hard);
    }

    // Waits `duration`, or less once the gateway hangs up or the upstream stops.
    void pause(int fd, std::chrono::milliseconds duration) const {
        const auto until = std::chrono::steady_clock::now() + duration;
        while (!stopping_ && std::chrono::steady_clock::now() < until) {
            pollfd p{fd, POLLIN, 0};
            char byte;
            if (poll(&p, 1, 20) > 0 && recv(fd, &byte, 1, MSG_DONTWAIT) == 0) return;
        }
    }

    // The SSE events of one stream in the request's wire format; the oversized line, when
    // asked for, is the second text delta.
    std::vector<std::string> stream_events(bool anthropic, bool oversized) const {
        std::vector<std::string> texts;
        for (int i = 0; i < settings_.events; ++i)
            texts.push_back("w" + std::to_string(i) + " ");
        if (oversized) texts.insert(texts.begin() + 1, std::string(settings_.oversized_line_bytes, 'x'));
        std::vector<std::string> out;
        if (anthropic) {
            auto ev = [](const std::string& name, const std::string& data) {
                return "event: " + name + "\ndata: " + data + "\n\n";
            };
            out.push_back(ev("message_start",
                             R"({"type":"message_start","message":{"id":"msg_soak","type":"message",)"
                             R"("role":"assistant","model":"m","content":[],"stop_reason":null,)"
                             R"("stop_sequence":null,"usage":{"input_tokens":3,"output_tokens":1}}})"));
            out.push_back(ev("content_block_start",
                             R"({"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}})"));
            for (const auto& t : texts)
                out.push_back(ev("content_block_delta",
                                 R"({"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":")" +
                                     t + "\"}}"));
            out.push_back(ev("content_block_stop", R"({"type":"content_block_stop","index":0})"));
            out.push_back(ev("message_delta", R"({"type":"message_delta","delta":{"stop_reason":"end_turn",)"
                                              R"("stop_sequence":null},"usage":{"output_tokens":12}})"));
            out.push_back(ev("message_stop", R"({"type":"message_stop"})"));
        } else {
            for (const auto& t : texts)
                out.push_back(R"(data: {"id":"c","object":"chat.completion.chunk","model":"m","choices":[{"index":0,)"
                              R"("delta":{"content":")" +
                              t + R"("},"finish_reason":null}]})" + "\n\n");
            out.push_back(R"(data: {"id":"c","object":"chat.completion.chunk","model":"m","choices":[{"index":0,)"
                          R"("delta":{},"finish_reason":"stop"}]})"
                          "\n\n");
            out.push_back("data: [DONE]\n\n");
        }
        return out;
    }

    void serve(int fd) {
        const Request request = read_request(fd);
        if (!request.ok) return;
        const bool anthropic = request.target.find("/messages") != std::string::npos;
        const Fault fault = draw();
        ++injected_[static_cast<size_t>(fault)];
        if (fault == Fault::reset_before_head) return reset(fd);
        if (fault == Fault::server_error) {
            static constexpr int statuses[] = {500, 502, 503};
            const int status = statuses[draw_below(3)];
            // Padded so that the key often straddles where error messages get cut short.
            const std::string message = "upstream failure " +
                                        std::string(static_cast<size_t>(draw_below(60) + 130), '.') +
                                        " the key sent was " + request.key;
            const std::string body =
                anthropic ? R"({"type":"error","error":{"type":"api_error","message":")" + message + "\"}}"
                          : R"({"error":{"message":")" + message + R"(","type":"server_error"}})";
            send_all(fd, "HTTP/1.1 " + std::to_string(status) +
                             " Failure\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: " +
                             std::to_string(body.size()) + "\r\n\r\n" + body);
            return;
        }
        if (!send_all(fd, "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n"
                          "Connection: close\r\n\r\n"))
            return;
        const auto events = stream_events(anthropic, fault == Fault::oversized_line);
        const int fault_at = draw_below(static_cast<int>(events.size())); // events before a midway fault
        for (int i = 0; i < static_cast<int>(events.size()); ++i) {
            if (i == fault_at) {
                if (fault == Fault::stall) pause(fd, settings_.stall);
                if (fault == Fault::hang) return pause(fd, settings_.hang);
                if (fault == Fault::reset_midway) return reset(fd);
                if (fault == Fault::truncate) {
                    const std::string frame = chunk(events[i]);
                    send_all(fd, frame.substr(0, frame.size() / 2));
                    return;
                }
            }
            if (!send_all(fd, chunk(events[i]))) return;
            std::this_thread::sleep_for(settings_.event_gap);
        }
        send_all(fd, "0\r\n\r\n");
    }

    const FaultSettings settings_;
    int listen_fd_ = -1;
    uint16_t port_ = 0;
    std::atomic<bool> stopping_{false};
    std::array<std::atomic<size_t>, fault_kinds> injected_{};
    std::mutex mutex_; // guards random_, the deck and connections_
    std::mt19937 random_;
    std::vector<Fault> deck_;
    size_t dealt_ = 0;
    std::vector<std::thread> connections_;
    std::thread acceptor_;
};

} // namespace llmhost::testing
