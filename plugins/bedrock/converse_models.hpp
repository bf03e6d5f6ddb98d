// The model family a Bedrock model id names, for what only some families take (tool result
// status, cache points, reasoning config, top_k). Ids and inference profiles contain the
// family: "anthropic." in "global.anthropic.claude-sonnet-4-5-20250929-v1:0", "amazon.nova"
// in "us.amazon.nova-pro-v1:0". An application profile ARN names none and gets the common subset.
#pragma once

#include <string_view>

namespace llmhost::bedrock {

bool is_anthropic_model(std::string_view model);
bool is_nova_model(std::string_view model);

// Whether Claude's signed reasoning may go back to `model`: Claude, or a profile ARN that hides
// the family (a Claude profile refuses a thinking tool turn without it; another family's
// refusal of it is the lesser risk there).
bool takes_signed_reasoning(std::string_view model);

} // namespace llmhost::bedrock
