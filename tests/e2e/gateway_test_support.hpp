// For the gateway's e2e tests: `llmhost serve` as a child process (its port parsed from the
// "serving on" line, its stderr collected), a small blocking HTTP client, and an upstream
// that notices when the gateway hangs up on it. Header-only: each test file is its own
// executable.
#pragma once

#include "support/test_env.hpp"

#include <llmhost/http.hpp>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <utility>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace gateway_e2e {

class GatewayProcess {
  public:
    // Starts `llmhost --config <dir>/config.toml serve --listen 127.0.0.1:0 <extra...>` with
    // `env` added to a clean environment, and waits for it to serve.
    GatewayProcess(const std::string& config_toml, const std::vector<std::string>& env = {},
                   const std::vector<std::string>& extra_args = {});
    ~GatewayProcess(); // SIGKILL if still running

    uint16_t port() const { return port_; }
    // The configuration file it serves with (rewrite it, then reload).
    std::string config_path() const { return dir_.file("config.toml"); }
    std::string stderr_text() const;
    void signal(int sig) const;
    // Waits for the process to exit; returns its exit code (128+signal when killed).
    int wait(std::chrono::milliseconds timeout = std::chrono::seconds(20));
    bool running() const;

  private:
    llmhost::testing::TempDir dir_;
    int pid_ = -1;
    int stderr_fd_ = -1;
    uint16_t port_ = 0;
    mutable std::mutex mutex_;
    std::string stderr_;
    std::thread reader_;
    bool exited_ = false;
    int exit_code_ = -1;
};

struct Reply {
    int status = 0;
    llmhost::Headers headers;
    std::string body; // de-chunked
    std::string header(std::string_view name) const { return std::string(llmhost::find_header(headers, name)); }
};

// One request on a fresh connection; the whole response.
Reply request(uint16_t port, const std::string& method, const std::string& target, const std::string& body = {},
              const llmhost::Headers& headers = {});

inline Reply post_json(uint16_t port, const std::string& target, const std::string& body,
                       const llmhost::Headers& headers = {}) {
    auto h = headers;
    h.emplace_back("Content-Type", "application/json");
    return request(port, "POST", target, body, h);
}

// A raw connection for tests that read a stream piece by piece or hang up mid-way.
class RawConnection {
  public:
    explicit RawConnection(uint16_t port);
    ~RawConnection();
    void send(const std::string& bytes);
    // Reads until `needle` appears in everything read so far or the timeout passes.
    bool read_until(const std::string& needle, std::chrono::milliseconds timeout);
    // Reads until the server closes the connection.
    void read_to_end(std::chrono::milliseconds timeout);
    const std::string& received() const { return received_; }
    void close();

  private:
    int fd_ = -1;
    std::string received_;
};

// Serves one SSE stream in OpenAI's format, a chunk every `interval`, until the client hangs
// up — and remembers that it did.
class EndlessStreamUpstream {
  public:
    explicit EndlessStreamUpstream(std::chrono::milliseconds interval = std::chrono::milliseconds(50));
    ~EndlessStreamUpstream();
    std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }
    bool request_seen() const { return request_seen_; }
    bool peer_closed() const { return peer_closed_; }

  private:
    void serve();
    int listen_fd_ = -1;
    uint16_t port_ = 0;
    std::chrono::milliseconds interval_;
    std::atomic<bool> request_seen_{false};
    std::atomic<bool> peer_closed_{false};
    std::atomic<bool> stopping_{false};
    std::thread thread_;
};

struct SseEvent {
    std::string event; // "" when the stream named none
    std::string data;
};

// Splits a whole SSE body into events (single data line each, as the gateway writes them).
inline std::vector<SseEvent> sse_events(const std::string& body) {
    std::vector<SseEvent> out;
    size_t at = 0;
    while (at < body.size()) {
        const size_t end = body.find("\n\n", at);
        const std::string block = body.substr(at, end == std::string::npos ? std::string::npos : end - at);
        SseEvent e;
        size_t line_at = 0;
        while (line_at < block.size()) {
            const size_t nl = block.find('\n', line_at);
            const std::string line = block.substr(line_at, nl == std::string::npos ? std::string::npos : nl - line_at);
            if (line.rfind("event: ", 0) == 0) e.event = line.substr(7);
            if (line.rfind("data: ", 0) == 0) e.data = line.substr(6);
            line_at = nl == std::string::npos ? block.size() : nl + 1;
        }
        if (!e.data.empty()) out.push_back(std::move(e));
        if (end == std::string::npos) break;
        at = end + 2;
    }
    return out;
}

// A [providers.<id>] section for the openai plugin pointed at a mock upstream.
inline std::string openai_provider(const std::string& id, const std::string& base_url, const std::string& extra = {}) {
    return "[providers." + id + "]\nplugin = \"openai\"\nbase_url = \"" + base_url + "/v1\"\ndefault_model = \"m\"\n" +
           extra + "\n";
}

// Waits until `condition` holds, polling, for at most `timeout`.
template <class Condition> bool eventually(Condition condition, std::chrono::milliseconds timeout) {
    const auto until = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < until) {
        if (condition()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return condition();
}

// ---- implementation -------------------------------------------------------------------

inline GatewayProcess::GatewayProcess(const std::string& config_toml, const std::vector<std::string>& env,
                                      const std::vector<std::string>& extra_args) {
    dir_.write("config.toml", config_toml);
    std::vector<std::string> args{
        LLMHOST_TEST_HOST_BINARY, "--config", dir_.file("config.toml"), "serve", "--listen", "127.0.0.1:0"};
    args.insert(args.end(), extra_args.begin(), extra_args.end());
    std::vector<std::string> env_strings;
    for (const char* keep : {"PATH", "HOME", "ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS", "TSAN_OPTIONS"})
        if (const char* v = std::getenv(keep)) env_strings.push_back(std::string(keep) + "=" + v);
    env_strings.insert(env_strings.end(), env.begin(), env.end());
    std::vector<char*> argv, envp;
    for (auto& a : args)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    for (auto& e : env_strings)
        envp.push_back(e.data());
    envp.push_back(nullptr);

    int err[2];
    if (pipe2(err, O_CLOEXEC)) throw std::runtime_error("pipe failed");
    // fork rather than posix_spawn: the child asks to be killed when this test dies, so a
    // crashed test leaves no gateway behind. Only async-signal-safe calls before execve.
    const int devnull = open("/dev/null", O_RDWR | O_CLOEXEC);
    const pid_t pid = fork();
    if (pid == 0) {
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        dup2(devnull, 0);
        dup2(devnull, 1);
        dup2(err[1], 2);
        execve(argv[0], argv.data(), envp.data());
        _exit(127);
    }
    close(devnull);
    close(err[1]);
    if (pid < 0) {
        close(err[0]);
        throw std::runtime_error("cannot start the gateway");
    }
    pid_ = pid;
    stderr_fd_ = err[0];
    reader_ = std::thread([this] {
        char buf[4096];
        for (;;) {
            const ssize_t n = read(stderr_fd_, buf, sizeof buf);
            if (n <= 0) return;
            std::lock_guard lock(mutex_);
            stderr_.append(buf, static_cast<size_t>(n));
        }
    });
    const std::string marker = "serving on http://127.0.0.1:";
    const bool up = eventually(
        [&] {
            std::lock_guard lock(mutex_);
            const auto at = stderr_.find(marker);
            if (at == std::string::npos) return false;
            port_ = static_cast<uint16_t>(std::stoi(stderr_.substr(at + marker.size())));
            return true;
        },
        std::chrono::seconds(10));
    if (!up) throw std::runtime_error("the gateway did not start:\n" + stderr_text());
}

inline GatewayProcess::~GatewayProcess() {
    if (!exited_) {
        kill(pid_, SIGKILL);
        int status = 0;
        waitpid(pid_, &status, 0);
    }
    if (reader_.joinable()) reader_.join();
    close(stderr_fd_);
}

inline std::string GatewayProcess::stderr_text() const {
    std::lock_guard lock(mutex_);
    return stderr_;
}

inline void GatewayProcess::signal(int sig) const { kill(pid_, sig); }

inline bool GatewayProcess::running() const {
    int status = 0;
    return !exited_ && waitpid(pid_, &status, WNOHANG) == 0;
}

inline int GatewayProcess::wait(std::chrono::milliseconds timeout) {
    if (exited_) return exit_code_;
    const auto until = std::chrono::steady_clock::now() + timeout;
    int status = 0;
    while (waitpid(pid_, &status, WNOHANG) == 0) {
        if (std::chrono::steady_clock::now() > until) return -1;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    exited_ = true;
    exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    if (reader_.joinable()) reader_.join();
    return exit_code_;
}

inline Reply request(uint16_t port, const std::string& method, const std::string& target, const std::string& body,
                     const llmhost::Headers& headers) {
    namespace asio = boost::asio;
    namespace http = boost::beast::http;
    asio::io_context io;
    asio::ip::tcp::socket socket(io);
    socket.connect({asio::ip::make_address("127.0.0.1"), port});
    http::request<http::string_body> req{http::string_to_verb(method), target, 11};
    req.set(http::field::host, "127.0.0.1");
    for (const auto& [name, value] : headers)
        req.set(name, value);
    req.body() = body;
    req.prepare_payload();
    http::write(socket, req);
    boost::beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    parser.body_limit(1ull << 30);
    parser.skip(method == "HEAD"); // its Content-Length announces a body that never comes
    http::read(socket, buffer, parser);
    Reply reply;
    reply.status = parser.get().result_int();
    for (const auto& field : parser.get())
        reply.headers.emplace_back(field.name_string(), field.value());
    reply.body = parser.get().body();
    return reply;
}

inline RawConnection::RawConnection(uint16_t port) {
    fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) throw std::runtime_error("connect failed");
}

inline RawConnection::~RawConnection() { close(); }

inline void RawConnection::close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
}

inline void RawConnection::send(const std::string& bytes) {
    size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::send(fd_, bytes.data() + done, bytes.size() - done, MSG_NOSIGNAL);
        if (n <= 0) return;
        done += static_cast<size_t>(n);
    }
}

inline bool RawConnection::read_until(const std::string& needle, std::chrono::milliseconds timeout) {
    const auto until = std::chrono::steady_clock::now() + timeout;
    char buf[16384];
    while (received_.find(needle) == std::string::npos) {
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(until - std::chrono::steady_clock::now());
        if (left.count() <= 0) return false;
        pollfd p{fd_, POLLIN, 0};
        if (poll(&p, 1, static_cast<int>(left.count())) <= 0) continue;
        const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
        if (n <= 0) return received_.find(needle) != std::string::npos;
        received_.append(buf, static_cast<size_t>(n));
    }
    return true;
}

inline void RawConnection::read_to_end(std::chrono::milliseconds timeout) {
    read_until(std::string("\0never\0", 7), timeout);
}

inline EndlessStreamUpstream::EndlessStreamUpstream(std::chrono::milliseconds interval) : interval_(interval) {
    listen_fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    listen(listen_fd_, 16);
    socklen_t len = sizeof addr;
    getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { serve(); });
}

inline EndlessStreamUpstream::~EndlessStreamUpstream() {
    stopping_ = true;
    shutdown(listen_fd_, SHUT_RDWR);
    thread_.join();
    ::close(listen_fd_);
}

inline void EndlessStreamUpstream::serve() {
    const int fd = accept(listen_fd_, nullptr, nullptr);
    if (fd < 0) return;
    std::string request;
    char buf[4096];
    while (request.find("\r\n\r\n") == std::string::npos) { // the body is not needed
        const ssize_t n = recv(fd, buf, sizeof buf, 0);
        if (n <= 0) break;
        request.append(buf, static_cast<size_t>(n));
    }
    request_seen_ = true;
    auto send_all = [&](const std::string& bytes) {
        return ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(bytes.size());
    };
    send_all("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n");
    const std::string event =
        "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"model\":\"m\",\"choices\":[{\"index\":0,"
        "\"delta\":{\"content\":\"tick \"},\"finish_reason\":null}]}\n\n";
    char size[16];
    std::snprintf(size, sizeof size, "%zx\r\n", event.size());
    const std::string frame = size + event + "\r\n";
    while (!stopping_) {
        // A closed peer shows as a failed send, or as readable EOF on the socket.
        pollfd p{fd, POLLIN, 0};
        if (poll(&p, 1, 0) > 0 && recv(fd, buf, sizeof buf, MSG_DONTWAIT) == 0) break;
        if (!send_all(frame)) break;
        std::this_thread::sleep_for(interval_);
    }
    if (!stopping_) peer_closed_ = true;
    ::close(fd);
}

} // namespace gateway_e2e
