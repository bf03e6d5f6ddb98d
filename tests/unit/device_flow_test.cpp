// GitHub's device-code flow (core/auth/github_device_flow) against a mock GitHub on
// 127.0.0.1, with an injected clock: the waits it asks for are asserted, none are slept.
#include "support/mock_upstream.hpp"

#include "core/auth/github_device_flow.hpp"

#include <llmhost/error.hpp>

#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include <atomic>
#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

using namespace llmhost;
using namespace llmhost::testing;
using namespace std::chrono_literals;

namespace {

// Time advances only by the sleeps asked for, which are recorded.
class FakePollClock final : public auth::PollClock {
  public:
    std::chrono::steady_clock::time_point now() override { return start_ + elapsed_; }
    bool sleep_for(std::chrono::milliseconds d) override {
        sleeps.push_back(d);
        elapsed_ += d;
        return !cancel_on_sleep || sleeps.size() < *cancel_on_sleep;
    }
    std::vector<std::chrono::milliseconds> sleeps;
    std::optional<size_t> cancel_on_sleep; // the nth sleep reports a cancellation

  private:
    std::chrono::steady_clock::time_point start_{};
    std::chrono::milliseconds elapsed_{0};
};

// A GitHub that hands out one device code and answers the polls from a script (the last
// answer repeats).
class MockGitHub {
  public:
    MockGitHub(ScriptedResponse code, std::vector<ScriptedResponse> polls)
        : code_(std::move(code)), polls_(std::move(polls)), server_([this](const RecordedRequest& r) {
              if (r.target == "/login/device/code") return code_;
              if (r.target != "/login/oauth/access_token")
                  return ScriptedResponse::json(404, R"({"message":"Not Found"})");
              std::lock_guard lock(mutex_);
              const size_t i = std::min(next_poll_++, polls_.size() - 1);
              return polls_[i];
          }) {}

    std::string url() const { return server_.base_url(); }
    std::vector<RecordedRequest> requests() const { return server_.requests(); }
    size_t polls() const {
        size_t n = 0;
        for (const auto& r : server_.requests())
            n += r.target == "/login/oauth/access_token";
        return n;
    }

  private:
    ScriptedResponse code_;
    std::vector<ScriptedResponse> polls_;
    std::mutex mutex_;
    size_t next_poll_ = 0;
    MockUpstream server_;
};

ScriptedResponse device_code(int interval = 5, int expires_in = 899, std::string extra = {}) {
    return ScriptedResponse::json(
        200,
        R"({"device_code":"dc-123","user_code":"ABCD-1234","verification_uri":"https://github.com/login/device","expires_in":)" +
            std::to_string(expires_in) + R"(,"interval":)" + std::to_string(interval) + extra + "}");
}

ScriptedResponse poll_error(const std::string& error, const std::string& extra = {}, int status = 200) {
    return ScriptedResponse::json(status, R"({"error":")" + error + R"(","error_description":"about )" + error + "\"" +
                                              extra + "}");
}

ScriptedResponse access_token(const std::string& token = "ghu_device_token") {
    return ScriptedResponse::json(200,
                                  R"({"access_token":")" + token + R"(","token_type":"bearer","scope":"read:user"})");
}

transport::HttpClient& client() {
    static transport::HttpClient http([] {
        transport::ClientOptions options;
        options.proxy = transport::ProxySettings{}; // straight to 127.0.0.1
        options.total_timeout = 10s;
        return options;
    }());
    return http;
}

struct FlowRun {
    std::optional<std::string> token;
    std::optional<Error> error;
    FakePollClock clock;
};

void run_flow(const MockGitHub& github, FlowRun& run) {
    auth::GitHubDeviceFlow flow(client(), auth::DeviceFlowSettings{github.url()}, run.clock);
    try {
        const auto code = flow.request_code();
        run.token = flow.wait_for_token(code);
    } catch (const Error& e) {
        run.error = e;
    }
}

std::vector<std::chrono::milliseconds> seconds(std::initializer_list<int> s) {
    std::vector<std::chrono::milliseconds> out;
    for (int v : s)
        out.push_back(std::chrono::seconds(v));
    return out;
}

std::string message_of(const std::optional<Error>& e) { return e ? e->what() : std::string("(no error)"); }

bool contains(std::string_view haystack, std::string_view needle) { return haystack.find(needle) != std::string::npos; }

} // namespace

BOOST_AUTO_TEST_CASE(pending_then_slow_down_then_success) {
    MockGitHub github(device_code(5), {poll_error("authorization_pending"), poll_error("slow_down"), access_token()});
    FlowRun run;
    run_flow(github, run);
    BOOST_REQUIRE_MESSAGE(!run.error, message_of(run.error));
    BOOST_TEST(*run.token == "ghu_device_token");
    // Every poll waits the interval first; slow_down adds 5 s for good.
    BOOST_TEST(run.clock.sleeps == seconds({5, 5, 10}), boost::test_tools::per_element());

    const auto requests = github.requests();
    BOOST_REQUIRE_EQUAL(requests.size(), 4u);
    const auto& code = requests[0];
    BOOST_TEST(code.method == "POST");
    BOOST_TEST(code.target == "/login/device/code");
    BOOST_TEST(code.header("Accept") == "application/json");
    BOOST_TEST(code.header("Content-Type") == "application/x-www-form-urlencoded");
    BOOST_TEST(code.body == "client_id=Iv1.b507a08c87ecfe98&scope=read%3Auser");
    for (size_t i = 1; i < requests.size(); ++i) {
        BOOST_TEST(requests[i].method == "POST");
        BOOST_TEST(requests[i].target == "/login/oauth/access_token");
        BOOST_TEST(requests[i].header("Accept") == "application/json");
        BOOST_TEST(requests[i].body == "client_id=Iv1.b507a08c87ecfe98&device_code=dc-123&grant_type=urn%3Aietf%"
                                       "3Aparams%3Aoauth%3Agrant-type%3Adevice_code");
    }
}

BOOST_AUTO_TEST_CASE(the_device_code_answer_is_returned_as_given) {
    MockGitHub github(device_code(7, 600), {access_token()});
    FakePollClock clock;
    auth::GitHubDeviceFlow flow(client(), auth::DeviceFlowSettings{github.url()}, clock);
    const auto code = flow.request_code();
    BOOST_TEST(code.device_code == "dc-123");
    BOOST_TEST(code.user_code == "ABCD-1234");
    BOOST_TEST(code.verification_uri == "https://github.com/login/device");
    BOOST_TEST(code.interval.count() == 7);
    BOOST_TEST(code.expires_in.count() == 600);
}

BOOST_AUTO_TEST_CASE(missing_interval_and_uri_fall_back_to_documented_defaults) {
    MockGitHub github(ScriptedResponse::json(200, R"({"device_code":"dc","user_code":"WXYZ-0000"})"), {access_token()});
    FlowRun run;
    run_flow(github, run);
    BOOST_REQUIRE_MESSAGE(!run.error, message_of(run.error));
    BOOST_TEST(run.clock.sleeps == seconds({5}), boost::test_tools::per_element());
    FakePollClock clock;
    auth::GitHubDeviceFlow flow(client(), auth::DeviceFlowSettings{github.url()}, clock);
    BOOST_TEST(flow.request_code().verification_uri == github.url() + "/login/device");
}

BOOST_AUTO_TEST_CASE(slow_down_uses_the_interval_the_answer_names_when_longer) {
    MockGitHub github(device_code(5), {poll_error("slow_down", R"(,"interval":12)"),
                                       poll_error("authorization_pending"), access_token()});
    FlowRun run;
    run_flow(github, run);
    BOOST_REQUIRE_MESSAGE(!run.error, message_of(run.error));
    BOOST_TEST(run.clock.sleeps == seconds({5, 12, 12}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(pending_answers_are_read_whatever_the_status) {
    MockGitHub github(device_code(2), {poll_error("authorization_pending", {}, 400), access_token("ghu_after_400")});
    FlowRun run;
    run_flow(github, run);
    BOOST_REQUIRE_MESSAGE(!run.error, message_of(run.error));
    BOOST_TEST(*run.token == "ghu_after_400");
    BOOST_TEST(run.clock.sleeps == seconds({2, 2}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(expired_token_is_an_authentication_error) {
    MockGitHub github(device_code(5), {poll_error("authorization_pending"), poll_error("expired_token")});
    FlowRun run;
    run_flow(github, run);
    BOOST_REQUIRE(run.error);
    BOOST_TEST(run.error->error_class() == LLMH_ERR_AUTHENTICATION);
    BOOST_TEST(contains(run.error->what(), "expired"), run.error->what());
    BOOST_TEST(contains(run.error->what(), "llmhost auth login copilot"), run.error->what());
    BOOST_TEST(github.polls() == 2u);
}

BOOST_AUTO_TEST_CASE(access_denied_is_an_authentication_error) {
    MockGitHub github(device_code(5), {poll_error("access_denied")});
    FlowRun run;
    run_flow(github, run);
    BOOST_REQUIRE(run.error);
    BOOST_TEST(run.error->error_class() == LLMH_ERR_AUTHENTICATION);
    BOOST_TEST(contains(run.error->what(), "denied"), run.error->what());
    BOOST_TEST(github.polls() == 1u);
}

BOOST_AUTO_TEST_CASE(the_code_expires_locally_when_github_keeps_saying_pending) {
    MockGitHub github(device_code(5, 12), {poll_error("authorization_pending")});
    FlowRun run;
    run_flow(github, run);
    BOOST_REQUIRE(run.error);
    BOOST_TEST(run.error->error_class() == LLMH_ERR_AUTHENTICATION);
    BOOST_TEST(contains(run.error->what(), "expired"), run.error->what());
    // Polls at 5 s and 10 s; at 15 s the 12 s code is over, so no third poll.
    BOOST_TEST(run.clock.sleeps == seconds({5, 5, 5}), boost::test_tools::per_element());
    BOOST_TEST(github.polls() == 2u);
}

BOOST_AUTO_TEST_CASE(a_cancelled_wait_stops_the_flow) {
    MockGitHub github(device_code(5), {poll_error("authorization_pending")});
    FlowRun run;
    run.clock.cancel_on_sleep = 2;
    run_flow(github, run);
    BOOST_REQUIRE(run.error);
    BOOST_TEST(run.error->error_class() == LLMH_ERR_CANCELLED);
    BOOST_TEST(github.polls() == 1u);
}

BOOST_AUTO_TEST_CASE(other_refusals_carry_githubs_reason) {
    MockGitHub github(device_code(5), {poll_error("incorrect_device_code")});
    FlowRun run;
    run_flow(github, run);
    BOOST_REQUIRE(run.error);
    BOOST_TEST(run.error->error_class() == LLMH_ERR_AUTHENTICATION);
    BOOST_TEST(contains(run.error->what(), "incorrect_device_code: about incorrect_device_code"), run.error->what());
}

BOOST_AUTO_TEST_CASE(device_code_request_failures_are_classified) {
    struct Case {
        ScriptedResponse response;
        llmh_error_class expected;
        std::string says;
    };
    std::vector<Case> cases{
        {ScriptedResponse::json(200, R"({"error":"unauthorized_client","error_description":"device flow disabled"})"),
         LLMH_ERR_AUTHENTICATION, "device flow disabled"},
        {ScriptedResponse::json(404, "<html>Not Found</html>"), LLMH_ERR_NOT_FOUND, "Not Found"},
        {ScriptedResponse::json(503, "{}"), LLMH_ERR_OVERLOADED, "HTTP 503"},
        {ScriptedResponse::json(200, R"({"device_code":"dc"})"), LLMH_ERR_MALFORMED_RESPONSE, "user_code"},
        {ScriptedResponse::json(200, "not json"), LLMH_ERR_AUTHENTICATION, "not json"},
    };
    for (auto& c : cases) {
        MockGitHub github(c.response, {access_token()});
        FlowRun run;
        run_flow(github, run);
        BOOST_TEST_INFO("HTTP " << c.response.status << " " << c.response.chunks.at(0));
        BOOST_REQUIRE(run.error);
        BOOST_TEST(run.error->error_class() == c.expected);
        BOOST_TEST(contains(run.error->what(), c.says), run.error->what());
        BOOST_TEST(github.polls() == 0u);
    }
}

BOOST_AUTO_TEST_CASE(an_unreachable_github_is_a_network_error) {
    std::string url;
    {
        MockUpstream closed([](const RecordedRequest&) { return ScriptedResponse::json(200, "{}"); });
        url = closed.base_url();
    } // nothing listens there any more
    FakePollClock clock;
    auth::GitHubDeviceFlow flow(client(), auth::DeviceFlowSettings{url}, clock);
    try {
        flow.request_code();
        BOOST_FAIL("expected an error");
    } catch (const Error& e) {
        BOOST_TEST(e.error_class() == LLMH_ERR_NETWORK);
        BOOST_TEST(contains(e.what(), "requesting a GitHub device code"), e.what());
    }
}
