// The transport's URL parser (every configured base_url and proxy goes through it) and
// percent-decoding. Input: the URL text.
#include "core/transport/url.hpp"

#include <cstdint>
#include <cstdlib>
#include <stdexcept>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    (void)llmhost::transport::percent_decode(text);
    (void)llmhost::transport::percent_decode(text, true);
    llmhost::transport::Url url;
    try {
        url = llmhost::transport::parse_url(text);
    } catch (const std::invalid_argument&) {
        return 0; // refused, with a message: fine
    }
    (void)url.host_is_ip_literal();
    (void)url.authority();
    (void)url.bracketed_host();
    // What was accepted must be well-formed enough to connect with.
    if (url.host.empty() || url.target.empty() || url.target.front() != '/') std::abort();
    if (url.scheme != "http" && url.scheme != "https") std::abort();
    // Parsing what the parts say again gives the same parts.
    const std::string again = url.scheme + "://" + url.host_port() + url.target;
    const auto reparsed = llmhost::transport::parse_url(again);
    if (reparsed.host != url.host || reparsed.port != url.port || reparsed.target != url.target) std::abort();
    return 0;
}
