// Exceptions and fibers: the C++ runtime keeps the exceptions being handled in a stack per
// thread, so fibers sharing a thread must each have their own, or a fiber that waits inside a
// catch block sees (and ends) another fiber's exception. ThreadSanitizer found this as a
// heap-use-after-free in the attempt loop, which sleeps before a retry inside its catch block.
#include "core/fiber/fiber.hpp"
#include "core/fiber/fiber_wait.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <exception>
#include <stdexcept>
#include <string>
#include <vector>

using namespace llmhost;

BOOST_AUTO_TEST_CASE(fibers_waiting_inside_catch_blocks_keep_their_own_exceptions) {
    boost::asio::io_context io(1);
    std::vector<std::string> seen;
    // "a" catches first and leaves its catch block first, while "b" is still inside its own.
    auto handler = [&](std::string name, std::chrono::milliseconds wait) {
        return [&seen, name, wait] {
            try {
                throw std::runtime_error(name);
            } catch (const std::runtime_error& e) {
                const std::exception_ptr mine = std::current_exception(); // keeps it alive whatever happens
                fiber::sleep_for(wait, nullptr);
                seen.push_back(name + (std::current_exception() == mine ? " kept " : " lost ") + e.what());
            }
            seen.push_back(name + (std::current_exception() ? " still handling" : " done"));
        };
    };
    boost::asio::post(io, [&] {
        fiber::spawn(io, handler("a", std::chrono::milliseconds(10)));
        fiber::spawn(io, handler("b", std::chrono::milliseconds(60)));
    });
    io.run();
    BOOST_TEST(seen == (std::vector<std::string>{"a kept a", "a done", "b kept b", "b done"}),
               boost::test_tools::per_element());
    BOOST_TEST(!std::current_exception()); // nor does the thread itself handle one now
    BOOST_TEST(std::uncaught_exceptions() == 0);
}
