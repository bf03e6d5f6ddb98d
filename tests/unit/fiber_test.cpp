// Fibers and their waits: many calls share one thread, each waiting without blocking it; work
// that must block goes to a thread; the transport suspends instead of blocking when on a fiber.
#include "core/fiber/fiber.hpp"
#include "core/fiber/fiber_wait.hpp"
#include "core/fiber/thread_pool.hpp"
#include "core/transport/http_client.hpp"
#include "support/mock_upstream.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/test/unit_test.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <stdexcept>
#include <thread>

using namespace llmhost;
using Clock = std::chrono::steady_clock;

namespace {

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

// Runs `count` fibers of `body` on `io` until all have finished.
void run_fibers(boost::asio::io_context& io, int count, const std::function<void(int)>& body) {
    boost::asio::post(io, [&] {
        for (int i = 0; i < count; ++i)
            fiber::spawn(io, [&body, i] { body(i); });
    });
    io.run();
    BOOST_TEST(fiber::live_fibers_on_this_thread() == 0u);
}

} // namespace

BOOST_AUTO_TEST_CASE(a_fiber_runs_until_it_waits_and_goes_on_when_woken) {
    boost::asio::io_context io(1);
    std::vector<std::string> steps;
    fiber::Waker waker;
    boost::asio::post(io, [&] {
        BOOST_TEST(!fiber::in_fiber());
        fiber::spawn(io, [&] {
            BOOST_TEST(fiber::in_fiber());
            steps.push_back("started");
            waker = fiber::current_waker();
            fiber::suspend();
            steps.push_back("woken");
        });
        steps.push_back("spawn returned");
        boost::asio::post(io, [&] { waker.wake(); });
    });
    io.run();
    BOOST_TEST(steps == (std::vector<std::string>{"started", "spawn returned", "woken"}),
               boost::test_tools::per_element());
    waker.wake(); // the fiber has finished: nothing happens
}

BOOST_AUTO_TEST_CASE(sleeping_fibers_share_one_thread) {
    const auto start = Clock::now();
    std::atomic<int> slept{0};
    boost::asio::io_context io(1);
    run_fibers(io, 200, [&](int) {
        if (fiber::sleep_for(std::chrono::milliseconds(100), nullptr)) ++slept;
    });
    BOOST_TEST(slept.load() == 200);
    BOOST_TEST(seconds_since(start) < 5.0); // side by side, not 200 x 100 ms (20 s); a TSan fiber costs ~5 ms
}

BOOST_AUTO_TEST_CASE(a_cancelled_sleep_ends_when_the_fiber_is_woken) {
    boost::asio::io_context io(1);
    std::atomic<bool> cancel{false};
    bool completed = true;
    fiber::Waker sleeper;
    const auto start = Clock::now();
    boost::asio::post(io, [&] {
        fiber::spawn(io, [&] {
            sleeper = fiber::current_waker();
            completed = fiber::sleep_for(std::chrono::seconds(30), &cancel);
        });
    });
    boost::asio::steady_timer later(io, std::chrono::milliseconds(50));
    later.async_wait([&](auto) {
        cancel = true;
        sleeper.wake();
    });
    io.run();
    BOOST_TEST(!completed);
    BOOST_TEST(seconds_since(start) < 5.0);
}

BOOST_AUTO_TEST_CASE(blocking_work_runs_on_another_thread_and_its_exception_comes_back) {
    const auto loop_thread = std::this_thread::get_id();
    std::thread::id worker_thread;
    std::string caught;
    boost::asio::io_context io(1);
    run_fibers(io, 1, [&](int) {
        fiber::run_blocking([&] { worker_thread = std::this_thread::get_id(); });
        try {
            fiber::run_blocking([] { throw std::runtime_error("from the worker"); });
        } catch (const std::runtime_error& e) {
            caught = e.what();
        }
    });
    BOOST_TEST((worker_thread != loop_thread));
    BOOST_TEST(caught == "from the worker");
}

BOOST_AUTO_TEST_CASE(http_exchanges_on_fibers_wait_side_by_side_and_reuse_connections) {
    testing::MockUpstream upstream([](const testing::RecordedRequest&) {
        auto reply = testing::ScriptedResponse::json(200, R"({"ok":true})");
        reply.delay_before_head = std::chrono::milliseconds(200);
        return reply;
    });
    boost::asio::io_context io(1); // outlives the client: its pooled connections live on this loop
    transport::HttpClient client;
    const std::string url = upstream.base_url() + "/v1/x";
    std::atomic<int> ok{0};
    const auto start = Clock::now();
    run_fibers(io, 20, [&](int) {
        for (int round = 0; round < 2; ++round) {
            std::string body;
            transport::ResponseHandler handler;
            handler.on_body = [&](std::string_view chunk) {
                body.append(chunk);
                return true;
            };
            transport::Request request;
            request.url = url;
            const auto result = client.send(request, handler);
            if (result.ok() && body == R"({"ok":true})") ++ok;
        }
    });
    BOOST_TEST(ok.load() == 40);
    BOOST_TEST(seconds_since(start) < 2.0);         // two rounds of 200 ms, not 40
    BOOST_TEST(client.connections_opened() <= 20u); // the second round reused the first's
}

BOOST_AUTO_TEST_CASE(an_http_exchange_on_a_fiber_is_cancelled_by_waking_it) {
    testing::MockUpstream upstream([](const testing::RecordedRequest&) {
        auto reply = testing::ScriptedResponse::json(200, "{}");
        reply.delay_before_head = std::chrono::seconds(5);
        return reply;
    });
    boost::asio::io_context io(1);
    transport::HttpClient client;
    std::atomic<bool> cancel{false};
    fiber::Waker caller;
    transport::Result result;
    const std::string url = upstream.base_url() + "/slow";
    const auto start = Clock::now();
    boost::asio::post(io, [&] {
        fiber::spawn(io, [&] {
            caller = fiber::current_waker();
            transport::Request request;
            request.url = url;
            result = client.send(request, {}, [&] { return cancel.load(); });
        });
    });
    boost::asio::steady_timer later(io, std::chrono::milliseconds(100));
    later.async_wait([&](auto) {
        cancel = true;
        caller.wake();
    });
    io.run();
    BOOST_TEST(result.error == LLMH_ERR_CANCELLED);
    BOOST_TEST(seconds_since(start) < 2.0);
}

BOOST_AUTO_TEST_CASE(the_thread_pool_runs_blocking_tasks_side_by_side) {
    std::mutex mutex;
    std::condition_variable all_in;
    int running = 0;
    std::atomic<int> done{0};
    {
        fiber::ThreadPool pool(64);
        for (int i = 0; i < 50; ++i)
            pool.submit([&] {
                std::unique_lock lock(mutex);
                ++running;
                all_in.notify_all();
                // Every task blocks until all 50 run at once: only a pool that grows gets there.
                all_in.wait_for(lock, std::chrono::seconds(5), [&] { return running == 50; });
                ++done;
            });
    } // the destructor waits for every task
    BOOST_TEST(done.load() == 50);
    BOOST_TEST(running == 50);
}
