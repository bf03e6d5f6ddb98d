// The Anthropic face's request parser: POST /v1/messages and /v1/messages/count_tokens
// bodies. Input: the body.
#include "face_fuzz.hpp"

#include "core/gateway/faces/anthropic/anthropic_face.hpp"

namespace anthropic_face = llmhost::gateway::anthropic_face;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const auto body = llmhost::fuzz::as_text(data, size);
    llmhost::fuzz::parse_face_request([&] { return anthropic_face::parse_messages_request(body); });
    llmhost::fuzz::parse_face_request([&] { return anthropic_face::parse_messages_request(body, true); });
    return 0;
}
