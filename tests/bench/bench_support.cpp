#include "bench/bench_support.hpp"

#include <boost/asio.hpp>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

namespace llmhost::bench {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

Child spawn(const std::vector<std::string>& args, const std::string& log_file) {
    std::vector<std::string> a = args;
    std::vector<char*> argv;
    for (auto& s : a)
        argv.push_back(s.data());
    argv.push_back(nullptr);
    const int devnull = open("/dev/null", O_WRONLY | O_CLOEXEC);
    const int log = open(log_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    Child c;
    c.log = log_file;
    c.pid = fork();
    if (c.pid == 0) {
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        dup2(devnull, 1);
        dup2(log, 2);
        execv(argv[0], argv.data());
        _exit(127);
    }
    close(devnull);
    close(log);
    if (c.pid < 0) {
        std::fprintf(stderr, "cannot start %s\n", args[0].c_str());
        std::exit(1);
    }
    return c;
}

void stop(Child& c) {
    if (c.pid <= 0) return;
    kill(c.pid, SIGTERM);
    int status;
    waitpid(c.pid, &status, 0);
    c.pid = -1;
}

std::string run_capture(const std::vector<std::string>& args) {
    auto r = testing::run_process(args, {});
    if (r.exit_code != 0) std::fprintf(stderr, "%s failed: %s\n", args[0].c_str(), r.err.c_str());
    return r.out;
}

std::string which(const std::string& tool) {
    for (const char* dir : {"/usr/sbin", "/usr/bin", "/usr/local/bin", "/usr/local/sbin", "/sbin", "/bin"}) {
        const std::string p = std::string(dir) + "/" + tool;
        if (access(p.c_str(), X_OK) == 0) return p;
    }
    return {};
}

void raise_open_file_limit() {
    rlimit files{};
    getrlimit(RLIMIT_NOFILE, &files);
    files.rlim_cur = files.rlim_max;
    setrlimit(RLIMIT_NOFILE, &files);
}

int connect_to(uint16_t port) {
    const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        close(fd);
        return -1;
    }
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return fd;
}

std::string post(std::string_view path, std::string_view body, std::string_view headers) {
    return "POST " + std::string(path) + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n" +
           std::string(headers) + "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + std::string(body);
}

bool read_until(int fd, std::string& got, std::string_view needle) {
    char buf[16384];
    while (got.find(needle) == std::string::npos) {
        const ssize_t n = recv(fd, buf, sizeof buf, 0);
        if (n <= 0) return false;
        got.append(buf, static_cast<size_t>(n));
    }
    return true;
}

bool read_response(int fd, std::string& got) {
    if (!read_until(fd, got, "\r\n\r\n")) return false;
    const size_t head_end = got.find("\r\n\r\n") + 4;
    std::string head = got.substr(0, head_end);
    std::transform(head.begin(), head.end(), head.begin(), [](unsigned char c) { return std::tolower(c); });
    if (const size_t at = head.find("content-length:"); at != std::string::npos) {
        const size_t length = std::strtoul(head.c_str() + at + 15, nullptr, 10);
        char buf[16384];
        while (got.size() < head_end + length) {
            const ssize_t n = recv(fd, buf, sizeof buf, 0);
            if (n <= 0) return false;
            got.append(buf, static_cast<size_t>(n));
        }
        return true;
    }
    return read_until(fd, got, "\r\n0\r\n\r\n"); // the last chunk
}

void set_receive_timeout(int fd, int seconds) {
    const timeval wait{seconds, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &wait, sizeof wait);
}

uint16_t free_port() {
    asio::io_context io;
    tcp::acceptor a(io, {asio::ip::make_address("127.0.0.1"), 0});
    return a.local_endpoint().port();
}

bool wait_until_serving(uint16_t port) {
    for (int i = 0; i < 5000; ++i) {
        if (const int fd = connect_to(port); fd >= 0) {
            close(fd);
            return true;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    return false;
}

uint16_t wait_for_port(const std::string& log, const std::string& marker, std::chrono::milliseconds timeout) {
    const auto until = Clock::now() + timeout;
    while (Clock::now() < until) {
        const std::string text = testing::read_file(log);
        if (auto at = text.find(marker); at != std::string::npos)
            return static_cast<uint16_t>(std::atoi(text.c_str() + at + marker.size()));
        std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
    return 0;
}

double parse_duration_ms(const std::string& text) {
    const double v = std::atof(text.c_str());
    if (text.find("us") != std::string::npos) return v / 1000;
    if (text.find("ms") != std::string::npos) return v;
    if (text.find('s') != std::string::npos) return v * 1000;
    return v;
}

WrkResult run_wrk(const std::string& wrk_path, const std::string& script, const std::string& url, int connections,
                  int seconds) {
    const std::string out = run_capture({wrk_path, "-t", connections > 1 ? "2" : "1", "-c", std::to_string(connections),
                                         "-d", std::to_string(seconds) + "s", "--latency", "-s", script, url});
    WrkResult r;
    std::istringstream lines(out);
    std::string line;
    while (std::getline(lines, line)) {
        std::istringstream words(line);
        std::string first, second, third;
        words >> first >> second >> third;
        if (first == "Requests/sec:") r.rps = std::atof(second.c_str());
        if (first == "50%") r.p50_ms = parse_duration_ms(second);
        if (second == "requests" && std::isdigit(static_cast<unsigned char>(first[0])))
            r.requests = std::atol(first.c_str());
        if (line.find("Non-2xx") != std::string::npos) {
            r.non_2xx = std::atol(third.c_str());
            std::fprintf(stderr, "wrk: %s\n", line.c_str());
        }
    }
    return r;
}

double cpu_seconds(pid_t pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    std::string stat((std::istreambuf_iterator<char>(in)), {});
    if (stat.empty()) return 0;
    std::istringstream fields(stat.substr(stat.rfind(')') + 2)); // after "pid (comm) "
    std::string f;
    long utime = 0, stime = 0;
    for (int i = 3; i <= 15 && fields >> f; ++i) {
        if (i == 14) utime = std::atol(f.c_str());
        if (i == 15) stime = std::atol(f.c_str());
    }
    return static_cast<double>(utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

std::vector<pid_t> children_of(pid_t pid) {
    std::vector<pid_t> children;
    for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
        const std::string name = entry.path().filename().string();
        if (name.find_first_not_of("0123456789") != std::string::npos) continue;
        std::ifstream in(entry.path() / "stat");
        std::string stat((std::istreambuf_iterator<char>(in)), {});
        const size_t close = stat.rfind(')');
        if (close == std::string::npos) continue;
        std::istringstream fields(stat.substr(close + 2)); // state, ppid, ...
        std::string state;
        pid_t parent = 0;
        if (fields >> state >> parent && parent == pid) children.push_back(std::stoi(name));
    }
    return children;
}

double cpu_seconds_with_children(pid_t pid) {
    double total = cpu_seconds(pid);
    for (pid_t child : children_of(pid))
        total += cpu_seconds(child);
    return total;
}

double rss_mib(pid_t pid, const char* field) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind(field, 0) == 0) return std::atof(line.c_str() + std::strlen(field)) / 1024.0;
    return -1;
}

int open_descriptors(pid_t pid) {
    std::error_code ec;
    int n = 0;
    for (auto it = std::filesystem::directory_iterator("/proc/" + std::to_string(pid) + "/fd", ec);
         !ec && it != std::filesystem::directory_iterator(); it.increment(ec))
        ++n;
    return n;
}

Nginx start_nginx(const std::string& nginx_path, const testing::TempDir& dir, const std::string& name,
                  uint16_t upstream_port, const NginxOptions& options) {
    Nginx n;
    n.port = free_port();
    const std::string connections = std::to_string(options.worker_connections);
    dir.write(name + ".conf",
              "worker_processes " + options.workers + ";\n" +
                  (options.worker_connections > 4096 // beyond the default soft limit of descriptors
                       ? "worker_rlimit_nofile " + std::to_string(options.worker_connections + 1024) + ";\n"
                       : std::string()) +
                  "user root;\npid " + dir.file(name + ".pid") + ";\nerror_log " + dir.file(name + "-error.log") +
                  ";\nevents { worker_connections " + connections + "; }\nhttp {\n  access_log " +
                  (options.access_log ? dir.file(name + "-access.log") : std::string("off")) +
                  ";\n  client_body_temp_path " + dir.path() + ";\n  proxy_temp_path " + dir.path() + ";\n" +
                  (options.body_in_memory ? "  client_body_buffer_size 128k;\n" : "") +
                  "  upstream mock { server 127.0.0.1:" + std::to_string(upstream_port) +
                  "; keepalive 128; }\n  server {\n    listen 127.0.0.1:" + std::to_string(n.port) +
                  ";\n    location / { proxy_pass http://mock; proxy_http_version 1.1; proxy_set_header Connection "
                  "\"\"; proxy_buffering off; }\n  }\n}\n");
    n.child = spawn({nginx_path, "-c", dir.file(name + ".conf"), "-p", dir.path(), "-g", "daemon off;"},
                    dir.file(name + ".log"));
    if (!wait_until_serving(n.port)) {
        std::fprintf(stderr, "nginx did not start: %s\n", testing::read_file(dir.file(name + "-error.log")).c_str());
        n.port = 0;
    }
    return n;
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
}

std::string fmt(const char* format, double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, format, v);
    return buf;
}

} // namespace llmhost::bench
