#include "core/gateway/faces/tool_arguments.hpp"

#include <boost/json/parse.hpp>

namespace llmhost::gateway {

boost::json::object arguments_object(std::string_view arguments) {
    boost::system::error_code ec;
    auto v = boost::json::parse(arguments, ec);
    if (ec || !v.is_object()) return {};
    return std::move(v.get_object());
}

} // namespace llmhost::gateway
