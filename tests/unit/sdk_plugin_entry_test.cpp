// The C++ SDK's plugin surface (issue 16): LLMH_PLUGIN names the plugin once for its metadata
// and its table; LLMH_PLUGIN_ENTRY keeps the host's minor and takes flags and an init; init
// runs once and its failure is reported; every error leaves the table named with the provider
// id, once; and the host's structs are read only as far as their struct_size reaches, so that
// a plugin built against this SDK runs on an older host whose tables are shorter.
#include "fake_host_services.hpp"

#include <llmhost/plugin.hpp>
#include <llmhost/plugin_metadata.hpp>
#include <llmhost/provider.hpp>

#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include <cstddef>
#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

using namespace llmhost;
using namespace llmhost::testing;

namespace {

int init_runs = 0;
const char* init_failure = nullptr; // what init throws, when set

void init_entry_test(const Host&) {
    ++init_runs;
    if (init_failure) throw Error(LLMH_ERR_INVALID_CONFIG, init_failure);
}

// chat fails as the model name says; list_models throws a std::exception; embed answers.
class FailingProvider final : public Provider {
  public:
    explicit FailingProvider(const ProviderConfig& config) {
        const OptionReader options(config.options, {"colour"});
        (void)options;
    }
    void chat(const ChatRequest& request, Call&, EventSink& sink) override {
        if (request.model == "plain") throw Error(LLMH_ERR_SERVER, "upstream said no", 502, 1500);
        if (request.model == "named") throw Error(LLMH_ERR_SERVER, "entry-test: upstream said no");
        if (request.model == "spaced") throw Error(LLMH_ERR_SERVER, "entry-test has no such model");
        if (request.model == "lookalike") throw Error(LLMH_ERR_SERVER, "entry-testing is another provider");
        sink.message_start("m1", request.model);
        sink.finish(LLMH_FINISH_STOP);
    }
    boost::json::value list_models(Call&) override { throw std::runtime_error("index out of range"); }
    boost::json::value embed(const EmbedRequest&, Call&) override {
        return boost::json::parse(R"({"model":"e","data":[]})");
    }
};

std::unique_ptr<Provider> make_entry_test(const Host&, const ProviderConfig& config) {
    return std::make_unique<FailingProvider>(config);
}

} // namespace

LLMH_PLUGIN("entry_test", "2.3.4", R"json(
  "description": "the SDK's own test plugin",
  "providers": [{"id": "entry-test", "aliases": ["et"], "keyless": true, "capabilities": ["chat"]}]
)json");
LLMH_KEEP_OWN_METADATA();

LLMH_PLUGIN_ENTRY(&make_entry_test, .flags = LLMH_PLUGIN_COOPERATIVE, .init = &init_entry_test);

namespace {

const llmh_plugin& entry_table() { return *llmh_plugin_v1(LLMH_ABI_MINOR); }

// The error a chat for `model` reports through the table.
Error chat_error(const std::string& model) {
    FakeHost host;
    AbiProvider provider(entry_table(), host, "entry-test", "{}");
    auto call = host.context();
    EventRecorder recorder;
    const auto error = provider.chat(call, R"({"model":")" + model + R"(","messages":[]})", recorder);
    BOOST_REQUIRE(error.has_value());
    return *error;
}

} // namespace

BOOST_AUTO_TEST_CASE(one_name_and_version_make_the_metadata_and_the_table) {
    BOOST_TEST(!host_abi_minor().has_value()); // the entry point has not run yet
    const llmh_plugin* table = llmh_plugin_v1(1);
    BOOST_TEST(host_abi_minor().value_or(99) == 1u); // what the host passed, kept
    BOOST_TEST(view(table->name) == "entry_test");
    BOOST_TEST(view(table->version) == "2.3.4");
    BOOST_TEST(table->flags == LLMH_PLUGIN_COOPERATIVE);
    BOOST_TEST(table->init != nullptr);
    BOOST_TEST(table->abi_minor == static_cast<uint32_t>(LLMH_ABI_MINOR));

    const std::string_view block = llmh_plugin_metadata;
    const std::string first_line =
        "llmhost-plugin abi=" LLMH_STRINGIFY(LLMH_ABI_MAJOR) "." LLMH_STRINGIFY(LLMH_ABI_MINOR) "\n";
    BOOST_TEST(block.substr(0, first_line.size()) == first_line);
    const auto metadata = boost::json::parse(block.substr(first_line.size())).as_object();
    BOOST_TEST(metadata.at("name").as_string() == "entry_test");
    BOOST_TEST(metadata.at("version").as_string() == "2.3.4");
    BOOST_TEST(metadata.at("description").as_string() == "the SDK's own test plugin");
    BOOST_TEST(metadata.at("providers").as_array().size() == 1u);

    // LLMH_KEEP_OWN_METADATA after LLMH_PLUGIN keeps the same block.
    BOOST_TEST(own_plugin_metadata().data() == static_cast<const char*>(llmh_plugin_metadata));
    BOOST_TEST(provider_metadata_strings(own_plugin_metadata(), "entry-test", "aliases") ==
                   std::vector<std::string>{"et"},
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(names_and_versions_that_cannot_go_in_json_are_refused_at_compile_time) {
    static_assert(plugin_detail::plain_json_text("openai-codex"));
    static_assert(plugin_detail::plain_json_text("1.0.0-rc.1+build"));
    static_assert(!plugin_detail::plain_json_text(""));
    static_assert(!plugin_detail::plain_json_text("a\"b"));
    static_assert(!plugin_detail::plain_json_text("a\\b"));
    static_assert(!plugin_detail::plain_json_text("a\nb"));
}

// init runs once: a failure is reported, named with the plugin's name once, and tried again
// on the next call; after a success the host's later calls do not run it again.
BOOST_AUTO_TEST_CASE(init_runs_once_and_its_failure_is_reported) {
    const llmh_plugin& table = entry_table();
    FakeHost host;
    init_runs = 0;

    init_failure = "no licence file at /etc/entry";
    llmh_error error = make_empty_error();
    BOOST_TEST(table.init(host.services(), &error) == LLMH_ERR_INVALID_CONFIG);
    BOOST_TEST(std::string(error.message) == "entry_test: no licence file at /etc/entry");
    BOOST_TEST(error.error_class == LLMH_ERR_INVALID_CONFIG);

    init_failure = "entry_test: already named";
    error = make_empty_error();
    BOOST_TEST(table.init(host.services(), &error) == LLMH_ERR_INVALID_CONFIG);
    BOOST_TEST(std::string(error.message) == "entry_test: already named");
    BOOST_TEST(init_runs == 2);

    init_failure = nullptr;
    error = make_empty_error();
    BOOST_TEST(table.init(host.services(), &error) == LLMH_OK);
    BOOST_TEST(table.init(host.services(), &error) == LLMH_OK);
    BOOST_TEST(table.init(host.services(), &error) == LLMH_OK);
    BOOST_TEST(init_runs == 3);
}

BOOST_AUTO_TEST_CASE(errors_are_named_with_the_provider_id_once) {
    const Error plain = chat_error("plain");
    BOOST_TEST(std::string(plain.what()) == "entry-test: upstream said no");
    BOOST_TEST(plain.error_class() == LLMH_ERR_SERVER);
    BOOST_TEST(plain.http_status() == 502); // the rest of the error goes through unchanged
    BOOST_TEST(plain.retry_after_ms() == 1500);
    BOOST_TEST(std::string(chat_error("named").what()) == "entry-test: upstream said no");
    BOOST_TEST(std::string(chat_error("spaced").what()) == "entry-test has no such model");
    BOOST_TEST(std::string(chat_error("lookalike").what()) == "entry-test: entry-testing is another provider");

    // A std::exception is a plugin failure, named too.
    FakeHost host;
    AbiProvider provider(entry_table(), host, "entry-test", "{}");
    auto call = host.context();
    try {
        provider.list_models(call);
        BOOST_ERROR("list_models did not fail");
    } catch (const Error& e) {
        BOOST_TEST(e.error_class() == LLMH_ERR_PLUGIN_INTERNAL);
        BOOST_TEST(std::string(e.what()) == "entry-test: plugin failure: index out of range");
    }

    // create: the id the host asked for, in front of the option reader's message.
    try {
        AbiProvider refused(entry_table(), host, "entry-test-eu", R"({"options":{"color":"red"}})");
        BOOST_ERROR("an unknown option was accepted");
    } catch (const Error& e) {
        BOOST_TEST(e.error_class() == LLMH_ERR_INVALID_CONFIG);
        BOOST_TEST(std::string(e.what()) == "entry-test-eu: unknown option 'color' (known options: colour)");
    }

    // The same naming for code that calls a provider directly (unit tests).
    try {
        plugin_detail::with_subject("entry-test", [] { throw Error(LLMH_ERR_TIMEOUT, "entry-test: slow"); });
    } catch (const Error& e) {
        BOOST_TEST(std::string(e.what()) == "entry-test: slow");
        BOOST_TEST(e.error_class() == LLMH_ERR_TIMEOUT);
    }
    BOOST_TEST(plugin_detail::named_message("", "as it is") == "as it is");
    BOOST_TEST(plugin_detail::named_message("x", "x") == "x");
}

// A newer service, appended after the 1.0 table, as the next minor would add one.
struct NewerServices : llmh_host_services {
    int64_t (*newer_service)(void* host);
};

BOOST_AUTO_TEST_CASE(services_beyond_an_older_hosts_table_read_as_absent) {
    // A table of this SDK's size holding the newer service: offered.
    NewerServices newer{};
    newer.struct_size = sizeof newer;
    newer.newer_service = [](void*) -> int64_t { return 7; };
    BOOST_TEST(reaches(&newer, &NewerServices::newer_service));
    // The same memory, with the struct_size of a 1.0 host: absent, though the pointer is set.
    newer.struct_size = sizeof(llmh_host_services);
    BOOST_TEST(!reaches(&newer, &NewerServices::newer_service));
    BOOST_TEST(reaches(static_cast<const llmh_host_services*>(&newer), &llmh_host_services::is_cancelled));
    BOOST_TEST(!reaches(static_cast<const NewerServices*>(nullptr), &NewerServices::newer_service));

    // Every Host and Call accessor checks: a table that ends before get_env, whose memory
    // beyond still holds working functions, gives none of them.
    FakeHost fake;
    fake.env = {{"HOME", "/home/me"}};
    fake.play_host(0, sizeof(llmh_host_services));
    const Host& host = fake.host();
    BOOST_TEST(host.env("HOME").value_or("") == "/home/me");
    BOOST_TEST(host.wall_clock_ms() == fake.wall_clock_ms);

    fake.play_host(0, offsetof(llmh_host_services, get_env));
    BOOST_TEST(!host.offers(&llmh_host_services::get_env));
    BOOST_TEST(!host.env("HOME").has_value());
    BOOST_TEST(host.wall_clock_ms() == fake.wall_clock_ms); // wall_clock_ms comes before get_env

    fake.play_host(0, offsetof(llmh_host_services, log));
    host.log(LLMH_LOG_ERROR, "not sent");
    BOOST_TEST(fake.logs.empty());
    BOOST_TEST(host.wall_clock_ms() == 0);
    BOOST_TEST(host.monotonic_ns() == 0);
    BOOST_TEST(host.abi_minor() == 0u);
    auto ctx = fake.context("sk-key");
    fake.cancelled = true;
    Call call(host, &ctx);
    BOOST_TEST(!call.cancelled());
    try {
        HttpRequest request;
        request.method = "GET";
        request.url = "http://127.0.0.1:9/";
        call.http_buffered(request);
        BOOST_ERROR("http went through a table without http_request");
    } catch (const Error& e) {
        BOOST_TEST(e.error_class() == LLMH_ERR_UNSUPPORTED);
    }
    BOOST_TEST(fake.requests.empty());

    // A table too short to hold even abi_minor.
    fake.play_host(5, 4);
    BOOST_TEST(host.abi_minor() == 0u);
    fake.play_host(LLMH_ABI_MINOR);
    BOOST_TEST(host.abi_minor() == static_cast<uint32_t>(LLMH_ABI_MINOR));
    BOOST_TEST(!Host(nullptr).env("HOME").has_value());
    BOOST_TEST(!Host(nullptr).offers(&llmh_host_services::log));
}

BOOST_AUTO_TEST_CASE(the_call_context_and_sinks_are_read_as_far_as_their_size) {
    FakeHost fake;
    auto ctx = fake.context("sk-key");
    BOOST_TEST(Call(fake.host(), &ctx).api_key() == "sk-key");
    ctx.struct_size = offsetof(llmh_call_context, api_key); // ends before the key
    BOOST_TEST(Call(fake.host(), &ctx).api_key().empty());
    BOOST_TEST(Call(fake.host(), nullptr).api_key().empty());

    // An event sink that ends before on_event: the chat fails, nothing is called.
    EventRecorder recorder;
    llmh_event_sink short_sink = *recorder.sink();
    short_sink.struct_size = offsetof(llmh_event_sink, on_event);
    const llmh_plugin& table = entry_table();
    llmh_provider* provider = nullptr;
    llmh_error error = make_empty_error();
    BOOST_REQUIRE(table.create(fake.services(), to_str("entry-test"), to_str("{}"), &provider, &error) == LLMH_OK);
    auto call = fake.context();
    const std::string request = R"({"model":"ok","messages":[]})";
    BOOST_TEST(table.chat(provider, &call, to_str(request), &short_sink, &error) == LLMH_ERR_BAD_REQUEST);
    BOOST_TEST(std::string(error.message) == "entry-test: the host's event sink has no on_event");
    BOOST_TEST(recorder.events.empty());
    BOOST_TEST(table.chat(provider, &call, to_str(request), recorder.sink(), &error) == LLMH_OK);
    BOOST_TEST(recorder.events.size() == 2u);

    // A JSON sink that ends before write.
    std::string written;
    llmh_json_sink short_json{};
    short_json.struct_size = offsetof(llmh_json_sink, write);
    short_json.user = &written;
    short_json.write = [](void* user, llmh_str json) { static_cast<std::string*>(user)->assign(view(json)); };
    const std::string embed_request = R"({"model":"e","input":["a"]})";
    BOOST_TEST(table.embed(provider, &call, to_str(embed_request), &short_json, &error) == LLMH_ERR_BAD_REQUEST);
    BOOST_TEST(std::string(error.message) == "entry-test: the host's JSON sink has no write");
    BOOST_TEST(written.empty());
    short_json.struct_size = sizeof short_json;
    BOOST_TEST(table.embed(provider, &call, to_str(embed_request), &short_json, &error) == LLMH_OK);
    BOOST_TEST(written == R"({"model":"e","data":[]})");

    // An llmh_error shorter than this SDK's: filled only as far as it reaches, the message cut
    // and terminated inside it.
    llmh_error small{};
    std::memset(&small, 'x', sizeof small);
    small.struct_size = offsetof(llmh_error, message) + 8;
    BOOST_TEST(table.chat(provider, &call, to_str(R"({"model":"plain","messages":[]})"), recorder.sink(), &small) ==
               LLMH_ERR_SERVER);
    BOOST_TEST(small.error_class == LLMH_ERR_SERVER);
    BOOST_TEST(small.http_status == 502);
    BOOST_TEST(std::string(small.message) == "entry-t");
    BOOST_TEST(small.message[8] == 'x'); // beyond its size: untouched
    table.destroy(provider);
}
