// What an OpenAI request (Chat Completions or Responses) carries beyond the canonical model,
// kept as the request's wire extension (canonical request 2): the top-level fields the face
// does not read, as they came (logit_bias, seed, metadata, truncation, ...), and the client's
// OpenAI-Beta header. A provider speaking the same protocol sends them on; others ignore them.
#pragma once

#include <llmhost/chat.hpp>

#include <boost/json/object.hpp>

#include <span>
#include <string_view>

namespace llmhost::gateway::openai_face {

// `read_fields`: the top-level fields the face turns into canonical ones.
WireExtension pass_through(const boost::json::object& body, std::span<const std::string_view> read_fields,
                           std::string_view protocol, std::string_view openai_beta);

} // namespace llmhost::gateway::openai_face
