// Every way a plugin reads what an upstream answered: the SDK's OpenAI and Anthropic
// response and stream decoders, the plugins' own (Gemini, Ollama, Bedrock Converse, the
// Copilot token exchange), their HTTP error bodies and their model and embedding listings.
// Input: a byte selecting the decoder, a byte choosing where streams are cut (and the HTTP
// status for error bodies), then the body. Decoders may refuse a body only with llmhost::Error;
// anything else escapes to libFuzzer and is reported.
#include "event_stream_crcs.hpp"
#include "fuzz_input.hpp"

#include "plugins/bedrock/bedrock_errors.hpp"
#include "plugins/bedrock/bedrock_models.hpp"
#include "plugins/bedrock/converse_response.hpp"
#include "plugins/bedrock/converse_stream.hpp"
#include "plugins/copilot/copilot_token_exchange.hpp"
#include "plugins/gemini/gemini_errors.hpp"
#include "plugins/gemini/gemini_models.hpp"
#include "plugins/gemini/gemini_response.hpp"
#include "plugins/gemini/gemini_stream.hpp"
#include "plugins/ollama/ollama_chat_decoder.hpp"
#include "plugins/ollama/ollama_errors.hpp"
#include "plugins/ollama/ollama_results.hpp"

#include <llmhost/protocol/anthropic/errors.hpp>
#include <llmhost/protocol/anthropic/response.hpp>
#include <llmhost/protocol/anthropic/stream.hpp>
#include <llmhost/protocol/openai/errors.hpp>
#include <llmhost/protocol/openai/response.hpp>
#include <llmhost/protocol/openai/stream.hpp>

#include <boost/json.hpp>

#include <string>

namespace {

using namespace llmhost;
using fuzz::feed_in_pieces;

constexpr std::string_view id = "fuzz";
constexpr int64_t now_ms = 1'700'000'000'000;

// A streaming decoder: fed in pieces, then told the body ended.
template <class Decoder> void stream(Decoder& decoder, std::string_view body, uint8_t seed) {
    feed_in_pieces(body, seed, [&](std::string_view piece) { decoder.feed(piece); });
    decoder.finish();
}

void error_bodies(std::string_view body, uint8_t seed) {
    const int status = 400 + seed % 200;
    const Headers headers = {{"Retry-After", "7"}, {"x-amzn-ErrorType", "ThrottlingException:http://x/"}};
    const HttpResponseHead head{status, headers};
    (void)openai_http_error(id, status, headers, body, now_ms);
    (void)anthropic_http_error(id, status, headers, body, now_ms);
    (void)gemini_plugin::gemini_http_error(id, status, headers, body, now_ms);
    (void)ollama_plugin::ollama_http_error(id, head, body, now_ms);
    (void)bedrock::bedrock_http_error(id, head, body, now_ms);
    (void)copilot_plugin::token_error_message(body);
    if (auto json = json_read::parse(body)) {
        (void)openai_embedded_error(id, *json);
        (void)anthropic_embedded_error(id, *json);
        if (json->is_object()) (void)gemini_plugin::gemini_embedded_error(id, json->get_object());
        (void)ollama_plugin::ollama_reported_error(id, *json, "stream");
    }
}

// Listings refuse what they cannot read with Error, one at a time.
template <class Read> void listing(Read&& read) {
    try {
        read();
    } catch (const Error&) {
    }
}

void listings(std::string_view body) {
    listing([&] { (void)bedrock::foundation_models_result(id, body); });
    const auto json = json_read::parse(body);
    if (!json) return;
    listing([&] { (void)openai_models_result(id, *json); });
    listing([&] { (void)openai_embeddings_result(id, *json, "m"); });
    listing([&] {
        boost::json::array models;
        (void)anthropic_models_page(id, anthropic_parse_body(id, body, "models response"), models);
    });
    listing([&] {
        boost::json::array models;
        (void)gemini_plugin::collect_gemini_models(id, *json, models);
    });
    listing([&] { (void)ollama_plugin::ollama_models_result(id, *json); });
    listing([&] { (void)ollama_plugin::ollama_embed_result(id, *json, "m", 2); });
}

void decode(uint8_t which, uint8_t seed, std::string_view body, EventSink& sink) {
    switch (which % 13) {
    case 0: {
        OpenAIStreamDecoder decoder(std::string(id), sink);
        return stream(decoder, body, seed);
    }
    case 1: return emit_openai_completion(id, parse_openai_body(id, body, "chat completion"), sink);
    case 2: {
        AnthropicStreamDecoder decoder(std::string(id), sink);
        return stream(decoder, body, seed);
    }
    case 3: return emit_anthropic_message(id, anthropic_parse_body(id, body, "message"), sink);
    case 4: {
        gemini_plugin::GeminiStreamDecoder decoder(std::string(id), sink);
        return stream(decoder, body, seed);
    }
    case 5: {
        const auto json = json_read::parse(body);
        if (!json) return;
        return gemini_plugin::emit_gemini_response(id, *json, sink);
    }
    case 6: {
        ollama_plugin::OllamaChatDecoder decoder(std::string(id), sink);
        return stream(decoder, body, seed);
    }
    case 7: {
        ollama_plugin::OllamaChatDecoder decoder(std::string(id), sink);
        return decoder.whole_response(body);
    }
    case 8: {
        std::string frames(body);
        fuzz::fix_event_stream_crcs(frames);
        bedrock::ConverseStreamDecoder decoder(std::string(id), "anthropic.claude-3-haiku", sink);
        return stream(decoder, frames, seed);
    }
    case 9: return bedrock::emit_converse_response(id, "anthropic.claude-3-haiku", body, sink);
    case 10: (void)copilot_plugin::parse_token_response(body, now_ms); return;
    case 11: return error_bodies(body, seed);
    case 12: return listings(body);
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    fuzz::FuzzInput input(data, size);
    const uint8_t which = input.byte();
    const uint8_t seed = input.byte();
    fuzz::DiscardingSink events;
    EventSink sink = events.sdk_sink();
    try {
        decode(which, seed, input.rest(), sink);
    } catch (const Error&) {
        // refused as a typed error (malformed response, or the error the body reported): fine
    }
    return 0;
}
