// The HTTP exchanges every provider makes over the host's transport, written once:
//
//   exchange_response / exchange_chat  a chat call whose success body is either a stream or
//                                      one JSON document;
//   fetch_success_body / fetch_json_body
//                                      a buffered call (embeddings, model listings).
//
// For a chat call:
//   - the status is checked before the body is treated as a stream (docs/protocols/README.md); an
//     error body is buffered (bounded) and mapped by the caller;
//   - a streamed success is fed to the caller's decoder as it arrives, and a transport failure
//     part-way is handed to the decoder's finish(why), which decides whether what arrived is
//     complete;
//   - exchange_chat understands a server that answers a streaming request with plain JSON (or
//     the reverse) by its Content-Type.
// The decoder needs feed(std::string_view) and finish(std::string_view why = {}).
#pragma once

#include <llmhost/error.hpp>
#include <llmhost/http.hpp>
#include <llmhost/provider.hpp>
#include <llmhost/support/json_read.hpp>

#include <boost/json.hpp>

#include <cstddef>
#include <exception>
#include <string>
#include <string_view>
#include <utility>

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

// Runs `http`. A success response for which is_stream(const HttpResponseHead&) holds goes to
// `decoder` as it arrives; any other success body, whole, to on_whole_body(std::string_view);
// any other status throws error_for(const HttpResponseHead&, std::string_view body). Transport
// failures before a response arrives are rethrown as they are.
template <class IsStream, class StreamDecoder, class ErrorFor, class OnWholeBody>
void exchange_response(const Call& call, const HttpRequest& http, IsStream&& is_stream, StreamDecoder& decoder,
                       ErrorFor&& error_for, OnWholeBody&& on_whole_body) {
    HttpResponseHead head;
    bool decoding_stream = false;
    bool streamed_any = false; // a byte of the stream reached the decoder
    std::string buffered;
    std::exception_ptr decode_failure; // kept apart from transport failures, which Call::http throws
    try {
        call.http(
            http,
            [&](const HttpResponseHead& h) {
                head = h;
                decoding_stream = is_success_status(h.status) && is_stream(static_cast<const HttpResponseHead&>(h));
                return true;
            },
            [&](std::string_view chunk) {
                if (!decoding_stream) {
                    if (is_success_status(head.status) || buffered.size() < chat_exchange_max_error_body)
                        buffered.append(chunk);
                    return true;
                }
                streamed_any = streamed_any || !chunk.empty();
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
        // Broken before the stream's first byte (a timeout waiting for it): the transport's error.
        if (!decoding_stream || !streamed_any) throw;
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

// exchange_response for services that stream server-sent events: the Content-Type says
// whether a success is a stream, else what was asked (`stream_requested`).
template <class StreamDecoder, class ErrorFor, class OnWholeBody>
void exchange_chat(const Call& call, const HttpRequest& http, bool stream_requested, StreamDecoder& decoder,
                   ErrorFor&& error_for, OnWholeBody&& on_whole_body) {
    exchange_response(
        call, http,
        [stream_requested](const HttpResponseHead& head) { return is_event_stream_response(head, stream_requested); },
        decoder, std::forward<ErrorFor>(error_for), std::forward<OnWholeBody>(on_whole_body));
}

// One buffered exchange: the body of a 2xx response; any other status throws
// error_for(const HttpResponseHead&, std::string_view body).
template <class ErrorFor>
std::string fetch_success_body(const Call& call, const HttpRequest& http, ErrorFor&& error_for) {
    HttpResponse response = call.http_buffered(http);
    if (!is_success_status(response.head.status))
        throw error_for(static_cast<const HttpResponseHead&>(response.head), std::string_view(response.body));
    return std::move(response.body);
}

// fetch_success_body for a JSON answer; a body that does not parse is a malformed response
// (`what` names it in the message).
template <class ErrorFor>
boost::json::value fetch_json_body(const Call& call, const HttpRequest& http, std::string_view provider_id,
                                   std::string_view what, ErrorFor&& error_for) {
    return json_read::parse_body(provider_id, fetch_success_body(call, http, std::forward<ErrorFor>(error_for)), what);
}

} // namespace llmhost
