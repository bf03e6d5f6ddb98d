// The gateway on realistic work (issue 18) against nginx as a plain keep-alive reverse proxy
// (2 workers, access log on as by default), both in front of the same fast upstream
// (workload_upstream.hpp), in alternating turns; the figures are the medians of the turns.
//   a  the small chat request (2 messages), not streamed
//   b  agent-size requests recorded from Claude Code and Codex, whole and streamed, through
//      the Anthropic face (to an Anthropic- and to an OpenAI-format upstream), the Responses
//      face and the chat face
//   c  streams of 35 and 500 frames, arriving together and 2 ms apart
//   d  5,000 streams open at once: RSS, and CPU per relayed frame while they trickle
//   e  10,000 idle keep-alive client connections: RSS
//   --soak SECONDS: constant-rate mixed load; the gateway's RSS and descriptors over time
// For a-c: CPU per request at 64 connections (per relayed frame for streams), throughput at
// 64 connections, and the p50 latency added at 1 connection over the upstream's own (for a
// stream, the whole stream's), each marked against the targets. Needs nginx and wrk
// (tests/bench/workload_bench.sh installs them); run from a Release build. Prints figures (the
// tables on stdout, progress on stderr); not a test.
//   workload_bench [--seconds N (per wrk run, default 5)] [--turns N (default 3)]
//                  [--only a,b,c,d,e] [--soak SECONDS]
//   workload_bench --upstream-only: just the upstream, for profiling the gateway by hand
#include "bench/bench_support.hpp"
#include "bench/workload_load.hpp"
#include "bench/workload_requests.hpp"
#include "bench/workload_upstream.hpp"

#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace {

using namespace llmhost::bench;

struct Options {
    int seconds = 5, turns = 3, soak_seconds = 0;
    std::string only = "abcde";
};

Options parse_options(int argc, char** argv) {
    Options o;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string flag = argv[i], value = argv[i + 1];
        if (flag == "--seconds")
            o.seconds = std::max(1, std::atoi(value.c_str()));
        else if (flag == "--turns")
            o.turns = std::max(1, std::atoi(value.c_str()));
        else if (flag == "--soak")
            o.soak_seconds = std::atoi(value.c_str());
        else if (flag == "--only")
            o.only = value;
        else {
            std::fprintf(stderr,
                         "usage: workload_bench [--seconds N] [--turns N] [--only a,b,c,d,e] [--soak SECONDS]\n");
            std::exit(2);
        }
    }
    if (argc % 2 == 0) {
        std::fprintf(stderr, "%s wants a value\n", argv[argc - 1]);
        std::exit(2);
    }
    return o;
}

// A proxy being measured: where it listens and how much CPU it has used.
struct Contender {
    const char* name;
    uint16_t port;
    std::function<double()> cpu_seconds;
    std::function<double()> rss_mib;
};

// One workload's figures, turn by turn.
struct Figures {
    std::vector<double> gw_cpu_us, nginx_cpu_us, cpu_ratio; // per request, 64 connections
    std::vector<double> gw_rps, nginx_rps, rps_ratio;       // 64 connections
    std::vector<double> direct_p50, gw_p50, nginx_p50;      // 1 connection (a stream's: the whole stream)
    std::vector<double> gw_added_p50, nginx_added_p50;
    bool answered = true;
    long gw_non_2xx = 0, nginx_non_2xx = 0; // answers wrk saw fail: the figures are then suspect
};

struct Run {
    double cpu_us_per_request = 0, rps = 0;
    long non_2xx = 0;
};

// wrk at 64 connections; CPU per request counts the requests the upstream answered in the
// window (for a stream, text frames written / frames per stream), so that streams still
// running when wrk stops count for what they got.
Run at_64(const std::string& wrk_path, const std::string& script, const Workload& w, const Contender& c,
          const WorkloadUpstream& upstream, int seconds) {
    const double cpu0 = c.cpu_seconds();
    const long frames0 = upstream.frames_written(), whole0 = upstream.whole_answers_written();
    const WrkResult r = run_wrk(wrk_path, script, "http://127.0.0.1:" + std::to_string(c.port) + w.path, 64, seconds);
    const double cpu = c.cpu_seconds() - cpu0;
    const double served = w.frames ? static_cast<double>(upstream.frames_written() - frames0) / w.frames
                                   : static_cast<double>(upstream.whole_answers_written() - whole0);
    return {cpu * 1e6 / std::max(1.0, served), r.rps, r.non_2xx};
}

double p50_at_1(const std::string& wrk_path, const std::string& script, const Workload& w, uint16_t port, int seconds) {
    return run_wrk(wrk_path, script, "http://127.0.0.1:" + std::to_string(port) + w.path, 1, seconds).p50_ms;
}

// Whether `port` answers `w` with a 200 and the text it must carry: a face that answered 400
// would look cheap.
bool answers(uint16_t port, const Workload& w, const char* who) {
    const int fd = connect_to(port);
    if (fd < 0) return false;
    set_receive_timeout(fd, 10);
    const std::string request = post(w.path, w.body, w.headers);
    std::string got;
    send(fd, request.data(), request.size(), MSG_NOSIGNAL);
    const bool ok =
        read_response(fd, got) && got.starts_with("HTTP/1.1 200") && got.find(w.expected) != std::string::npos;
    close(fd);
    if (!ok)
        std::fprintf(stderr, "%s does not answer %s as expected:\n%s\n", who, w.id.c_str(), got.substr(0, 600).c_str());
    return ok;
}

Figures measure(const std::string& wrk_path, const std::string& dir, const Workload& w, const Contender& gw,
                const Contender& nginx, const WorkloadUpstream& upstream, const Options& o) {
    Figures f;
    if (!answers(gw.port, w, "the gateway") || !answers(nginx.port, w, "nginx")) {
        f.answered = false;
        return f;
    }
    const std::string script = write_wrk_script(dir, w);
    for (const Contender* c : {&nginx, &gw}) // warm-up
        run_wrk(wrk_path, script, "http://127.0.0.1:" + std::to_string(c->port) + w.path, 8, 1);
    for (int turn = 0; turn < o.turns; ++turn) {
        std::fprintf(stderr, "  %s turn %d/%d\n", w.id.c_str(), turn + 1, o.turns);
        // Who goes first alternates, so that drift in the machine's load favours neither.
        const bool gw_first = turn % 2;
        Run g, n;
        if (gw_first) g = at_64(wrk_path, script, w, gw, upstream, o.seconds);
        n = at_64(wrk_path, script, w, nginx, upstream, o.seconds);
        if (!gw_first) g = at_64(wrk_path, script, w, gw, upstream, o.seconds);
        f.gw_cpu_us.push_back(g.cpu_us_per_request);
        f.nginx_cpu_us.push_back(n.cpu_us_per_request);
        f.cpu_ratio.push_back(g.cpu_us_per_request / std::max(1e-9, n.cpu_us_per_request));
        f.gw_non_2xx += g.non_2xx;
        f.nginx_non_2xx += n.non_2xx;
        f.gw_rps.push_back(g.rps);
        f.nginx_rps.push_back(n.rps);
        f.rps_ratio.push_back(g.rps / std::max(1e-9, n.rps));

        const double direct = p50_at_1(wrk_path, script, w, upstream.port(), o.seconds);
        double gp = 0, np = 0;
        if (gw_first) gp = p50_at_1(wrk_path, script, w, gw.port, o.seconds);
        np = p50_at_1(wrk_path, script, w, nginx.port, o.seconds);
        if (!gw_first) gp = p50_at_1(wrk_path, script, w, gw.port, o.seconds);
        f.direct_p50.push_back(direct);
        f.gw_p50.push_back(gp);
        f.nginx_p50.push_back(np);
        f.gw_added_p50.push_back(gp - direct);
        f.nginx_added_p50.push_back(np - direct);
    }
    return f;
}

const char* met(bool yes) { return yes ? "yes" : "NO"; }

void print_workload(const Workload& w, const Figures& f) {
    std::printf("\n### %s: %s\n\n", w.id.c_str(), w.title.c_str());
    if (!f.answered) {
        std::printf("not measured: the gateway or nginx did not answer it as expected (see stderr)\n");
        return;
    }
    const double ratio = median(f.cpu_ratio), added = median(f.gw_added_p50);
    std::printf("| measure | gateway | nginx | gateway / nginx | target | met |\n|---|---|---|---|---|---|\n");
    std::printf("| CPU per request, 64 connections (µs) | %.1f | %.1f | %.2fx | <= %.1fx | %s |\n", median(f.gw_cpu_us),
                median(f.nginx_cpu_us), ratio, w.cpu_ratio_target, met(ratio <= w.cpu_ratio_target));
    if (w.frames)
        std::printf("| CPU per relayed frame (µs) | %.2f | %.2f | %.2fx | | |\n", median(f.gw_cpu_us) / w.frames,
                    median(f.nginx_cpu_us) / w.frames, ratio);
    std::printf("| throughput, 64 connections (req/s) | %.0f | %.0f | %.2fx | %s | |\n", median(f.gw_rps),
                median(f.nginx_rps), median(f.rps_ratio), w.spaced ? "paced by the upstream" : "");
    const char* p50 = w.frames ? "whole-stream p50" : "p50";
    std::printf("| %s, 1 connection (ms; upstream direct %.3f) | %.3f | %.3f | | | |\n", p50, median(f.direct_p50),
                median(f.gw_p50), median(f.nginx_p50));
    std::printf("| added %s, 1 connection (ms) | %+.3f | %+.3f | | <= +%.2f | %s |\n", p50, added,
                median(f.nginx_added_p50), w.added_p50_target, met(added <= w.added_p50_target));
    if (f.gw_non_2xx || f.nginx_non_2xx)
        std::printf("\nnon-2xx answers at 64 connections: gateway %ld, nginx %ld\n", f.gw_non_2xx, f.nginx_non_2xx);
}

// One line per workload: the figures that decide its targets.
void print_summary(const std::vector<Workload>& ws, const std::vector<Figures>& fs) {
    std::printf("\n### Summary (medians of turns; ratios gateway / nginx)\n\n| workload | CPU µs/req gateway | nginx | "
                "ratio (target) | req/s at 64 gateway | nginx | ratio | added p50 ms gateway | nginx | target | met "
                "|\n|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (size_t i = 0; i < ws.size(); ++i) {
        const Workload& w = ws[i];
        const Figures& f = fs[i];
        if (!f.answered) {
            std::printf("| %s | not answered | | | | | | | | | |\n", w.id.c_str());
            continue;
        }
        const double ratio = median(f.cpu_ratio), added = median(f.gw_added_p50);
        std::printf("| %s | %.1f | %.1f | %.2fx (%.1fx) | %.0f | %.0f | %.2fx | %+.3f | %+.3f | +%.2f | %s |\n",
                    w.id.c_str(), median(f.gw_cpu_us), median(f.nginx_cpu_us), ratio, w.cpu_ratio_target,
                    median(f.gw_rps), median(f.nginx_rps), median(f.rps_ratio), added, median(f.nginx_added_p50),
                    w.added_p50_target, met(ratio <= w.cpu_ratio_target && added <= w.added_p50_target));
    }
}

// Many streams held open through a contender: its RSS before and with them, and its CPU per
// frame the upstream writes while they trickle (one every 100 ms each).
struct OpenStreams {
    int opened = 0;
    double rss_idle = 0, rss_open = 0, cpu_us_per_frame = 0;
    std::string failure;
};

OpenStreams hold_streams(const Contender& c, WorkloadUpstream& upstream, int count) {
    OpenStreams s;
    s.rss_idle = c.rss_mib();
    const std::string request = post("/v1/chat/completions", small_chat_body("oai/hold", true));
    OpenConnections open = open_connections(c.port, count, request, frame_text(1), false);
    s.opened = open.answered;
    s.failure = open.failure;
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    s.rss_open = c.rss_mib();
    const double cpu0 = c.cpu_seconds();
    const long frames0 = upstream.frames_written();
    std::this_thread::sleep_for(std::chrono::seconds(3));
    const double cpu = c.cpu_seconds() - cpu0;
    s.cpu_us_per_frame = cpu * 1e6 / std::max(1.0, static_cast<double>(upstream.frames_written() - frames0));
    upstream.release_holds();
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    close_all(open);
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    return s;
}

// Idle keep-alive client connections, each after one small request.
struct IdleConnections {
    int opened = 0;
    double rss_before = 0, rss_open = 0;
    std::string failure;
};

IdleConnections idle_connections(const Contender& c, int count) {
    IdleConnections s;
    s.rss_before = c.rss_mib();
    OpenConnections open = open_connections(
        c.port, count, post("/v1/chat/completions", small_chat_body("oai/m", false)), upstream_answer_text, true);
    s.opened = open.answered;
    s.failure = open.failure;
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    s.rss_open = c.rss_mib();
    close_all(open);
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    return s;
}

void print_streams(const OpenStreams& g, const OpenStreams& n, int count) {
    const auto per_stream_kib = [](const OpenStreams& s) {
        return s.opened ? (s.rss_open - s.rss_idle) * 1024 / s.opened : 0.0;
    };
    std::printf("\n### d: %d concurrent open streams (chat face, OpenAI upstream, a frame every 100 ms each)\n\n",
                count);
    std::printf(
        "| measure | gateway | nginx (2 workers) | gateway / nginx | target | met |\n|---|---|---|---|---|---|\n");
    std::printf("| streams open | %d | %d | | %d | %s |\n", g.opened, n.opened, count, met(g.opened == count));
    std::printf("| RSS before (MiB) | %.1f | %.1f | | | |\n", g.rss_idle, n.rss_idle);
    std::printf("| RSS with the streams open (MiB) | %.1f | %.1f | %.2fx | | |\n", g.rss_open, n.rss_open,
                g.rss_open / std::max(1e-9, n.rss_open));
    std::printf("| RSS per open stream (KiB) | %.1f | %.1f | | <= 16 | %s |\n", per_stream_kib(g), per_stream_kib(n),
                met(g.opened == count && per_stream_kib(g) <= 16));
    std::printf("| CPU per relayed frame while they trickle (µs) | %.2f | %.2f | %.2fx | | |\n", g.cpu_us_per_frame,
                n.cpu_us_per_frame, g.cpu_us_per_frame / std::max(1e-9, n.cpu_us_per_frame));
    for (const auto& [who, s] : {std::pair{"gateway", &g}, std::pair{"nginx", &n}})
        if (!s->failure.empty()) std::printf("\n%s stopped at: %s\n", who, s->failure.c_str());
}

void print_idle(const IdleConnections& g, const IdleConnections& n, int count) {
    const auto per_connection_kib = [](const IdleConnections& s) {
        return s.opened ? (s.rss_open - s.rss_before) * 1024 / s.opened : 0.0;
    };
    std::printf("\n### e: %d idle keep-alive client connections (each after one small request)\n\n", count);
    std::printf("| measure | gateway | nginx (2 workers) |\n|---|---|---|\n");
    std::printf("| connections open | %d | %d |\n", g.opened, n.opened);
    std::printf("| RSS before (MiB) | %.1f | %.1f |\n", g.rss_before, n.rss_before);
    std::printf("| RSS with them open (MiB) | %.1f | %.1f |\n", g.rss_open, n.rss_open);
    std::printf("| RSS per idle connection (KiB) | %.1f | %.1f |\n", per_connection_kib(g), per_connection_kib(n));
    for (const auto& [who, s] : {std::pair{"gateway", &g}, std::pair{"nginx", &n}})
        if (!s->failure.empty()) std::printf("\n%s stopped at: %s\n", who, s->failure.c_str());
}

// Constant-rate mixed load (small, agent-size, streamed) on the gateway; whether its RSS and
// descriptors grew: the last third of the samples against the first third.
void run_soak(const std::vector<Workload>& ws, uint16_t port, pid_t pid, int seconds) {
    std::vector<std::string> requests, expected;
    for (const Workload& w : ws)
        if (w.id == "a" || w.id == "b1-whole" || w.id == "b1-stream" || w.id == "c-35-together") {
            requests.push_back(post(w.path, w.body, w.headers));
            expected.push_back(w.expected);
        }
    constexpr int connections = 8;
    constexpr std::chrono::milliseconds interval(25); // 320 requests a second
    std::fprintf(stderr, "soak: %d s, %d connections, a request every %lld ms each\n", seconds, connections,
                 static_cast<long long>(interval.count()));
    const SoakResult r = soak(port, requests, expected, connections, interval, std::chrono::seconds(seconds), pid,
                              std::chrono::seconds(std::min(30, std::max(1, seconds / 4))));
    std::printf("\n### f: soak, %d s at %lld req/s (small, agent-size whole and streamed, 35-frame stream)\n\n",
                seconds, static_cast<long long>(connections * 1000 / interval.count()));
    std::printf("| at (s) | gateway RSS (MiB) | descriptors |\n|---|---|---|\n");
    for (const SoakSample& s : r.samples)
        std::printf("| %.0f | %.1f | %d |\n", s.seconds, s.rss_mib, s.descriptors);
    const size_t third = std::max<size_t>(1, r.samples.size() / 3);
    double rss_first = 0, rss_last = 0, fd_first = 0, fd_last = 0;
    for (size_t i = 0; i < third && i < r.samples.size(); ++i) {
        rss_first += r.samples[i].rss_mib / third;
        fd_first += static_cast<double>(r.samples[i].descriptors) / third;
        rss_last += r.samples[r.samples.size() - 1 - i].rss_mib / third;
        fd_last += static_cast<double>(r.samples[r.samples.size() - 1 - i].descriptors) / third;
    }
    const bool grew = rss_last > rss_first * 1.05 || fd_last > fd_first + 10;
    std::printf("\n%ld answered, %ld failed. Last third against first third: RSS %.1f -> %.1f MiB, descriptors %.0f "
                "-> %.0f: %s\n",
                r.answered, r.failed, rss_first, rss_last, fd_first, fd_last,
                r.samples.size() < 2 ? "too short to tell"
                : grew               ? "GREW"
                                     : "did not grow");
}

// The gateway and nginx, each freshly started in front of the upstream.
struct Contenders {
    Child gateway;
    Nginx nginx;
    Contender gw, nx;
    bool started = false;
    Contenders() = default;
    Contenders(const Contenders&) = delete;
    Contenders& operator=(const Contenders&) = delete;
    ~Contenders() {
        stop(nginx.child);
        stop(gateway);
    }
};

// `name` tells this start's files apart. The gateway has two providers at the upstream: oai
// (OpenAI format) and ant (Anthropic format). nginx has room for 5,000 streams (a client and
// an upstream connection each) and 10,000 idle connections in either worker, and keeps
// agent-size bodies in memory rather than spilling them to disk.
void start(Contenders& c, const std::string& name, const std::string& nginx_path, const llmhost::testing::TempDir& dir,
           const WorkloadUpstream& upstream) {
    const std::string up = "http://127.0.0.1:" + std::to_string(upstream.port());
    dir.write("config.toml",
              "[providers.oai]\nplugin = \"openai\"\nbase_url = \"" + up +
                  "/v1\"\napi_key = \"bench-key\"\n[providers.ant]\nplugin = \"anthropic\"\nbase_url = \"" + up +
                  "\"\napi_key = \"bench-key\"\n");
    const std::string log = dir.file(name + "-gateway.log");
    c.gateway =
        spawn({LLMHOST_TEST_HOST_BINARY, "--config", dir.file("config.toml"), "serve", "--listen", "127.0.0.1:0"}, log);
    const uint16_t gw_port = wait_for_port(log, "serving on http://127.0.0.1:", std::chrono::seconds(10));
    c.nginx = start_nginx(nginx_path, dir, name + "-nginx", upstream.port(),
                          {.workers = "2", .worker_connections = 12000, .body_in_memory = true});
    if (!gw_port) std::fprintf(stderr, "the gateway did not start: %s\n", llmhost::testing::read_file(log).c_str());
    const pid_t gw_pid = c.gateway.pid, nginx_pid = c.nginx.child.pid;
    c.gw = {"gateway", gw_port, [gw_pid] { return cpu_seconds(gw_pid); }, [gw_pid] { return rss_mib(gw_pid); }};
    c.nx = {"nginx", c.nginx.port, [nginx_pid] { return cpu_seconds_with_children(nginx_pid); },
            [nginx_pid] { // the workers'
                double total = 0;
                for (pid_t worker : children_of(nginx_pid))
                    total += rss_mib(worker);
                return total;
            }};
    c.started = gw_port && c.nginx.port;
}

} // namespace

int main(int argc, char** argv) {
    if (argc == 2 && std::string(argv[1]) == "--upstream-only") {
        WorkloadUpstream upstream;
        std::printf("upstream on http://127.0.0.1:%u\n", upstream.port());
        std::fflush(stdout);
        pause();
        return 0;
    }
    const Options o = parse_options(argc, argv);
    const std::string wrk_path = which("wrk"), nginx_path = which("nginx");
    if (wrk_path.empty() || nginx_path.empty()) {
        std::fprintf(stderr, "workload_bench needs wrk and nginx (tests/bench/workload_bench.sh installs them)\n");
        return 1;
    }
    raise_open_file_limit(); // 5,000 streams and 10,000 connections; children inherit it

    llmhost::testing::TempDir dir;
    WorkloadUpstream upstream;
    auto main_run = std::make_unique<Contenders>();
    start(*main_run, "main", nginx_path, dir, upstream);
    if (!main_run->started) return 1;
    const Contender &gw = main_run->gw, &nx = main_run->nx;

    const std::vector<Workload> all = workloads();
    std::vector<Workload> measured;
    std::vector<Figures> figures;
    for (const Workload& w : all) {
        if (o.only.find(w.group()) == std::string::npos) continue;
        std::fprintf(stderr, "measuring %s: %s\n", w.id.c_str(), w.title.c_str());
        measured.push_back(w);
        figures.push_back(measure(wrk_path, dir.path(), w, gw, nx, upstream, o));
    }

    // The memory measurements each start afresh: memory an earlier workload left in the
    // allocators would be reused and hide what connections cost.
    constexpr int stream_count = 5000, idle_count = 10000;
    OpenStreams gw_streams, nginx_streams;
    if (o.only.find('d') != std::string::npos) {
        std::fprintf(stderr, "holding %d streams open through a fresh gateway, then a fresh nginx\n", stream_count);
        Contenders fresh;
        start(fresh, "streams", nginx_path, dir, upstream);
        gw_streams = hold_streams(fresh.gw, upstream, stream_count);
        nginx_streams = hold_streams(fresh.nx, upstream, stream_count);
    }
    IdleConnections gw_idle, nginx_idle;
    if (o.only.find('e') != std::string::npos) {
        std::fprintf(stderr, "opening %d idle keep-alive connections to a fresh gateway, then a fresh nginx\n",
                     idle_count);
        Contenders fresh;
        start(fresh, "idle", nginx_path, dir, upstream);
        gw_idle = idle_connections(fresh.gw, idle_count);
        nginx_idle = idle_connections(fresh.nx, idle_count);
    }

    std::printf("\n## workload_bench: %u cores shared by the upstream, the gateway or nginx, and wrk; %d s wrk runs, "
                "%d turns\n",
                std::thread::hardware_concurrency(), o.seconds, o.turns);
    for (size_t i = 0; i < measured.size(); ++i)
        print_workload(measured[i], figures[i]);
    if (o.only.find('d') != std::string::npos) print_streams(gw_streams, nginx_streams, stream_count);
    if (o.only.find('e') != std::string::npos) print_idle(gw_idle, nginx_idle, idle_count);
    if (!measured.empty()) print_summary(measured, figures);
    std::fflush(stdout);
    if (o.soak_seconds > 0) run_soak(all, gw.port, main_run->gateway.pid, o.soak_seconds);
    return 0;
}
