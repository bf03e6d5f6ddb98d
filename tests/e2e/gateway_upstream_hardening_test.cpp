// What the gateway sends upstream and keeps from upstream, through the binary (issue 15,
// classes 1-4): a provider whose base_url is the gateway itself, a key echoed across the cut
// of an error quote, upstream bodies and stream lines that never end, and a model listing
// that never answers while /healthz is probed.
#include "gateway_test_support.hpp"
#include "support/mock_upstream.hpp"
#include "support/test_env.hpp"

#include <boost/test/unit_test.hpp>

#include <future>
#include <sstream>

using namespace llmhost::testing;
using namespace gateway_e2e;

namespace {

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

// An upstream that answers every request with `head` and then `body_piece` over and over
// (chunked), never ending the body, until the client hangs up; or, with an empty head,
// never answers at all. Counts the connections it accepted.
class RawUpstream {
  public:
    RawUpstream(std::string head, std::string first_piece, std::string body_piece)
        : head_(std::move(head)), first_(std::move(first_piece)), piece_(std::move(body_piece)) {
        listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t len = sizeof addr;
        if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), len) || ::listen(listen_fd_, 64) ||
            ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len))
            throw std::runtime_error("RawUpstream: cannot listen");
        port_ = ntohs(addr.sin_port);
        thread_ = std::thread([this] { serve(); });
    }
    ~RawUpstream() {
        stopping_ = true;
        ::shutdown(listen_fd_, SHUT_RDWR);
        ::close(listen_fd_);
        thread_.join();
        for (auto& t : clients_)
            t.join();
    }
    std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }
    int accepted() const { return accepted_; }

  private:
    void serve() {
        for (;;) {
            const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
            if (fd < 0 || stopping_) {
                if (fd >= 0) ::close(fd);
                return;
            }
            ++accepted_;
            clients_.emplace_back([this, fd] { answer(fd); });
        }
    }
    void answer(int fd) {
        std::string request;
        char buffer[4096];
        while (request.find("\r\n\r\n") == std::string::npos) {
            const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
            if (n <= 0) break;
            request.append(buffer, static_cast<size_t>(n));
        }
        const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(20);
        if (head_.empty()) { // never answer: wait for the client to give up
            while (!stopping_ && std::chrono::steady_clock::now() < until) {
                pollfd p{fd, POLLIN, 0};
                if (::poll(&p, 1, 50) > 0 && ::recv(fd, buffer, sizeof buffer, 0) <= 0) break;
            }
            ::close(fd);
            return;
        }
        auto chunk = [](const std::string& data) {
            std::ostringstream out;
            out << std::hex << data.size() << "\r\n" << data << "\r\n";
            return out.str();
        };
        bool ok = send_all(fd, head_) && send_all(fd, chunk(first_));
        const std::string piece = chunk(piece_);
        while (ok && !stopping_ && std::chrono::steady_clock::now() < until)
            ok = send_all(fd, piece);
        ::close(fd);
    }
    static bool send_all(int fd, const std::string& bytes) {
        for (size_t done = 0; done < bytes.size();) {
            const ssize_t n = ::send(fd, bytes.data() + done, bytes.size() - done, MSG_NOSIGNAL);
            if (n <= 0) return false;
            done += static_cast<size_t>(n);
        }
        return true;
    }

    std::string head_, first_, piece_;
    int listen_fd_ = -1;
    uint16_t port_ = 0;
    std::atomic<bool> stopping_{false};
    std::atomic<int> accepted_{0};
    std::thread thread_;
    std::vector<std::thread> clients_; // only touched by the accepting thread, then joined
};

std::string chat_body(const std::string& model, bool stream = false) {
    return R"({"model":")" + model + R"(","stream":)" + (stream ? "true" : "false") +
           R"(,"messages":[{"role":"user","content":"hi"}]})";
}

// A port nobody listens on right now.
uint16_t free_port() {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    ::bind(fd, reinterpret_cast<sockaddr*>(&addr), len);
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    ::close(fd);
    return ntohs(addr.sin_port);
}

size_t longest_line(const std::string& text) {
    size_t longest = 0;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);)
        longest = std::max(longest, line.size());
    return longest;
}

const std::string endless_json_head =
    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
const std::string endless_sse_head =
    "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n";

} // namespace

// Class 1: the keyless llamacpp provider pointed at the gateway itself, asked for a model
// that names it again and again. Each hop used to strip one `llamacpp/` and call itself.
BOOST_AUTO_TEST_CASE(a_provider_pointing_back_at_the_gateway_is_refused_after_one_hop) {
    const uint16_t port = free_port();
    const std::string self = "http://127.0.0.1:" + std::to_string(port);
    GatewayProcess gw("[reliability]\nprovider_retries = 0\n[providers.llamacpp]\nbase_url = \"" + self + "/v1\"\n", {},
                      {"--listen", "127.0.0.1:" + std::to_string(port)});
    BOOST_REQUIRE_EQUAL(gw.port(), port);

    std::string model;
    for (int i = 0; i < 5; ++i)
        model += "llamacpp/";
    model += "m";
    const auto r = post_json(port, "/v1/chat/completions", chat_body(model));
    BOOST_TEST(r.status >= 500, r.status << " " << r.body);
    BOOST_TEST(contains(r.body, "back at this gateway"), r.body);
    BOOST_TEST(contains(r.body, "base_url"), r.body);
    // The first call's own hop was the only one served (plus the refusal).
    // The refused hop's line can come before the outer request's own: wait for both.
    const auto served = [&] {
        size_t lines = 0;
        std::istringstream log(gw.stderr_text());
        for (std::string line; std::getline(log, line);)
            lines += contains(line, "access POST /v1/chat/completions");
        return lines;
    };
    BOOST_TEST(eventually([&] { return served() >= 2u; }, std::chrono::seconds(5)), gw.stderr_text());
    BOOST_TEST(contains(gw.stderr_text(), "status=508"), gw.stderr_text());
    BOOST_TEST(served() == 2u, gw.stderr_text());
}

BOOST_AUTO_TEST_CASE(a_request_with_many_llmhost_hops_is_refused) {
    GatewayProcess gw("[providers.llamacpp]\nbase_url = \"http://127.0.0.1:9/v1\"\n");
    std::string hops;
    for (int i = 0; i < 8; ++i)
        hops += (i ? "," : "") + std::string("00000000000000a") + std::to_string(i);
    const auto r = post_json(gw.port(), "/v1/chat/completions", chat_body("llamacpp/m"), {{"Llmhost-Hop", hops}});
    BOOST_TEST(r.status == 508, r.status << " " << r.body);
    BOOST_TEST(contains(r.body, "loop"), r.body);
}

BOOST_AUTO_TEST_CASE(a_huge_model_name_is_refused_and_logged_short) {
    GatewayProcess gw("[providers.llamacpp]\nbase_url = \"http://127.0.0.1:9/v1\"\n");
    std::string model;
    while (model.size() < 100'000)
        model += "llamacpp/";
    model += "m\\u0001\\n";
    const auto r = post_json(gw.port(), "/v1/chat/completions", chat_body(model));
    BOOST_TEST(r.status == 400, r.status << " " << r.body.substr(0, 300));
    BOOST_TEST(contains(r.body, "at most 512 bytes"), r.body.substr(0, 300));
    BOOST_TEST(r.body.size() < 2000u);
    // A long path with control bytes: still one short line.
    const auto long_path = request(gw.port(), "GET", "/" + std::string(50'000, 'p') + "%00%0d%0a");
    BOOST_TEST(long_path.status == 404);
    BOOST_TEST(eventually([&] { return contains(gw.stderr_text(), "status=404"); }, std::chrono::seconds(2)));
    BOOST_TEST(longest_line(gw.stderr_text()) < 2048u, longest_line(gw.stderr_text()));
}

// Class 2: the upstream echoes the key in a 401 plain-text body, the key straddling the
// 200th character where the error quote is cut.
BOOST_AUTO_TEST_CASE(a_key_straddling_the_quote_cut_leaks_no_part_of_itself) {
    std::string key = "sk-proj-";
    for (int i = 0; key.size() < 164; ++i)
        key += static_cast<char>('a' + (i * 7) % 26);
    const std::string body = std::string(150, 'x') + " invalid key " + key + " rejected";
    MockUpstream upstream([&](const RecordedRequest&) {
        ScriptedResponse r;
        r.status = 401;
        r.headers = {{"Content-Type", "text/plain"}};
        r.chunks = {body};
        return r;
    });
    GatewayProcess gw("[reliability]\nprovider_retries = 0\n" +
                          openai_provider("p", upstream.base_url(), "api_key = \"${P_KEY}\"\n"),
                      {"P_KEY=" + key});
    const auto r = post_json(gw.port(), "/v1/chat/completions", chat_body("p/m"));
    BOOST_TEST(r.status == 401, r.status << " " << r.body);
    const std::string seen = r.body + gw.stderr_text();
    for (size_t length = 8; length <= key.size(); length += 4)
        BOOST_TEST(!contains(seen, key.substr(0, length)), "leaked " << length << " chars: " << r.body);
    BOOST_TEST(contains(r.body, "xxxx"), r.body); // the quote is still there
}

// Class 3: a success body that never ends, and a stream line that never ends.
BOOST_AUTO_TEST_CASE(an_endless_success_body_fails_the_attempt_at_its_limit) {
    RawUpstream upstream(endless_json_head, "{\"id\":\"", std::string(64 * 1024, 'a'));
    GatewayProcess gw("[reliability]\nprovider_retries = 0\n" +
                      openai_provider("p", upstream.base_url(),
                                      "api_key = \"k\"\ntimeout_ms = 20000\nmax_response_bytes = 1048576\n"));
    const auto started = std::chrono::steady_clock::now();
    const auto r = post_json(gw.port(), "/v1/chat/completions", chat_body("p/m"));
    BOOST_TEST(r.status == 502, r.status << " " << r.body);
    BOOST_TEST(contains(r.body, "larger than 1 MiB"), r.body);
    BOOST_TEST((std::chrono::steady_clock::now() - started < std::chrono::seconds(5)));
}

BOOST_AUTO_TEST_CASE(an_endless_stream_line_fails_the_stream_with_the_face_error) {
    RawUpstream upstream(endless_sse_head, "data: {\"id\":\"", std::string(64 * 1024, 'a'));
    GatewayProcess gw("[reliability]\nprovider_retries = 0\n" +
                      openai_provider("p", upstream.base_url(),
                                      "api_key = \"k\"\ntimeout_ms = 20000\nmax_stream_line_bytes = 1048576\n"));
    const auto started = std::chrono::steady_clock::now();
    const auto r = post_json(gw.port(), "/v1/chat/completions", chat_body("p/m", true));
    BOOST_TEST(contains(r.body, "longer than 1 MiB"), r.body);
    BOOST_TEST((std::chrono::steady_clock::now() - started < std::chrono::seconds(5)));
}

// Class 4: a provider whose model listing never answers, while /healthz is timed.
BOOST_AUTO_TEST_CASE(a_model_listing_that_never_answers_blocks_no_event_loop) {
    RawUpstream upstream("", "", ""); // accepts, never answers
    GatewayProcess gw(openai_provider("p", upstream.base_url(), "api_key = \"k\"\n"));
    std::vector<std::future<Reply>> listings;
    for (int i = 0; i < 6; ++i)
        listings.push_back(std::async(std::launch::async, [&] { return request(gw.port(), "GET", "/v1/models"); }));
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    for (int i = 0; i < 5; ++i) {
        const auto started = std::chrono::steady_clock::now();
        const auto health = request(gw.port(), "GET", "/healthz");
        const auto took = std::chrono::steady_clock::now() - started;
        BOOST_TEST(health.status == 200);
        BOOST_TEST((took < std::chrono::milliseconds(500)),
                   "/healthz took " << std::chrono::duration_cast<std::chrono::milliseconds>(took).count() << " ms");
    }
    for (auto& listing : listings)
        BOOST_TEST(listing.get().status == 200);
    BOOST_TEST(upstream.accepted() == 1, "listings share one refresh: " << upstream.accepted());
}
