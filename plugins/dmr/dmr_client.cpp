#include "dmr_client.hpp"

#include <utility>

namespace llmhost::dmr_plugin {

OpenAIWireOptions dmr_wire_options(BetaFilter betas) {
    OpenAIWireOptions wire;
    wire.name_undescribed_tools = true;
    wire.betas = std::move(betas);
    return wire;
}

} // namespace llmhost::dmr_plugin
