// Decodes an OpenAI Chat Completions event stream (docs/protocols/openai-chat.md "Streams") into
// canonical events, fed incrementally with body bytes split anywhere.
//
//   data: {chat.completion.chunk}   -> message_start (once), reasoning/text/tool-call deltas;
//                                      reasoning_opaque (Copilot) is the reasoning's state
//   data: {"choices":[],"usage":..} -> usage (also Groq's x_groq.usage)
//   data: {"error":...}             -> a typed Error
//   data: [DONE]                    -> the end; finish is emitted by finish()
// Chunks with neither choices nor usage (Azure's prompt_filter_results) and comments
// (OpenRouter's ": OPENROUTER PROCESSING") are skipped.
#pragma once

#include <llmhost/error.hpp>
#include <llmhost/protocol/openai/errors.hpp>
#include <llmhost/protocol/openai/plain_chunk.hpp>
#include <llmhost/protocol/openai/response.hpp>
#include <llmhost/protocol/openai/tool_calls.hpp>
#include <llmhost/protocol/sse.hpp>
#include <llmhost/provider.hpp>
#include <llmhost/support/error_text.hpp>
#include <llmhost/support/json_read.hpp>

#include <boost/json.hpp>

#include <string>
#include <string_view>

namespace llmhost {

class OpenAIStreamDecoder {
  public:
    // `origin` names the reasoning state (default: openai_chat_reasoning_origin(provider_id)).
    OpenAIStreamDecoder(std::string provider_id, EventSink& sink, std::string origin = {})
        : provider_id_(std::move(provider_id)), origin_(std::move(origin)), sink_(sink), tool_calls_(sink) {
        if (origin_.empty()) origin_ = openai_chat_reasoning_origin(provider_id_);
    }

    // Feeds body bytes. Throws Error for an error event or data that is not JSON.
    void feed(std::string_view bytes) {
        parser_.feed(bytes, [this](const SseEvent& event) {
            handle(event);
            return true;
        });
    }

    // The body ended: emits the finish event, or throws MALFORMED_RESPONSE when the stream
    // stopped short. A server that sent a finish_reason but omitted [DONE] is accepted.
    // `why` (e.g. a transport error) is added to the message.
    void finish(std::string_view why = {}) {
        if (!done_ && parser_.has_partial_event()) {
            // A last event without its blank line ("data: [DONE]\n" at EOF) still counts;
            // a half-received one is ignored.
            at_eof_ = true;
            feed("\n\n");
        }
        if (!done_ && !finish_seen_) {
            std::string message = provider_id_ + ": stream ended before [DONE] (the response is incomplete";
            message += why.empty() ? ")" : "; " + std::string(why) + ")";
            throw Error(LLMH_ERR_MALFORMED_RESPONSE, message);
        }
        end_reasoning();
        tool_calls_.flush();
        // Some clones answer a tool call with finish "stop"; callers loop on "tool_calls".
        if (tool_calls_.any() && (finish_ == LLMH_FINISH_STOP || finish_ == LLMH_FINISH_NONE))
            finish_ = LLMH_FINISH_TOOL_CALLS;
        sink_.finish(finish_ == LLMH_FINISH_NONE ? LLMH_FINISH_STOP : finish_);
    }

    bool done() const { return done_; }
    bool finish_seen() const { return finish_seen_; }

  private:
    void handle(const SseEvent& event) {
        if (done_) return; // anything after [DONE] is not part of this response
        std::string_view data = event.data;
        while (!data.empty() && (data.back() == ' ' || data.back() == '\n' || data.back() == '\r'))
            data.remove_suffix(1);
        if (data.empty()) return;
        if (data == "[DONE]") {
            done_ = true;
            return;
        }
        if (event.event != "error" && plain_.read(data)) return handle_plain_chunk();
        handle_document(event, data);
    }

    // A chunk read as a document. Out of line: its arena would otherwise be in handle()'s
    // frame and put the common chunk's one-pass read that much deeper into a stream's stack.
    [[gnu::noinline]] void handle_document(const SseEvent& event, std::string_view data) {
        json_read::ScratchArena arena; // one chunk, read and dropped
        auto json = json_read::parse(data, arena.storage());
        if (!json || !json->is_object()) {
            if (at_eof_) return; // the tail of a cut-off stream; finish() reports it
            throw Error(LLMH_ERR_MALFORMED_RESPONSE,
                        provider_id_ + ": stream event is not a JSON object: " + error_text::snippet(data));
        }
        const auto& chunk = json->get_object();
        if (event.event == "error" || openai_has_error(chunk)) throw openai_embedded_error(provider_id_, *json);
        handle_chunk(chunk);
    }

    void handle_chunk(const boost::json::object& chunk) {
        using namespace json_read;
        const auto* choices = array_member(chunk, "choices");
        const auto usage = openai_usage(chunk);
        if ((!choices || choices->empty()) && !usage) return;
        if (!started_) {
            started_ = true;
            sink_.message_start(string_member(chunk, "id"), string_member(chunk, "model"));
        }
        if (choices)
            for (const auto& cv : *choices)
                if (cv.is_object()) handle_choice(cv.get_object());
        if (usage) sink_.usage(*usage);
    }

    // The same as handle_chunk, for a chunk read in one pass (OpenAIPlainChunk).
    void handle_plain_chunk() {
        if (plain_.choices == 0) return; // usage is null, or it would not be plain
        if (!started_) {
            started_ = true;
            sink_.message_start(plain_.id, plain_.model);
        }
        if (plain_.index != 0) return;
        handle_delta(plain_.reasoning_text(), {}, plain_.content, nullptr);
        handle_finish_reason(plain_.finish_reason);
    }

    void handle_choice(const boost::json::object& choice) {
        using namespace json_read;
        if (integer_member(choice, "index").value_or(0) != 0) return; // n > 1 is not requested
        if (const auto* delta = object_member(choice, "delta"))
            handle_delta(openai_reasoning_text(*delta), openai_reasoning_opaque(*delta),
                         openai_content_text(member(*delta, "content")), array_member(*delta, "tool_calls"));
        handle_finish_reason(string_member(choice, "finish_reason"));
    }

    void handle_delta(std::string_view reasoning, std::string_view opaque, std::string_view text,
                      const boost::json::array* calls) {
        if (!reasoning.empty()) {
            sink_.reasoning(reasoning);
            reasoning_open_ = true;
        }
        opaque_ += opaque; // may come in pieces, or with the first tool call
        if (!text.empty() || calls) end_reasoning();
        sink_.text(text);
        if (calls)
            for (const auto& call : *calls)
                if (call.is_object()) tool_calls_.add(call.get_object());
    }

    void handle_finish_reason(std::string_view reason) {
        if (reason.empty()) return;
        finish_ = openai_finish_reason(reason);
        finish_seen_ = true;
    }

    // Reasoning ends where the answer or a tool call begins (or with the stream): its state
    // names where it came from, so that the next turn gives it back to the same server and no
    // other, with the opaque value seen so far. Opaque pieces after that make a block of their own.
    void end_reasoning() {
        if (!reasoning_open_ && opaque_.empty()) return;
        reasoning_open_ = false;
        sink_.reasoning_state(-1, {origin_, {}, std::move(opaque_), {}});
        opaque_.clear();
    }

    std::string provider_id_;
    std::string origin_;
    std::string opaque_; // reasoning_opaque not yet handed on
    EventSink& sink_;
    SseParser parser_;
    OpenAIPlainChunk plain_; // the one-pass reading of the common chunk
    OpenAIToolCallAssembler tool_calls_;
    llmh_finish_reason finish_ = LLMH_FINISH_NONE;
    bool started_ = false;
    bool done_ = false;
    bool finish_seen_ = false;
    bool reasoning_open_ = false;
    bool at_eof_ = false;
};

} // namespace llmhost
