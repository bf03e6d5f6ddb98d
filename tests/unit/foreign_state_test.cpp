// Reasoning state a plugin cannot read is left out with a debug line naming its origins.
#include "fake_host_services.hpp"

#include <llmhost/support/foreign_state.hpp>

#include <boost/test/unit_test.hpp>

using namespace llmhost;
using namespace llmhost::testing;

namespace {

bool anthropic_only(std::string_view origin) { return origin == reasoning_origin::anthropic; }

} // namespace

BOOST_AUTO_TEST_CASE(foreign_state_is_counted_once_per_request) {
    ChatRequest r;
    Message turn{Role::assistant, {}, {{"c1", "read", "{}", {"gemini", "sig-g", "", ""}}}, {}, {}};
    turn.reasoning.push_back({"own", {"anthropic", "sig-a", "", ""}});
    turn.reasoning.push_back({"theirs", {"openai-chat/deepseek", "", "", ""}});
    turn.reasoning.push_back({"plain", {}}); // no state at all: nothing to leave out
    r.messages.push_back(turn);
    r.messages.push_back(turn);
    FakeHost host;
    log_foreign_state(host.host(), "anthropic", r, anthropic_only);
    BOOST_TEST(host.logs == (std::vector<std::string>{"anthropic: left out 4 reasoning state block(s) it cannot read "
                                                      "(from openai-chat/deepseek,gemini)"}),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(nothing_is_logged_when_all_state_is_readable) {
    ChatRequest r;
    Message turn{Role::assistant, {ContentPart::make_text("hi")}, {}, {}, {}};
    turn.reasoning.push_back({"own", {"anthropic", "sig-a", "", ""}});
    r.messages.push_back(turn);
    FakeHost host;
    log_foreign_state(host.host(), "anthropic", r, anthropic_only);
    BOOST_TEST(host.logs.empty());
}

// Origins are client text: a request with many of them costs one look each, and the line
// names a few, shortened and without control characters.
BOOST_AUTO_TEST_CASE(many_hostile_origins_make_one_short_line) {
    ChatRequest r;
    Message turn{Role::assistant, {}, {}, {}, {}};
    for (int i = 0; i < 20000; ++i)
        turn.reasoning.push_back({"", {"evil\n" + std::to_string(i) + std::string(100, 'x'), "s", "", ""}});
    r.messages.push_back(turn);
    FakeHost host;
    log_foreign_state(host.host(), "anthropic", r, anthropic_only);
    BOOST_TEST_REQUIRE(host.logs.size() == 1u);
    BOOST_TEST(host.logs[0].find('\n') == std::string::npos);
    BOOST_TEST(
        host.logs[0].starts_with("anthropic: left out 20000 reasoning state block(s) it cannot read (from evil?0x"));
    BOOST_TEST(host.logs[0].ends_with(",...)"));
    BOOST_TEST(host.logs[0].size() < 1000u);
}
