// The Gemini face's request parser: generateContent / streamGenerateContent / countTokens
// bodies (the model and streaming come from the path). Input: the body.
#include "face_fuzz.hpp"

#include "core/gateway/faces/gemini/gemini_face.hpp"

namespace gemini_face = llmhost::gateway::gemini_face;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const auto body = llmhost::fuzz::as_text(data, size);
    llmhost::fuzz::parse_face_request(
        [&] { return gemini_face::parse_generate_content(body, "gemini-2.5-flash", true); });
    return 0;
}
