// ProviderInstance over an in-process plugin table: what the host does with odd but legal
// peers (absent operations, events from an older minor), and with broken ones (unknown error
// classes, empty messages, pushing events after being told to stop).
#include "core/plugins/plugin_loader.hpp"

#include <llmhost/error.hpp>

#include <boost/test/unit_test.hpp>

#include <cstring>

using namespace llmhost::plugins;
using llmhost::Error;

namespace {

// What the in-process "plugin" does on chat; set per test.
struct Script {
    int32_t result = LLMH_OK;
    const char* message = "";
    uint32_t event_size = sizeof(llmh_event); // struct_size the events claim
    int events = 1;
    bool ignore_stop = false;
    int pushed = 0;
    int destroyed = 0;
} script;

llmh_provider* const kProvider = reinterpret_cast<llmh_provider*>(&script);

int32_t fake_chat(llmh_provider*, const llmh_call_context*, llmh_str, const llmh_event_sink* sink, llmh_error* error) {
    for (int i = 0; i < script.events; ++i) {
        // An older peer's event: only the first event_size bytes are meaningful; garbage after.
        llmh_event e;
        std::memset(&e, 0xee, sizeof e);
        e.struct_size = script.event_size;
        e.type = LLMH_EVENT_TEXT_DELTA;
        e.index = 0;
        e.finish_reason = 0;
        e.text = llmhost::to_str("x");
        ++script.pushed;
        if (!sink->on_event(sink->user, &e) && !script.ignore_stop) break;
    }
    if (script.result != LLMH_OK) llmhost::fill_error(error, script.result, script.message, 503, 1500);
    return script.result;
}

void fake_destroy(llmh_provider*) { ++script.destroyed; }

llmh_plugin table_with_chat_only() {
    llmh_plugin t{};
    t.struct_size = sizeof t;
    t.abi_major = LLMH_ABI_MAJOR;
    t.name = llmhost::to_str("inproc");
    t.chat = &fake_chat;
    t.destroy = &fake_destroy;
    return t;
}

template <class F> Error error_of(F&& f) {
    try {
        f();
    } catch (const Error& e) {
        return e;
    }
    BOOST_FAIL("expected llmhost::Error");
    return Error(LLMH_OK, "");
}

} // namespace

BOOST_AUTO_TEST_CASE(absent_operations_are_unsupported) {
    script = {};
    const llmh_plugin t = table_with_chat_only();
    ProviderInstance p(t, kProvider);
    const Error embed = error_of([&] { p.embed("{}", {}); });
    BOOST_TEST(embed.error_class() == LLMH_ERR_UNSUPPORTED);
    BOOST_TEST(std::string(embed.what()) == "inproc does not support embeddings");
    BOOST_TEST(std::string(error_of([&] { p.list_models({}); }).what()) == "inproc does not support model listing");
    BOOST_TEST(p.capabilities("any") == 0u); // NULL: defer to the metadata

    llmh_plugin nameless{};
    nameless.struct_size = sizeof nameless;
    ProviderInstance q(nameless, nullptr);
    BOOST_TEST(std::string(error_of([&] { q.chat("{}", {}, [](const llmh_event&) { return true; }); }).what()) ==
               "the plugin does not support chat");
}

BOOST_AUTO_TEST_CASE(destroy_runs_once_when_the_instance_dies) {
    script = {};
    const llmh_plugin t = table_with_chat_only();
    { ProviderInstance p(t, kProvider); }
    BOOST_TEST(script.destroyed == 1);
}

BOOST_AUTO_TEST_CASE(events_from_an_older_minor_are_zero_filled) {
    script = {};
    script.event_size = offsetof(llmh_event, id); // an older peer that knew only type..text
    const llmh_plugin t = table_with_chat_only();
    ProviderInstance p(t, kProvider);
    llmh_event seen{};
    p.chat("{}", {}, [&](const llmh_event& e) {
        seen = e;
        return true;
    });
    BOOST_TEST(std::string(llmhost::view(seen.text)) == "x");
    BOOST_TEST(seen.id.data == nullptr);
    BOOST_TEST(seen.name.size == 0u);
    BOOST_TEST(seen.usage.input_tokens == 0);
}

BOOST_AUTO_TEST_CASE(carries_the_plugins_error_fields) {
    script = {};
    script.result = LLMH_ERR_OVERLOADED;
    script.message = "upstream is overloaded";
    const llmh_plugin t = table_with_chat_only();
    ProviderInstance p(t, kProvider);
    const Error e = error_of([&] { p.chat("{}", {}, [](const llmh_event&) { return true; }); });
    BOOST_TEST(e.error_class() == LLMH_ERR_OVERLOADED);
    BOOST_TEST(std::string(e.what()) == "upstream is overloaded");
    BOOST_TEST(e.http_status() == 503);
    BOOST_TEST(e.retry_after_ms() == 1500);
}

BOOST_AUTO_TEST_CASE(fills_in_for_missing_messages_and_unknown_classes) {
    script = {};
    script.result = LLMH_ERR_RATE_LIMITED;
    const llmh_plugin t = table_with_chat_only();
    ProviderInstance p(t, kProvider);
    BOOST_TEST(std::string(error_of([&] { p.chat("{}", {}, [](const llmh_event&) { return true; }); }).what()) ==
               "inproc failed in chat (rate_limited)");

    script.result = 99;
    script.message = "strange";
    const Error e = error_of([&] { p.chat("{}", {}, [](const llmh_event&) { return true; }); });
    BOOST_TEST(e.error_class() == LLMH_ERR_PLUGIN_INTERNAL);
    BOOST_TEST(std::string(e.what()) == "inproc returned unknown error class 99: strange");
}

BOOST_AUTO_TEST_CASE(a_stop_the_caller_asked_for_is_not_an_error) {
    script = {};
    script.events = 10;
    script.result = LLMH_ERR_CANCELLED;
    script.message = "stopped by the host";
    const llmh_plugin t = table_with_chat_only();
    ProviderInstance p(t, kProvider);
    int seen = 0;
    p.chat("{}", {}, [&](const llmh_event&) { return ++seen < 3; });
    BOOST_TEST(seen == 3);
    BOOST_TEST(script.pushed == 3);

    // A plugin that keeps pushing after the stop is not heard any more.
    script.pushed = 0;
    script.ignore_stop = true;
    seen = 0;
    p.chat("{}", {}, [&](const llmh_event&) { return ++seen < 3; });
    BOOST_TEST(seen == 3);
    BOOST_TEST(script.pushed == 10);
}
