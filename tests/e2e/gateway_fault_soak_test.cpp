// The gateway under faults: many concurrent streaming clients, through both faces and the real
// openai and anthropic plugins, while the upstream stalls, hangs, resets, truncates, sends
// oversized lines and 5xx quoting the key, and a share of the clients hang up at random.
// Every client that stays gets a complete stream or its face's error; afterwards the gateway's
// descriptors and memory are back near where they were; no key appears in any answer or in
// the log. LLMHOST_SOAK_CLIENTS sets the clients per round (default 128).
#include "gateway_test_support.hpp"
#include "support/fault_upstream.hpp"

#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include <dirent.h>

#include <algorithm>
#include <array>
#include <fstream>
#include <random>
#include <sstream>

using namespace llmhost::testing;
using namespace gateway_e2e;
namespace json = boost::json;

namespace {

// Distinctive keys: any 8 characters of their random parts in an output is a leak.
struct Key {
    std::string env, prefix, secret;
    std::string value() const { return prefix + secret; }
};
const Key openai_key{"SOAK_OPENAI_KEY", "sk-soak-", "Q7vX2mK9pL4sT8wZ"};
const Key anthropic_key{"SOAK_ANTHROPIC_KEY", "sk-ant-soak-", "R3nB6yH1cF5jD0gA"};
const Key client_key{"SOAK_CLIENT_KEY", "llmhost-soak-", "M2kP8qW4zX6vB1nC"};

constexpr int stream_events = 12;
// What may stay behind after the soak round, on top of the warm-up round's figures:
// descriptors none; memory 16 MiB (malloc keeps some freed pages of busy arenas: +1.5 to
// +5 MiB measured at 128 clients; one oversized line kept per request would be 20 MiB and
// more). Under the sanitizers RSS means little (ASan's quarantine holds freed memory, TSan
// its shadow), so it is only reported there; LeakSanitizer checks the gateway's exit instead.
constexpr long fd_slack = 0;
constexpr long rss_slack_kib = 16 * 1024;
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr bool check_rss = false;
#else
constexpr bool check_rss = true;
#endif

int clients_per_round() {
    const char* n = std::getenv("LLMHOST_SOAK_CLIENTS");
    return n && std::atoi(n) > 0 ? std::atoi(n) : 128;
}

// The gateway is this test's only child process.
int gateway_pid() {
    const pid_t self = getpid();
    DIR* proc = opendir("/proc");
    int found = -1;
    while (const dirent* entry = readdir(proc)) {
        const int pid = std::atoi(entry->d_name);
        if (pid <= 0) continue;
        std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
        std::string line;
        std::getline(stat, line);
        const size_t after_name = line.rfind(')');
        if (after_name == std::string::npos) continue;
        std::istringstream rest(line.substr(after_name + 2));
        char state = 0;
        int ppid = 0;
        rest >> state >> ppid;
        if (ppid == self) found = pid;
    }
    closedir(proc);
    return found;
}

long rss_kib(int pid) {
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    for (std::string line; std::getline(status, line);)
        if (line.rfind("VmRSS:", 0) == 0) return std::atol(line.c_str() + 6);
    return -1;
}

long open_fds(int pid);

// Descriptors the gateway holds once it has closed what it was closing: the count when two
// samples 200 ms apart agree (at most 5 s).
long settled_fds(int pid) {
    long last = -2;
    for (int i = 0; i < 25; ++i) {
        const long now = open_fds(pid);
        if (now == last) return now;
        last = now;
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    return last;
}

long open_fds(int pid) {
    DIR* dir = opendir(("/proc/" + std::to_string(pid) + "/fd").c_str());
    if (!dir) return -1;
    long n = 0;
    while (const dirent* entry = readdir(dir))
        if (entry->d_name[0] != '.') ++n;
    closedir(dir);
    return n;
}

struct Response {
    int status = 0;
    std::string body;
    bool framed = false; // the whole message arrived (final chunk, or Content-Length bytes)
};

Response parse_response(const std::string& raw) {
    Response r;
    const size_t head_end = raw.find("\r\n\r\n");
    if (raw.rfind("HTTP/1.1 ", 0) != 0 || head_end == std::string::npos) return r;
    r.status = std::atoi(raw.c_str() + 9);
    std::string head = raw.substr(0, head_end);
    for (auto& c : head)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const std::string body = raw.substr(head_end + 4);
    if (head.find("transfer-encoding: chunked") == std::string::npos) {
        const size_t at = head.find("content-length: ");
        r.body = body;
        r.framed = at != std::string::npos && std::stoul(head.substr(at + 16)) == body.size();
        return r;
    }
    for (size_t at = 0;;) {
        const size_t line_end = body.find("\r\n", at);
        if (line_end == std::string::npos) return r;
        const size_t size = std::stoul(body.substr(at, line_end - at), nullptr, 16);
        if (size == 0) {
            r.framed = true;
            return r;
        }
        if (line_end + 2 + size + 2 > body.size()) return r;
        r.body.append(body, line_end + 2, size);
        at = line_end + 2 + size + 2;
    }
}

enum class Outcome { complete, error_event, error_status, broken };
constexpr size_t outcome_kinds = 4;
const char* outcome_name(Outcome o) {
    static constexpr const char* names[] = {"complete", "error_event", "error_status", "broken"};
    return names[static_cast<size_t>(o)];
}

// A complete stream carries every delta in order, with or without the oversized run of 'x'.
bool text_is_whole(std::string text) {
    const size_t xs = std::count(text.begin(), text.end(), 'x');
    std::erase(text, 'x');
    return text == FaultUpstream::stream_text(stream_events) && (xs == 0 || xs == FaultSettings{}.oversized_line_bytes);
}

Outcome classify(bool anthropic_face, const Response& r, std::string& why) {
    if (!r.framed) return why = "incomplete HTTP response", Outcome::broken;
    if (r.status != 200) {
        const auto body = json::parse(r.body);
        if (body.is_object() && body.as_object().contains("error")) return Outcome::error_status;
        return why = "an error status without the face's error body", Outcome::broken;
    }
    const auto events = sse_events(r.body);
    if (events.empty()) return why = "an empty stream", Outcome::broken;
    std::string text;
    if (anthropic_face) {
        if (events.back().event == "error") return Outcome::error_event;
        if (events.back().event != "message_stop") return why = "ends with " + events.back().event, Outcome::broken;
        for (const auto& e : events)
            if (e.event == "content_block_delta") text += json::parse(e.data).at("delta").at("text").as_string();
    } else {
        if (events.back().data != "[DONE]") return why = "no [DONE] at the end", Outcome::broken;
        if (events.size() >= 2 && json::parse(events[events.size() - 2].data).as_object().contains("error"))
            return Outcome::error_event;
        bool finished = false;
        for (size_t i = 0; i + 1 < events.size(); ++i) {
            const auto chunk = json::parse(events[i].data).as_object();
            if (chunk.contains("error")) return why = "an error chunk before the last", Outcome::broken;
            const auto& choice = chunk.at("choices").at(0).as_object();
            if (const auto* c = choice.at("delta").as_object().if_contains("content")) text += c->as_string();
            finished |= !choice.at("finish_reason").is_null();
        }
        if (!finished) return why = "no finish_reason", Outcome::broken;
    }
    if (!text_is_whole(text)) return why = "the text differs: " + text.substr(0, 200), Outcome::broken;
    return Outcome::complete;
}

// The first piece of a key's secret found in `text`, or "".
std::string leaked_key(const std::string& text) {
    for (const Key* key : {&openai_key, &anthropic_key, &client_key})
        for (size_t at = 0; at + 8 <= key->secret.size(); ++at)
            if (text.find(key->secret.substr(at, 8)) != std::string::npos) return key->env;
    return {};
}

struct Plan {
    bool anthropic_face = false;
    bool anthropic_provider = false;
    int hang_up_after = -1; // -1: stays; 0: right after sending; k: after "w<k>" arrived
};

struct Round {
    std::array<int, outcome_kinds> outcomes{};
    int hung_up = 0;
    std::vector<std::string> problems; // broken streams and leaks, described
};

std::string request_for(const Plan& plan) {
    const std::string model = plan.anthropic_provider ? "an/m" : "oa/m";
    std::string target, auth, body;
    if (plan.anthropic_face) {
        target = "/v1/messages";
        auth = "x-api-key: " + client_key.value() + "\r\nanthropic-version: 2023-06-01";
        body =
            R"({"model":")" + model + R"(","max_tokens":64,"stream":true,"messages":[{"role":"user","content":"hi"}]})";
    } else {
        target = "/v1/chat/completions";
        auth = "Authorization: Bearer " + client_key.value();
        body = R"({"model":")" + model + R"(","stream":true,"messages":[{"role":"user","content":"hi"}]})";
    }
    return "POST " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" + auth +
           "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

Round run_round(uint16_t port, int clients, unsigned seed) {
    std::mt19937 random(seed);
    std::vector<Plan> plans(static_cast<size_t>(clients));
    for (int i = 0; i < clients; ++i) {
        auto& p = plans[static_cast<size_t>(i)];
        p.anthropic_face = i % 2;
        p.anthropic_provider = (i / 2) % 2;
        if (random() % 4 == 0) p.hang_up_after = static_cast<int>(random() % stream_events);
    }
    Round round;
    std::mutex mutex;
    std::vector<std::thread> threads;
    for (const auto& plan : plans)
        threads.emplace_back([&, plan] {
            std::string problem;
            Outcome outcome = Outcome::broken;
            std::string received;
            try {
                RawConnection client(port);
                client.send(request_for(plan));
                if (plan.hang_up_after >= 0) {
                    if (plan.hang_up_after > 0)
                        client.read_until("w" + std::to_string(plan.hang_up_after), std::chrono::seconds(20));
                    client.close();
                } else {
                    client.read_to_end(std::chrono::seconds(20));
                    outcome = classify(plan.anthropic_face, parse_response(client.received()), problem);
                }
                received = client.received();
            } catch (const std::exception& e) {
                problem = std::string("client failed: ") + e.what();
            }
            if (const std::string key = leaked_key(received); !key.empty())
                problem += " | " + key + " leaked: " + received.substr(0, 600);
            std::lock_guard lock(mutex);
            if (plan.hang_up_after >= 0)
                ++round.hung_up;
            else
                ++round.outcomes[static_cast<size_t>(outcome)];
            if (!problem.empty())
                round.problems.push_back(std::string(plan.anthropic_face ? "anthropic" : "openai") + " face, " +
                                         (plan.anthropic_provider ? "an" : "oa") + " provider: " + problem);
        });
    for (auto& t : threads)
        t.join();
    return round;
}

std::string describe(const Round& r) {
    std::string out = "hung up " + std::to_string(r.hung_up);
    for (size_t i = 0; i < outcome_kinds; ++i)
        out += ", " + std::string(outcome_name(static_cast<Outcome>(i))) + " " + std::to_string(r.outcomes[i]);
    return out;
}

std::string describe(const std::array<size_t, fault_kinds>& faults) {
    std::string out;
    for (size_t i = 0; i < fault_kinds; ++i)
        out += (i ? ", " : "") + std::string(fault_name(static_cast<Fault>(i))) + " " + std::to_string(faults[i]);
    return out;
}

std::string provider(const std::string& id, const std::string& plugin, const std::string& base_url, const Key& key) {
    return "[providers." + id + "]\nplugin = \"" + plugin + "\"\nbase_url = \"" + base_url + "\"\napi_key = \"${" +
           key.env +
           "}\"\ndefault_model = \"m\"\ntimeout_ms = 15000\nstream_idle_timeout_ms = 1000\n"
           "provider_retries = 1\n";
}

} // namespace

BOOST_AUTO_TEST_CASE(every_client_gets_its_stream_or_an_error_and_the_gateway_returns_to_its_baseline) {
    const int clients = clients_per_round();
    FaultUpstream upstream(FaultSettings{});
    std::vector<std::string> env{openai_key.env + "=" + openai_key.value(),
                                 anthropic_key.env + "=" + anthropic_key.value(),
                                 client_key.env + "=" + client_key.value()};
    if (const char* tsan = std::getenv("TSAN_OPTIONS")) env.push_back(std::string("TSAN_OPTIONS=") + tsan);
    GatewayProcess gw("[server]\napi_keys = [\"${SOAK_CLIENT_KEY}\"]\n[reliability]\nprovider_backoff_ms = 20\n" +
                          provider("oa", "openai", upstream.base_url() + "/v1", openai_key) +
                          provider("an", "anthropic", upstream.base_url(), anthropic_key),
                      env);
    const int pid = gateway_pid();
    BOOST_REQUIRE(pid > 0);
    const long fds_start = open_fds(pid), rss_start = rss_kib(pid);

    // A first round warms what the gateway keeps (a second event loop, fiber stacks, buffers,
    // malloc arenas); the second must leave nothing more behind.
    const auto started = std::chrono::steady_clock::now();
    const Round warm = run_round(gw.port(), clients, 1);
    const long fds_warm = settled_fds(pid), rss_warm = rss_kib(pid);
    const auto faults_warm = upstream.injected();

    const Round soak = run_round(gw.port(), clients, 2);
    BOOST_TEST(eventually([&] { return open_fds(pid) <= fds_warm + fd_slack; }, std::chrono::seconds(5)));
    const long fds_end = open_fds(pid), rss_end = rss_kib(pid);
    const auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

    const auto faults_all = upstream.injected();
    auto faults = faults_all;
    for (size_t i = 0; i < fault_kinds; ++i)
        faults[i] -= faults_warm[i];
    const std::string figures =
        "soak: " + std::to_string(clients) + " clients per round, 2 rounds in " + std::to_string(seconds) +
        " s\n  warm-up round: " + describe(warm) + "\n  soak round:    " + describe(soak) +
        "\n  faults in the soak round: " + describe(faults) + "\n  fds: start " + std::to_string(fds_start) +
        ", after warm-up " + std::to_string(fds_warm) + ", after soak " + std::to_string(fds_end) +
        "\n  VmRSS KiB: start " + std::to_string(rss_start) + ", after warm-up " + std::to_string(rss_warm) +
        ", after soak " + std::to_string(rss_end) + "\n";
    std::fputs(figures.c_str(), stdout);

    for (const Round* r : {&warm, &soak})
        for (size_t i = 0; i < r->problems.size() && i < 10; ++i)
            BOOST_ERROR(r->problems[i]);
    BOOST_TEST(warm.outcomes[static_cast<size_t>(Outcome::broken)] == 0);
    BOOST_TEST(soak.outcomes[static_cast<size_t>(Outcome::broken)] == 0);
    // The rounds really went through every fault and every outcome.
    for (size_t i = 0; i < fault_kinds; ++i)
        BOOST_TEST(faults_all[i] > 0u, "no " << fault_name(static_cast<Fault>(i)) << " injected");
    BOOST_TEST(soak.outcomes[static_cast<size_t>(Outcome::complete)] > 0);
    BOOST_TEST(soak.outcomes[static_cast<size_t>(Outcome::error_event)] +
                   soak.outcomes[static_cast<size_t>(Outcome::error_status)] >
               0);

    BOOST_TEST(fds_end <= fds_warm + fd_slack);
    if (check_rss) BOOST_TEST(rss_end <= rss_warm + rss_slack_kib);
    BOOST_TEST(request(gw.port(), "GET", "/healthz").status == 200);

    gw.signal(SIGTERM);
    BOOST_TEST(gw.wait(std::chrono::seconds(15)) == 0);
    const std::string log = gw.stderr_text();
    BOOST_TEST(leaked_key(log).empty(), "a key in the gateway's log");
    BOOST_TEST(log.find("ThreadSanitizer") == std::string::npos, log.substr(0, 4000));
}
