#include "core/transport/tls.hpp"

#include "core/transport/transport_errors.hpp"

#include <openssl/ssl.h>
#include <openssl/x509v3.h>

namespace llmhost::transport {

namespace ssl = boost::asio::ssl;

std::unique_ptr<ssl::context> make_client_tls_context(const std::string& extra_ca_file) {
    auto context = std::make_unique<ssl::context>(ssl::context::tls_client);
    SSL_CTX_set_min_proto_version(context->native_handle(), TLS1_2_VERSION);
    context->set_verify_mode(ssl::verify_peer);
    boost::system::error_code ec;
    context->set_default_verify_paths(ec);
    if (ec) throw_network("cannot load the system CA store: " + ec.message());
    if (!extra_ca_file.empty()) {
        context->load_verify_file(extra_ca_file, ec);
        if (ec) throw_network("cannot load the extra CA file '" + extra_ca_file + "': " + ec.message());
    }
    return context;
}

// OpenSSL's own name check (rather than asio's host_name_verification callback) because its
// failures carry a precise verify result ("hostname mismatch") for the error message.
void prepare_tls_stream(ssl::stream<boost::asio::ip::tcp::socket>& stream, const Url& target) {
    SSL* handle = stream.native_handle();
    if (target.host_is_ip_literal()) {
        X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(handle), target.host.c_str());
    } else {
        SSL_set_tlsext_host_name(handle, target.host.c_str());
        SSL_set1_host(handle, target.host.c_str());
    }
}

std::string describe_tls_error(const boost::system::error_code& ec, ssl::stream<boost::asio::ip::tcp::socket>& stream) {
    std::string text = ec.message();
    const long verify = SSL_get_verify_result(stream.native_handle());
    if (verify != X509_V_OK) text += std::string(" (") + X509_verify_cert_error_string(verify) + ")";
    return text;
}

} // namespace llmhost::transport
