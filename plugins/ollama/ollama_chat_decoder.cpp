#include "ollama_chat_decoder.hpp"

#include "ollama_errors.hpp"
#include "ollama_reasoning.hpp"

#include <llmhost/error.hpp>
#include <llmhost/protocol/openai/response.hpp>
#include <llmhost/support/error_text.hpp>
#include <llmhost/support/json_read.hpp>

#include <boost/json.hpp>

#include <utility>

namespace llmhost::ollama_plugin {

llmh_finish_reason ollama_finish_reason(std::string_view done_reason) {
    return done_reason == "length" ? LLMH_FINISH_LENGTH : LLMH_FINISH_STOP;
}

OllamaChatDecoder::OllamaChatDecoder(std::string provider_id, EventSink& sink)
    : provider_id_(std::move(provider_id)), sink_(sink) {}

void OllamaChatDecoder::feed(std::string_view bytes) {
    framer_.feed(bytes, [this](std::string_view line) {
        handle_line(line);
        return true;
    });
}

void OllamaChatDecoder::finish(std::string_view why) {
    at_eof_ = true;
    framer_.finish([this](std::string_view line) {
        handle_line(line);
        return true;
    });
    if (done_) return;
    std::string message =
        provider_id_ + ": the stream ended before its final line (done:true); the reply is incomplete";
    if (!why.empty()) message += " (" + std::string(why) + ")";
    throw Error(LLMH_ERR_MALFORMED_RESPONSE, message);
}

void OllamaChatDecoder::whole_response(std::string_view body) {
    auto json = json_read::parse(body);
    if (!json || !json->is_object())
        throw Error(LLMH_ERR_MALFORMED_RESPONSE,
                    provider_id_ + ": chat response is not a JSON object: " + error_text::snippet(body));
    handle(json->get_object(), "response", /*final=*/true);
}

void OllamaChatDecoder::handle_line(std::string_view line) {
    if (done_) return; // nothing after the final line belongs to this reply
    auto json = json_read::parse(line);
    if (!json || !json->is_object()) {
        if (at_eof_) return; // the cut-off tail of a broken stream: finish reports it
        throw Error(LLMH_ERR_MALFORMED_RESPONSE,
                    provider_id_ + ": stream line is not a JSON object: " + error_text::snippet(line));
    }
    handle(json->get_object(), "stream", /*final=*/false);
}

void OllamaChatDecoder::handle(const boost::json::object& o, std::string_view where, bool final) {
    using namespace json_read;
    if (openai_has_error(o)) throw ollama_reported_error(provider_id_, o, where);
    if (!started_) {
        started_ = true;
        sink_.message_start({}, string_member(o, "model")); // Ollama gives replies no id
    }
    if (const auto* message = object_member(o, "message")) {
        if (const auto thinking = string_member(*message, "thinking"); !thinking.empty()) {
            sink_.reasoning(thinking);
            thinking_open_ = true;
        }
        const auto content = string_member(*message, "content");
        const auto* calls = array_member(*message, "tool_calls");
        if (!content.empty() || (calls && !calls->empty())) end_thinking();
        sink_.text(content);
        if (calls)
            for (const auto& call : *calls)
                if (call.is_object()) tool_call(call.get_object());
    }
    const auto* done = member(o, "done");
    if (final || (done && done->is_bool() && done->get_bool())) complete(o);
}

void OllamaChatDecoder::tool_call(const boost::json::object& call) {
    using namespace json_read;
    const int index = tool_calls_++;
    const auto* function = object_member(call, "function");
    std::string id(string_member(call, "id"));
    if (id.empty()) id = "call_" + std::to_string(index);
    sink_.tool_call_start(index, id, function ? string_member(*function, "name") : std::string_view());
    const auto* arguments = function ? member(*function, "arguments") : nullptr;
    sink_.tool_call_delta(index, arguments ? openai_arguments_text(arguments) : std::string("{}"));
}

void OllamaChatDecoder::end_thinking() {
    if (!thinking_open_) return;
    thinking_open_ = false;
    sink_.reasoning_state(-1, {std::string(ollama_reasoning_origin), {}, {}, {}});
}

void OllamaChatDecoder::complete(const boost::json::object& o) {
    using namespace json_read;
    done_ = true;
    end_thinking();
    Usage usage;
    usage.input_tokens = integer_member(o, "prompt_eval_count").value_or(0);
    usage.output_tokens = integer_member(o, "eval_count").value_or(0);
    sink_.usage(usage);
    llmh_finish_reason finish = ollama_finish_reason(string_member(o, "done_reason"));
    // Ollama says "stop" after a tool call; callers loop on "tool_calls".
    if (tool_calls_ > 0 && finish == LLMH_FINISH_STOP) finish = LLMH_FINISH_TOOL_CALLS;
    sink_.finish(finish);
}

} // namespace llmhost::ollama_plugin
