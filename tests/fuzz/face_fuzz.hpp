// What the face targets share: parse a request body the way the gateway does, accept only
// the face's documented refusal (GatewayException with a 4xx status), and write what was parsed
// out as the canonical JSON every plugin receives. Anything else a parser throws escapes to
// libFuzzer and is reported: a client must never get a 500 for a malformed body.
#pragma once

#include "core/gateway/faces/face.hpp"
#include "core/gateway/gateway_error.hpp"

#include <llmhost/chat.hpp>

#include <cstdlib>
#include <string_view>

namespace llmhost::fuzz {

template <class Parse> void parse_face_request(Parse&& parse) {
    try {
        const gateway::FaceChatRequest request = parse();
        (void)canonical_json(request.chat);
    } catch (const gateway::GatewayException& e) {
        if (e.error().status() >= 500) std::abort(); // a body's fault is the client's: 4xx
    }
}

inline std::string_view as_text(const uint8_t* data, size_t size) {
    return {reinterpret_cast<const char*>(data), size};
}

} // namespace llmhost::fuzz
