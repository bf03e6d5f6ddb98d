// What a chat request needs of a provider beyond plain text, checked against the provider's
// declared capabilities before any I/O (check_capabilities). A front end that has not read
// the whole request (the gateway, when the body may go on as it came) says so itself.
#pragma once

#include <llmhost/chat.hpp>

namespace llmhost::reliability {

struct RequestNeeds {
    bool tools = false;
    bool images = false;
    bool structured_output = false;

    static RequestNeeds of(const ChatRequest& r) {
        return {!r.tools.empty(), r.has_images(),
                r.response_format && r.response_format->kind != ResponseFormat::Kind::text};
    }
};

} // namespace llmhost::reliability
