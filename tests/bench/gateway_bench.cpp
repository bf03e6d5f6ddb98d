// The gateway against nginx as a plain reverse proxy, both in front of the same fast loopback
// upstream, driven by wrk. nginx runs as it does by default, writing an access-log line per
// request as the gateway does; a second nginx with its access log off is measured beside it.
// Prints one table for the issue's targets:
//   throughput at 64 connections (>= 80% of nginx), added p50 latency at 1 connection (within
//   0.1 ms of nginx's), time to first streamed frame (added < 0.3 ms), gateway CPU per request
//   (< 60 us), RSS idle (< 20 MiB) and with 500 open streams (< 64 MiB), start to first served
//   request including plugin load (< 50 ms).
// Then the gateway's other faces beside its chat face, the same conversation in each face's
// shape (OpenAI Responses, Gemini generateContent) to the same upstream: added p50 latency at
// 1 connection, CPU per request at 64 connections and added time to first streamed frame,
// each as a ratio to the chat face's (target: within 10%), measured in the same turns; and the
// same requests carrying the fields canonical request 2 added, beside their plain form (target:
// within 10%: the new fields cost little on the request path).
// Needs `nginx` and `wrk` on PATH (tests/bench/gateway_bench.sh installs them). Run from a
// Release build. Prints figures; not a test. `gateway_bench --upstream-only` just runs the
// upstream, for profiling by hand.
#include "bench/bench_support.hpp"

#include <boost/asio.hpp>

#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using namespace llmhost::bench;

// ---- A fast upstream: fixed OpenAI answers, keep-alive, one asio thread -------------------

const std::string completion_body =
    R"({"id":"chatcmpl-bench","object":"chat.completion","created":1700000000,"model":"m","choices":[{"index":0,)"
    R"("message":{"role":"assistant","content":"Hello from the bench upstream."},"finish_reason":"stop","logprobs":null}],)"
    R"("usage":{"prompt_tokens":8,"completion_tokens":6,"total_tokens":14}})";

std::string sse_chunk(std::string_view delta, std::string_view finish) {
    return std::string(
               R"(data: {"id":"chatcmpl-bench","object":"chat.completion.chunk","created":1700000000,"model":"m","choices":[{"index":0,"delta":)") +
           std::string(delta) + R"(,"finish_reason":)" + std::string(finish) + "}]}\n\n";
}

std::string chunk_frame(const std::string& data) {
    char size[16];
    std::snprintf(size, sizeof size, "%zx\r\n", data.size());
    return size + data + "\r\n";
}

const std::string completion_response =
    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(completion_body.size()) +
    "\r\n\r\n" + completion_body;
const std::string stream_head =
    "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n";
const std::string stream_first = chunk_frame(sse_chunk(R"({"role":"assistant","content":"Hello"})", "null"));
const std::string stream_rest = chunk_frame(sse_chunk(R"({"content":" world"})", "null")) +
                                chunk_frame(sse_chunk("{}", "\"stop\"")) + chunk_frame("data: [DONE]\n\n") +
                                "0\r\n\r\n";

class Upstream {
  public:
    Upstream() : acceptor_(io_, {asio::ip::make_address("127.0.0.1"), 0}) {
        accept();
        thread_ = std::thread([this] { io_.run(); });
    }
    ~Upstream() {
        io_.stop();
        thread_.join();
    }
    uint16_t port() const { return acceptor_.local_endpoint().port(); }

  private:
    struct Connection : std::enable_shared_from_this<Connection> {
        tcp::socket socket;
        asio::steady_timer hold;
        std::string in;
        char buf[16384];
        explicit Connection(tcp::socket s) : socket(std::move(s)), hold(socket.get_executor()) {}

        void read() {
            socket.async_read_some(asio::buffer(buf),
                                   [self = shared_from_this()](boost::system::error_code ec, size_t n) {
                                       if (ec) return;
                                       self->in.append(self->buf, n);
                                       self->serve();
                                   });
        }
        // One request at a time: headers, then Content-Length bytes of body.
        void serve() {
            const auto end = in.find("\r\n\r\n");
            if (end == std::string::npos) return read();
            size_t length = 0;
            if (auto at = in.find("Content-Length: "); at != std::string::npos && at < end)
                length = std::stoul(in.substr(at + 16));
            else if (auto at2 = in.find("content-length: "); at2 != std::string::npos && at2 < end)
                length = std::stoul(in.substr(at2 + 16));
            if (in.size() < end + 4 + length) return read();
            const std::string body = in.substr(end + 4, length);
            in.erase(0, end + 4 + length);
            const bool stream = body.find("\"stream\":true") != std::string::npos;
            const bool hold_open = body.find("\"model\":\"hold\"") != std::string::npos;
            auto self = shared_from_this();
            if (!stream) return write(completion_response, [self] { self->serve(); });
            if (!hold_open) return write(stream_head + stream_first + stream_rest, [self] { self->serve(); });
            write(stream_head + stream_first, [self] { // hold the stream open for the RSS measurement
                self->hold.expires_after(std::chrono::seconds(8));
                self->hold.async_wait(
                    [self](boost::system::error_code) { self->write(stream_rest, [self] { self->serve(); }); });
            });
        }
        template <class Next> void write(std::string data, Next next) {
            auto owned = std::make_shared<std::string>(std::move(data));
            asio::async_write(socket, asio::buffer(*owned),
                              [self = shared_from_this(), owned, next](boost::system::error_code ec, size_t) {
                                  if (!ec) next();
                              });
        }
    };

    void accept() {
        acceptor_.async_accept([this](boost::system::error_code ec, tcp::socket s) {
            if (!ec) {
                s.set_option(tcp::no_delay(true));
                std::make_shared<Connection>(std::move(s))->read();
            }
            accept();
        });
    }

    asio::io_context io_;
    tcp::acceptor acceptor_;
    std::thread thread_;
};

// ---- Measurements ------------------------------------------------------------------------

const std::string chat_path = "/v1/chat/completions";
const std::string chat_body = R"({"model":"bench/m","messages":[{"role":"user","content":"hi"}]})";
const std::string hold_request =
    post(chat_path, R"({"model":"bench/hold","stream":true,"messages":[{"role":"user","content":"hi"}]})");

// A client face as the bench drives it: the same conversation (one user message, "hi", for
// bench/m) in the face's own request shape, plain and streamed. Every face goes through the
// openai plugin to the same upstream, which gets the same request from each, so the faces
// differ only in parsing their request and rendering the answer.
struct Face {
    std::string name;
    std::string path, body;     // a plain request (wrk posts it)
    std::string stream_request; // a whole HTTP request that asks for a stream
    std::string script;         // wrk's Lua script posting `body` (see write_wrk_script)
    size_t baseline = 0;        // the face it is compared with (index into bench_faces())
};

// The request-2 faces carry the same conversation with the fields canonical request 2 added
// (cache breakpoints, system blocks, end user, cache key, fields passed through unread, a beta
// header in the Anthropic one): what they cost beyond their baseline is the price of those.
std::vector<Face> bench_faces() {
    const std::string gemini_body = R"({"contents":[{"role":"user","parts":[{"text":"hi"}]}]})";
    const std::string chat2_body =
        R"({"model":"bench/m","messages":[{"role":"user","content":"hi"}],"prompt_cache_key":"bench-session-1",)"
        R"("user":"user-1","service_tier":"auto","seed":7,"metadata":{"run":"bench"}})";
    const std::string anthropic_body =
        R"({"model":"bench/m","max_tokens":256,"messages":[{"role":"user","content":"hi"}]})";
    const std::string anthropic2_body =
        R"({"model":"bench/m","max_tokens":256,"system":[{"type":"text","text":"Be brief.",)"
        R"("cache_control":{"type":"ephemeral","ttl":"1h"}}],"messages":[{"role":"user","content":[{"type":"text",)"
        R"("text":"hi","cache_control":{"type":"ephemeral"}}]}],"metadata":{"user_id":"user-1"},"top_k":40,)"
        R"("context_management":{"edits":[]}})";
    const std::string anthropic_stream = R"(,"stream":true})";
    const auto streamed = [&](const std::string& body) { return body.substr(0, body.size() - 1) + anthropic_stream; };
    return {
        {"chat",
         chat_path,
         chat_body,
         post(chat_path, R"({"model":"bench/m","stream":true,"messages":[{"role":"user","content":"hi"}]})"),
         {}},
        // store: false, as Codex sends it.
        {"responses",
         "/v1/responses",
         R"({"model":"bench/m","input":"hi","store":false})",
         post("/v1/responses", R"({"model":"bench/m","input":"hi","store":false,"stream":true})"),
         {}},
        // The model is in the path; Google's SDKs stream with ?alt=sse.
        {"gemini",
         "/v1beta/models/bench/m:generateContent",
         gemini_body,
         post("/v1beta/models/bench/m:streamGenerateContent?alt=sse", gemini_body),
         {}},
        {"chat, request 2", chat_path, chat2_body, post(chat_path, streamed(chat2_body)), {}, 0},
        {"anthropic", "/v1/messages", anthropic_body, post("/v1/messages", streamed(anthropic_body)), {}, 0},
        {"anthropic, request 2",
         "/v1/messages",
         anthropic2_body,
         post("/v1/messages", streamed(anthropic2_body)),
         {},
         4},
    };
}

// wrk posts the face's body to its path (the path goes in wrk's URL).
void write_wrk_script(const llmhost::testing::TempDir& dir, Face& face) {
    face.script = dir.file(face.name + ".lua");
    dir.write(face.name + ".lua",
              "wrk.method = \"POST\"\nwrk.headers[\"Content-Type\"] = \"application/json\"\nwrk.body = '" + face.body +
                  "'\n");
}

// Whether the gateway answers the face's plain request with the upstream's text and its
// streamed request with a frame, both with a 200: a face that answered 400 would look cheap.
bool answers(uint16_t port, const Face& face) {
    const auto check = [&](const std::string& request, std::string_view expected) {
        const int fd = connect_to(port);
        set_receive_timeout(fd, 5);
        std::string got;
        send(fd, request.data(), request.size(), MSG_NOSIGNAL);
        const bool ok =
            read_until(fd, got, "\r\n\r\n") && got.starts_with("HTTP/1.1 200") && read_until(fd, got, expected);
        close(fd);
        if (!ok) std::fprintf(stderr, "the %s face answers:\n%s\n", face.name.c_str(), got.c_str());
        return ok;
    };
    return check(post(face.path, face.body), "Hello from the bench upstream") && check(face.stream_request, "data: ");
}

// Times from sending `request` (which streams) to receiving its first `data:` frame, for
// `n` requests one after the other on one keep-alive connection.
std::vector<double> ttff_samples_ms(uint16_t port, const std::string& request, int n) {
    const int fd = connect_to(port);
    std::vector<double> samples;
    for (int i = 0; i < n; ++i) {
        std::string got;
        const auto t0 = Clock::now();
        send(fd, request.data(), request.size(), MSG_NOSIGNAL);
        if (!read_until(fd, got, "data: ")) break;
        samples.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
        if (!read_until(fd, got, "\r\n0\r\n\r\n")) break; // rest of this response
    }
    close(fd);
    return samples;
}

// wrk posting the face's request to `port` (nginx and the upstream get the chat face's).
WrkResult wrk(const std::string& wrk_path, const Face& face, uint16_t port, int connections, int seconds) {
    return run_wrk(wrk_path, face.script, "http://127.0.0.1:" + std::to_string(port) + face.path, connections, seconds);
}

// Spawns the gateway and times spawn -> first answered chat request (plugin load included).
double start_to_first_request_ms(const std::string& config, const std::string& log, Child& out) {
    const auto t0 = Clock::now();
    out = spawn({LLMHOST_TEST_HOST_BINARY, "--config", config, "serve", "--listen", "127.0.0.1:0"}, log);
    const uint16_t port = wait_for_port(log, "serving on http://127.0.0.1:", std::chrono::seconds(10));
    if (!port) return -1;
    const int fd = connect_to(port);
    const std::string req = post(chat_path, chat_body);
    send(fd, req.data(), req.size(), MSG_NOSIGNAL);
    std::string got;
    read_until(fd, got, "\"usage\"");
    close(fd);
    return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

void row(const char* what, const std::string& gateway, const std::string& nginx, const std::string& target, bool met) {
    std::printf("| %-38s | %-14s | %-14s | %-26s | %-4s |\n", what, gateway.c_str(), nginx.c_str(), target.c_str(),
                met ? "yes" : "NO");
}

// Requests, wall time and CPU time summed over the turns of one contender.
struct Throughput {
    long requests = 0;
    double seconds = 0, cpu_seconds = 0;
    void add(const Throughput& t) {
        requests += t.requests;
        seconds += t.seconds;
        cpu_seconds += t.cpu_seconds;
    }
    double rps() const { return seconds > 0 ? static_cast<double>(requests) / seconds : 0; }
    double cpu_us_per_request() const { return cpu_seconds * 1e6 / static_cast<double>(std::max(1L, requests)); }
};

constexpr int throughput_turns = 5, latency_turns = 10, ttff_turns = 10, ttff_requests_per_turn = 200;

// The gateway's figures for one face, turn by turn in the same turns as the chat face's.
struct FaceFigures {
    Throughput at64;                   // summed over the throughput turns
    std::vector<double> cpu_us;        // per throughput turn: CPU per request
    std::vector<double> p50_ms;        // per latency turn: p50 at 1 connection
    std::vector<double> added_p50_ms;  // the same minus the upstream's own p50 in that turn
    std::vector<double> ttff_ms;       // time to first frame, every sample of every turn
    std::vector<double> added_ttff_ms; // per turn: its median minus the upstream's in that turn
};

// face[turn] / chat[turn], turn by turn (a turn where the chat face's figure is not positive
// has no ratio).
std::vector<double> turn_ratios(const std::vector<double>& face, const std::vector<double>& chat) {
    std::vector<double> ratios;
    for (size_t turn = 0; turn < std::min(face.size(), chat.size()); ++turn)
        if (chat[turn] > 0) ratios.push_back(face[turn] / chat[turn]);
    return ratios;
}

template <class CpuSeconds>
Throughput measure(const std::string& wrk_path, const Face& face, uint16_t port, int seconds, CpuSeconds cpu) {
    const double cpu0 = cpu();
    const auto started = Clock::now();
    const WrkResult r = wrk(wrk_path, face, port, 64, seconds);
    Throughput t;
    t.seconds = std::chrono::duration<double>(Clock::now() - started).count();
    t.requests = r.requests;
    t.cpu_seconds = cpu() - cpu0;
    // wrk's own count over its own clock is the better rate; keep the wall time it implies.
    if (r.rps > 0) t.seconds = static_cast<double>(r.requests) / r.rps;
    return t;
}

// The gateway's faces beside the chat face (the issue's target: each within 10% of it), and
// a line per face saying whether it is. The figures are the whole run's, as in the table above;
// the ratios are taken turn by turn and the median turn's is shown, as for throughput.
void print_faces(const std::vector<Face>& faces, const std::vector<FaceFigures>& gw, double ttff_direct) {
    constexpr double within = 1.10;
    struct Measure {
        const char *what, *brief, *format;
        std::function<double(const FaceFigures&)> value;
        // to the baseline face's, by turn
        std::function<std::vector<double>(const FaceFigures&, const FaceFigures&)> ratios;
    };
    const Measure measures[] = {
        {"added p50 latency, 1 connection (ms)", "latency", "%.3f",
         [](const FaceFigures& f) { return median(f.added_p50_ms); },
         [](const FaceFigures& f, const FaceFigures& base) { return turn_ratios(f.added_p50_ms, base.added_p50_ms); }},
        {"CPU per request, 64 connections (us)", "CPU per request", "%.1f",
         [](const FaceFigures& f) { return f.at64.cpu_us_per_request(); },
         [](const FaceFigures& f, const FaceFigures& base) { return turn_ratios(f.cpu_us, base.cpu_us); }},
        {"added time to first frame, p50 (ms)", "first frame", "%.3f",
         [&](const FaceFigures& f) { return median(f.ttff_ms) - ttff_direct; },
         [](const FaceFigures& f, const FaceFigures& base) {
             return turn_ratios(f.added_ttff_ms, base.added_ttff_ms);
         }},
    };
    std::printf(
        "\nThe gateway's faces beside its chat face (in brackets: the ratio to the face it is compared with — the "
        "chat face, or for \"anthropic, request 2\" the anthropic face — median turn)\n\n");
    std::printf("| %-38s |", "measure");
    for (const Face& face : faces)
        std::printf(" %-22s |", face.name.c_str());
    std::printf("\n|%s|", std::string(40, '-').c_str());
    for (size_t f = 0; f < faces.size(); ++f)
        std::printf("%s|", std::string(24, '-').c_str());
    std::printf("\n");
    for (const Measure& m : measures) {
        std::printf("| %-38s |", m.what);
        for (size_t f = 0; f < faces.size(); ++f)
            std::printf(" %-22s |", (fmt(m.format, m.value(gw[f])) +
                                     (f ? fmt(" (%.2fx)", median(m.ratios(gw[f], gw[faces[f].baseline]))) : ""))
                                        .c_str());
        std::printf("\n");
    }
    std::printf("\n");
    for (size_t f = 1; f < faces.size(); ++f) {
        std::printf("%s face within 10%% of the %s face:", faces[f].name.c_str(),
                    faces[faces[f].baseline].name.c_str());
        const char* separator = "";
        for (const Measure& m : measures) {
            const std::vector<double> ratios = m.ratios(gw[f], gw[faces[f].baseline]);
            const double r = median(ratios);
            if (ratios.empty())
                std::printf("%s %s unknown", separator, m.brief);
            else
                std::printf("%s %s %s (%.2fx; turns %.2f-%.2f)", separator, m.brief, r <= within ? "yes" : "NO", r,
                            *std::min_element(ratios.begin(), ratios.end()),
                            *std::max_element(ratios.begin(), ratios.end()));
            separator = ",";
        }
        std::printf("\n");
    }
}

} // namespace

int main(int argc, char** argv) {
    if (argc > 1 && std::string(argv[1]) == "--upstream-only") { // for profiling by hand
        Upstream upstream;
        std::printf("upstream on http://127.0.0.1:%u\n", upstream.port());
        std::fflush(stdout);
        pause();
        return 0;
    }
    const int seconds = argc > 1 ? std::atoi(argv[1]) : 10;
    const std::string wrk_path = which("wrk"), nginx_path = which("nginx");
    if (wrk_path.empty() || nginx_path.empty()) {
        std::fprintf(stderr,
                     "gateway_bench needs wrk and nginx (run tests/bench/gateway_bench.sh, which installs them)\n");
        return 1;
    }
    raise_open_file_limit(); // 500 streams need ~2000 descriptors across the processes

    llmhost::testing::TempDir dir;
    Upstream upstream;
    const std::string up_url = "http://127.0.0.1:" + std::to_string(upstream.port());

    // The gateway: one openai-protocol provider at the upstream, preloaded as the default.
    dir.write("config.toml", "default_provider = \"bench\"\n[providers.bench]\nplugin = \"openai\"\nbase_url = \"" +
                                 up_url + "/v1\"\ndefault_model = \"m\"\n");
    Child gateway;
    const double startup_ms = start_to_first_request_ms(dir.file("config.toml"), dir.file("gateway.log"), gateway);
    const uint16_t gw_port =
        wait_for_port(dir.file("gateway.log"), "serving on http://127.0.0.1:", std::chrono::seconds(1));
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    const double rss_idle = rss_mib(gateway.pid);

    // nginx as a plain reverse proxy with keep-alive to the same upstream, twice: as nginx runs
    // by default, writing an access-log line per request as the gateway does, and with its
    // access log off (shown beside it, so that the log's share is visible).
    Nginx nginx = start_nginx(nginx_path, dir, "nginx", upstream.port());
    Nginx quiet = start_nginx(nginx_path, dir, "nginx-quiet", upstream.port(), {.access_log = false});
    if (!nginx.port || !quiet.port) return 1;

    // The faces, each with its wrk script; each must answer as it should before it is timed.
    std::vector<Face> faces = bench_faces();
    for (Face& face : faces) {
        write_wrk_script(dir, face);
        if (!answers(gw_port, face)) return 1;
    }
    const Face& chat = faces.front();
    const auto gateway_cpu = [&] { return cpu_seconds(gateway.pid); };

    // Warm-up, then throughput at 64 connections: the contenders take turns, so that drift in
    // the machine's load over the run affects them alike.
    wrk(wrk_path, chat, nginx.port, 8, 2);
    wrk(wrk_path, chat, quiet.port, 8, 2);
    for (const Face& face : faces)
        wrk(wrk_path, face, gw_port, 8, 2);
    // The ratios are taken turn by turn (neighbouring seconds share the machine's state) and
    // the median turn is reported: one noisy turn cannot decide it. Each turn runs nginx with
    // its access log off, nginx, then the gateway's faces one after the other, the chat face
    // first, so that it neighbours both nginx and the other faces.
    std::vector<FaceFigures> gw(faces.size());
    Throughput nginx64, quiet64;
    std::vector<double> share_of_nginx, share_of_quiet;
    const int turn_seconds = std::max(2, seconds / throughput_turns);
    for (int turn = 0; turn < throughput_turns; ++turn) {
        const Throughput q = measure(wrk_path, chat, quiet.port, turn_seconds,
                                     [&] { return cpu_seconds_with_children(quiet.child.pid); });
        const Throughput n = measure(wrk_path, chat, nginx.port, turn_seconds,
                                     [&] { return cpu_seconds_with_children(nginx.child.pid); });
        std::vector<Throughput> g; // this turn's, by face
        for (const Face& face : faces)
            g.push_back(measure(wrk_path, face, gw_port, turn_seconds, gateway_cpu));
        share_of_nginx.push_back(g.front().rps() / std::max(1.0, n.rps()));
        share_of_quiet.push_back(g.front().rps() / std::max(1.0, q.rps()));
        nginx64.add(n);
        quiet64.add(q);
        for (size_t f = 0; f < faces.size(); ++f) {
            gw[f].at64.add(g[f]);
            gw[f].cpu_us.push_back(g[f].cpu_us_per_request());
        }
    }
    const Throughput& gw64 = gw.front().at64;
    const double share = median(share_of_nginx), quiet_share = median(share_of_quiet);

    // Latency at one connection, against the upstream itself. In turns too: what a face adds
    // is tens of microseconds, taken over the upstream's own p50 in the same turn. The faces
    // take turns going first, so that a change in the machine's load favours none of them.
    std::vector<double> direct1, nginx1, nginx_added1;
    const int latency_seconds = std::max(1, seconds / latency_turns);
    for (int turn = 0; turn < latency_turns; ++turn) {
        const double direct = wrk(wrk_path, chat, upstream.port(), 1, latency_seconds).p50_ms;
        const double n = wrk(wrk_path, chat, nginx.port, 1, latency_seconds).p50_ms;
        direct1.push_back(direct);
        nginx1.push_back(n);
        nginx_added1.push_back(n - direct);
        for (size_t k = 0; k < faces.size(); ++k) {
            const size_t f = (static_cast<size_t>(turn) + k) % faces.size();
            const double g = wrk(wrk_path, faces[f], gw_port, 1, latency_seconds).p50_ms;
            gw[f].p50_ms.push_back(g);
            gw[f].added_p50_ms.push_back(g - direct);
        }
    }

    // Time to the first streamed frame, in turns as well; the figures are the medians of all
    // the samples.
    for (const Face& face : faces)
        ttff_samples_ms(gw_port, face.stream_request, 100); // warm-up
    std::vector<double> ttff_direct_ms, ttff_nginx_ms;
    // Adds a turn's samples to `into`; returns their median.
    const auto sample_ttff = [](std::vector<double>& into, uint16_t port, const std::string& request) {
        const std::vector<double> samples = ttff_samples_ms(port, request, ttff_requests_per_turn);
        into.insert(into.end(), samples.begin(), samples.end());
        return median(samples);
    };
    for (int turn = 0; turn < ttff_turns; ++turn) {
        const double direct = sample_ttff(ttff_direct_ms, upstream.port(), chat.stream_request);
        sample_ttff(ttff_nginx_ms, nginx.port, chat.stream_request);
        for (size_t k = 0; k < faces.size(); ++k) {
            const size_t f = (static_cast<size_t>(turn) + k) % faces.size();
            gw[f].added_ttff_ms.push_back(sample_ttff(gw[f].ttff_ms, gw_port, faces[f].stream_request) - direct);
        }
    }
    const double ttff_direct = median(ttff_direct_ms), ttff_nginx = median(ttff_nginx_ms),
                 ttff_gw = median(gw.front().ttff_ms);

    // 500 streams held open at once.
    std::vector<int> streams;
    int opened = 0;
    for (int i = 0; i < 500; ++i) {
        const int fd = connect_to(gw_port);
        if (fd < 0) break;
        send(fd, hold_request.data(), hold_request.size(), MSG_NOSIGNAL);
        streams.push_back(fd);
    }
    for (int fd : streams) {
        std::string got;
        if (read_until(fd, got, "data: ")) ++opened;
    }
    const double rss_streams = rss_mib(gateway.pid);
    for (int fd : streams)
        close(fd);

    stop(nginx.child);
    stop(quiet.child);
    stop(gateway);

    const unsigned cores = std::thread::hardware_concurrency();
    std::printf("\ngateway_bench: %u cores shared by the upstream, nginx or the gateway, and wrk; %d s runs\n\n", cores,
                seconds);
    std::printf("| %-38s | %-14s | %-14s | %-26s | %-4s |\n", "measure", "gateway", "nginx", "target", "met");
    std::printf("|%s|%s|%s|%s|%s|\n", std::string(40, '-').c_str(), std::string(16, '-').c_str(),
                std::string(16, '-').c_str(), std::string(28, '-').c_str(), std::string(6, '-').c_str());
    row("throughput, 64 connections (req/s)", fmt("%.0f", gw64.rps()), fmt("%.0f", nginx64.rps()), ">= 80% of nginx",
        share >= 0.8);
    row("  as a share of nginx (median turn)", fmt("%.0f%%", 100 * share), "100%",
        fmt("turns %.0f", 100 * *std::min_element(share_of_nginx.begin(), share_of_nginx.end())) +
            fmt("-%.0f%%", 100 * *std::max_element(share_of_nginx.begin(), share_of_nginx.end())),
        share >= 0.8);
    row("  nginx with its access log off", "-", fmt("%.0f", quiet64.rps()),
        fmt("gateway at %.0f%%", 100 * quiet_share) +
            fmt(" (%.0f", 100 * *std::min_element(share_of_quiet.begin(), share_of_quiet.end())) +
            fmt("-%.0f%%)", 100 * *std::max_element(share_of_quiet.begin(), share_of_quiet.end())),
        quiet_share >= 0.8);
    row("p50 latency, 1 connection (ms)", fmt("%.3f", median(gw.front().p50_ms)), fmt("%.3f", median(nginx1)),
        "direct " + fmt("%.3f", median(direct1)), true);
    const double added_gw = median(gw.front().added_p50_ms), added_nginx = median(nginx_added1);
    row("  added over direct (ms)", fmt("%.3f", added_gw), fmt("%.3f", added_nginx), "within 0.1 of nginx",
        added_gw <= added_nginx + 0.1);
    row("time to first frame, p50 (ms)", fmt("%.3f", ttff_gw), fmt("%.3f", ttff_nginx),
        "direct " + fmt("%.3f", ttff_direct), true);
    row("  added over direct (ms)", fmt("%.3f", ttff_gw - ttff_direct), fmt("%.3f", ttff_nginx - ttff_direct), "< 0.3",
        ttff_gw - ttff_direct < 0.3);
    row("CPU per request, 64 connections (us)", fmt("%.1f", gw64.cpu_us_per_request()),
        fmt("%.1f", nginx64.cpu_us_per_request()), "gateway < 60", gw64.cpu_us_per_request() < 60);
    row("  nginx with its access log off", "-", fmt("%.1f", quiet64.cpu_us_per_request()), "", true);
    row("RSS idle (MiB)", fmt("%.1f", rss_idle), "-", "< 20", rss_idle < 20);
    row("RSS with 500 open streams (MiB)", fmt("%.1f", rss_streams) + " (" + std::to_string(opened) + ")", "-", "< 64",
        rss_streams < 64 && opened == 500);
    row("start to first served request (ms)", fmt("%.1f", startup_ms), "-", "< 50", startup_ms > 0 && startup_ms < 50);
    print_faces(faces, gw, ttff_direct);
    return 0;
}
