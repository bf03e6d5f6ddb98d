#include "core/gateway/faces/allowed_tools.hpp"

#include <llmhost/support/json_read.hpp>

#include <boost/json.hpp>

#include <algorithm>

namespace llmhost::gateway {

std::vector<std::string> allowed_tool_names(const boost::json::array& entries) {
    std::vector<std::string> names;
    for (const auto& entry : entries) {
        const auto* o = entry.if_object();
        if (!o) continue;
        std::string_view name = json_read::string_member(*o, "name");
        if (const auto* function = json_read::object_member(*o, "function"); name.empty() && function)
            name = json_read::string_member(*function, "name");
        if (!name.empty()) names.emplace_back(name);
    }
    return names;
}

void keep_allowed_tools(std::vector<ToolDefinition>& tools, const std::vector<std::string>& names) {
    std::erase_if(
        tools, [&](const ToolDefinition& t) { return std::find(names.begin(), names.end(), t.name) == names.end(); });
}

} // namespace llmhost::gateway
