#include "core/gateway/faces/reasoning_token.hpp"

#include "core/gateway/faces/face_json.hpp"
#include "core/transport/base64.hpp"

#include <llmhost/support/json_read.hpp>

namespace llmhost::gateway {
namespace {

constexpr std::string_view prefix = "llmhost.rs1.";

} // namespace

bool carries_wrapped_state(std::string_view body) { return face_json::contains(body, prefix); }

std::string wrap_reasoning_state(const ReasoningState& state) {
    std::string json;
    append_canonical_json(json, state);
    return std::string(prefix) + transport::base64_encode(json);
}

std::optional<ReasoningState> unwrap_reasoning_state(std::string_view text) {
    if (!text.starts_with(prefix)) return std::nullopt;
    const auto json = transport::base64_decode(text.substr(prefix.size()));
    if (!json) return std::nullopt;
    boost::system::error_code ec;
    json_read::ScratchArena arena;
    const auto v = json_read::parse(*json, ec, arena.storage());
    if (ec || !v.is_object()) return std::nullopt;
    const auto& o = v.get_object();
    const auto field = [&](std::string_view key) { return std::string(json_read::string_member(o, key)); };
    ReasoningState state{field("origin"), field("signature"), field("data"), field("id")};
    if (state.origin.empty()) return std::nullopt; // corrupt: not ours after all
    return state;
}

} // namespace llmhost::gateway
