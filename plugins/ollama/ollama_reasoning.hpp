// The origin of Ollama's reasoning (`thinking`). Ollama hands out no signature, but a thinking
// model's chat template renders the thinking of earlier assistant turns (gpt-oss needs it on
// tool-calling turns), so what a model thought comes back with its turn as `thinking`. Only
// Ollama's own: another provider's reasoning would be shown to the model as its own thought.
// One origin for every Ollama server: the text is plain and checked by no one.
#pragma once

#include <string_view>

namespace llmhost::ollama_plugin {

inline constexpr std::string_view ollama_reasoning_origin = "ollama";

} // namespace llmhost::ollama_plugin
