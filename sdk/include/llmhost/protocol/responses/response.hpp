// A whole (non-streamed) Responses API answer -> the same canonical events as its stream.
#pragma once

#include <llmhost/protocol/responses/stream.hpp>

namespace llmhost {

inline void emit_responses_response(std::string_view provider_id, const boost::json::value& body, EventSink& sink,
                                    std::string origin) {
    if (!body.is_object())
        throw Error(LLMH_ERR_MALFORMED_RESPONSE, std::string(provider_id) + ": response is not a JSON object");
    const auto& response = body.get_object();
    if (json_read::string_member(response, "status") == "failed") {
        const auto* error = json_read::object_member(response, "error");
        throw responses_error(provider_id, error ? *error : boost::json::object());
    }
    ResponsesStreamDecoder decoder(std::string(provider_id), sink, std::move(origin));
    decoder.start(response);
    if (const auto* output = json_read::array_member(response, "output"))
        for (size_t i = 0; i < output->size(); ++i)
            if ((*output)[i].is_object()) decoder.whole_item(static_cast<int64_t>(i), (*output)[i].get_object());
    decoder.complete(response);
    decoder.finish();
}

} // namespace llmhost
