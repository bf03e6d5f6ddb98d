// One HTTP request and its response, as the gateway's handlers see it. The response side may
// be driven from the connection's fiber or from any thread (a plugin call that needed a thread
// of its own), one call at a time: respond() once, or begin_stream(), send()..., end_stream().
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace llmhost::gateway {

using ResponseHeaders = std::vector<std::pair<std::string, std::string>>;

class HttpExchange {
  public:
    virtual ~HttpExchange() = default;

    virtual std::string_view method() const = 0;
    virtual std::string_view path() const = 0;  // the target without its query
    virtual std::string_view query() const = 0; // what follows '?' in the target ("" when none)
    virtual std::string_view header(std::string_view name) const = 0;
    virtual std::string& body() = 0;
    // Non-zero when the server refused the request before reading it whole (413 body too
    // large, 400 malformed HTTP); the handler only renders the error.
    virtual int rejected_status() const = 0;
    // Why it was refused, when the server knows better than "malformed" ("" otherwise).
    virtual std::string_view rejection_reason() const { return {}; }
    virtual std::chrono::steady_clock::time_point received_at() const = 0;

    virtual void respond(int status, std::string_view content_type, std::string body,
                         const ResponseHeaders& extra = {}) = 0;
    // Writes the head of a streamed response; false when the client is gone.
    virtual bool begin_stream(int status, std::string_view content_type, const ResponseHeaders& extra = {}) = 0;
    // Writes (and flushes) one piece of the body; waits while the client is far behind.
    // False when the client is gone.
    virtual bool send(std::string data) = 0;
    virtual void end_stream() = 0;

    // Runs `work` on a fiber on the connection's event-loop thread; the exchange wakes that
    // fiber when it is cancelled. Call it once, from the handler.
    virtual void run_on_fiber(std::function<void()> work) = 0;

    // Runs `hook` once, on the connection's loop and outside the handler's fiber, when the
    // client leaves before the response is complete: the request is accounted for then, even
    // while a provider call that ignores its cancellation still holds the handler. Replaces
    // any earlier hook; nullptr removes it (before what it refers to goes away).
    virtual void on_client_left(std::function<void()> /*hook*/) {}

    // Becomes true when the client disconnects or the server gives up on the request (the
    // shutdown deadline): provider calls check it and stop.
    virtual const std::atomic<bool>& cancelled() const = 0;
    // True when cancelled() because the server gave up at shutdown: the client is still
    // there, so a stream in progress ends with its face's error event, not a cut.
    virtual bool server_gave_up() const { return false; }
    virtual int status() const = 0; // the status sent, 0 before
};

using RequestHandler = std::function<void(std::shared_ptr<HttpExchange>)>;

// The server's question once a request's head has arrived, before it reads the body or
// answers `Expect: 100-continue`: may the request go on? `head` has no body, and its
// response side does nothing.
struct Admission {
    int refused_status = 0;  // 0: go on; else the request is refused with this status, its body unread
    std::string reason;      // what the refusal says
    ResponseHeaders headers; // added to every response to the request (CORS)
};
using HeadCheck = std::function<Admission(const HttpExchange& head)>;

// The value of `name` in a query string ("a=1&key=x"), percent-decoded; nullopt when absent.
std::optional<std::string> query_param(std::string_view query, std::string_view name);

} // namespace llmhost::gateway
