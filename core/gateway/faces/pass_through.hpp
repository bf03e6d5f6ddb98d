// What a face's request carries beyond the canonical model, kept as the request's wire
// extension (canonical request 2): the top-level fields the face does not read, as they came
// (context_management, logit_bias, seed, metadata, truncation, ...), and the protocol's beta
// header. A provider speaking the face's protocol sends them on; others ignore them.
#pragma once

#include <llmhost/chat.hpp>

#include <boost/json/object.hpp>

#include <span>
#include <string_view>

namespace llmhost::gateway {

// `read_fields`: the top-level fields the face turns into canonical ones. `beta_value` is the
// client's `beta_header` (anthropic-beta, OpenAI-Beta), "" when it sent none.
WireExtension pass_through(const boost::json::object& body, std::span<const std::string_view> read_fields,
                           std::string_view protocol, std::string_view beta_header, std::string_view beta_value);

} // namespace llmhost::gateway
