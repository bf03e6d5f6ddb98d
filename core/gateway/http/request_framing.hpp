// Requests whose framing two HTTP parsers could read differently are refused before their
// body is read (RFC 9112 §6.1, §6.3, §3.2): a proxy in front of the gateway and the gateway
// must agree on where each request ends, or a body is taken for the next request.
#pragma once

#include "core/gateway/http/http_session.hpp"

#include <string>

namespace llmhost::gateway {

// What is wrong with the head's framing or target ("" when nothing is): a Transfer-Encoding
// that does not end in a single `chunked` (gzip, xchunked, "chunked, identity"), one sent
// together with Content-Length, or a target that is not a path (absolute-form: this server is
// no proxy).
std::string framing_problem(const Request& head);

} // namespace llmhost::gateway
