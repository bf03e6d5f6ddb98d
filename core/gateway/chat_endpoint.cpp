// A face's chat request (POST /v1/chat/completions, /v1/messages, /v1/responses, Gemini's
// :generateContent ...), run through the attempt loop like `chat` does (selection from
// `model`, fallbacks, retries, key rotation), answered whole or relayed as a stream in the
// same face. Nothing here knows which face it serves.
//
// Until the first content event, nothing is sent: a failing attempt is retried or falls back
// invisibly, and if every option fails the client gets a plain error response with the right
// status. The first content event commits the response (headers, preamble, that event); a
// failure after it ends the stream with the face's error event.
#include "core/chat/response_builder.hpp"
#include "core/gateway/gateway_core.hpp"
#include "core/reliability/attempt_loop.hpp"
#include "core/reliability/provider_call.hpp"

#include <boost/json.hpp>

#include <chrono>
#include <ctime>

namespace llmhost::gateway {
namespace {

using Clock = std::chrono::steady_clock;

constexpr size_t max_session_length = 256; // longer "session ids" are not remembered

const std::vector<reliability::Option> no_options; // a request that failed before it had a plan

// What a request still running at the shutdown deadline ends with.
const GatewayError shutting_down{ErrorKind::unavailable,
                                 "the server is shutting down and ended this response before it was complete; "
                                 "retry the request",
                                 {},
                                 "unavailable",
                                 -1};

ResponseIdentity identity_for(const Face& face, const reliability::Option& option) {
    return {face.new_response_id(), option.model, static_cast<int64_t>(std::time(nullptr))};
}

// Sets the exchange's client-left hook for as long as it lives.
class ClientLeftHook {
  public:
    ClientLeftHook(HttpExchange& exchange, std::function<void()> hook) : exchange_(exchange) {
        exchange_.on_client_left(std::move(hook));
    }
    ~ClientLeftHook() { exchange_.on_client_left(nullptr); }
    ClientLeftHook(const ClientLeftHook&) = delete;
    ClientLeftHook& operator=(const ClientLeftHook&) = delete;

  private:
    HttpExchange& exchange_;
};

class ChatRun {
  public:
    ChatRun(GatewayCore& core, HttpExchange& exchange, const Face& face, const RouteMatch& match)
        : core_(core), exchange_(exchange), face_(face), match_(match), cancel_(exchange.cancelled()) {}

    void run() {
        record_.face = face_.name();
        try {
            if (cancel_) return finish_request(core_, exchange_, record_, 499);
            request_ = read_request();
            // Parsed: free it for the length of the call, unless it may go on as it came.
            if (request_.wire_protocol.empty()) std::string().swap(exchange_.body());
            request_.chat.model = model_to_serve(core_, request_.chat.model);
            plan_ = plan_for_request(*generation_, request_.chat.model, record_);
            if (core_.settings.verbose) say_what_was_left_out();
        } catch (...) {
            return fail_before_start(describe_failure(core_, std::current_exception(), no_options));
        }
        // A client that leaves is logged (499) then, even while a call that ignores its
        // cancellation holds this run up.
        const ClientLeftHook log_when_client_leaves(exchange_,
                                                    [this] { finish_request(core_, exchange_, record_, 499); });
        reliability::AttemptLoop loop(core_.clock, core_.health, &cancel_);
        loop.on_attempt([this](const reliability::AttemptRecord& a) {
            ++record_.attempts;
            core_.metrics.attempt(a.provider, a.status);
        });
        // A session starts where it was served last (see SessionAffinity).
        const std::string model = request_.chat.model; // attempts replace it with each option's
        const bool has_session = !request_.session.empty() && request_.session.size() <= max_session_length;
        const auto start = has_session ? core_.affinity.find(request_.session, model) : std::nullopt;
        reliability::LoopResult result;
        try {
            result = reliability::run_with_pool(
                loop, generation_->pool, plan_->options,
                [this](plugins::ProviderInstance& instance, const reliability::Option& option,
                       const plugins::CallOptions& call) { attempt(instance, option, call); },
                &cancel_, [this] { return committed_; }, start ? &*start : nullptr);
        } catch (const GatewayException& e) { // the whole request, read for an attempt, is not valid
            return fail_before_start(e.error());
        }
        if (result.ok) {
            if (has_session) core_.affinity.remember(request_.session, model, result.served_at);
            return succeed(*result.served_by);
        }
        const GatewayError error =
            exchange_.server_gave_up()
                ? shutting_down
                : describe_failure(core_, std::make_exception_ptr(*result.error), plan_->options);
        if (committed_) return fail_midway(error);
        fail_before_start(error);
    }

  private:
    // Only what routing needs when the body may go on as it came; the rest when an attempt
    // needs the canonical request (read_whole_request).
    FaceChatRequest read_request() {
        if (auto routing = face_.parse_chat_routing(exchange_, match_)) return std::move(*routing);
        return face_.parse_chat(exchange_, match_);
    }

    // The canonical request, for a provider that does not take the client's body as it came.
    // Throws GatewayException (400) when the body is not a valid request after all.
    void read_whole_request() {
        if (!request_.routing_only) return;
        FaceChatRequest whole = face_.parse_chat(exchange_, match_);
        whole.chat.model = std::move(request_.chat.model); // this attempt's
        whole.session = std::move(request_.session);
        request_ = std::move(whole);
        if (core_.settings.verbose) say_what_was_left_out();
    }

    void attempt(plugins::ProviderInstance& instance, const reliability::Option& option,
                 const plugins::CallOptions& call) {
        reliability::check_capabilities(instance, option,
                                        request_.routing_only ? *request_.routing_only
                                                              : reliability::RequestNeeds::of(request_.chat));
        request_.chat.model = option.model;
        const auto started = Clock::now();
        try {
            call_provider(instance, option, call);
        } catch (...) {
            core_.metrics.upstream_latency(option.provider.id, seconds_since(started));
            throw;
        }
        core_.metrics.upstream_latency(option.provider.id, seconds_since(started));
        if (cancel_) throw Error(LLMH_ERR_CANCELLED, "the client went away");
    }

    // The client's own body when the provider speaks its protocol (nothing rebuilt, nothing
    // lost on the way), else the canonical request; its events relayed as a stream or
    // collected into the whole response.
    void call_provider(plugins::ProviderInstance& instance, const reliability::Option& option,
                       const plugins::CallOptions& call) {
        const std::function<bool(const llmh_event&)> on_event = [this](const llmh_event& e) {
            if (request_.stream) return relay(e);
            builder_.add(e);
            return !cancel_.load(std::memory_order_relaxed);
        };
        as_it_came_ = !request_.wire_protocol.empty();
        if (as_it_came_) {
            start_response(option);
            if (instance.chat_wire(request_.wire_protocol, exchange_.body(),
                                   canonical_json(request_.chat, CanonicalParts::beside_wire_body), call, on_event))
                return;
            as_it_came_ = false;
        }
        read_whole_request();
        start_response(option);
        instance.chat(canonical_json(request_.chat), call, on_event);
    }

    // A fresh encoder or builder for this attempt's events.
    void start_response(const reliability::Option& option) {
        if (request_.stream)
            encoder_ = face_.stream_encoder(request_, identity_for(face_, option));
        else
            builder_ = chat::ResponseBuilder();
    }

    // What the face left out, unless the provider got the body as it came.
    const ResponseHeaders& notes() const {
        static const ResponseHeaders none;
        return as_it_came_ ? none : request_.notes;
    }

    // -v: what the face could not pass on (the same notes go to the client as headers).
    void say_what_was_left_out() const {
        for (const auto& [name, value] : request_.notes)
            core_.log(std::string(face_.name()) + " request for " + record_.provider + "/" + record_.model + ": " +
                      name + ": " + value);
    }

    // One event of a stream: encoded, and written at once when the response is committed.
    bool relay(const llmh_event& e) {
        if (cancel_.load(std::memory_order_relaxed)) return false;
        std::string frames;
        encoder_->event(e, frames);
        if (!committed_) {
            if (!is_content_event(e)) return true; // nothing is shown before content
            if (!commit()) return false;
        }
        return frames.empty() || exchange_.send(std::move(frames));
    }

    bool commit() {
        committed_ = true;
        core_.metrics.stream_opened();
        return exchange_.begin_stream(200, face_.stream_content_type(request_), notes());
    }

    void succeed(const reliability::Option& served) {
        record_.provider = served.provider.id;
        record_.model = served.model;
        if (!request_.stream) {
            std::string body = face_.render_response(request_, builder_.response(), identity_for(face_, served));
            finish_request(core_, exchange_, record_, 200);
            return exchange_.respond(200, "application/json", std::move(body), notes());
        }
        if (!committed_) commit(); // a reply with no content at all still gets its stream
        std::string frames;
        encoder_->finish(frames);
        end_stream(std::move(frames));
    }

    void fail_midway(const GatewayError& error) {
        core_.metrics.error(error.error_class);
        std::string frames;
        if (!client_gone()) encoder_->fail(error, frames);
        end_stream(std::move(frames));
    }

    // The stream's last frames; the request is counted and logged just before they go out.
    void end_stream(std::string last_frames) {
        core_.metrics.stream_closed();
        core_.metrics.stream_output(encoder_->deltas(), encoder_->output_tokens());
        finish_request(core_, exchange_, record_, 200);
        exchange_.send(std::move(last_frames));
        exchange_.end_stream();
    }

    void fail_before_start(const GatewayError& error) { respond_error(core_, exchange_, face_, error, record_); }

    // Cancelled because the client left (nobody to tell), not because the server gave up.
    bool client_gone() const { return cancel_ && !exchange_.server_gave_up(); }

    static double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

    GatewayCore& core_;
    HttpExchange& exchange_;
    const Face& face_;
    const RouteMatch& match_;
    const std::atomic<bool>& cancel_;
    AccessRecord record_;
    FaceChatRequest request_;
    // The configuration this request is served with, whatever reloads happen meanwhile.
    const std::shared_ptr<const GatewayGeneration> generation_ = core_.generation();
    std::shared_ptr<const RequestPlan> plan_;
    chat::ResponseBuilder builder_;
    std::unique_ptr<ChatStreamEncoder> encoder_;
    bool committed_ = false;  // a content event reached the client: no silent retry after this
    bool as_it_came_ = false; // this attempt's provider got the client's own body
};

} // namespace

void serve_chat(GatewayCore& core, HttpExchange& exchange, const Face& face, const RouteMatch& match) {
    ChatRun(core, exchange, face, match).run();
}

} // namespace llmhost::gateway
