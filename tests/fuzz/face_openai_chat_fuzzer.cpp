// The OpenAI face's request parsers: POST /v1/chat/completions and /v1/embeddings bodies.
// Input: the body.
#include "face_fuzz.hpp"

#include "core/gateway/faces/openai_chat/openai_chat_face.hpp"

namespace openai_face = llmhost::gateway::openai_face;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const auto body = llmhost::fuzz::as_text(data, size);
    llmhost::fuzz::parse_face_request([&] { return openai_face::parse_chat_request(body); });
    try {
        (void)openai_face::parse_embeddings_request(body);
    } catch (const llmhost::gateway::GatewayException& e) {
        if (e.error().status() >= 500) std::abort();
    }
    return 0;
}
