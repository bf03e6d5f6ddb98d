// Plugins that do not stop, through the binary: the CLI's first Ctrl-C exits 130 at once with
// what was already printed, naming the plugin; the gateway's shutdown deadline holds; a plugin
// that declares COOPERATIVE and blocks its event loop is caught and moved to the thread pool
// while the gateway keeps answering.
#include "gateway_test_support.hpp"
#include "support/test_env.hpp"

#include <boost/test/unit_test.hpp>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <future>
#include <thread>

using namespace llmhost::testing;
using namespace gateway_e2e;
using Clock = std::chrono::steady_clock;

namespace {

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

const std::string fixtures = std::string("--plugin-dir=") + LLMHOST_TEST_FIXTURE_DIR;

long long ms_since(Clock::time_point start) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count();
}

// `llmhost ARGS` with stdout and stderr captured as they come, so the test can act on output.
class Cli {
  public:
    explicit Cli(std::vector<std::string> args) {
        args.insert(args.begin(), LLMHOST_TEST_HOST_BINARY);
        int out[2], err[2];
        if (pipe2(out, O_CLOEXEC) || pipe2(err, O_CLOEXEC)) throw std::runtime_error("pipe failed");
        std::vector<char*> argv;
        for (auto& a : args)
            argv.push_back(a.data());
        argv.push_back(nullptr);
        pid_ = fork();
        if (pid_ == 0) {
            prctl(PR_SET_PDEATHSIG, SIGKILL);
            dup2(out[1], 1);
            dup2(err[1], 2);
            execv(argv[0], argv.data());
            _exit(127);
        }
        close(out[1]);
        close(err[1]);
        fds_[0] = out[0];
        fds_[1] = err[0];
    }
    ~Cli() {
        if (!exited_) {
            kill(pid_, SIGKILL);
            waitpid(pid_, nullptr, 0);
        }
        close(fds_[0]);
        close(fds_[1]);
    }

    // Reads until `text` is on stdout or the timeout passes.
    bool wait_for_output(const std::string& text, std::chrono::milliseconds timeout) {
        const auto until = Clock::now() + timeout;
        while (!contains(out, text) && Clock::now() < until)
            read_some(std::chrono::milliseconds(50));
        return contains(out, text);
    }

    void signal(int sig) const { kill(pid_, sig); }

    // The exit code (128+signal when killed), or -1 when still running after `timeout`.
    int wait(std::chrono::milliseconds timeout) {
        const auto until = Clock::now() + timeout;
        int status = 0;
        while (Clock::now() < until) {
            read_some(std::chrono::milliseconds(20));
            if (waitpid(pid_, &status, WNOHANG) == pid_) {
                exited_ = true;
                while (read_some(std::chrono::milliseconds(0))) {
                }
                return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
            }
        }
        return -1;
    }

    std::string out, err;

  private:
    bool read_some(std::chrono::milliseconds timeout) {
        pollfd p[2] = {{fds_[0], POLLIN, 0}, {fds_[1], POLLIN, 0}};
        if (poll(p, 2, static_cast<int>(timeout.count())) <= 0) return false;
        bool got = false;
        char buf[4096];
        for (int i = 0; i < 2; ++i)
            if (p[i].revents & (POLLIN | POLLHUP)) {
                const ssize_t n = read(fds_[i], buf, sizeof buf);
                if (n > 0) {
                    (i == 0 ? out : err).append(buf, static_cast<size_t>(n));
                    got = true;
                }
            }
        return got;
    }

    pid_t pid_ = -1;
    int fds_[2] = {-1, -1};
    bool exited_ = false;
};

std::string chat_body(const std::string& model) {
    return R"({"model":")" + model + R"(","messages":[{"role":"user","content":"hi"}]})";
}

} // namespace

BOOST_AUTO_TEST_CASE(the_first_ctrl_c_exits_130_at_once_when_the_plugin_does_not_stop) {
    Cli cli({fixtures, "-p", "blocks", "-m", "x", "chat", "hi"});
    BOOST_REQUIRE_MESSAGE(cli.wait_for_output("partial ", std::chrono::seconds(10)), cli.err);
    std::this_thread::sleep_for(std::chrono::milliseconds(200)); // past the event, into the plugin's sleep
    const auto interrupted = Clock::now();
    cli.signal(SIGINT);
    const int code = cli.wait(std::chrono::seconds(10));
    const auto took = ms_since(interrupted);
    BOOST_TEST(code == 130, cli.err);
    BOOST_TEST(took < 2000);
    BOOST_TEST(cli.out.starts_with("partial "), cli.out); // what was printed stays printed
    BOOST_TEST(contains(cli.err, "interrupted; the blocks plugin (provider blocks) did not stop within"), cli.err);
}

// A call blocked on the thread pool, or one blocking an event-loop thread (which shutdown
// joins): either way the process ends by the deadline; the second says what did not stop.
BOOST_AUTO_TEST_CASE(the_gateways_shutdown_deadline_holds_whatever_a_plugin_does) {
    for (const std::string model : {"blocks/60000", "cooperative-blocks/60000"}) {
        GatewayProcess gateway("[server]\nshutdown_timeout_ms = 200\n", {}, {fixtures});
        auto stuck = std::async(std::launch::async, [&] {
            try {
                return request(gateway.port(), "POST", "/v1/chat/completions", chat_body(model),
                               {{"Content-Type", "application/json"}})
                    .status;
            } catch (const std::exception&) {
                return -1; // the connection was cut: expected
            }
        });
        std::this_thread::sleep_for(std::chrono::milliseconds(500)); // the call is in the plugin now
        const auto asked = Clock::now();
        gateway.signal(SIGTERM);
        const int code = gateway.wait(std::chrono::seconds(15));
        // 200 ms to finish, 1 s for error events, 2 s for cancellations to land, 1 s to spare.
        BOOST_TEST(ms_since(asked) < 6000, model);
        const bool stuck_loop = model.starts_with("cooperative");
        // A call blocked on the pool does not hold the process; one blocking a loop thread does.
        if (stuck_loop) BOOST_TEST(code == 1, model << ": " << gateway.stderr_text());
        if (stuck_loop)
            BOOST_TEST(
                contains(gateway.stderr_text(), "a provider call (its plugin ignores cancellation) did not stop"),
                gateway.stderr_text());
        stuck.wait();
    }
}

BOOST_AUTO_TEST_CASE(a_cooperative_plugin_that_blocks_its_loop_moves_to_the_thread_pool) {
    GatewayProcess gateway("", {}, {fixtures});
    const auto chat = [&](const std::string& block_ms) {
        return request(gateway.port(), "POST", "/v1/chat/completions", chat_body("cooperative-blocks/" + block_ms),
                       {{"Content-Type", "application/json"}});
    };
    // The first call blocks its event-loop thread for 2.5 s: the watch catches it as it happens
    // (after the 1 s threshold).
    auto first = std::async(std::launch::async, chat, "2500");
    BOOST_TEST(eventually([&] { return contains(gateway.stderr_text(), "declares LLMH_PLUGIN_COOPERATIVE"); },
                          std::chrono::seconds(4)),
               gateway.stderr_text());
    BOOST_TEST(contains(gateway.stderr_text(), "plugin 'cooperative_blocks"), gateway.stderr_text());
    BOOST_TEST(first.get().status == 200);
    // The next one runs on the thread pool: while it blocks, every event loop still answers.
    auto second = std::async(std::launch::async, chat, "3000");
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    for (int i = 0; i < 6; ++i) {
        const auto asked = Clock::now();
        BOOST_TEST(request(gateway.port(), "GET", "/healthz").status == 200);
        BOOST_TEST(ms_since(asked) < 1000); // on a blocked loop it would wait for the 3 s call
    }
    const auto reply = second.get();
    BOOST_TEST(reply.status == 200);
    BOOST_TEST(contains(reply.body, "partial done"), reply.body);
}

// The access log is written when the client leaves, not when (or if) the plugin returns.
BOOST_AUTO_TEST_CASE(a_client_that_leaves_while_a_plugin_blocks_is_logged_as_499) {
    GatewayProcess gateway("", {}, {fixtures});
    {
        RawConnection client(gateway.port());
        const std::string body = chat_body("blocks/60000");
        client.send("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    "Content-Length: " +
                    std::to_string(body.size()) + "\r\n\r\n" + body);
        std::this_thread::sleep_for(std::chrono::milliseconds(300)); // the call is in the plugin now
        client.close();
    }
    BOOST_TEST(eventually([&] { return contains(gateway.stderr_text(), "status=499"); }, std::chrono::seconds(3)),
               gateway.stderr_text());
    BOOST_TEST(contains(gateway.stderr_text(), "provider=blocks"), gateway.stderr_text());
    BOOST_TEST(request(gateway.port(), "GET", "/healthz").status == 200); // and it keeps serving
}
