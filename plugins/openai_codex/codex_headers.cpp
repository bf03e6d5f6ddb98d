#include "codex_headers.hpp"

#include <cstdio>
#include <random>

namespace llmhost::codex_plugin {

void add_codex_headers(Headers& headers, const CodexAuth& auth, std::string_view session_id) {
    set_header(headers, "Authorization", "Bearer " + auth.access_token);
    if (!auth.account_id.empty()) set_header(headers, "ChatGPT-Account-ID", auth.account_id);
    set_header(headers, "originator", std::string(originator));
    set_header(headers, "version", std::string(client_version));
    set_header(headers, "User-Agent", std::string(originator) + "/" + std::string(client_version) + " (llmhost)");
    if (!session_id.empty()) set_header(headers, "session_id", std::string(session_id));
}

std::string new_session_id() {
    std::random_device source;
    std::uniform_int_distribution<unsigned> byte(0, 255);
    unsigned char b[16];
    for (auto& x : b)
        x = static_cast<unsigned char>(byte(source));
    b[6] = static_cast<unsigned char>((b[6] & 0x0f) | 0x40);
    b[8] = static_cast<unsigned char>((b[8] & 0x3f) | 0x80);
    char text[37];
    std::snprintf(text, sizeof text, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0], b[1],
                  b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
    return text;
}

} // namespace llmhost::codex_plugin
