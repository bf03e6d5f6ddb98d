// The C++ SDK keeps a plugin built against ABI 1.1 within what its host knows: on a 1.0 host
// it sends no 1.1 event, it tells the plugin the host's minor, and `offers` refuses services
// beyond the host's table. A plugin may supply `init`, run through the table like the rest.
#include "fake_host_services.hpp"

#include <llmhost/provider.hpp>

#include <boost/test/unit_test.hpp>

#include <cstddef>

using namespace llmhost;
using namespace llmhost::testing;

namespace {

uint32_t minor_seen = 99; // what the provider read from its host
int inits = 0;
bool init_fails = false;

// Streams signed reasoning, a tool call with state, and usage with a cache write.
class SigningProvider : public Provider {
  public:
    explicit SigningProvider(const Host& host) : host_(host) {}
    void chat(const ChatRequest&, Call&, EventSink& sink) override {
        minor_seen = host_.abi_minor();
        sink.message_start("m1", "signer");
        sink.reasoning("thinking");
        sink.reasoning_state(-1, {"signer", "sig-1", "", ""});
        sink.tool_call_start(0, "call_1", "lookup");
        sink.tool_call_delta(0, "{}");
        sink.reasoning_state(0, {"signer", "sig-2", "", ""});
        Usage u;
        u.input_tokens = 10;
        u.output_tokens = 2;
        u.cached_input_tokens = 4;
        u.cache_write_tokens = 6;
        sink.usage(u);
        sink.finish(LLMH_FINISH_TOOL_CALLS);
    }

  private:
    const Host& host_;
};

std::unique_ptr<Provider> make_signer(const Host& host, const ProviderConfig&) {
    return std::make_unique<SigningProvider>(host);
}

void init_signer(const Host&) {
    ++inits;
    if (init_fails) throw Error(LLMH_ERR_INVALID_CONFIG, "signer: no signing key installed");
}

using Plain = plugin_detail::Adapter<&make_signer>;
using WithInit = plugin_detail::Adapter<&make_signer, &init_signer>;

std::vector<std::string> chat_on(FakeHost& host) {
    AbiProvider provider(*Plain::table("signer", "1.0.0"), host, "signer", R"({"id":"signer"})");
    auto call = host.context();
    EventRecorder recorder;
    const auto error = provider.chat(call, R"({"model":"m","messages":[{"role":"user","content":"hi"}]})", recorder);
    BOOST_TEST(!error.has_value());
    return recorder.lines();
}

} // namespace

BOOST_AUTO_TEST_CASE(a_1_1_host_gets_reasoning_state_and_cache_writes) {
    FakeHost host;
    BOOST_TEST(chat_on(host) ==
                   (std::vector<std::string>{
                       "start id=m1 model=signer", "reasoning thinking", "state -1 origin=signer signature=sig-1",
                       "tool_start 0 call_1 lookup", "tool_delta 0 {}", "state 0 origin=signer signature=sig-2",
                       "usage in=10 out=2 cached=4 reasoning=-1 cache_write=6", "finish tool_calls"}),
               boost::test_tools::per_element());
    BOOST_TEST(minor_seen == static_cast<uint32_t>(LLMH_ABI_MINOR));
}

// A 1.0 host ignores what it does not know by the rules, but the SDK does not rely on that:
// it sends no REASONING_STATE event at all. The 1.1 event fields (data, cache writes) lie
// beyond what a 1.0 host reads of the struct.
BOOST_AUTO_TEST_CASE(a_1_0_host_is_sent_nothing_it_does_not_know) {
    FakeHost host;
    host.play_host(0, offsetof(llmh_host_services, is_cancelled) + sizeof(void*));
    BOOST_TEST(chat_on(host) == (std::vector<std::string>{"start id=m1 model=signer", "reasoning thinking",
                                                          "tool_start 0 call_1 lookup", "tool_delta 0 {}",
                                                          "usage in=10 out=2 cached=4 reasoning=-1 cache_write=6",
                                                          "finish tool_calls"}),
               boost::test_tools::per_element());
    BOOST_TEST(minor_seen == 0u);
}

BOOST_AUTO_TEST_CASE(offers_stops_at_the_end_of_the_hosts_table) {
    FakeHost host;
    BOOST_TEST(host.host().offers(&llmh_host_services::is_cancelled));
    BOOST_TEST(host.host().offers(&llmh_host_services::log));
    host.play_host(0, offsetof(llmh_host_services, is_cancelled)); // a table that ends just before
    BOOST_TEST(!host.host().offers(&llmh_host_services::is_cancelled));
    BOOST_TEST(host.host().offers(&llmh_host_services::log));
}

// A failed init is reported (named once, though its message names the plugin already) and
// tried again on the next call; after it succeeded it does not run again.
BOOST_AUTO_TEST_CASE(a_plugin_may_supply_init) {
    BOOST_TEST(Plain::table("signer", "1.0.0")->init == nullptr);
    const llmh_plugin* table = WithInit::table("signer", "1.0.0");
    BOOST_TEST_REQUIRE(table->init != nullptr);
    FakeHost host;
    llmh_error error = make_empty_error();
    inits = 0;
    init_fails = true;
    BOOST_TEST(table->init(host.services(), &error) == LLMH_ERR_INVALID_CONFIG);
    BOOST_TEST(std::string(error.message) == "signer: no signing key installed");
    init_fails = false;
    BOOST_TEST(table->init(host.services(), &error) == LLMH_OK);
    BOOST_TEST(inits == 2);
    BOOST_TEST(table->init(host.services(), &error) == LLMH_OK);
    BOOST_TEST(inits == 2);
}
