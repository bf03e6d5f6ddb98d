// A name that becomes one segment of an upstream URL path (an Azure deployment, a Bedrock
// model id). url_encode keeps '.', so "." and ".." would stay dot-segments, which clients,
// proxies and servers resolve (RFC 3986 §5.2.4): "/deployments/../x" reaches another path.
// Percent-encoding the dots does not help either, since %2E is '.' to anything that
// normalises the path (RFC 3986 §6.2.2.2). Such a name can never be a valid deployment or
// model, so it is refused.
#pragma once

#include <llmhost/error.hpp>
#include <llmhost/http.hpp>

#include <string>
#include <string_view>

namespace llmhost {

// `value` percent-encoded as one path segment; throws Error(LLMH_ERR_BAD_REQUEST) naming
// `what` (e.g. "deployment name") when it is "." or "..".
inline std::string path_segment(std::string_view value, std::string_view what) {
    if (value == "." || value == "..")
        throw Error(LLMH_ERR_BAD_REQUEST,
                    std::string(what) + " '" + std::string(value) +
                        "' is not valid: a name of only dots would change the upstream URL's path");
    return url_encode(value);
}

} // namespace llmhost
