// An in-process HTTP/1.1 server on 127.0.0.1 port 0 that replays scripted responses, for
// tests of the transport and of plugins against each provider's real wire format.
#pragma once

#include <llmhost/http.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace llmhost::testing {

struct RecordedRequest {
    std::string method;
    std::string target; // path and query, as sent
    Headers headers;
    std::string body;
    std::string_view header(std::string_view name) const { return find_header(headers, name); }
};

struct ScriptedResponse {
    int status = 200;
    Headers headers;                 // Content-Type etc.; framing headers are added
    std::vector<std::string> chunks; // body pieces, each written and flushed separately
    bool chunked = false;            // Transfer-Encoding: chunked instead of Content-Length
    std::chrono::milliseconds delay_before_head{0};
    std::chrono::milliseconds delay_between_chunks{0};
    // Cut the connection after the chunks (a truncated body: with Content-Length the
    // declared length is the full length of `declared_body_size`, or the chunks' total).
    bool close_after_chunks = false;
    size_t declared_body_size = 0; // 0: the chunks' total
    bool keep_alive = true;

    static ScriptedResponse json(int status, std::string body) {
        ScriptedResponse r;
        r.status = status;
        r.headers = {{"Content-Type", "application/json"}};
        r.chunks = {std::move(body)};
        return r;
    }
    static ScriptedResponse sse(std::vector<std::string> chunks) {
        ScriptedResponse r;
        r.headers = {{"Content-Type", "text/event-stream"}};
        r.chunks = std::move(chunks);
        r.chunked = true;
        return r;
    }
};

using Handler = std::function<ScriptedResponse(const RecordedRequest&)>;

class MockUpstream {
  public:
    // Serves on 127.0.0.1:0 from its own thread until destroyed. With `tls`, serves HTTPS
    // with a certificate for 127.0.0.1/localhost signed by test_ca_file().
    explicit MockUpstream(Handler handler, bool tls = false);
    ~MockUpstream();

    uint16_t port() const;
    std::string base_url() const; // "http://127.0.0.1:PORT" or "https://..."
    std::vector<RecordedRequest> requests() const;
    size_t connections_accepted() const;

    // A PEM file with the CA that signs the TLS servers' certificates (created once).
    static std::string test_ca_file();

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

} // namespace llmhost::testing
