#include "core/plugins/plugin_trace.hpp"

#include <unistd.h>

#include <cstdlib>
#include <string>

namespace llmhost::plugins {

bool plugin_tracing_enabled() {
    const char* v = std::getenv("LLMHOST_DEBUG_PLUGINS");
    return v && *v && std::string_view(v) != "0";
}

void trace_plugins(std::string_view line) {
    std::string text = "llmhost: plugins: ";
    text.append(line);
    text.push_back('\n');
    for (size_t done = 0; done < text.size();) {
        const ssize_t n = ::write(STDERR_FILENO, text.data() + done, text.size() - done);
        if (n <= 0) return;
        done += static_cast<size_t>(n);
    }
}

} // namespace llmhost::plugins
