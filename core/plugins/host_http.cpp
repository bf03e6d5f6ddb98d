#include "core/plugins/host_http.hpp"

#include "core/plugins/abi_copy.hpp"
#include "core/plugins/host_services.hpp"
#include "core/transport/hop_marker.hpp"

#include <llmhost/error.hpp>
#include <llmhost/http.hpp>

#include <string>
#include <vector>

namespace llmhost::plugins {

namespace {

// The request's own non-zero timeout wins over the call's default.
std::chrono::milliseconds pick_timeout(int64_t request_ms, std::chrono::milliseconds call_default) {
    return request_ms > 0 ? std::chrono::milliseconds(request_ms) : call_default;
}

int32_t fail(llmh_error* error, llmh_error_class cls, std::string_view message) {
    fill_error(error, cls, message);
    return cls;
}

} // namespace

int32_t host_http_request(const llmh_call_context* call, const llmh_http_request* request_in,
                          const llmh_http_response_handler* handler_in, llmh_error* error) noexcept {
    try {
        if (!request_in) return fail(error, LLMH_ERR_BAD_REQUEST, "http_request was called without a request");
        const llmh_http_request request = copy_abi_struct(request_in);
        const llmh_http_response_handler handler = copy_abi_struct(handler_in);
        const auto* state = call ? static_cast<const CallState*>(call->host_call) : nullptr;
        if (state && state->script) {
            llmh_error unused{};
            return (*state->script)(request, handler, state->cancel, error ? *error : unused);
        }
        if (!state || !state->http)
            return fail(error, LLMH_ERR_NETWORK, "no HTTP transport is attached to this call (host bug)");
        if (request.header_count && !request.headers)
            return fail(error, LLMH_ERR_BAD_REQUEST, "http_request: header_count is set but headers is NULL");

        std::vector<transport::HeaderView> headers;
        headers.reserve(request.header_count + 1);
        for (size_t i = 0; i < request.header_count; ++i) {
            const std::string_view name = view(request.headers[i].name);
            if (iequals(name, transport::hop_header)) continue; // the host's to set, not a plugin's
            headers.emplace_back(name, view(request.headers[i].value));
        }
        // Lets a gateway that this request reaches tell that it came from itself (loop_guard.hpp).
        headers.emplace_back(transport::hop_header, transport::this_instance_hop_id());

        transport::Request r;
        if (request.method.size) r.method = view(request.method);
        r.url = view(request.url);
        r.headers = headers;
        r.body = view(request.body);
        r.total_timeout = pick_timeout(request.total_timeout_ms, state->total_timeout);
        r.idle_timeout = pick_timeout(request.idle_timeout_ms, state->idle_timeout);
        r.limits = state->response_limits;

        std::vector<llmh_header> head; // reused: the view the plugin's on_head sees
        transport::ResponseHandler h;
        h.on_head = [&](int status, std::span<const transport::HeaderView> hs) {
            if (!handler.on_head) return true;
            head.clear();
            head.reserve(hs.size());
            for (const auto& [name, value] : hs)
                head.push_back({to_str(name), to_str(value)});
            return handler.on_head(handler.user, status, head.data(), head.size());
        };
        h.on_body = [&](std::string_view chunk) {
            return !handler.on_body || handler.on_body(handler.user, to_str(chunk));
        };

        std::function<bool()> cancelled;
        if (state->cancel) cancelled = [flag = state->cancel] { return flag->load(std::memory_order_relaxed); };

        const transport::Result result = state->http->send(r, h, cancelled);
        if (!result.ok()) return fail(error, result.error, result.message);
        return LLMH_OK;
    } catch (const std::exception& e) {
        return fail(error, LLMH_ERR_NETWORK, std::string("HTTP transport failure: ") + e.what());
    } catch (...) {
        return fail(error, LLMH_ERR_NETWORK, "HTTP transport failure");
    }
}

} // namespace llmhost::plugins
