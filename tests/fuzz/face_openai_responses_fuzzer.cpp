// The OpenAI Responses face's request parser: POST /v1/responses bodies (Codex CLI's), with
// an empty response store (previous_response_id finds nothing). Input: the body.
#include "face_fuzz.hpp"

#include "core/gateway/faces/openai_responses/responses_face.hpp"

#include <chrono>

namespace responses_face = llmhost::gateway::responses_face;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const auto body = llmhost::fuzz::as_text(data, size);
    responses_face::ResponseStore store(8, std::chrono::hours(1));
    llmhost::fuzz::parse_face_request([&] { return responses_face::parse_responses_request(body, store); });
    return 0;
}
