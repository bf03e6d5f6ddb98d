// Ids for responses the gateway names itself ("chatcmpl-…", "msg_…"): random, not secret.
#pragma once

#include <string>
#include <string_view>

namespace llmhost::gateway {

// `prefix` followed by `length` random characters from [0-9a-zA-Z].
std::string random_id(std::string_view prefix, int length);

} // namespace llmhost::gateway
