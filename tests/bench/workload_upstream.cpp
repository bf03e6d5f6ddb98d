#include "bench/workload_upstream.hpp"

#include <boost/asio.hpp>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstring>
#include <map>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

namespace llmhost::bench {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

std::string frame_text(int i) { return " streamed words #" + std::to_string(i); }

namespace {

enum class Format { chat, messages, responses };

std::string chunk(std::string_view data) {
    char size[16];
    std::snprintf(size, sizeof size, "%zx\r\n", data.size());
    return size + std::string(data) + "\r\n";
}

std::string whole_response(std::string_view body) {
    return "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
           "\r\n\r\n" + std::string(body);
}

const std::string stream_head =
    "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n";
const std::string answer = std::string("\"") + upstream_answer_text + "\"";

std::string whole_body(Format format) {
    switch (format) {
    case Format::chat:
        return R"({"id":"chatcmpl-bench","object":"chat.completion","created":1700000000,"model":"m","choices":[{"index":0,)"
               R"("message":{"role":"assistant","content":)" +
               answer +
               R"(},"finish_reason":"stop","logprobs":null}],"usage":{"prompt_tokens":8,"completion_tokens":6,"total_tokens":14}})";
    case Format::messages:
        return R"({"id":"msg_bench","type":"message","role":"assistant","model":"m","content":[{"type":"text","text":)" +
               answer +
               R"(}],"stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":8,"output_tokens":6}})";
    case Format::responses:
        return R"({"id":"resp_bench","object":"response","created_at":1700000000,"status":"completed","model":"m",)"
               R"("output":[{"type":"message","id":"msg_bench","status":"completed","role":"assistant","content":)"
               R"([{"type":"output_text","text":)" +
               answer + R"(,"annotations":[]}]}],"usage":{"input_tokens":8,"output_tokens":6,"total_tokens":14}})";
    }
    return {};
}

std::string sse(std::string_view event, std::string_view data) {
    return chunk((event.empty() ? std::string() : "event: " + std::string(event) + "\n") +
                 "data: " + std::string(data) + "\n\n");
}

// A text frame as the provider sends it.
std::string text_frame(Format format, int i, const std::string& text) {
    switch (format) {
    case Format::chat:
        return sse({}, R"({"id":"chatcmpl-bench","object":"chat.completion.chunk","created":1700000000,"model":"m",)"
                       R"("choices":[{"index":0,"delta":{)" +
                           std::string(i == 1 ? R"("role":"assistant",)" : "") + R"("content":")" + text +
                           R"("},"finish_reason":null}]})");
    case Format::messages:
        return sse("content_block_delta",
                   R"({"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":")" + text + "\"}}");
    case Format::responses:
        return sse("response.output_text.delta",
                   R"({"type":"response.output_text.delta","item_id":"msg_bench","output_index":0,"content_index":0,)"
                   R"("delta":")" +
                       text + R"(","sequence_number":)" + std::to_string(i + 2) + "}");
    }
    return {};
}

// What comes before the first text frame and after the last.
std::string stream_opening(Format format) {
    switch (format) {
    case Format::chat: return stream_head;
    case Format::messages:
        return stream_head +
               sse("message_start",
                   R"({"type":"message_start","message":{"id":"msg_bench","type":"message","role":"assistant",)"
                   R"("model":"m","content":[],"stop_reason":null,"stop_sequence":null,)"
                   R"("usage":{"input_tokens":8,"output_tokens":1}}})") +
               sse("content_block_start",
                   R"({"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}})");
    case Format::responses:
        return stream_head +
               sse("response.created",
                   R"({"type":"response.created","sequence_number":0,"response":{"id":"resp_bench","object":"response",)"
                   R"("created_at":1700000000,"status":"in_progress","model":"m","output":[]}})") +
               sse("response.output_item.added",
                   R"({"type":"response.output_item.added","sequence_number":1,"output_index":0,"item":{"type":"message",)"
                   R"("id":"msg_bench","status":"in_progress","role":"assistant","content":[]}})") +
               sse("response.content_part.added",
                   R"({"type":"response.content_part.added","sequence_number":2,"item_id":"msg_bench","output_index":0,)"
                   R"("content_index":0,"part":{"type":"output_text","text":"","annotations":[]}})");
    }
    return {};
}

std::string stream_closing(Format format, int frames) {
    switch (format) {
    case Format::chat:
        return sse({}, R"({"id":"chatcmpl-bench","object":"chat.completion.chunk","created":1700000000,"model":"m",)"
                       R"("choices":[{"index":0,"delta":{},"finish_reason":"stop"}],)"
                       R"("usage":{"prompt_tokens":8,"completion_tokens":)" +
                           std::to_string(frames) + R"(,"total_tokens":)" + std::to_string(frames + 8) + "}}") +
               sse({}, "[DONE]") + "0\r\n\r\n";
    case Format::messages:
        return sse("content_block_stop", R"({"type":"content_block_stop","index":0})") +
               sse("message_delta",
                   R"({"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},)"
                   R"("usage":{"output_tokens":)" +
                       std::to_string(frames) + "}}") +
               sse("message_stop", R"({"type":"message_stop"})") + "0\r\n\r\n";
    case Format::responses:
        return sse("response.output_text.done",
                   R"({"type":"response.output_text.done","item_id":"msg_bench","output_index":0,"content_index":0,)"
                   R"("text":"","sequence_number":)" +
                       std::to_string(frames + 3) + "}") +
               sse("response.completed",
                   R"({"type":"response.completed","sequence_number":)" + std::to_string(frames + 4) +
                       R"(,"response":{"id":"resp_bench","object":"response","created_at":1700000000,)"
                       R"("status":"completed","model":"m","output":[],)"
                       R"("usage":{"input_tokens":8,"output_tokens":)" +
                       std::to_string(frames) + R"(,"total_tokens":)" + std::to_string(frames + 8) + "}}}") +
               "0\r\n\r\n";
    }
    return {};
}

// One answer, as the writes that carry it: one write when it arrives together, one per text
// frame when spaced (the opening goes with the first frame, the closing with the last).
struct Answer {
    std::vector<std::string> writes;
    std::vector<int> frames; // text frames in each write (0 in a whole answer's)
    std::chrono::milliseconds gap{0};
    bool hold = false;
};

Answer stream_answer(Format format, int frames, bool spaced) {
    Answer a;
    a.gap = std::chrono::milliseconds(spaced ? 2 : 0);
    std::string current = stream_opening(format);
    for (int i = 1; i <= frames; ++i) {
        current += text_frame(format, i, frame_text(i));
        if (spaced && i < frames) {
            a.writes.push_back(std::exchange(current, {}));
            a.frames.push_back(1);
        }
    }
    a.writes.push_back(current + stream_closing(format, frames));
    a.frames.push_back(spaced ? 1 : frames);
    return a;
}

// The answers by format, model and whether streamed, rendered once.
struct Answers {
    std::map<std::pair<Format, std::string>, Answer> streamed;
    std::map<Format, Answer> whole;
    std::map<Format, std::string> hold_frame, hold_opening, hold_closing;

    Answers() {
        for (Format f : {Format::chat, Format::messages, Format::responses}) {
            whole[f].writes = {whole_response(whole_body(f))};
            whole[f].frames = {0};
            streamed[{f, "m"}] = stream_answer(f, 3, false);
            for (int n : {35, 500})
                for (bool spaced : {false, true})
                    streamed[{f, "stream-" + std::to_string(n) + (spaced ? "-spaced" : "-together")}] =
                        stream_answer(f, n, spaced);
            hold_opening[f] = stream_opening(f) + text_frame(f, 1, frame_text(1));
            hold_frame[f] = text_frame(f, 2, frame_text(2));
            hold_closing[f] = stream_closing(f, 2);
        }
    }
};

// The model's name after its last '/', from the first "model" key whose value names an
// answer (a tool's schema may have a "model" of its own, with another value).
std::string answer_name(std::string_view body, const Answers& answers) {
    for (std::string_view key : {"\"model\":\"", "\"model\": \""}) {
        for (size_t at = body.find(key); at != std::string_view::npos; at = body.find(key, at + 1)) {
            const size_t start = at + key.size(), end = body.find('"', start);
            if (end == std::string_view::npos) break;
            std::string_view model = body.substr(start, end - start);
            if (const size_t slash = model.rfind('/'); slash != std::string_view::npos) model.remove_prefix(slash + 1);
            if (model == "hold" || answers.streamed.count({Format::chat, std::string(model)}))
                return std::string(model);
        }
    }
    return "m";
}

bool wants_stream(std::string_view body) {
    return body.find("\"stream\":true") != std::string_view::npos ||
           body.find("\"stream\": true") != std::string_view::npos;
}

Format format_of(std::string_view request_line) {
    const std::string_view path = request_line.substr(0, request_line.find(" HTTP/"));
    const std::string_view route = path.substr(0, path.find('?'));
    if (route.ends_with("/messages")) return Format::messages;
    if (route.ends_with("/responses")) return Format::responses;
    return Format::chat;
}

size_t content_length(std::string_view head) {
    constexpr std::string_view name = "content-length:";
    for (size_t line = 0; line < head.size();) {
        const size_t end = head.find("\r\n", line);
        const std::string_view text = head.substr(line, end - line);
        if (text.size() > name.size() && std::equal(name.begin(), name.end(), text.begin(), [](char a, char b) {
                return a == std::tolower(static_cast<unsigned char>(b));
            }))
            return std::strtoul(text.data() + name.size(), nullptr, 10);
        if (end == std::string_view::npos) break;
        line = end + 2;
    }
    return 0;
}

} // namespace

struct WorkloadUpstream::Impl {
    asio::io_context io;
    tcp::acceptor acceptor{io, {asio::ip::make_address("127.0.0.1"), 0}};
    Answers answers;
    std::atomic<long> frames{0}, whole_answers{0};
    std::atomic<int> hold_generation{0};
    std::thread thread;

    struct Connection : std::enable_shared_from_this<Connection> {
        Impl& upstream;
        tcp::socket socket;
        asio::steady_timer timer;
        std::string in;
        size_t head_end = 0, body_length = 0; // of the request being read; head_end 0: not yet known
        char buf[16384];                      // 5,000 held streams: 80 MB of these
        Connection(Impl& u, tcp::socket s) : upstream(u), socket(std::move(s)), timer(socket.get_executor()) {}

        void read() {
            socket.async_read_some(asio::buffer(buf),
                                   [self = shared_from_this()](boost::system::error_code ec, size_t n) {
                                       if (ec) return;
                                       self->in.append(self->buf, n);
                                       self->serve();
                                   });
        }

        // One request at a time: its head, then Content-Length bytes of body (in as many reads
        // as it takes).
        void serve() {
            if (!head_end) {
                const size_t end = in.find("\r\n\r\n");
                if (end == std::string::npos) return read();
                head_end = end + 4;
                body_length = content_length(std::string_view(in).substr(0, end));
            }
            if (in.size() < head_end + body_length) return read();
            const std::string_view body = std::string_view(in).substr(head_end, body_length);
            const Format format = format_of(std::string_view(in).substr(in.find(' ') + 1));
            const bool stream = wants_stream(body);
            const std::string name = answer_name(body, upstream.answers);
            in.erase(0, head_end + body_length);
            head_end = body_length = 0;
            if (!stream) return send(upstream.answers.whole.at(format), 0);
            if (name == "hold") return hold(format, upstream.hold_generation.load(), 0);
            send(upstream.answers.streamed.at({format, name}), 0);
        }

        void send(const Answer& answer, size_t next) {
            asio::async_write(socket, asio::buffer(answer.writes[next]),
                              [self = shared_from_this(), &answer, next](boost::system::error_code ec, size_t) {
                                  if (ec) return;
                                  self->upstream.frames += answer.frames[next];
                                  if (next + 1 == answer.writes.size()) {
                                      if (!answer.frames[next]) ++self->upstream.whole_answers;
                                      return self->serve();
                                  }
                                  self->timer.expires_after(answer.gap);
                                  self->timer.async_wait([self, &answer, next](boost::system::error_code) {
                                      self->send(answer, next + 1);
                                  });
                              });
        }

        // A held stream: its opening, then a frame every 100 ms until its generation is
        // released (or two minutes pass, should the bench forget it).
        void hold(Format format, int generation, int sent) {
            const bool first = sent == 0,
                       last = !first && (upstream.hold_generation.load() != generation || sent >= 1200);
            const std::string& data = first  ? upstream.answers.hold_opening.at(format)
                                      : last ? upstream.answers.hold_closing.at(format)
                                             : upstream.answers.hold_frame.at(format);
            asio::async_write(
                socket, asio::buffer(data),
                [self = shared_from_this(), format, generation, sent, last](boost::system::error_code ec, size_t) {
                    if (ec) return;
                    if (last) return self->serve();
                    ++self->upstream.frames;
                    self->timer.expires_after(std::chrono::milliseconds(100));
                    self->timer.async_wait([self, format, generation, sent](boost::system::error_code) {
                        self->hold(format, generation, sent + 1);
                    });
                });
        }
    };

    void accept() {
        acceptor.async_accept([this](boost::system::error_code ec, tcp::socket s) {
            if (!ec) {
                s.set_option(tcp::no_delay(true));
                std::make_shared<Connection>(*this, std::move(s))->read();
            }
            accept();
        });
    }
};

WorkloadUpstream::WorkloadUpstream() : impl_(std::make_unique<Impl>()) {
    impl_->accept();
    impl_->thread = std::thread([this] { impl_->io.run(); });
}

WorkloadUpstream::~WorkloadUpstream() {
    impl_->io.stop();
    impl_->thread.join();
}

uint16_t WorkloadUpstream::port() const { return impl_->acceptor.local_endpoint().port(); }
long WorkloadUpstream::frames_written() const { return impl_->frames.load(); }
long WorkloadUpstream::whole_answers_written() const { return impl_->whole_answers.load(); }
void WorkloadUpstream::release_holds() { ++impl_->hold_generation; }

} // namespace llmhost::bench
