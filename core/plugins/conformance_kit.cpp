#include "core/plugins/conformance_kit.hpp"

#include "core/plugins/conformance_replay.hpp"
#include "core/plugins/plugin_lint.hpp"
#include "core/plugins/plugin_loader.hpp"

#include <llmhost/error.hpp>

#include <boost/json.hpp>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdio>
#include <filesystem>
#include <future>
#include <map>
#include <optional>
#include <set>
#include <thread>

namespace llmhost::plugins {
namespace {

// The credential every scripted call carries; it must never come back in a message.
constexpr std::string_view kit_key = "sk-kit-CANARY-7f3e9a1c5b2d";

// What the scripted upstream does for one exchange.
struct Reply {
    Reply(int status_ = 200, std::vector<std::pair<std::string, std::string>> headers_ = {}, std::string body_ = {},
          int32_t transport_error_ = LLMH_OK, bool hang = false)
        : status(status_), headers(std::move(headers_)), body(std::move(body_)), transport_error(transport_error_),
          hang_until_cancelled(hang) {}
    int status = 200;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    int32_t transport_error = LLMH_OK; // set: the exchange fails this way after the body
    bool hang_until_cancelled = false; // after the body, wait (at most 10 s) for the call's cancellation
    size_t split = 0;                  // 0 < split < body.size(): the body in two on_body chunks, cut there
    std::vector<std::pair<std::string, Reply>> by_url; // exchanges whose URL holds the key get that answer
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
        return [this](const llmh_http_request& request, const llmh_http_response_handler& handler,
                      const std::atomic<bool>* cancel, llmh_error& error) {
            ++exchanges_;
            // The host copied both structs into its own layout; struct_size is still the plugin's.
            if (request.struct_size < sizeof(llmh_http_request) || handler.struct_size < sizeof handler)
                small_structs_ = true;
            const Reply* reply = &current_;
            const std::string_view url(request.url.data ? request.url.data : "", request.url.size);
            for (const auto* answers : {&current_.by_url, &standing_})
                for (const auto& [part, answer] : *answers)
                    if (reply == &current_ && url.find(part) != std::string_view::npos) reply = &answer;
            std::vector<llmh_header> headers;
            for (const auto& [name, value] : reply->headers)
                headers.push_back({{name.data(), name.size()}, {value.data(), value.size()}});
            if (handler.on_head && !handler.on_head(handler.user, reply->status, headers.data(), headers.size()))
                return int32_t{LLMH_ERR_CANCELLED};
            const std::string& body = reply->body;
            const size_t cut = reply->split > 0 && reply->split < body.size() ? reply->split : body.size();
            if (cut > 0 && handler.on_body && !handler.on_body(handler.user, {body.data(), cut}))
                return int32_t{LLMH_ERR_CANCELLED};
            if (cut < body.size() && handler.on_body &&
                !handler.on_body(handler.user, {body.data() + cut, body.size() - cut}))
                return int32_t{LLMH_ERR_CANCELLED};
            if (reply->hang_until_cancelled) {
                const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
                while (!(cancel && cancel->load()) && std::chrono::steady_clock::now() < until)
                    std::this_thread::sleep_for(std::chrono::milliseconds(5));
                std::snprintf(error.message, sizeof error.message, "%s", "cancelled by the host");
                error.error_class = LLMH_ERR_CANCELLED;
                return int32_t{LLMH_ERR_CANCELLED};
            }
            if (reply->transport_error == LLMH_OK) return int32_t{LLMH_OK};
            error.error_class = reply->transport_error;
            error.retry_after_ms = -1;
            std::snprintf(error.message, sizeof error.message, "%s", "scripted transport failure");
            return reply->transport_error;
        };
    }
    // Set between calls only: concurrent calls all get the same answer.
    void answer(Reply reply) {
        current_ = std::move(reply);
        exchanges_ = 0;
    }
    int exchanges() const { return exchanges_; }
    // Exchanges every later answer gives by URL, unless it has its own for that URL: the
    // recordings' other exchanges (a token exchange), so that the scripted failures reach the
    // call's own exchange. Set before any call.
    void set_standing(std::vector<std::pair<std::string, Reply>> by_url) { standing_ = std::move(by_url); }
    // Whether any exchange came with an llmh_http_request or handler smaller than the host's.
    bool saw_small_structs() const { return small_structs_; }

  private:
    Reply current_;
    std::vector<std::pair<std::string, Reply>> standing_;
    std::atomic<int> exchanges_{0};
    std::atomic<bool> small_structs_{false};
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

// ---- The event contract, on successful exchanges --------------------------------------------

// One event as the plugin sent it (views copied).
struct Seen {
    int32_t type = 0;
    int32_t index = 0;
    int32_t finish = 0;
    uint32_t struct_size = 0;
    std::string text, id, name;
    llmh_usage usage{};
    int64_t cache_write_tokens = -1;
};

Seen seen(const llmh_event& e) {
    Seen s{e.type,
           e.index,
           e.finish_reason,
           e.struct_size,
           std::string(view(e.text)),
           std::string(view(e.id)),
           std::string(view(e.name)),
           e.usage};
    if (e.struct_size >= offsetof(llmh_event, cache_write_tokens) + sizeof e.cache_write_tokens)
        s.cache_write_tokens = e.cache_write_tokens;
    return s;
}

const char* event_name(int32_t type) {
    switch (type) {
    case LLMH_EVENT_MESSAGE_START: return "MESSAGE_START";
    case LLMH_EVENT_TEXT_DELTA: return "TEXT_DELTA";
    case LLMH_EVENT_REASONING_DELTA: return "REASONING_DELTA";
    case LLMH_EVENT_TOOL_CALL_START: return "TOOL_CALL_START";
    case LLMH_EVENT_TOOL_CALL_DELTA: return "TOOL_CALL_DELTA";
    case LLMH_EVENT_USAGE: return "USAGE";
    case LLMH_EVENT_FINISH: return "FINISH";
    case LLMH_EVENT_REASONING_STATE: return "REASONING_STATE";
    default: return "an unknown event";
    }
}

const char* finish_name(int32_t reason) {
    switch (reason) {
    case LLMH_FINISH_NONE: return "none";
    case LLMH_FINISH_STOP: return "stop";
    case LLMH_FINISH_LENGTH: return "length";
    case LLMH_FINISH_TOOL_CALLS: return "tool_calls";
    case LLMH_FINISH_CONTENT_FILTER: return "content_filter";
    case LLMH_FINISH_ERROR: return "error";
    default: return "unknown";
    }
}

// The event contract's rules, each a reported check of its own.
enum Rule { rule_start, rule_finish, rule_tools, rule_usage, rule_count };

constexpr std::array<const char*, rule_count> rule_names = {
    "event contract: MESSAGE_START first, and once",
    "event contract: FINISH exactly once, and last",
    "event contract: tool calls consistent (START before its DELTAs, indices 0.. in order of appearance, ids "
    "non-empty and distinct)",
    "event contract: USAGE sent when the upstream reported usage",
};

// What breaks each rule in one call's events ("" where nothing does).
std::array<std::string, rule_count> contract_problems(const std::vector<Seen>& events, bool usage_reported) {
    std::array<std::string, rule_count> p;
    const auto count = [&](int32_t type) {
        return std::count_if(events.begin(), events.end(), [&](const Seen& e) { return e.type == type; });
    };
    if (events.empty())
        p[rule_start] = "no event at all";
    else if (events.front().type != LLMH_EVENT_MESSAGE_START)
        p[rule_start] = std::string("the first event is ") + event_name(events.front().type);
    else if (const auto n = count(LLMH_EVENT_MESSAGE_START); n > 1)
        p[rule_start] = "MESSAGE_START sent " + std::to_string(n) + " times";

    if (const auto n = count(LLMH_EVENT_FINISH); n != 1)
        p[rule_finish] = "FINISH sent " + std::to_string(n) + " times";
    else if (events.back().type != LLMH_EVENT_FINISH)
        p[rule_finish] = std::string(event_name(events.back().type)) + " sent after FINISH";

    std::map<int32_t, std::string> started; // index -> id
    std::set<std::string> ids;
    for (const auto& e : events) {
        if (!p[rule_tools].empty()) break;
        if (e.type == LLMH_EVENT_TOOL_CALL_START) {
            const auto expected = static_cast<int32_t>(started.size());
            if (e.index != expected)
                p[rule_tools] = "TOOL_CALL_START with index " + std::to_string(e.index) + " where " +
                                std::to_string(expected) + " was due";
            else if (e.id.empty())
                p[rule_tools] = "tool call " + std::to_string(e.index) + " has no id";
            else if (!ids.insert(e.id).second)
                p[rule_tools] = "tool call id '" + e.id + "' used twice";
            else if (e.name.empty())
                p[rule_tools] = "tool call " + std::to_string(e.index) + " has no name";
            started.emplace(e.index, e.id);
        } else if (e.type == LLMH_EVENT_TOOL_CALL_DELTA && !started.count(e.index)) {
            p[rule_tools] = "TOOL_CALL_DELTA for index " + std::to_string(e.index) + " before its TOOL_CALL_START";
        }
    }
    if (usage_reported && count(LLMH_EVENT_USAGE) == 0)
        p[rule_usage] = "no USAGE event, though the upstream reported usage";
    return p;
}

bool same_json(const std::string& a, const std::string& b) {
    boost::system::error_code ea, eb;
    const auto va = boost::json::parse(a, ea);
    const auto vb = boost::json::parse(b, eb);
    return !ea && !eb && va == vb;
}

// How the events differ from what the recording says the call produces ("" when they do not).
std::string outcome_problem(const Recording& r, const std::vector<Seen>& events) {
    std::string text, reasoning;
    struct Call {
        std::string id, name, arguments;
    };
    std::map<int32_t, Call> calls;
    const Seen* finish = nullptr;
    const Seen* usage = nullptr;
    for (const auto& e : events) {
        if (e.type == LLMH_EVENT_TEXT_DELTA) text += e.text;
        if (e.type == LLMH_EVENT_REASONING_DELTA) reasoning += e.text;
        if (e.type == LLMH_EVENT_TOOL_CALL_START) calls[e.index] = {e.id, e.name, {}};
        if (e.type == LLMH_EVENT_TOOL_CALL_DELTA) calls[e.index].arguments += e.text;
        if (e.type == LLMH_EVENT_FINISH && !finish) finish = &e;
        if (e.type == LLMH_EVENT_USAGE) usage = &e;
    }
    if (r.text && text != *r.text) return "text \"" + text + "\", expected \"" + *r.text + "\"";
    if (r.reasoning && reasoning != *r.reasoning)
        return "reasoning \"" + reasoning + "\", expected \"" + *r.reasoning + "\"";
    if (r.tool_calls) {
        if (calls.size() != r.tool_calls->size())
            return std::to_string(calls.size()) + " tool call(s), expected " + std::to_string(r.tool_calls->size());
        size_t i = 0;
        for (const auto& [index, c] : calls) {
            const auto& want = (*r.tool_calls)[i++];
            const std::string which = "tool call " + std::to_string(index);
            if (!want.id.empty() && c.id != want.id)
                return which + " has id '" + c.id + "', expected '" + want.id + "'";
            if (!want.name.empty() && c.name != want.name)
                return which + " is named '" + c.name + "', expected '" + want.name + "'";
            if (want.arguments && !same_json(c.arguments.empty() ? "{}" : c.arguments, *want.arguments))
                return which + " has arguments " + c.arguments + ", expected " + *want.arguments;
        }
    }
    if (r.finish && (!finish || finish->finish != *r.finish))
        return std::string("finish reason ") + (finish ? finish_name(finish->finish) : "(no FINISH)") + ", expected " +
               finish_name(*r.finish);
    for (const auto& [field, want] : r.usage) {
        if (!usage) return "no usage, expected " + field + " " + std::to_string(want);
        const int64_t got = field == "input_tokens"          ? usage->usage.input_tokens
                            : field == "output_tokens"       ? usage->usage.output_tokens
                            : field == "cached_input_tokens" ? usage->usage.cached_input_tokens
                            : field == "reasoning_tokens"    ? usage->usage.reasoning_tokens
                                                             : usage->cache_write_tokens;
        if (got != want) return "usage " + field + " " + std::to_string(got) + ", expected " + std::to_string(want);
    }
    return {};
}

// ---- Replaying recordings -------------------------------------------------------------------

// Bodies up to this size are split at every byte boundary; a longer one at this many evenly
// spread boundaries (the time a replay takes stays bounded whatever the author recorded).
constexpr size_t split_every_byte_up_to = 4096;
constexpr size_t splits_of_a_long_body = 512;

std::vector<size_t> split_points(size_t size) {
    std::vector<size_t> at;
    if (size < 2) return at;
    if (size <= split_every_byte_up_to) {
        for (size_t k = 1; k < size; ++k)
            at.push_back(k);
        return at;
    }
    for (size_t i = 1; i <= splits_of_a_long_body; ++i)
        at.push_back(i * (size - 1) / (splits_of_a_long_body + 1) + 1);
    return at;
}

Reply reply_of(const RecordedResponse& r) { return {r.status, r.headers, r.body}; }

Reply scripted(const Recording& r, size_t split) {
    // No response recorded: a provider that answers without HTTP; one that asks gets a 500.
    Reply reply = r.response ? reply_of(*r.response) : json_error(500, "the recording holds no exchange");
    reply.split = split;
    for (const auto& e : r.exchanges)
        reply.by_url.emplace_back(e.url_contains, reply_of(e));
    return reply;
}

// What one replayed call came to.
struct Outcome {
    std::vector<Seen> events;
    std::optional<int32_t> error_class; // set: it failed
    int64_t retry_after_ms = -1;
    int http_status = 0;
    std::string message;
};

Outcome replay_once(ProviderInstance& instance, ScriptedUpstream& upstream, const Recording& r, size_t split) {
    upstream.answer(scripted(r, split));
    Outcome out;
    CallOptions call;
    call.api_key = kit_key;
    try {
        instance.chat(r.request, call, [&](const llmh_event& e) {
            out.events.push_back(seen(e));
            return true;
        });
    } catch (const Error& e) {
        out.error_class = e.error_class();
        out.retry_after_ms = e.retry_after_ms();
        out.http_status = e.http_status();
        out.message = e.what();
    } catch (const std::exception& e) {
        out.error_class = LLMH_ERR_PLUGIN_INTERNAL;
        out.message = std::string("not a typed error: ") + e.what();
    }
    return out;
}

// The first problem of the events contract, over every replayed success, per rule.
struct ContractTally {
    int calls = 0; // successful calls checked
    std::set<std::string> kinds;
    std::array<std::string, rule_count> first_problem;
};

// What is wrong with one replayed call ("" when nothing); the event contract's problems also
// go to `tally`.
std::string judge(const Recording& r, const Outcome& o, int exchanges, ContractTally& tally, const std::string& where) {
    if (!r.response && exchanges > 0) return "made an HTTP exchange, where the recording holds none";
    if (leaks_key(o.message)) return "the error message holds part of the key";
    if (r.expects_error()) {
        if (!o.error_class) return "the call succeeded, expected " + std::string(error_class_name(*r.error_class));
        if (*o.error_class != *r.error_class)
            return "got " + std::string(error_class_name(*o.error_class)) + ", expected " +
                   std::string(error_class_name(*r.error_class)) + ": " + o.message;
        if (r.retry_after_ms && o.retry_after_ms != *r.retry_after_ms)
            return "retry_after_ms " + std::to_string(o.retry_after_ms) + ", expected " +
                   std::to_string(*r.retry_after_ms);
        if (r.http_status && o.http_status != *r.http_status)
            return "http_status " + std::to_string(o.http_status) + ", expected " + std::to_string(*r.http_status);
        return {};
    }
    if (o.error_class) return "failed with " + std::string(error_class_name(*o.error_class)) + ": " + o.message;
    ++tally.calls;
    const auto problems = contract_problems(o.events, !r.usage.empty());
    std::string first;
    for (int rule = 0; rule < rule_count; ++rule) {
        if (problems[rule].empty()) continue;
        if (tally.first_problem[rule].empty()) tally.first_problem[rule] = r.file + where + ": " + problems[rule];
        if (first.empty()) first = problems[rule];
    }
    if (!first.empty()) return first;
    return outcome_problem(r, o.events);
}

// One reported check per recording: replayed whole, then split at every boundary.
void check_recording(ProviderInstance& instance, ScriptedUpstream& upstream, const Recording& r, ContractTally& tally,
                     std::vector<Seen>& all_events, const CheckFn& check) {
    const size_t body = r.response ? r.response->body.size() : 0;
    const auto splits = split_points(body);
    std::string name = "replay " + std::filesystem::path(r.file).filename().string() + " (" + r.name + "): ";
    name += r.expects_error() ? std::string(error_class_name(*r.error_class)) : "success";
    if (!splits.empty())
        name += body <= split_every_byte_up_to
                    ? ", whole and split at each of " + std::to_string(splits.size()) + " byte boundaries"
                    : ", whole and split at " + std::to_string(splits.size()) + " of " + std::to_string(body - 1) +
                          " byte boundaries (body over " + std::to_string(split_every_byte_up_to) + " bytes)";
    if (!r.expects_error()) {
        tally.kinds.insert(r.streamed() ? "streamed" : "not streamed");
        if (r.has_tool_calls())
            tally.kinds.insert("with tool calls");
        else
            tally.kinds.insert("without tool calls");
    }
    const Outcome whole = replay_once(instance, upstream, r, 0);
    all_events.insert(all_events.end(), whole.events.begin(), whole.events.end());
    std::string problem = judge(r, whole, upstream.exchanges(), tally, "");
    if (!problem.empty()) return check(name, false, "replayed whole: " + problem);
    for (const size_t k : splits) {
        const Outcome o = replay_once(instance, upstream, r, k);
        const std::string where = " (split at byte " + std::to_string(k) + ")";
        problem = judge(r, o, upstream.exchanges(), tally, where);
        if (!problem.empty())
            return check(name, false,
                         "split at byte " + std::to_string(k) + " of " + std::to_string(body) + ": " + problem);
    }
    check(name, true, {});
}

// ---- struct_size, both ways -----------------------------------------------------------------

// The size of each host-side struct as a host of `minor` sends it. Members appended to these
// since 1.0: none yet (1.1 and 1.2 grew llmh_event and llmh_plugin only), so every minor's
// size is today's; when one grows, its older size goes here and the kit tests it.
struct HostSizes {
    size_t services, context, event_sink;
};
HostSizes host_sizes(uint32_t) {
    return {sizeof(llmh_host_services), sizeof(llmh_call_context), sizeof(llmh_event_sink)};
}

// The smallest llmh_event the host reads from a plugin built against `minor`: 1.0's ends
// before `data` (appended in 1.1 with cache_write_tokens).
size_t event_size_of_minor(uint32_t minor) { return minor >= 1 ? sizeof(llmh_event) : offsetof(llmh_event, data); }

// Room for a struct as a newer host sends it: members appended beyond this host's.
constexpr size_t newer_host_extra = 64;
template <class T> struct Sized {
    alignas(std::max_align_t) unsigned char bytes[sizeof(T) + newer_host_extra] = {};
    T* get() { return reinterpret_cast<T*>(bytes); }
};

struct SizeTally {
    uint32_t smallest_event = UINT32_MAX;
    std::string error_problem;
};

// The plugin's own table entry points called with host structs of an older host (abi_minor 0,
// its sizes), this host's and a newer host's (larger structs, a newer minor): create and one
// chat must work with each. The call replays `success` when there is one, else gets a 500.
void check_host_struct_sizes(const LoadedPlugin& loaded, const HostServices& services, const std::string& provider_id,
                             const std::string& config, ScriptedUpstream& upstream, const Recording* success,
                             bool offline, SizeTally& sizes, const CheckFn& check) {
    struct HostKind {
        std::string name;
        uint32_t minor;
        size_t extra;
    };
    const std::vector<HostKind> hosts = {
        {"a 1.0 host's structs (abi_minor 0, 1.0 sizes)", 0, 0},
        {"this host's structs (abi_minor " + std::to_string(LLMH_ABI_MINOR) + ")", LLMH_ABI_MINOR, 0},
        {"a newer host's structs (abi_minor " + std::to_string(LLMH_ABI_MINOR + 1) + ", each " +
             std::to_string(newer_host_extra) + " bytes larger)",
         LLMH_ABI_MINOR + 1, newer_host_extra},
    };
    // The plugin may keep the services it was created with: they live as long as the process.
    static std::array<Sized<llmh_host_services>, 3> tables;
    const llmh_plugin& table = loaded.table();
    for (size_t h = 0; h < hosts.size(); ++h) {
        const auto& host = hosts[h];
        const HostSizes size = host_sizes(host.minor);
        llmh_host_services* s = tables[h].get();
        *s = *services.table();
        s->struct_size = static_cast<uint32_t>(size.services + host.extra);
        s->abi_minor = host.minor;

        const std::string what = success   ? "replaying " + std::filesystem::path(success->file).filename().string()
                                 : offline ? "a chat without HTTP"
                                           : "a scripted 500";
        const std::string name = "struct_size: create and chat take " + host.name + " (" + what + ")";
        llmh_error error = make_empty_error();
        llmh_provider* provider = nullptr;
        const int32_t created = table.create(s, {provider_id.data(), provider_id.size()},
                                             {config.data(), config.size()}, &provider, &error);
        if (created != LLMH_OK || !provider) {
            check(name, false, "create answered " + std::string(error_class_name(created)) + ": " + error.message);
            continue;
        }
        upstream.answer(success ? scripted(*success, 0) : json_error(500, "internal error"));
        std::atomic<bool> cancel{false};
        CallState state;
        state.cancel = &cancel;
        state.script = services.http_script();
        Sized<llmh_call_context> context_bytes;
        llmh_call_context* context = context_bytes.get();
        context->struct_size = static_cast<uint32_t>(size.context + host.extra);
        context->api_key = {kit_key.data(), kit_key.size()};
        context->host_call = &state;
        std::vector<Seen> events;
        Sized<llmh_event_sink> sink_bytes;
        llmh_event_sink* sink = sink_bytes.get();
        sink->struct_size = static_cast<uint32_t>(size.event_sink + host.extra);
        sink->user = &events;
        sink->on_event = [](void* user, const llmh_event* e) {
            if (e) static_cast<std::vector<Seen>*>(user)->push_back(seen(*e));
            return true;
        };
        const std::string request = success ? success->request : chat_request;
        error = make_empty_error();
        const int32_t rc = table.chat ? table.chat(provider, context, {request.data(), request.size()}, sink, &error)
                                      : int32_t{LLMH_ERR_UNSUPPORTED};
        if (table.destroy) table.destroy(provider);

        for (const auto& e : events)
            sizes.smallest_event = std::min(sizes.smallest_event, e.struct_size);
        std::string problem;
        const bool expect_ok = success || (offline && upstream.exchanges() == 0);
        if (rc != LLMH_OK && error.struct_size < sizeof(llmh_error) && sizes.error_problem.empty())
            sizes.error_problem = "the llmh_error it filled carries struct_size " + std::to_string(error.struct_size) +
                                  ", less than the " + std::to_string(sizeof(llmh_error)) + " bytes the host reads";
        if (expect_ok && rc != LLMH_OK)
            problem = "chat answered " + std::string(error_class_name(rc)) + ": " + error.message;
        else if (expect_ok && events.empty())
            problem = "chat succeeded without an event reaching the sink";
        else if (!expect_ok && rc != LLMH_ERR_SERVER)
            problem =
                "chat answered " + std::string(error_class_name(rc)) + " to a 500, expected server: " + error.message;
        check(name, problem.empty(), problem);
    }
}

// What the plugin hands the host — events, errors, HTTP requests and handlers — carries a
// struct_size the host reads.
void check_plugin_struct_sizes(const llmh_plugin& table, const SizeTally& sizes, const ScriptedUpstream& upstream,
                               bool saw_events, const CheckFn& check) {
    const size_t need = event_size_of_minor(table.abi_minor);
    std::string problem;
    if (sizes.smallest_event < need)
        problem = "an event carries struct_size " + std::to_string(sizes.smallest_event) + ", less than the " +
                  std::to_string(need) + " bytes of an llmh_event of ABI 1." + std::to_string(table.abi_minor);
    else if (!sizes.error_problem.empty())
        problem = sizes.error_problem;
    else if (upstream.saw_small_structs())
        problem = "an llmh_http_request or llmh_http_response_handler came with a struct_size below its 1.0 size";
    check(std::string("struct_size: the events, errors and HTTP structs it sends carry a size the host reads") +
              (saw_events ? "" : " (no event seen: events unchecked)"),
          problem.empty(), problem);
}

} // namespace

bool KitReport::passed() const {
    return std::all_of(checks.begin(), checks.end(), [](const KitCheck& c) { return c.passed || c.not_run; });
}

KitReport run_conformance_kit(const PluginFile& file, const std::string& provider_id,
                              const std::optional<std::string>& configured,
                              const std::optional<std::string>& replay_dir) {
    KitReport report{file.path, provider_id, {}};
    // Read first: a recording that cannot be read is the author's mistake, reported as such.
    const std::vector<Recording> recordings = replay_dir ? load_recordings(*replay_dir) : std::vector<Recording>{};
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

    // The other exchanges the recordings answer (a token exchange before the call's own) are
    // answered the same way for every scripted call.
    std::vector<std::pair<std::string, Reply>> standing;
    for (const auto& r : recordings)
        for (const auto& e : r.exchanges)
            if (std::none_of(standing.begin(), standing.end(),
                             [&](const auto& s) { return s.first == e.url_contains; }))
                standing.emplace_back(e.url_contains, reply_of(e));
    upstream.set_standing(std::move(standing));

    CallOptions call;
    call.api_key = kit_key;
    bool offline = false;
    for (const auto& c : failure_cases()) {
        upstream.answer(c.reply);
        const std::string name = c.name + " -> " + class_list(c.classes);
        try {
            instance->chat(chat_request, call, [](const llmh_event&) { return true; });
            if (upstream.exchanges() == 0) { // an offline provider: there is no upstream to fail
                check("upstream failures: not applicable, the provider answers without HTTP", true, {});
                offline = true;
                break;
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
    if (!offline) {
        check_cancellation(*instance, upstream, check);
        check_concurrency(*instance, upstream, check);
    }

    // The author's recordings: each replayed whole and split, each successful call checked
    // against the event contract.
    ContractTally tally;
    std::vector<Seen> events;
    for (const auto& r : recordings) {
        if (!r.options) {
            check_recording(*instance, upstream, r, tally, events, check);
            continue;
        }
        // Options of its own: an instance of its own, the options set over the configuration's.
        boost::json::object config = base;
        if (!config["options"].is_object()) config["options"].emplace_object();
        const boost::json::value options = boost::json::parse(*r.options);
        for (const auto& [key, value] : options.as_object())
            config["options"].as_object()[key] = value;
        try {
            const auto own = loaded.create(provider->id, boost::json::serialize(config));
            check_recording(*own, upstream, r, tally, events, check);
        } catch (const Error& e) {
            check("replay " + std::filesystem::path(r.file).filename().string() + " (" + r.name + ")", false,
                  std::string("create refused the recording's options: ") + e.what());
        }
    }
    const std::string no_success =
        replay_dir ? "no recording in " + *replay_dir + " is a successful exchange"
                   : "needs a successful exchange in the provider's wire format: give recordings with --replay DIR";
    std::string kinds;
    for (const auto& k : tally.kinds)
        kinds += (kinds.empty() ? "" : ", ") + k;
    for (int rule = 0; rule < rule_count; ++rule) {
        if (tally.calls == 0) {
            report.checks.push_back({rule_names[rule], false, "not run: " + no_success, true});
            continue;
        }
        check(std::string(rule_names[rule]) + " (" + std::to_string(tally.calls) + " replayed calls: " + kinds + ")",
              tally.first_problem[rule].empty(), tally.first_problem[rule]);
    }

    // struct_size both ways, with the first successful recording (without options of its own)
    // when there is one.
    const auto success = std::find_if(recordings.begin(), recordings.end(),
                                      [](const Recording& r) { return !r.expects_error() && !r.options; });
    SizeTally sizes;
    for (const auto& e : events)
        sizes.smallest_event = std::min(sizes.smallest_event, e.struct_size);
    instance.reset(); // the raw calls below create their own instances
    check_host_struct_sizes(loaded, services, provider->id, boost::json::serialize(base), upstream,
                            success == recordings.end() ? nullptr : &*success, offline, sizes, check);
    check_plugin_struct_sizes(loaded.table(), sizes, upstream, sizes.smallest_event != UINT32_MAX, check);
    return report;
}

} // namespace llmhost::plugins
