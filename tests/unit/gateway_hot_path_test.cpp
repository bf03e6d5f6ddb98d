// The pieces the gateway's request path leans on for speed: plans remembered per model,
// response ids, and the JSON parser that starts on the stack.
#include "core/gateway/faces/response_id.hpp"
#include "core/gateway/request_plans.hpp"
#include "core/transport/recycling_allocator.hpp"

#include <llmhost/support/json_read.hpp>

#include <boost/test/unit_test.hpp>

#include <cstring>
#include <set>
#include <string>
#include <thread>
#include <vector>

using namespace llmhost;
using namespace llmhost::gateway;

namespace {

RequestPlan plan_for(std::string provider, std::string model) {
    RequestPlan p;
    p.selection.provider.id = std::move(provider);
    p.selection.model = model;
    reliability::Option o;
    o.provider = p.selection.provider;
    o.model = std::move(model);
    p.options.push_back(std::move(o));
    return p;
}

} // namespace

BOOST_AUTO_TEST_CASE(a_plan_is_found_by_the_exact_model_string_it_was_remembered_for) {
    RequestPlans plans;
    BOOST_TEST(!plans.find("openai/gpt-4o"));
    const auto kept = plans.remember("openai/gpt-4o", plan_for("openai", "gpt-4o"));
    const auto found = plans.find("openai/gpt-4o");
    BOOST_REQUIRE(found);
    BOOST_TEST(found.get() == kept.get());
    BOOST_TEST(found->options.at(0).provider.id == "openai");
    BOOST_TEST(!plans.find("openai/gpt-4o-mini"));
    BOOST_TEST(!plans.find("OPENAI/gpt-4o"));
}

BOOST_AUTO_TEST_CASE(remembering_many_distinct_models_stays_bounded_and_keeps_answering) {
    RequestPlans plans;
    for (int i = 0; i < 2000; ++i)
        plans.remember("m" + std::to_string(i), plan_for("p", "m" + std::to_string(i)));
    int kept = 0;
    for (int i = 0; i < 2000; ++i)
        kept += plans.find("m" + std::to_string(i)) != nullptr;
    BOOST_TEST(kept > 0);
    BOOST_TEST(kept <= 512);
    BOOST_TEST(plans.find("m1999")->selection.model == "m1999"); // the newest is always there
}

BOOST_AUTO_TEST_CASE(response_ids_have_the_prefix_the_length_and_the_alphabet_asked_for) {
    std::set<std::string> seen;
    for (int i = 0; i < 1000; ++i) {
        const std::string id = random_id("chatcmpl-", 24);
        BOOST_TEST(id.size() == 9u + 24u);
        BOOST_TEST(id.starts_with("chatcmpl-"));
        for (char c : id.substr(9))
            BOOST_TEST(std::isalnum(static_cast<unsigned char>(c)));
        seen.insert(id);
    }
    BOOST_TEST(seen.size() == 1000u);
    BOOST_TEST(random_id("msg_", 0) == "msg_");
}

BOOST_AUTO_TEST_CASE(the_parser_outgrows_its_stack_buffer_and_refuses_runaway_depth) {
    json_read::ScratchArena arena;
    boost::system::error_code ec;
    const std::string deep = std::string(3000, '[') + "1" + std::string(3000, ']');
    const auto v = json_read::parse(deep, ec, arena.storage());
    BOOST_TEST(ec.failed()); // more than Boost.JSON's depth limit: a clean error, no crash
    BOOST_TEST(v.is_null());
    // 5000 pending values need far more working stack than the parser starts with.
    std::string wide = "[";
    for (int i = 0; i < 5000; ++i)
        wide += (i ? ",\"" : "\"") + std::to_string(i) + "\"";
    wide += "]";
    const auto w = json_read::parse(wide, arena.storage());
    BOOST_REQUIRE(w);
    BOOST_TEST(w->as_array().size() == 5000u);
    BOOST_TEST(w->as_array()[4999].as_string() == "4999");
}

BOOST_AUTO_TEST_CASE(the_parser_reports_malformed_and_trailing_text) {
    BOOST_TEST(!json_read::parse("{\"a\":"));
    BOOST_TEST(!json_read::parse("{\"a\":1} x"));
    BOOST_TEST(!json_read::parse(""));
    BOOST_TEST(!json_read::parse("[1,2"));
    BOOST_TEST(json_read::parse("42")->as_int64() == 42); // a number ends only with the text
    BOOST_TEST(json_read::parse("-1.5e3")->as_double() == -1500.0);
    const auto ok = json_read::parse(" {\"a\":[1,2,{\"b\":null}]} ");
    BOOST_REQUIRE(ok);
    BOOST_TEST(boost::json::serialize(*ok) == "{\"a\":[1,2,{\"b\":null}]}");
}

#if defined(__SANITIZE_ADDRESS__)
constexpr bool recycling = false; // under ASan every block goes back to the heap
#else
constexpr bool recycling = true;
#endif

BOOST_AUTO_TEST_CASE(the_recycling_allocator_hands_a_freed_block_out_again_for_its_size_class) {
    transport::RecyclingAllocator<char> alloc;
    char* a = alloc.allocate(100);
    std::memset(a, 'x', 100); // the whole size asked for is usable
    alloc.deallocate(a, 100);
    char* b = alloc.allocate(90); // same 64-byte class (65..128)
    if (recycling) BOOST_TEST(static_cast<void*>(b) == static_cast<void*>(a));
    char* c = alloc.allocate(100); // the list is empty again: a fresh block
    BOOST_TEST(static_cast<void*>(c) != static_cast<void*>(b));
    alloc.deallocate(b, 90);
    alloc.deallocate(c, 100);
    char* big = alloc.allocate(4096); // beyond the classes: plain heap
    std::memset(big, 'y', 4096);
    alloc.deallocate(big, 4096);
}

BOOST_AUTO_TEST_CASE(a_block_freed_on_another_thread_is_reused_there) {
    transport::RecyclingAllocator<char> alloc;
    char* block = alloc.allocate(200);
    void* reused = nullptr;
    std::thread other([&] {
        alloc.deallocate(block, 200);
        char* again = alloc.allocate(200);
        reused = again;
        alloc.deallocate(again, 200);
    });
    other.join();
    if (recycling) BOOST_TEST(reused == static_cast<void*>(block));
    std::vector<int, transport::RecyclingAllocator<int>> numbers; // usable by containers
    for (int i = 0; i < 1000; ++i)
        numbers.push_back(i);
    BOOST_TEST(numbers[999] == 999);
}
