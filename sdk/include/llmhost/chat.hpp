// The canonical chat model shared by the host and every plugin, with its JSON codec.
// The canonical request crosses the plugin boundary as JSON text in exactly this shape;
// responses cross as llmh_event values (see provider_abi.h) and are gathered into
// ChatResponse by the host.
#pragma once

#include <llmhost/error.hpp>
#include <llmhost/provider_abi.h>
#include <llmhost/support/json_read.hpp>
#include <llmhost/support/json_write.hpp>

#include <boost/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace llmhost {

enum class Role { system, user, assistant, tool };

// A prompt-cache breakpoint (canonical request 2): the provider may cache the prompt up to and
// including what carries it. Providers that cache on their own (OpenAI, Gemini, DeepSeek)
// ignore it.
struct CacheMark {
    std::string ttl; // "5m", "1h"; empty: the provider's default

    bool operator==(const CacheMark&) const = default;
};

// The wire protocols a face speaks and a provider may speak too (see WireExtension).
namespace wire_protocol {
inline constexpr std::string_view anthropic_messages = "anthropic-messages";
inline constexpr std::string_view openai_chat = "openai-chat";
inline constexpr std::string_view openai_responses = "openai-responses";
inline constexpr std::string_view gemini = "gemini";
} // namespace wire_protocol

// What a client sent that the canonical model has no field for (canonical request 2). A
// provider that speaks the client's own protocol merges `fields` into its wire body — never
// over a field it sets itself — and sends `headers` (the protocol's beta headers) through its
// beta filter; any other provider ignores it.
struct WireExtension {
    std::string protocol; // one of wire_protocol
    std::string fields;   // the text of a JSON object: the body's fields the face did not read
    std::vector<std::pair<std::string, std::string>> headers; // e.g. anthropic-beta, OpenAI-Beta

    bool empty() const { return fields.empty() && headers.empty(); }
};

// A client's request body, for a provider that speaks the client's protocol and sends the
// body on as it came, changing only what it must (the model, say; see JsonObjectText):
// nothing the client sent is lost or rebuilt. Plugin ABI 1.2 (llmh_plugin.chat_wire); the
// views are valid for the call.
struct WireBody {
    std::string_view protocol; // one of wire_protocol
    std::string_view body;     // the JSON object, as the client sent it
};

// Reasoning state a provider needs back in the next turn: opaque to the host, which never
// interprets it and returns it in the conversation's history. Each plugin sends back only the
// state whose origin it can read — its own family's — and leaves the rest out, so that a
// conversation moving to another provider never sends it state that would be rejected.
struct ReasoningState {
    std::string origin;    // the provider family that produced it ("anthropic", "gemini", ...)
    std::string signature; // a signature over the visible reasoning (Anthropic, Bedrock, Gemini)
    std::string data;      // reasoning the client never sees (redacted thinking, encrypted content)
    std::string id;        // the provider's id for it (OpenAI reasoning items)

    bool empty() const { return origin.empty() && signature.empty() && data.empty() && id.empty(); }
};

// The origins of the reasoning state the bundled protocols produce; a third-party plugin
// names its own (its plugin name is a good choice).
namespace reasoning_origin {
inline constexpr std::string_view anthropic = "anthropic";               // thinking signatures, redacted thinking
inline constexpr std::string_view bedrock = "bedrock";                   // Converse reasoningContent signatures
inline constexpr std::string_view gemini = "gemini";                     // thought signatures
inline constexpr std::string_view openai_responses = "openai-responses"; // reasoning items, encrypted_content
inline constexpr std::string_view openai_chat = "openai-chat"; // reasoning_content (DeepSeek, Qwen, Kimi, GLM)
} // namespace reasoning_origin

// The state an LLMH_EVENT_REASONING_STATE event carries (views copied).
inline ReasoningState reasoning_state_of(const llmh_event& e) {
    return {std::string(view(e.name)), std::string(view(e.text)), std::string(view(e.data)), std::string(view(e.id))};
}

// One block of reasoning an assistant produced: what the client saw of it, and the state that
// must go back with it.
struct Reasoning {
    std::string text;
    ReasoningState state;
};

// One piece of message content: text, or an image given inline (base64) or by URL.
struct ContentPart {
    enum class Kind { text, image };
    Kind kind = Kind::text;
    std::string text;                    // Kind::text
    std::string media_type;              // Kind::image, e.g. "image/png" (inline images)
    std::string data;                    // Kind::image, base64 without the data: prefix
    std::string url;                     // Kind::image given by URL instead of data
    std::optional<CacheMark> cache = {}; // canonical request 2

    static ContentPart make_text(std::string t) {
        ContentPart p;
        p.text = std::move(t);
        return p;
    }
};

struct ToolCall {
    std::string id;
    std::string name;
    std::string arguments;               // JSON text, as produced by the model
    ReasoningState state = {};           // what the provider attached to the call (Gemini's thought signature)
    std::optional<CacheMark> cache = {}; // canonical request 2
};

struct Message {
    Role role = Role::user;
    std::vector<ContentPart> content;
    std::vector<ToolCall> tool_calls; // assistant messages
    std::string tool_call_id;         // tool messages: the call this answers
    std::string name;                 // tool messages: the tool's name, when known
    // Assistant messages: the reasoning that came before the content, in order. Canonical
    // request 2; a field of its own, so plugins built before it are not troubled by it.
    std::vector<Reasoning> reasoning = {};
    bool is_error = false;               // tool messages: the result reports a failure (request 2)
    std::optional<CacheMark> cache = {}; // a breakpoint after the whole message (request 2)

    // All text parts joined, for wire formats that take a plain string.
    std::string text() const {
        std::string out;
        for (const auto& p : content)
            if (p.kind == ContentPart::Kind::text) out += p.text;
        return out;
    }
    bool has_images() const {
        for (const auto& p : content)
            if (p.kind == ContentPart::Kind::image) return true;
        return false;
    }
};

struct ToolDefinition {
    // function: called with JSON arguments matching `parameters`. custom (canonical request 3):
    // a freeform tool taking raw text, as OpenAI's Responses API has them (Codex's apply_patch);
    // `parameters` then still describes it as a function taking {"input": string}, for
    // providers that know only functions, and its calls' arguments are {"input": "..."}.
    enum class Kind { function, custom };

    std::string name;
    std::string description;
    boost::json::object parameters;      // JSON Schema
    std::optional<CacheMark> cache = {}; // canonical request 2
    Kind kind = Kind::function;          // canonical request 3
    boost::json::object format = {};     // custom: {"type":"grammar","syntax","definition"} or {"type":"text"}
};

struct ResponseFormat {
    enum class Kind { text, json_object, json_schema };
    Kind kind = Kind::text;
    std::string name; // json_schema
    boost::json::object schema;
    bool strict = true;
};

struct ReasoningOptions {
    std::string effort;                   // "low" | "medium" | "high" (empty: provider default)
    std::optional<int64_t> budget_tokens; // providers that take a token budget
};

struct ChatRequest {
    std::string model;
    std::vector<Message> messages;
    std::vector<ToolDefinition> tools;
    std::string tool_choice; // "" (provider default) | "auto" | "none" | "required" | a tool name
    std::optional<ResponseFormat> response_format;
    std::optional<double> temperature;
    std::optional<int64_t> max_tokens;
    std::vector<std::string> stop;
    std::optional<ReasoningOptions> reasoning;
    bool stream = true;
    // Canonical request 2.
    std::optional<double> top_p;
    std::optional<int64_t> top_k;
    std::optional<bool> parallel_tool_calls; // false: at most one tool call per turn
    std::string user;                        // the end user the client names (metadata.user_id, user)
    std::string service_tier;                // as the client gave it ("auto", "default", "flex", ...)
    std::string prompt_cache_key;            // routes requests that share a prefix to one cache (OpenAI)
    WireExtension extension;
    // Set (by the SDK, for a chat_wire call) when the conversation is in the client's own
    // body instead: messages and tools are then empty, the other fields are as usual.
    std::optional<WireBody> wire = {};

    bool has_images() const {
        for (const auto& m : messages)
            if (m.has_images()) return true;
        return false;
    }
};

struct Usage {
    int64_t input_tokens = -1;
    int64_t output_tokens = -1;
    int64_t cached_input_tokens = -1;
    int64_t reasoning_tokens = -1;
    int64_t cache_write_tokens = -1; // input tokens written to the prompt cache (ABI 1.1)
};

// The counts an LLMH_EVENT_USAGE event carries.
inline Usage usage_of(const llmh_event& e) {
    return {e.usage.input_tokens, e.usage.output_tokens, e.usage.cached_input_tokens, e.usage.reasoning_tokens,
            e.cache_write_tokens};
}

struct ChatResponse {
    std::string id;
    std::string model;
    std::string text;
    std::string reasoning;                   // all reasoning text, joined
    std::vector<Reasoning> reasoning_blocks; // the same, block by block, with their state
    std::vector<ToolCall> tool_calls;
    llmh_finish_reason finish_reason = LLMH_FINISH_NONE;
    Usage usage;
};

struct EmbedRequest {
    std::string model;
    std::vector<std::string> input;
};

// ---- names ------------------------------------------------------------------------------

inline std::string_view to_string(Role r) {
    switch (r) {
    case Role::system: return "system";
    case Role::user: return "user";
    case Role::assistant: return "assistant";
    case Role::tool: return "tool";
    }
    return "user";
}

inline std::string_view to_string(llmh_finish_reason r) {
    switch (r) {
    case LLMH_FINISH_STOP: return "stop";
    case LLMH_FINISH_LENGTH: return "length";
    case LLMH_FINISH_TOOL_CALLS: return "tool_calls";
    case LLMH_FINISH_CONTENT_FILTER: return "content_filter";
    case LLMH_FINISH_ERROR: return "error";
    case LLMH_FINISH_NONE: break;
    }
    return "";
}

inline llmh_finish_reason finish_reason_from_string(std::string_view s) {
    if (s == "stop") return LLMH_FINISH_STOP;
    if (s == "length") return LLMH_FINISH_LENGTH;
    if (s == "tool_calls") return LLMH_FINISH_TOOL_CALLS;
    if (s == "content_filter") return LLMH_FINISH_CONTENT_FILTER;
    if (s == "error") return LLMH_FINISH_ERROR;
    return LLMH_FINISH_NONE;
}

// ---- JSON codec ---------------------------------------------------------------------------

namespace chat_json_detail {

inline const boost::json::value* find(const boost::json::object& o, std::string_view key) {
    auto it = o.find(key);
    return it == o.end() || it->value().is_null() ? nullptr : &it->value();
}

inline std::string get_string(const boost::json::object& o, std::string_view key) {
    const auto* v = find(o, key);
    if (!v) return {};
    if (!v->is_string()) throw Error(LLMH_ERR_BAD_REQUEST, "field '" + std::string(key) + "' must be a string");
    return std::string(v->get_string());
}

inline const boost::json::object& as_object(const boost::json::value& v, std::string_view what) {
    if (!v.is_object()) throw Error(LLMH_ERR_BAD_REQUEST, std::string(what) + " must be an object");
    return v.get_object();
}

inline const boost::json::array* get_array(const boost::json::object& o, std::string_view key) {
    const auto* v = find(o, key);
    if (!v) return nullptr;
    if (!v->is_array()) throw Error(LLMH_ERR_BAD_REQUEST, "field '" + std::string(key) + "' must be an array");
    return &v->get_array();
}

inline std::optional<double> get_number(const boost::json::object& o, std::string_view key) {
    const auto* v = find(o, key);
    if (!v) return std::nullopt;
    if (!v->is_number()) throw Error(LLMH_ERR_BAD_REQUEST, "field '" + std::string(key) + "' must be a number");
    return v->to_number<double>();
}

inline std::optional<int64_t> get_int(const boost::json::object& o, std::string_view key) {
    auto d = get_number(o, key);
    if (!d) return std::nullopt;
    return static_cast<int64_t>(*d);
}

inline Role role_from_string(std::string_view s) {
    if (s == "system" || s == "developer") return Role::system;
    if (s == "user") return Role::user;
    if (s == "assistant") return Role::assistant;
    if (s == "tool") return Role::tool;
    throw Error(LLMH_ERR_BAD_REQUEST,
                "unknown message role '" + std::string(s) + "' (expected system, user, assistant or tool)");
}

} // namespace chat_json_detail

// The canonical JSON text the host hands a plugin, written directly: it is built for every
// call and read once, so no tree is made for it.
// {"origin",...} with the fields that are set.
inline void append_canonical_json(std::string& out, const ReasoningState& s) {
    out += "{\"origin\":";
    append_json_string(out, s.origin);
    const auto field = [&](const char* name, const std::string& value) {
        if (value.empty()) return;
        out += ",\"";
        out += name;
        out += "\":";
        append_json_string(out, value);
    };
    field("signature", s.signature);
    field("data", s.data);
    field("id", s.id);
    out += '}';
}

inline void append_canonical_json(std::string& out, const Reasoning& r) {
    out += "{\"text\":";
    append_json_string(out, r.text);
    if (!r.state.empty()) {
        out += ",\"state\":";
        append_canonical_json(out, r.state);
    }
    out += '}';
}

// ,"cache":{"ttl":...} when there is a breakpoint.
inline void append_canonical_json(std::string& out, const std::optional<CacheMark>& cache) {
    if (!cache) return;
    out += ",\"cache\":{";
    if (!cache->ttl.empty()) {
        out += "\"ttl\":";
        append_json_string(out, cache->ttl);
    }
    out += '}';
}

inline void append_canonical_json(std::string& out, const ContentPart& p) {
    if (p.kind == ContentPart::Kind::text) {
        out += "{\"type\":\"text\",\"text\":";
        append_json_string(out, p.text);
    } else if (!p.url.empty()) {
        out += "{\"type\":\"image\",\"url\":";
        append_json_string(out, p.url);
    } else {
        out += "{\"type\":\"image\",\"media_type\":";
        append_json_string(out, p.media_type);
        out += ",\"data\":";
        append_json_string(out, p.data);
    }
    append_canonical_json(out, p.cache);
    out += '}';
}

inline void append_canonical_json(std::string& out, const Message& m) {
    out += "{\"role\":";
    append_json_string(out, to_string(m.role));
    if (!m.reasoning.empty()) {
        out += ",\"reasoning\":";
        append_json_array(out, m.reasoning, [](std::string& o, const Reasoning& r) { append_canonical_json(o, r); });
    }
    out += ",\"content\":";
    append_json_array(out, m.content, [](std::string& o, const ContentPart& p) { append_canonical_json(o, p); });
    if (!m.tool_calls.empty()) {
        out += ",\"tool_calls\":";
        append_json_array(out, m.tool_calls, [](std::string& o, const ToolCall& c) {
            o += "{\"id\":";
            append_json_string(o, c.id);
            o += ",\"name\":";
            append_json_string(o, c.name);
            o += ",\"arguments\":";
            append_json_string(o, c.arguments);
            if (!c.state.empty()) {
                o += ",\"state\":";
                append_canonical_json(o, c.state);
            }
            append_canonical_json(o, c.cache);
            o += '}';
        });
    }
    if (!m.tool_call_id.empty()) {
        out += ",\"tool_call_id\":";
        append_json_string(out, m.tool_call_id);
    }
    if (!m.name.empty()) {
        out += ",\"name\":";
        append_json_string(out, m.name);
    }
    if (m.is_error) out += ",\"is_error\":true";
    append_canonical_json(out, m.cache);
    out += '}';
}

inline void append_canonical_json(std::string& out, const WireExtension& x) {
    out += "{\"protocol\":";
    append_json_string(out, x.protocol);
    if (!x.fields.empty()) {
        out += ",\"fields\":";
        out += x.fields; // JSON object text, as the face found it
    }
    if (!x.headers.empty()) {
        out += ",\"headers\":";
        append_json_array(out, x.headers, [](std::string& o, const std::pair<std::string, std::string>& h) {
            o += '[';
            append_json_string(o, h.first);
            o += ',';
            append_json_string(o, h.second);
            o += ']';
        });
    }
    out += '}';
}

// What canonical_json writes: the whole request, or all but what a client's own body carries
// when it goes to the provider as it came (messages, tools, the extension's fields).
enum class CanonicalParts { whole, beside_wire_body };

inline std::string canonical_json(const ChatRequest& r, CanonicalParts parts = CanonicalParts::whole) {
    const bool whole = parts == CanonicalParts::whole;
    std::string out;
    out.reserve(256);
    out += "{\"model\":";
    append_json_string(out, r.model);
    out += ",\"stream\":";
    append_json_bool(out, r.stream);
    if (whole) {
        out += ",\"messages\":";
        append_json_array(out, r.messages, [](std::string& o, const Message& m) { append_canonical_json(o, m); });
    }
    if (whole && !r.tools.empty()) {
        out += ",\"tools\":";
        append_json_array(out, r.tools, [](std::string& o, const ToolDefinition& t) {
            o += "{\"name\":";
            append_json_string(o, t.name);
            if (t.kind == ToolDefinition::Kind::custom) {
                o += ",\"type\":\"custom\"";
                if (!t.format.empty()) {
                    o += ",\"format\":";
                    append_json_value(o, t.format);
                }
            }
            o += ",\"description\":";
            append_json_string(o, t.description);
            o += ",\"parameters\":";
            append_json_value(o, t.parameters);
            append_canonical_json(o, t.cache);
            o += '}';
        });
    }
    if (!r.tool_choice.empty()) {
        out += ",\"tool_choice\":";
        append_json_string(out, r.tool_choice);
    }
    if (r.response_format) {
        const auto& f = *r.response_format;
        switch (f.kind) {
        case ResponseFormat::Kind::text: out += ",\"response_format\":{\"type\":\"text\"}"; break;
        case ResponseFormat::Kind::json_object: out += ",\"response_format\":{\"type\":\"json_object\"}"; break;
        case ResponseFormat::Kind::json_schema:
            out += ",\"response_format\":{\"type\":\"json_schema\",\"name\":";
            append_json_string(out, f.name);
            out += ",\"schema\":";
            append_json_value(out, f.schema);
            out += ",\"strict\":";
            append_json_bool(out, f.strict);
            out += '}';
            break;
        }
    }
    if (r.temperature) {
        out += ",\"temperature\":";
        append_json_number(out, *r.temperature);
    }
    if (r.max_tokens) {
        out += ",\"max_tokens\":";
        append_json_int(out, *r.max_tokens);
    }
    if (!r.stop.empty()) {
        out += ",\"stop\":";
        append_json_array(out, r.stop, [](std::string& o, const std::string& s) { append_json_string(o, s); });
    }
    if (r.reasoning) {
        out += ",\"reasoning\":{";
        bool first = true;
        if (!r.reasoning->effort.empty()) {
            out += "\"effort\":";
            append_json_string(out, r.reasoning->effort);
            first = false;
        }
        if (r.reasoning->budget_tokens) {
            out += first ? "\"budget_tokens\":" : ",\"budget_tokens\":";
            append_json_int(out, *r.reasoning->budget_tokens);
        }
        out += '}';
    }
    if (r.top_p) {
        out += ",\"top_p\":";
        append_json_number(out, *r.top_p);
    }
    if (r.top_k) {
        out += ",\"top_k\":";
        append_json_int(out, *r.top_k);
    }
    if (r.parallel_tool_calls) {
        out += ",\"parallel_tool_calls\":";
        append_json_bool(out, *r.parallel_tool_calls);
    }
    const auto text_field = [&](const char* name, const std::string& value) {
        if (value.empty()) return;
        out += ",\"";
        out += name;
        out += "\":";
        append_json_string(out, value);
    };
    text_field("user", r.user);
    text_field("service_tier", r.service_tier);
    text_field("prompt_cache_key", r.prompt_cache_key);
    if (!r.extension.empty()) {
        out += ",\"extension\":";
        if (whole) {
            append_canonical_json(out, r.extension);
        } else {
            WireExtension headers_only{r.extension.protocol, {}, r.extension.headers};
            append_canonical_json(out, headers_only);
        }
    }
    out += '}';
    return out;
}

inline ReasoningState reasoning_state_from_json(const boost::json::object& parent) {
    using namespace chat_json_detail;
    const auto* v = find(parent, "state");
    if (!v) return {};
    const auto& o = as_object(*v, "reasoning state");
    return {get_string(o, "origin"), get_string(o, "signature"), get_string(o, "data"), get_string(o, "id")};
}

inline std::optional<CacheMark> cache_mark_from_json(const boost::json::object& parent) {
    using namespace chat_json_detail;
    const auto* v = find(parent, "cache");
    if (!v) return std::nullopt;
    return CacheMark{get_string(as_object(*v, "cache"), "ttl")};
}

inline WireExtension wire_extension_from_json(const boost::json::value& v) {
    using namespace chat_json_detail;
    const auto& o = as_object(v, "extension");
    WireExtension x;
    x.protocol = get_string(o, "protocol");
    if (const auto* fields = find(o, "fields")) append_json_value(x.fields, as_object(*fields, "extension fields"));
    if (const auto* headers = get_array(o, "headers"))
        for (const auto& h : *headers) {
            const auto* pair = h.if_array();
            if (!pair || pair->size() != 2 || !(*pair)[0].is_string() || !(*pair)[1].is_string())
                throw Error(LLMH_ERR_BAD_REQUEST, "extension headers must be [name, value] pairs of strings");
            x.headers.emplace_back((*pair)[0].get_string(), (*pair)[1].get_string());
        }
    return x;
}

inline ContentPart content_part_from_json(const boost::json::value& v) {
    using namespace chat_json_detail;
    const auto& o = as_object(v, "content part");
    ContentPart p;
    const auto type = get_string(o, "type");
    if (type == "text") {
        p.text = get_string(o, "text");
    } else if (type == "image") {
        p.kind = ContentPart::Kind::image;
        p.url = get_string(o, "url");
        p.media_type = get_string(o, "media_type");
        p.data = get_string(o, "data");
        if (p.url.empty() && p.data.empty()) throw Error(LLMH_ERR_BAD_REQUEST, "image content needs 'data' or 'url'");
    } else {
        throw Error(LLMH_ERR_BAD_REQUEST, "unknown content type '" + type + "' (expected text or image)");
    }
    p.cache = cache_mark_from_json(o);
    return p;
}

inline Message message_from_json(const boost::json::value& v) {
    using namespace chat_json_detail;
    const auto& o = as_object(v, "message");
    Message m;
    m.role = role_from_string(get_string(o, "role"));
    if (const auto* blocks = get_array(o, "reasoning"))
        for (const auto& bv : *blocks) {
            const auto& bo = as_object(bv, "reasoning block");
            m.reasoning.push_back({get_string(bo, "text"), reasoning_state_from_json(bo)});
        }
    if (const auto* c = find(o, "content")) {
        if (c->is_string())
            m.content.push_back(ContentPart::make_text(std::string(c->get_string())));
        else if (c->is_array())
            for (const auto& part : c->get_array())
                m.content.push_back(content_part_from_json(part));
        else
            throw Error(LLMH_ERR_BAD_REQUEST, "message content must be a string or an array");
    }
    if (const auto* calls = get_array(o, "tool_calls"))
        for (const auto& cv : *calls) {
            const auto& co = as_object(cv, "tool call");
            m.tool_calls.push_back({get_string(co, "id"), get_string(co, "name"), get_string(co, "arguments"),
                                    reasoning_state_from_json(co), cache_mark_from_json(co)});
        }
    m.tool_call_id = get_string(o, "tool_call_id");
    m.name = get_string(o, "name");
    if (const auto* e = find(o, "is_error"); e && e->is_bool()) m.is_error = e->get_bool();
    m.cache = cache_mark_from_json(o);
    return m;
}

inline ChatRequest chat_request_from_json(const boost::json::value& v) {
    using namespace chat_json_detail;
    const auto& o = as_object(v, "chat request");
    ChatRequest r;
    r.model = get_string(o, "model");
    if (const auto* s = find(o, "stream")) r.stream = s->is_bool() ? s->get_bool() : true;
    if (const auto* msgs = get_array(o, "messages"))
        for (const auto& mv : *msgs)
            r.messages.push_back(message_from_json(mv));
    if (const auto* tools = get_array(o, "tools"))
        for (const auto& tv : *tools) {
            const auto& to = as_object(tv, "tool");
            ToolDefinition t{get_string(to, "name"), get_string(to, "description"), {}};
            if (const auto* p = find(to, "parameters")) t.parameters = as_object(*p, "tool parameters");
            t.cache = cache_mark_from_json(to);
            if (get_string(to, "type") == "custom") {
                t.kind = ToolDefinition::Kind::custom;
                if (const auto* f = find(to, "format")) t.format = as_object(*f, "tool format");
            }
            r.tools.push_back(std::move(t));
        }
    r.tool_choice = get_string(o, "tool_choice");
    if (const auto* fv = find(o, "response_format")) {
        const auto& fo = as_object(*fv, "response_format");
        ResponseFormat f;
        const auto type = get_string(fo, "type");
        if (type == "json_schema") {
            f.kind = ResponseFormat::Kind::json_schema;
            f.name = get_string(fo, "name");
            if (const auto* s = find(fo, "schema")) f.schema = as_object(*s, "response_format schema");
            if (const auto* st = find(fo, "strict"); st && st->is_bool()) f.strict = st->get_bool();
        } else if (type == "json_object") {
            f.kind = ResponseFormat::Kind::json_object;
        } else if (type != "text" && !type.empty()) {
            throw Error(LLMH_ERR_BAD_REQUEST,
                        "unknown response_format type '" + type + "' (expected text, json_object or json_schema)");
        }
        r.response_format = std::move(f);
    }
    r.temperature = get_number(o, "temperature");
    r.max_tokens = get_int(o, "max_tokens");
    if (const auto* stop = get_array(o, "stop"))
        for (const auto& s : *stop)
            if (s.is_string()) r.stop.emplace_back(s.get_string());
    if (const auto* rv = find(o, "reasoning")) {
        const auto& ro = as_object(*rv, "reasoning");
        r.reasoning = ReasoningOptions{get_string(ro, "effort"), get_int(ro, "budget_tokens")};
    }
    r.top_p = get_number(o, "top_p");
    r.top_k = get_int(o, "top_k");
    if (const auto* p = find(o, "parallel_tool_calls"); p && p->is_bool()) r.parallel_tool_calls = p->get_bool();
    r.user = get_string(o, "user");
    r.service_tier = get_string(o, "service_tier");
    r.prompt_cache_key = get_string(o, "prompt_cache_key");
    if (const auto* x = find(o, "extension")) r.extension = wire_extension_from_json(*x);
    return r;
}

inline ChatRequest parse_chat_request(std::string_view json_text) {
    boost::system::error_code ec;
    // Read once into the ChatRequest and dropped: a stack arena spares the heap.
    json_read::ScratchArena arena;
    auto v = json_read::parse(json_text, ec, arena.storage());
    if (ec) throw Error(LLMH_ERR_BAD_REQUEST, "chat request is not valid JSON: " + ec.message());
    return chat_request_from_json(v);
}

inline EmbedRequest parse_embed_request(std::string_view json_text) {
    using namespace chat_json_detail;
    boost::system::error_code ec;
    auto v = json_read::parse(json_text, ec);
    if (ec) throw Error(LLMH_ERR_BAD_REQUEST, "embed request is not valid JSON: " + ec.message());
    const auto& o = as_object(v, "embed request");
    EmbedRequest r;
    r.model = get_string(o, "model");
    if (const auto* in = find(o, "input")) {
        if (in->is_string())
            r.input.emplace_back(in->get_string());
        else if (in->is_array())
            for (const auto& s : in->get_array()) {
                if (!s.is_string()) throw Error(LLMH_ERR_BAD_REQUEST, "embed input must hold strings");
                r.input.emplace_back(s.get_string());
            }
    }
    return r;
}

inline boost::json::value to_json(const EmbedRequest& r) {
    boost::json::array input;
    for (const auto& s : r.input)
        input.push_back(boost::json::string(s));
    return {{"model", r.model}, {"input", std::move(input)}};
}

inline boost::json::value to_json(const Usage& u) {
    boost::json::object o;
    auto put = [&](const char* k, int64_t v) {
        if (v >= 0) o[k] = v;
    };
    put("input_tokens", u.input_tokens);
    put("output_tokens", u.output_tokens);
    put("cached_input_tokens", u.cached_input_tokens);
    put("reasoning_tokens", u.reasoning_tokens);
    put("cache_write_tokens", u.cache_write_tokens);
    return o;
}

} // namespace llmhost
