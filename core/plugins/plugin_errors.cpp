#include "core/plugins/plugin_errors.hpp"

#include <llmhost/error.hpp>

namespace llmhost::plugins {

std::string plugin_display_name(const llmh_plugin& plugin) {
    const std::string_view name = view(plugin.name);
    return name.empty() ? std::string("the plugin") : std::string(name);
}

void throw_if_failed(int32_t result, llmh_error& error, std::string_view plugin, std::string_view operation) {
    if (result == LLMH_OK) return;
    error.message[LLMH_ERROR_MESSAGE_CAPACITY - 1] = '\0'; // a plugin may forget the terminator
    std::string message = error.message;
    if (message.empty())
        message = std::string(plugin) + " failed in " + std::string(operation) + " (" +
                  std::string(error_class_name(result)) + ")";
    llmh_error_class cls = static_cast<llmh_error_class>(result);
    if (result < LLMH_OK || result > LLMH_ERR_MISSING_CREDENTIALS) {
        message = std::string(plugin) + " returned unknown error class " + std::to_string(result) + ": " + message;
        cls = LLMH_ERR_PLUGIN_INTERNAL;
    }
    throw Error(cls, message, error.http_status, error.retry_after_ms);
}

} // namespace llmhost::plugins
