// Defence in depth for messages that leave the process (error bodies, log lines): an
// upstream error may quote the key it rejected, so every key the request used is masked.
#pragma once

#include <string>
#include <vector>

namespace llmhost::gateway {

std::string scrub_secrets(std::string text, const std::vector<std::string>& secrets);

} // namespace llmhost::gateway
