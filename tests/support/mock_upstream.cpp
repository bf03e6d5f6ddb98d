// MockUpstream: a blocking Beast HTTP/1.1 server with one thread per connection. Blocking I/O
// keeps the scripted timing (delays, flushes, truncation) obvious; the destructor unblocks
// every thread by shutting the sockets down underneath them.
#include "support/mock_upstream.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <sys/socket.h>

#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <list>
#include <map>
#include <mutex>
#include <stdexcept>
#include <thread>

namespace llmhost::testing {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;

namespace {

// ---- Test PKI: a CA and a server certificate for 127.0.0.1 / localhost, made once ----------

struct TestPki {
    std::string dir;
    std::string ca_file;
    std::string server_cert_file;
    std::string server_key_file;
    ~TestPki() {
        std::error_code ec;
        if (!dir.empty()) std::filesystem::remove_all(dir, ec);
    }
};

void require(bool ok, const char* what) {
    if (!ok) throw std::runtime_error(std::string("test PKI: ") + what + " failed");
}

void add_extension(X509* cert, X509* issuer, int nid, const char* value) {
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
    X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
    require(ext != nullptr, "X509V3_EXT_conf_nid");
    X509_add_ext(cert, ext, -1);
    X509_EXTENSION_free(ext);
}

// A certificate for `key`, signed by `issuer_key` (self-signed when `issuer` is null).
X509* make_certificate(EVP_PKEY* key, const char* common_name, X509* issuer, EVP_PKEY* issuer_key, long serial,
                       const char* subject_alt_names) {
    X509* cert = X509_new();
    require(cert != nullptr, "X509_new");
    X509_set_version(cert, X509_VERSION_3);
    ASN1_INTEGER_set(X509_get_serialNumber(cert), serial);
    X509_gmtime_adj(X509_getm_notBefore(cert), -3600);
    X509_gmtime_adj(X509_getm_notAfter(cert), 3600L * 24 * 365);
    X509_set_pubkey(cert, key);
    X509_NAME* name = X509_get_subject_name(cert);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>(common_name), -1, -1,
                               0);
    X509* signer = issuer ? issuer : cert;
    X509_set_issuer_name(cert, X509_get_subject_name(signer));
    add_extension(cert, signer, NID_subject_key_identifier, "hash");
    if (issuer) {
        add_extension(cert, signer, NID_authority_key_identifier, "keyid:always");
        add_extension(cert, signer, NID_basic_constraints, "critical,CA:FALSE");
        add_extension(cert, signer, NID_key_usage, "critical,digitalSignature,keyEncipherment");
        add_extension(cert, signer, NID_ext_key_usage, "serverAuth");
        add_extension(cert, signer, NID_subject_alt_name, subject_alt_names);
    } else {
        add_extension(cert, signer, NID_basic_constraints, "critical,CA:TRUE");
        add_extension(cert, signer, NID_key_usage, "critical,keyCertSign,cRLSign");
    }
    require(X509_sign(cert, issuer ? issuer_key : key, EVP_sha256()) > 0, "X509_sign");
    return cert;
}

void write_pem(const std::string& path, X509* cert, EVP_PKEY* key) {
    FILE* f = std::fopen(path.c_str(), "wb");
    require(f != nullptr, "fopen");
    const bool ok =
        cert ? PEM_write_X509(f, cert) == 1 : PEM_write_PrivateKey(f, key, nullptr, nullptr, 0, nullptr, nullptr) == 1;
    std::fclose(f);
    require(ok, "PEM write");
}

std::unique_ptr<TestPki> create_test_pki() {
    auto pki = std::make_unique<TestPki>();
    std::string tmpl = (std::filesystem::temp_directory_path() / "llmhost-test-pki-XXXXXX").string();
    require(mkdtemp(tmpl.data()) != nullptr, "mkdtemp");
    pki->dir = tmpl;
    pki->ca_file = pki->dir + "/ca.pem";
    pki->server_cert_file = pki->dir + "/server.pem";
    pki->server_key_file = pki->dir + "/server-key.pem";

    EVP_PKEY* ca_key = EVP_EC_gen("P-256");
    EVP_PKEY* server_key = EVP_EC_gen("P-256");
    require(ca_key && server_key, "EVP_EC_gen");
    X509* ca = make_certificate(ca_key, "llmhost test CA", nullptr, nullptr, 1, nullptr);
    X509* server = make_certificate(server_key, "localhost", ca, ca_key, 2, "IP:127.0.0.1,DNS:localhost");
    write_pem(pki->ca_file, ca, nullptr);
    write_pem(pki->server_cert_file, server, nullptr);
    write_pem(pki->server_key_file, nullptr, server_key);
    X509_free(server);
    X509_free(ca);
    EVP_PKEY_free(server_key);
    EVP_PKEY_free(ca_key);
    return pki;
}

const TestPki& test_pki() {
    static const std::unique_ptr<TestPki> pki = create_test_pki();
    return *pki;
}

// ---- Response writing -----------------------------------------------------------------

bool is_framing_header(std::string_view name) {
    return iequals(name, "content-length") || iequals(name, "transfer-encoding") || iequals(name, "connection");
}

size_t total_size(const std::vector<std::string>& chunks) {
    size_t n = 0;
    for (const auto& c : chunks)
        n += c.size();
    return n;
}

std::string reason_phrase(int status) {
    const std::string_view known = http::obsolete_reason(static_cast<http::status>(status));
    return known.starts_with('<') ? "Status" : std::string(known); // Beast says "<unknown-status>"
}

std::string response_head(const ScriptedResponse& r, bool keep_alive, bool has_body) {
    std::string head = "HTTP/1.1 " + std::to_string(r.status) + " " + reason_phrase(r.status) + "\r\n";
    for (const auto& [name, value] : r.headers)
        if (!is_framing_header(name)) head += name + ": " + value + "\r\n";
    if (has_body) {
        if (r.chunked)
            head += "Transfer-Encoding: chunked\r\n";
        else {
            const size_t length = r.declared_body_size ? r.declared_body_size : total_size(r.chunks);
            head += "Content-Length: " + std::to_string(length) + "\r\n";
        }
    }
    if (!keep_alive) head += "Connection: close\r\n";
    head += "\r\n";
    return head;
}

std::string chunk_frame(std::string_view data) {
    char size[32];
    std::snprintf(size, sizeof size, "%zx\r\n", data.size());
    std::string frame = size;
    frame.append(data);
    frame += "\r\n";
    return frame;
}

} // namespace

// ---- The server ---------------------------------------------------------------------------

struct MockUpstream::Impl {
    Handler handler;
    bool tls;
    asio::io_context io; // only hosts the blocking sockets; never run
    tcp::acceptor acceptor{io};
    std::unique_ptr<ssl::context> tls_context;
    uint16_t port = 0;

    mutable std::mutex mutex; // guards everything below
    std::condition_variable stop_signal;
    bool stopping = false;
    std::vector<RecordedRequest> recorded;
    size_t accepted = 0;
    uint64_t next_connection_id = 0;
    std::map<uint64_t, int> open_sockets; // connection id -> fd, to unblock them on stop
    struct Worker {
        std::thread thread;
        std::shared_ptr<std::atomic<bool>> done;
    };
    std::list<Worker> workers;
    std::mutex handler_mutex; // handlers run one at a time, so tests need no locking
    std::thread accept_thread;

    Impl(Handler h, bool use_tls) : handler(std::move(h)), tls(use_tls) {
        if (tls) {
            const auto& pki = test_pki();
            tls_context = std::make_unique<ssl::context>(ssl::context::tls_server);
            tls_context->use_certificate_chain_file(pki.server_cert_file);
            tls_context->use_private_key_file(pki.server_key_file, ssl::context::pem);
        }
        const tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), 0);
        acceptor.open(endpoint.protocol());
        acceptor.set_option(asio::socket_base::reuse_address(true));
        acceptor.bind(endpoint);
        acceptor.listen(asio::socket_base::max_listen_connections);
        port = acceptor.local_endpoint().port();
        accept_thread = std::thread([this] { accept_loop(); });
    }

    ~Impl() {
        {
            std::lock_guard lock(mutex);
            stopping = true;
            ::shutdown(acceptor.native_handle(), SHUT_RDWR); // wakes the blocking accept()
            for (const auto& [id, fd] : open_sockets)
                ::shutdown(fd, SHUT_RDWR);
        }
        stop_signal.notify_all();
        accept_thread.join();
        for (auto& w : workers)
            w.thread.join();
    }

    void accept_loop() {
        for (;;) {
            tcp::socket socket(io);
            beast::error_code ec;
            acceptor.accept(socket, ec);
            std::lock_guard lock(mutex);
            if (stopping) return;
            if (ec) continue;
            ++accepted;
            // Chunks are separate small writes; Nagle would hold each back for the client's ACK.
            socket.set_option(tcp::no_delay(true), ec);
            reap_finished_workers();
            const uint64_t id = next_connection_id++;
            open_sockets[id] = socket.native_handle();
            auto done = std::make_shared<std::atomic<bool>>(false);
            workers.push_back(Worker{std::thread([this, id, done, s = std::move(socket)]() mutable {
                                         serve_connection(id, std::move(s));
                                         done->store(true);
                                     }),
                                     done});
        }
    }

    void reap_finished_workers() {
        for (auto it = workers.begin(); it != workers.end();) {
            if (it->done->load()) {
                it->thread.join();
                it = workers.erase(it);
            } else
                ++it;
        }
    }

    void serve_connection(uint64_t id, tcp::socket socket) {
        if (tls) {
            ssl::stream<tcp::socket> stream(std::move(socket), *tls_context);
            beast::error_code ec;
            stream.handshake(ssl::stream_base::server, ec);
            if (!ec) serve(stream);
            forget_socket(id);
        } else {
            serve(socket);
            forget_socket(id);
        }
    }

    // Deregisters before the socket closes, so the destructor never shuts down a reused fd.
    void forget_socket(uint64_t id) {
        std::lock_guard lock(mutex);
        open_sockets.erase(id);
    }

    // Waits `delay` unless the server stops first; false when stopping.
    bool pause(std::chrono::milliseconds delay) {
        std::unique_lock lock(mutex);
        if (delay.count() <= 0) return !stopping;
        return !stop_signal.wait_for(lock, delay, [this] { return stopping; });
    }

    ScriptedResponse respond_to(const RecordedRequest& request) {
        {
            std::lock_guard lock(mutex);
            recorded.push_back(request);
        }
        std::lock_guard lock(handler_mutex);
        try {
            return handler(request);
        } catch (const std::exception& e) {
            return ScriptedResponse::json(500, std::string(R"({"error":{"message":"mock handler threw: )") + e.what() +
                                                   "\"}}");
        }
    }

    template <class Stream> void serve(Stream& stream) {
        beast::flat_buffer buffer;
        for (;;) {
            http::request_parser<http::string_body> parser;
            parser.header_limit(1 << 20);
            parser.body_limit(1ull << 30);
            beast::error_code ec;
            http::read(stream, buffer, parser, ec);
            if (ec) return;
            const auto& req = parser.get();
            RecordedRequest request;
            request.method = std::string(req.method_string());
            request.target = std::string(req.target());
            for (const auto& field : req)
                request.headers.emplace_back(field.name_string(), field.value());
            request.body = req.body();

            const ScriptedResponse response = respond_to(request);
            const bool keep_alive = response.keep_alive && req.keep_alive();
            if (!write_response(stream, response, keep_alive, req.method() != http::verb::head)) return;
            if (response.close_after_chunks) {
                abort_connection(stream); // no close_notify: the client must see a truncated body
                return;
            }
            if (!keep_alive) {
                close_gracefully(stream);
                return;
            }
        }
    }

    template <class Stream>
    bool write_response(Stream& stream, const ScriptedResponse& r, bool keep_alive, bool send_body) {
        if (!pause(r.delay_before_head)) return false;
        const bool has_body = r.status != 204 && r.status != 304 && r.status >= 200;
        beast::error_code ec;
        asio::write(stream, asio::buffer(response_head(r, keep_alive, has_body)), ec);
        if (ec) return false;
        if (!has_body || !send_body) return true;
        bool first = true;
        for (const auto& chunk : r.chunks) {
            if (!first && !pause(r.delay_between_chunks)) return false;
            first = false;
            if (chunk.empty()) continue; // an empty chunk frame would end a chunked body
            if (r.chunked)
                asio::write(stream, asio::buffer(chunk_frame(chunk)), ec);
            else
                asio::write(stream, asio::buffer(chunk), ec);
            if (ec) return false;
        }
        if (r.chunked && !r.close_after_chunks) {
            asio::write(stream, asio::buffer(std::string_view("0\r\n\r\n")), ec);
            if (ec) return false;
        }
        return true;
    }

    static tcp::socket& tcp_layer(tcp::socket& s) { return s; }
    static tcp::socket& tcp_layer(ssl::stream<tcp::socket>& s) { return s.next_layer(); }

    template <class Stream> static void abort_connection(Stream& stream) {
        beast::error_code ec;
        tcp_layer(stream).shutdown(tcp::socket::shutdown_both, ec);
    }

    static void close_gracefully(tcp::socket& socket) {
        beast::error_code ec;
        socket.shutdown(tcp::socket::shutdown_send, ec);
        drain_until_peer_closes(socket);
    }

    static void close_gracefully(ssl::stream<tcp::socket>& stream) {
        beast::error_code ec;
        stream.shutdown(ec); // close_notify, then waits for the peer's (or its EOF)
        stream.next_layer().shutdown(tcp::socket::shutdown_send, ec);
    }

    // Reading until EOF before closing avoids an RST that could discard data in flight.
    static void drain_until_peer_closes(tcp::socket& socket) {
        char sink[4096];
        beast::error_code ec;
        while (!ec)
            socket.read_some(asio::buffer(sink), ec);
    }
};

MockUpstream::MockUpstream(Handler handler, bool tls) : impl_(std::make_unique<Impl>(std::move(handler), tls)) {}

MockUpstream::~MockUpstream() = default;

uint16_t MockUpstream::port() const { return impl_->port; }

std::string MockUpstream::base_url() const {
    return std::string(impl_->tls ? "https" : "http") + "://127.0.0.1:" + std::to_string(impl_->port);
}

std::vector<RecordedRequest> MockUpstream::requests() const {
    std::lock_guard lock(impl_->mutex);
    return impl_->recorded;
}

size_t MockUpstream::connections_accepted() const {
    std::lock_guard lock(impl_->mutex);
    return impl_->accepted;
}

std::string MockUpstream::test_ca_file() { return test_pki().ca_file; }

} // namespace llmhost::testing
