// One chat HTTP exchange over the host's transport, for any wire format whose success body is
// either an event stream or one JSON document:
//   - the status is checked before the body is treated as a stream (PROTOCOLS.md §0.1); an
//     error body is buffered (bounded) and mapped by the caller;
//   - a streamed success is fed to the caller's decoder as it arrives, and a transport failure
//     part-way is handed to the decoder's finish(why), which decides whether what arrived is
//     complete;
//   - a server that answers a streaming request with plain JSON (or the reverse) is understood,
//     by its Content-Type.
// The decoder needs feed(std::string_view) and finish(std::string_view why = {}).
#pragma once

#include <llmhost/error.hpp>
#include <llmhost/http.hpp>
#include <llmhost/provider.hpp>

#include <cstddef>
#include <exception>
#include <string>
#include <string_view>

namespace llmhost {

inline bool is_success_status(int status) { return status >= 200 && status < 300; }

// Whether a success response carries an event stream: by Content-Type, else what was asked.
inline bool is_event_stream_response(const HttpResponseHead& head, bool stream_requested) {
    const std::string_view type = head.header("content-type");
    if (type.rfind("text/event-stream", 0) == 0) return true;
    if (type.rfind("application/json", 0) == 0) return false;
    return stream_requested;
}

// Error bodies are short; this bounds what a misbehaving server can make a plugin hold.
inline constexpr size_t chat_exchange_max_error_body = 64 * 1024;

// Runs `http`. A streamed success goes to `decoder`; a whole success body to
// on_whole_body(std::string_view); any other status throws error_for(const HttpResponseHead&,
// std::string_view body). Transport failures before a response arrives are rethrown as they are.
template <class StreamDecoder, class ErrorFor, class OnWholeBody>
void exchange_chat(const Call& call, const HttpRequest& http, bool stream_requested, StreamDecoder& decoder,
                   ErrorFor&& error_for, OnWholeBody&& on_whole_body) {
    HttpResponseHead head;
    bool decoding_stream = false;
    std::string buffered;
    std::exception_ptr decode_failure; // kept apart from transport failures, which Call::http throws
    try {
        call.http(
            http,
            [&](const HttpResponseHead& h) {
                head = h;
                decoding_stream = is_success_status(h.status) && is_event_stream_response(h, stream_requested);
                return true;
            },
            [&](std::string_view chunk) {
                if (!decoding_stream) {
                    if (is_success_status(head.status) || buffered.size() < chat_exchange_max_error_body)
                        buffered.append(chunk);
                    return true;
                }
                try {
                    decoder.feed(chunk);
                } catch (...) {
                    decode_failure = std::current_exception();
                    return false;
                }
                return true;
            });
    } catch (const Error& e) {
        if (decode_failure) std::rethrow_exception(decode_failure);
        if (e.error_class() == LLMH_ERR_CANCELLED || head.status == 0) throw; // nothing was received
        if (!is_success_status(head.status)) throw error_for(static_cast<const HttpResponseHead&>(head), buffered);
        if (!decoding_stream) throw;
        decoder.finish(e.what()); // the transport broke mid-stream: complete only if finished
        return;
    }
    if (decode_failure) std::rethrow_exception(decode_failure);
    if (!is_success_status(head.status)) throw error_for(static_cast<const HttpResponseHead&>(head), buffered);
    if (decoding_stream)
        decoder.finish();
    else
        on_whole_body(std::string_view(buffered));
}

} // namespace llmhost
