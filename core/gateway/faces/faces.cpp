// The faces the gateway speaks. Adding one is a folder under faces/ and a line here.
#include "core/gateway/faces/anthropic/anthropic_face.hpp"
#include "core/gateway/faces/face.hpp"
#include "core/gateway/faces/gemini/gemini_face.hpp"
#include "core/gateway/faces/openai_chat/openai_chat_face.hpp"
#include "core/gateway/faces/openai_responses/responses_face.hpp"
#include "core/gateway/gateway_settings.hpp"

namespace llmhost::gateway {

std::vector<std::unique_ptr<Face>> make_faces(const GatewaySettings& settings) {
    std::vector<std::unique_ptr<Face>> faces;
    faces.push_back(anthropic_face::make_face());
    faces.push_back(gemini_face::make_face());
    faces.push_back(responses_face::make_face(settings));
    faces.push_back(openai_face::make_face()); // last: also answers what no face claims
    return faces;
}

} // namespace llmhost::gateway
