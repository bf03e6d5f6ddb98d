// What the gateway benchmarks share: child processes, loopback sockets, wrk runs, CPU and
// RSS from /proc, nginx as the reverse proxy they compare with, and the figures' arithmetic.
#pragma once

#include "support/test_env.hpp"

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace llmhost::bench {

using Clock = std::chrono::steady_clock;

// ---- Processes ---------------------------------------------------------------------------

struct Child {
    pid_t pid = -1;
    std::string log;
};

// Starts `args` (args[0] a path) with stdout to /dev/null and stderr to `log_file`. The child
// dies with the bench (PR_SET_PDEATHSIG), so an interrupted run leaves nothing behind.
Child spawn(const std::vector<std::string>& args, const std::string& log_file);
// SIGTERM, then waits for it.
void stop(Child& c);
// A program's stdout (its failure is reported on stderr).
std::string run_capture(const std::vector<std::string>& args);
// `tool`'s path in the usual system directories, "" when it is not installed.
std::string which(const std::string& tool);
// Raises the soft descriptor limit to the hard one; children inherit it.
void raise_open_file_limit();

// ---- Sockets -----------------------------------------------------------------------------

// A TCP_NODELAY connection to 127.0.0.1:port, -1 when refused.
int connect_to(uint16_t port);
// A whole HTTP/1.1 POST; `headers` are complete lines ("Name: value\r\n").
std::string post(std::string_view path, std::string_view body, std::string_view headers = {});
// Reads until `needle` is in `got`; false on EOF or error.
bool read_until(int fd, std::string& got, std::string_view needle);
// Reads one whole response (Content-Length or chunked) into `got`; false on EOF or error.
bool read_response(int fd, std::string& got);
// Gives up waiting on `fd` after `seconds` rather than waiting forever for what never comes.
void set_receive_timeout(int fd, int seconds);
uint16_t free_port();
// Polls until something accepts on `port` (up to 5 s).
bool wait_until_serving(uint16_t port);
// The number after `marker` once it appears in `log`, 0 on timeout.
uint16_t wait_for_port(const std::string& log, const std::string& marker, std::chrono::milliseconds timeout);

// ---- wrk ---------------------------------------------------------------------------------

struct WrkResult {
    double rps = 0, p50_ms = 0;
    long requests = 0;
    long non_2xx = 0;
};

// wrk with `script` (Lua: method, headers, body) against `url`; 2 threads unless 1 connection.
WrkResult run_wrk(const std::string& wrk_path, const std::string& script, const std::string& url, int connections,
                  int seconds);
// "812.00us", "1.20ms", "2.00s" in milliseconds.
double parse_duration_ms(const std::string& text);

// ---- /proc -------------------------------------------------------------------------------

double cpu_seconds(pid_t pid);
std::vector<pid_t> children_of(pid_t pid);
// The process and its children (nginx's master and workers).
double cpu_seconds_with_children(pid_t pid);
double rss_mib(pid_t pid, const char* field = "VmRSS:");
// Open descriptors of `pid`.
int open_descriptors(pid_t pid);

// ---- nginx -------------------------------------------------------------------------------

struct Nginx {
    Child child;
    uint16_t port = 0; // 0: it did not start
};

struct NginxOptions {
    bool access_log = true;        // nginx logs every request by default
    std::string workers = "auto";  // worker_processes
    int worker_connections = 4096; // client and upstream connections, per worker
    bool body_in_memory = false;   // client_body_buffer_size 128k: agent-size bodies stay off disk
};

// nginx as a plain reverse proxy to 127.0.0.1:upstream_port, keep-alive on both sides, its
// config, logs and pid in `dir` under `name`.
Nginx start_nginx(const std::string& nginx_path, const testing::TempDir& dir, const std::string& name,
                  uint16_t upstream_port, const NginxOptions& options = {});

// ---- Figures -----------------------------------------------------------------------------

double median(std::vector<double> v);
std::string fmt(const char* format, double v);

} // namespace llmhost::bench
