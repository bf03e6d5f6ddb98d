// A fake llmh_host_services for plugin unit tests, with no sockets: http_request replays
// canned responses (the body cut into chunks at chosen offsets, optionally followed by a
// transport failure) and records every request. Also an event recorder for llmh_event_sink
// and helpers that call a plugin through its C table exactly as the host does.
#pragma once

#include "event_recorder.hpp"
#include "support/provider_config.hpp"

#include <llmhost/chat.hpp>
#include <llmhost/error.hpp>
#include <llmhost/http.hpp>
#include <llmhost/provider.hpp>
#include <llmhost/provider_abi.h>

#include <boost/json.hpp>

#include <atomic>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace llmhost::testing {

struct CannedResponse {
    int status = 200;
    Headers headers;
    std::string body;
    std::vector<size_t> cuts; // ascending byte offsets where the body is split; empty: one chunk
    bool byte_by_byte = false;
    // After the body, fail the exchange as a broken connection would (LLMH_OK: succeed).
    // With status 0 the failure comes before any response (connection refused).
    int32_t transport_error = LLMH_OK;
    std::string transport_message = "connection reset by peer";

    static CannedResponse json(int status, std::string body, Headers headers = {}) {
        CannedResponse r;
        r.status = status;
        r.headers = std::move(headers);
        r.headers.emplace_back("Content-Type", "application/json");
        r.body = std::move(body);
        return r;
    }
    static CannedResponse sse(std::string body) {
        CannedResponse r;
        r.headers = {{"Content-Type", "text/event-stream"}};
        r.body = std::move(body);
        return r;
    }
};

struct SeenRequest {
    std::string method;
    std::string url;
    Headers headers;
    std::string body;
    int64_t total_timeout_ms = 0;
    int64_t idle_timeout_ms = 0;
    std::string api_key; // the call context's credential when the request was made

    std::string_view header(std::string_view name) const { return find_header(headers, name); }
    bool has_header(std::string_view name) const {
        for (const auto& [k, v] : headers)
            if (iequals(k, name)) return true;
        return false;
    }
    boost::json::value json() const { return boost::json::parse(body); }

    // The request as one document, for comparing with a golden: method, URL, every header and
    // the parsed body.
    boost::json::value document() const {
        boost::json::object header_map;
        for (const auto& [name, value] : headers)
            header_map[name] = value;
        return {{"method", method},
                {"url", url},
                {"headers", std::move(header_map)},
                {"body", body.empty() ? boost::json::value(nullptr) : boost::json::parse(body)}};
    }
};

class FakeHost {
  public:
    FakeHost() : host_(&table_) {
        table_.struct_size = sizeof table_;
        table_.abi_minor = LLMH_ABI_MINOR;
        table_.host = this;
        table_.log = [](void* host, int32_t, llmh_str message) {
            static_cast<FakeHost*>(host)->logs.emplace_back(view(message));
        };
        table_.http_request = &FakeHost::http_request;
        table_.monotonic_ns = [](void*) -> int64_t { return 0; };
        table_.wall_clock_ms = [](void* host) { return static_cast<FakeHost*>(host)->wall_clock_ms; };
        table_.get_env = [](void* host, llmh_str name, llmh_str* value) {
            auto& env = static_cast<FakeHost*>(host)->env;
            auto it = env.find(std::string(view(name)));
            if (it == env.end()) return false;
            *value = to_str(it->second);
            return true;
        };
        table_.is_cancelled = [](const llmh_call_context* call) {
            return static_cast<FakeHost*>(call->host_call)->cancelled.load();
        };
    }
    FakeHost(const FakeHost&) = delete;
    FakeHost& operator=(const FakeHost&) = delete;

    std::deque<CannedResponse> responses;
    std::vector<SeenRequest> requests;
    std::atomic<bool> cancelled{false};
    int64_t wall_clock_ms = 1'700'000'000'000; // 2023-11-14T22:13:20Z
    std::map<std::string, std::string> env;
    std::vector<std::string> logs;

    const llmh_host_services* services() const { return &table_; }
    // Plays an older host: its minor version, and a services table that ends where that
    // version's did (`size`).
    void play_host(uint32_t abi_minor, uint32_t size = sizeof(llmh_host_services)) {
        table_.abi_minor = abi_minor;
        table_.struct_size = size;
    }
    const Host& host() const { return host_; }

    // A call context carrying `api_key` (borrowed: keep the string alive).
    llmh_call_context context(std::string_view api_key = {}) {
        llmh_call_context c{};
        c.struct_size = sizeof c;
        c.api_key = to_str(api_key);
        c.host_call = this;
        return c;
    }

  private:
    static int32_t fail(llmh_error* error, int32_t cls, std::string_view message) {
        fill_error(error, cls, message);
        return cls;
    }

    static int32_t http_request(const llmh_call_context* call, const llmh_http_request* request,
                                const llmh_http_response_handler* handler, llmh_error* error) {
        auto& self = *static_cast<FakeHost*>(call->host_call);
        SeenRequest seen{std::string(view(request->method)), std::string(view(request->url)), {},
                         std::string(view(request->body)),   request->total_timeout_ms,       request->idle_timeout_ms,
                         std::string(view(call->api_key))};
        for (size_t i = 0; i < request->header_count; ++i)
            seen.headers.emplace_back(view(request->headers[i].name), view(request->headers[i].value));
        self.requests.push_back(std::move(seen));

        if (self.cancelled) return fail(error, LLMH_ERR_CANCELLED, "fake: cancelled");
        if (self.responses.empty()) return fail(error, LLMH_ERR_NETWORK, "fake: no canned response left");
        const CannedResponse r = std::move(self.responses.front());
        self.responses.pop_front();
        if (r.status == 0) return fail(error, r.transport_error, r.transport_message);

        std::vector<llmh_header> headers;
        for (const auto& [k, v] : r.headers)
            headers.push_back({to_str(k), to_str(v)});
        if (!handler->on_head(handler->user, r.status, headers.data(), headers.size()))
            return fail(error, LLMH_ERR_CANCELLED, "fake: stopped by the handler");

        std::vector<std::string_view> chunks;
        const std::string_view body = r.body;
        if (r.byte_by_byte) {
            for (size_t i = 0; i < body.size(); ++i)
                chunks.push_back(body.substr(i, 1));
        } else {
            size_t from = 0;
            for (size_t cut : r.cuts) {
                chunks.push_back(body.substr(from, cut - from));
                from = cut;
            }
            chunks.push_back(body.substr(from));
        }
        for (auto chunk : chunks)
            if (!handler->on_body(handler->user, to_str(chunk)))
                return fail(error, LLMH_ERR_CANCELLED, "fake: stopped by the handler");
        if (r.transport_error != LLMH_OK) return fail(error, r.transport_error, r.transport_message);
        return LLMH_OK;
    }

    llmh_host_services table_{};
    Host host_;
};

// A provider instance created through a plugin's C table, destroyed with it.
class AbiProvider {
  public:
    // Throws the plugin's typed error when it refuses to create the provider.
    AbiProvider(const llmh_plugin& plugin, const FakeHost& host, std::string_view id, std::string_view config_json)
        : plugin_(plugin) {
        llmh_error error = make_empty_error();
        const int32_t rc = plugin.create(host.services(), to_str(id), to_str(config_json), &provider_, &error);
        if (rc != LLMH_OK) throw to_exception(error);
    }
    ~AbiProvider() { plugin_.destroy(provider_); }
    AbiProvider(const AbiProvider&) = delete;
    AbiProvider& operator=(const AbiProvider&) = delete;

    // One chat call; nullopt on success, else the error the plugin reported.
    std::optional<Error> chat(llmh_call_context& call, std::string_view request_json, EventRecorder& recorder) const {
        llmh_error error = make_empty_error();
        const int32_t rc = plugin_.chat(provider_, &call, to_str(request_json), recorder.sink(), &error);
        if (rc == LLMH_OK) return std::nullopt;
        return to_exception(error);
    }
    // embed / list_models: the JSON written, or throws the plugin's error.
    std::string embed(llmh_call_context& call, std::string_view request_json) const {
        return json_call([&](const llmh_json_sink* out, llmh_error* error) {
            return plugin_.embed(provider_, &call, to_str(request_json), out, error);
        });
    }
    std::string list_models(llmh_call_context& call) const {
        return json_call([&](const llmh_json_sink* out, llmh_error* error) {
            return plugin_.list_models(provider_, &call, out, error);
        });
    }

  private:
    template <class Invoke> static std::string json_call(Invoke&& invoke) {
        std::string written;
        llmh_json_sink out{};
        out.struct_size = sizeof out;
        out.user = &written;
        out.write = [](void* user, llmh_str json) { static_cast<std::string*>(user)->assign(view(json)); };
        llmh_error error = make_empty_error();
        if (invoke(&out, &error) != LLMH_OK) throw to_exception(error);
        return written;
    }

    const llmh_plugin& plugin_;
    llmh_provider* provider_ = nullptr;
};

} // namespace llmhost::testing
