// The routing read (Face::parse_chat_routing) for the faces whose body may go to a provider as
// it came: only the top level is looked at, the fields the face reads into the canonical
// request are parsed, and the large ones — messages, tools, system — stay as written for the
// provider to read, or for the face's whole read if an attempt needs the canonical request.
#pragma once

#include "core/gateway/faces/face.hpp"

#include <boost/json/object.hpp>

#include <functional>
#include <optional>
#include <span>
#include <string_view>

namespace llmhost::gateway {

// How one face's body is laid out.
struct WireBodyLayout {
    std::string_view protocol;                      // wire_protocol::...
    std::span<const std::string_view> read_fields;  // top-level fields read into the canonical request
    std::span<const std::string_view> large_fields; // those left as written (messages first)
    std::string_view image_marker;                  // text only a body with images holds, quotes included
    std::string_view beta_header;                   // the protocol's beta header
};

// Reads the fields other than the large ones from the body's top level.
using SettingsReader = std::function<void(const boost::json::object& top, FaceChatRequest& out)>;

// The request as far as routing needs it, with wire_protocol and routing_only set; nullopt when
// the body holds images (a capability to check) or reasoning state only the gateway reads, or
// its top level is not well formed or has no messages: the whole read then names the fault.
std::optional<FaceChatRequest> read_for_routing(std::string_view body, const WireBodyLayout& layout,
                                                std::string_view beta_value, const SettingsReader& read_settings);

} // namespace llmhost::gateway
