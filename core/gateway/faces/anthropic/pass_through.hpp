// What a Messages request carries beyond the canonical model, kept as the request's wire
// extension (canonical request 2) so that a provider speaking Messages too can send it on:
// the top-level fields the face does not read, as they came, and the client's anthropic-beta
// header. Other providers ignore it.
#pragma once

#include <llmhost/chat.hpp>

#include <boost/json/object.hpp>

#include <span>
#include <string_view>

namespace llmhost::gateway::anthropic_face {

// `read_fields`: the top-level fields the face turns into canonical ones.
WireExtension pass_through(const boost::json::object& body, std::span<const std::string_view> read_fields,
                           std::string_view anthropic_beta);

} // namespace llmhost::gateway::anthropic_face
