#include "core/plugins/conformance_kit.hpp"

#include "core/plugins/plugin_lint.hpp"
#include "core/plugins/plugin_loader.hpp"

#include <llmhost/error.hpp>

#include <boost/json.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <future>
#include <optional>
#include <set>
#include <thread>

namespace llmhost::plugins {
namespace {

// The credential every scripted call carries; it must never come back in a message.
constexpr std::string_view kit_key = "sk-kit-CANARY-7f3e9a1c5b2d";

// What the scripted upstream does for one exchange.
struct Reply {
    int status = 200;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    int32_t transport_error = LLMH_OK; // set: the exchange fails this way after the body
    bool hang_until_cancelled = false; // after the body, wait (at most 10 s) for the call's cancellation
};

// One upstream failure and what the plugin must make of it.
struct Case {
    std::string name;
    Reply reply;
    std::set<int32_t> classes;   // acceptable error classes
    int64_t retry_after_ms = -1; // expected hint, when >= 0
};

Reply json_error(int status, std::string message, std::vector<std::pair<std::string, std::string>> headers = {}) {
    headers.emplace_back("Content-Type", "application/json");
    return {status, std::move(headers),
            R"({"error":{"message":")" + message + R"(","type":"scripted_error","code":"scripted"}})"};
}

std::vector<Case> failure_cases() {
    using S = std::set<int32_t>;
    return {
        {"status 400", json_error(400, "invalid request"), S{LLMH_ERR_BAD_REQUEST}},
        {"status 401", json_error(401, "invalid api key"), S{LLMH_ERR_AUTHENTICATION}},
        {"status 403", json_error(403, "forbidden"), S{LLMH_ERR_PERMISSION}},
        {"status 404", json_error(404, "no such model"), S{LLMH_ERR_NOT_FOUND}},
        {"status 408", json_error(408, "request timeout"), S{LLMH_ERR_TIMEOUT}},
        {"status 409", json_error(409, "conflict"), S{LLMH_ERR_BAD_REQUEST, LLMH_ERR_SERVER}},
        {"status 413", json_error(413, "request too large"), S{LLMH_ERR_BAD_REQUEST, LLMH_ERR_CONTEXT_LENGTH}},
        {"status 422", json_error(422, "unprocessable"), S{LLMH_ERR_BAD_REQUEST}},
        {"status 429, Retry-After in seconds", json_error(429, "rate limit reached", {{"Retry-After", "7"}}),
         S{LLMH_ERR_RATE_LIMITED}, 7000},
        {"status 429, retry-after-ms", json_error(429, "rate limit reached", {{"retry-after-ms", "250"}}),
         S{LLMH_ERR_RATE_LIMITED}, 250},
        {"status 429, Retry-After as an HTTP date in the past", // nothing left to wait: no hint, or 0
         json_error(429, "rate limit reached", {{"Retry-After", "Wed, 21 Oct 2015 07:28:00 GMT"}}),
         S{LLMH_ERR_RATE_LIMITED}},
        {"status 500", json_error(500, "internal error"), S{LLMH_ERR_SERVER}},
        {"status 502", json_error(502, "bad gateway"), S{LLMH_ERR_SERVER, LLMH_ERR_NETWORK}},
        {"status 503", json_error(503, "unavailable"), S{LLMH_ERR_SERVER, LLMH_ERR_OVERLOADED}},
        {"status 529", json_error(529, "overloaded"), S{LLMH_ERR_OVERLOADED, LLMH_ERR_SERVER}},
        {"a timeout", {200, {}, "", LLMH_ERR_TIMEOUT}, S{LLMH_ERR_TIMEOUT}},
        {"a body cut short",
         {200, {{"Content-Type", "application/json"}}, R"({"id":"x","choi)", LLMH_ERR_NETWORK},
         S{LLMH_ERR_NETWORK, LLMH_ERR_MALFORMED_RESPONSE}},
        {"garbage instead of JSON",
         {200, {{"Content-Type", "application/json"}}, "<html>oops</html>"},
         S{LLMH_ERR_MALFORMED_RESPONSE}},
    };
}

// The scripted host: every exchange gets `current`.
class ScriptedUpstream {
  public:
    HttpScript script() {
        return [this](const llmh_http_request&, const llmh_http_response_handler& handler,
                      const std::atomic<bool>* cancel, llmh_error& error) {
            ++exchanges_;
            std::vector<llmh_header> headers;
            for (const auto& [name, value] : current_.headers)
                headers.push_back({{name.data(), name.size()}, {value.data(), value.size()}});
            if (handler.on_head && !handler.on_head(handler.user, current_.status, headers.data(), headers.size()))
                return int32_t{LLMH_ERR_CANCELLED};
            if (!current_.body.empty() && handler.on_body &&
                !handler.on_body(handler.user, {current_.body.data(), current_.body.size()}))
                return int32_t{LLMH_ERR_CANCELLED};
            if (current_.hang_until_cancelled) {
                const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
                while (!(cancel && cancel->load()) && std::chrono::steady_clock::now() < until)
                    std::this_thread::sleep_for(std::chrono::milliseconds(5));
                std::snprintf(error.message, sizeof error.message, "%s", "cancelled by the host");
                error.error_class = LLMH_ERR_CANCELLED;
                return int32_t{LLMH_ERR_CANCELLED};
            }
            if (current_.transport_error == LLMH_OK) return int32_t{LLMH_OK};
            error.error_class = current_.transport_error;
            error.retry_after_ms = -1;
            std::snprintf(error.message, sizeof error.message, "%s", "scripted transport failure");
            return current_.transport_error;
        };
    }
    // Set between calls only: concurrent calls all get the same answer.
    void answer(Reply reply) {
        current_ = std::move(reply);
        exchanges_ = 0;
    }
    int exchanges() const { return exchanges_; }

  private:
    Reply current_;
    std::atomic<int> exchanges_{0};
};

std::string config_json(const ProviderMetadata& provider, const boost::json::object& options) {
    return boost::json::serialize(
        boost::json::object{{"id", provider.id},
                            {"base_url", provider.base_url.empty() ? "http://kit.invalid/v1" : provider.base_url},
                            {"default_model", "kit-model"},
                            {"options", options}});
}

const std::string chat_request =
    R"({"model":"kit-model","messages":[{"role":"user","content":[{"type":"text","text":"hi"}]}],"stream":false})";

// A piece of the key long enough to identify it, anywhere in `text`.
bool leaks_key(std::string_view text) {
    for (size_t at = 0; at + 8 <= kit_key.size(); ++at)
        if (text.find(kit_key.substr(at, 8)) != std::string_view::npos) return true;
    return false;
}

std::string class_list(const std::set<int32_t>& classes) {
    std::string out;
    for (const int32_t c : classes)
        out += (out.empty() ? "" : " or ") + std::string(error_class_name(c));
    return out;
}

using CheckFn = std::function<void(std::string, bool, std::string)>;

// A stream whose upstream goes quiet: the host cancels the call, which must end soon after.
void check_cancellation(ProviderInstance& instance, ScriptedUpstream& upstream, const CheckFn& check) {
    upstream.answer({200, {{"Content-Type", "text/event-stream"}}, ": waiting\n\n", LLMH_OK, true});
    std::atomic<bool> cancel{false};
    CallOptions call;
    call.api_key = kit_key;
    call.cancel = &cancel;
    auto cancelling = std::async(std::launch::async, [&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        cancel = true;
    });
    const auto started = std::chrono::steady_clock::now();
    std::string problem;
    try {
        instance.chat(chat_request, call, [](const llmh_event&) { return true; });
    } catch (const Error& e) {
        if (e.error_class() != LLMH_ERR_CANCELLED)
            problem = "ended with " + std::string(error_class_name(e.error_class())) + ", not cancelled: " + e.what();
    } catch (const std::exception& e) {
        problem = std::string("not a typed error: ") + e.what();
    }
    cancelling.wait();
    const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
    if (problem.empty() && took > std::chrono::seconds(1))
        problem = "it took " + std::to_string(took.count()) + " ms to stop";
    check("a cancelled call ends within a second, as cancelled", problem.empty(), problem);
}

// Calls at once on one instance: each gets its own typed answer.
void check_concurrency(ProviderInstance& instance, ScriptedUpstream& upstream, const CheckFn& check) {
    upstream.answer(json_error(500, "internal error"));
    constexpr int calls = 8;
    std::vector<std::future<std::string>> results;
    for (int i = 0; i < calls; ++i)
        results.push_back(std::async(std::launch::async, [&instance] {
            CallOptions call;
            call.api_key = kit_key;
            try {
                instance.chat(chat_request, call, [](const llmh_event&) { return true; });
                return std::string("a call succeeded");
            } catch (const Error& e) {
                return e.error_class() == LLMH_ERR_SERVER ? std::string()
                                                          : "got " + std::string(error_class_name(e.error_class()));
            } catch (const std::exception& e) {
                return std::string("not a typed error: ") + e.what();
            }
        }));
    std::string problem;
    for (auto& r : results)
        if (std::string p = r.get(); !p.empty() && problem.empty()) problem = p;
    check(std::to_string(calls) + " calls at once on one instance, each answered", problem.empty(), problem);
}

} // namespace

bool KitReport::passed() const {
    return std::all_of(checks.begin(), checks.end(), [](const KitCheck& c) { return c.passed; });
}

KitReport run_conformance_kit(const PluginFile& file, const std::string& provider_id,
                              const std::optional<std::string>& configured) {
    KitReport report{file.path, provider_id, {}};
    if (!file.metadata || file.metadata->providers.empty())
        throw PluginLoadError(file.path + ": declares no provider to test");
    const ProviderMetadata* provider = &file.metadata->providers.front();
    if (!provider_id.empty()) {
        const auto& all = file.metadata->providers;
        const auto it = std::find_if(all.begin(), all.end(), [&](const auto& p) { return p.id == provider_id; });
        if (it == all.end()) throw PluginLoadError(file.path + ": declares no provider '" + provider_id + "'");
        provider = &*it;
    }
    report.provider = provider->id;

    // Services of its own, whose HTTP is the script: nothing reaches the network. Static: a
    // loaded plugin keeps the services it was loaded with for the rest of the process.
    static transport::HttpClient unused_transport;
    static HostServices services(unused_transport);
    static ScriptedUpstream upstream;
    services.set_http_script(upstream.script());
    services.set_logger([](llmh_log_level, std::string_view) {}, LLMH_LOG_ERROR);
    const LoadedPlugin& loaded = load_plugin(file, services);

    const CheckFn check = [&](std::string name, bool passed, std::string detail) {
        report.checks.push_back({std::move(name), passed, passed ? std::string() : std::move(detail)});
    };

    for (const auto& problem : lint_plugin(file, loaded.table()))
        check("built as a plugin should be", false, problem);
    if (report.checks.empty()) check("built as a plugin should be (one exported symbol, one name)", true, {});

    // The configuration to start from, and the same with an option no plugin knows.
    boost::json::object base = configured ? boost::json::parse(*configured).as_object()
                                          : boost::json::parse(config_json(*provider, {})).as_object();
    boost::json::object unknown = base;
    if (!unknown["options"].is_object()) unknown["options"].emplace_object();
    unknown["options"].as_object()["kit_no_such_option"] = true;

    // Unknown options are refused, by name.
    try {
        loaded.create(provider->id, boost::json::serialize(unknown));
        check("create refuses an unknown option", false, "create accepted options.kit_no_such_option");
    } catch (const Error& e) {
        const std::string message = e.what();
        check("create refuses an unknown option, naming it",
              e.error_class() == LLMH_ERR_INVALID_CONFIG && message.find("kit_no_such_option") != std::string::npos,
              std::string(error_class_name(e.error_class())) + ": " + message);
    }

    std::unique_ptr<ProviderInstance> instance;
    try {
        instance = loaded.create(provider->id, boost::json::serialize(base));
    } catch (const Error& e) {
        check("create with its metadata's defaults", false, e.what());
        return report;
    }

    CallOptions call;
    call.api_key = kit_key;
    for (const auto& c : failure_cases()) {
        upstream.answer(c.reply);
        const std::string name = c.name + " -> " + class_list(c.classes);
        try {
            instance->chat(chat_request, call, [](const llmh_event&) { return true; });
            if (upstream.exchanges() == 0) { // an offline provider: there is no upstream to fail
                check("upstream failures: not applicable, the provider answers without HTTP", true, {});
                return report;
            }
            check(name, false, "the call succeeded");
            continue;
        } catch (const Error& e) {
            const std::string message = e.what();
            if (leaks_key(message)) {
                check(name + ", no credential in the message", false, "the message holds part of the key");
                continue;
            }
            std::string problem;
            if (!c.classes.count(e.error_class()))
                problem = "got " + std::string(error_class_name(e.error_class())) + ": " + message;
            else if (c.retry_after_ms >= 0 && e.retry_after_ms() != c.retry_after_ms)
                problem = "retry_after_ms " + std::to_string(e.retry_after_ms()) + ", expected " +
                          std::to_string(c.retry_after_ms);
            check(name, problem.empty(), problem);
        } catch (const std::exception& e) {
            check(name, false, std::string("not a typed error: ") + e.what());
        }
    }
    check_cancellation(*instance, upstream, check);
    check_concurrency(*instance, upstream, check);
    return report;
}

} // namespace llmhost::plugins
