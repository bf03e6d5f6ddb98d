// Client-side TLS: the shared OpenSSL context (system CA store plus an optional extra CA file,
// peer verification) and the per-connection settings (SNI, host name checking).
#pragma once

#include "core/transport/url.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/stream.hpp>

#include <memory>
#include <string>

namespace llmhost::transport {

// Throws llmhost::Error (LLMH_ERR_NETWORK) when `extra_ca_file` cannot be loaded.
std::unique_ptr<boost::asio::ssl::context> make_client_tls_context(const std::string& extra_ca_file);

// Sends SNI for names (never for IP literals) and makes certificate verification require
// that the certificate covers `target.host`.
void prepare_tls_stream(boost::asio::ssl::stream<boost::asio::ip::tcp::socket>& stream, const Url& target);

// "certificate verify failed (hostname mismatch)": the error plus OpenSSL's verify result.
std::string describe_tls_error(const boost::system::error_code& ec,
                               boost::asio::ssl::stream<boost::asio::ip::tcp::socket>& stream);

} // namespace llmhost::transport
