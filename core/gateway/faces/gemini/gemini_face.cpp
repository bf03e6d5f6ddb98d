#include "core/gateway/faces/gemini/gemini_face.hpp"

namespace llmhost::gateway::gemini_face {

std::unique_ptr<Face> make_face() { return nullptr; }

} // namespace llmhost::gateway::gemini_face
