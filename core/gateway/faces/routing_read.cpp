#include "core/gateway/faces/routing_read.hpp"

#include "core/gateway/faces/face_json.hpp"
#include "core/gateway/faces/pass_through.hpp"
#include "core/gateway/faces/reasoning_token.hpp"

#include <llmhost/support/json_read.hpp>

namespace llmhost::gateway {

std::optional<FaceChatRequest> read_for_routing(std::string_view body, const WireBodyLayout& layout,
                                                std::string_view beta_value, const SettingsReader& read_settings) {
    using namespace face_json;
    if (carries_wrapped_state(body) || contains(body, layout.image_marker)) return std::nullopt;
    json_read::ScratchArena arena;
    const auto top = read_body_top(body, layout.large_fields, arena.storage());
    if (!top) return std::nullopt;
    const auto messages = top->large_member(layout.large_fields.front());
    if (!messages || !is_non_empty_array(*messages)) return std::nullopt;
    FaceChatRequest out;
    read_settings(top->rest, out);
    out.chat.extension = pass_through(top->rest, layout.read_fields, layout.protocol, layout.beta_header, beta_value);
    out.wire_protocol = layout.protocol;
    const auto tools = top->large_member("tools");
    reliability::RequestNeeds needs;
    needs.tools = tools && is_non_empty_array(*tools);
    needs.structured_output = out.chat.response_format.has_value();
    out.routing_only = needs;
    return out;
}

} // namespace llmhost::gateway
