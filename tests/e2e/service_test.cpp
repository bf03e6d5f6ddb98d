// The systemd unit and the gateway's readiness protocol: the installed unit passes
// `systemd-analyze verify` and keeps its security exposure low; `serve` says READY=1 once it
// serves and STOPPING=1 when it shuts down, over $NOTIFY_SOCKET as Type=notify expects.
#include "gateway_test_support.hpp"
#include "support/test_env.hpp"

#include <boost/test/unit_test.hpp>

#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <filesystem>
#include <regex>

using namespace llmhost::testing;
using namespace gateway_e2e;

namespace {

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

// The unit as installed, but starting the binary of this build (verify checks it exists).
std::string unit_for_this_build(const TempDir& dir) {
    std::string unit = read_file(std::string(LLMHOST_TEST_BUILD_DIR) + "/host/generated/llmhost.service");
    const std::string exec = "ExecStart=";
    const size_t at = unit.find(exec);
    BOOST_REQUIRE(at != std::string::npos);
    const size_t end = unit.find(" --config", at);
    unit.replace(at + exec.size(), end - at - exec.size(), LLMHOST_TEST_HOST_BINARY);
    dir.write("llmhost.service", unit);
    return dir.file("llmhost.service");
}

// A datagram socket like the one systemd gives a Type=notify service.
class NotifySocket {
  public:
    explicit NotifySocket(const std::string& path) : path_(path) {
        fd_ = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        sockaddr_un address{};
        address.sun_family = AF_UNIX;
        std::strncpy(address.sun_path, path.c_str(), sizeof address.sun_path - 1);
        if (bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0)
            throw std::runtime_error("cannot bind " + path);
    }
    ~NotifySocket() { close(fd_); }
    // The next datagram, or "" after the timeout.
    std::string receive(std::chrono::milliseconds timeout) {
        pollfd p{fd_, POLLIN, 0};
        if (poll(&p, 1, static_cast<int>(timeout.count())) <= 0) return {};
        char buf[4096];
        const ssize_t n = recv(fd_, buf, sizeof buf, 0);
        return n > 0 ? std::string(buf, static_cast<size_t>(n)) : std::string();
    }
    const std::string& path() const { return path_; }

  private:
    std::string path_;
    int fd_ = -1;
};

} // namespace

BOOST_AUTO_TEST_CASE(the_unit_verifies_and_keeps_its_exposure_low) {
    const std::string analyze = "/usr/bin/systemd-analyze";
    if (!std::filesystem::exists(analyze)) {
        BOOST_TEST_MESSAGE("skipped: systemd-analyze is not installed");
        return;
    }
    TempDir dir;
    const std::string unit = unit_for_this_build(dir);
    // Documentation=man:llmhost(1) is checked with man: give it this build's page.
    std::filesystem::create_directories(dir.file("man/man1"));
    dir.write("man/man1/llmhost.1", run_host({"man"}).out);
    const auto verify = run_process({analyze, "verify", unit}, {"MANPATH=" + dir.file("man")});
    BOOST_TEST(verify.exit_code == 0, verify.out << verify.err);

    const auto security = run_process({analyze, "security", "--offline=true", unit}, {});
    const std::string report = security.out + security.err;
    std::smatch level;
    BOOST_REQUIRE_MESSAGE(std::regex_search(report, level, std::regex("Overall exposure level for [^:]+: ([0-9.]+)")),
                          report);
    BOOST_TEST_MESSAGE("systemd-analyze security: exposure " << level[1]);
    BOOST_TEST(std::stod(level[1]) <= 2.0, report);
}

BOOST_AUTO_TEST_CASE(serve_tells_the_service_manager_when_it_is_ready_and_when_it_stops) {
    TempDir dir;
    NotifySocket notify(dir.file("notify"));
    GatewayProcess gateway("", {"NOTIFY_SOCKET=" + notify.path()});
    const std::string ready = notify.receive(std::chrono::seconds(5));
    BOOST_TEST(contains(ready, "READY=1"), ready);
    BOOST_TEST(contains(ready, "STATUS=serving on http://127.0.0.1:" + std::to_string(gateway.port())), ready);
    gateway.signal(SIGTERM);
    const std::string stopping = notify.receive(std::chrono::seconds(5));
    BOOST_TEST(contains(stopping, "STOPPING=1"), stopping);
    BOOST_TEST(gateway.wait() == 0);
}
