// The Gemini face (PROTOCOLS.md §6): generateContent / streamGenerateContent / countTokens
// requests in, GenerateContentResponse objects or their SSE stream out, the model list, and
// Google's error shape {"error":{"code","message","status"}}.
#pragma once

#include "core/gateway/faces/face.hpp"

#include <memory>

namespace llmhost::gateway::gemini_face {

std::unique_ptr<Face> make_face();

} // namespace llmhost::gateway::gemini_face
