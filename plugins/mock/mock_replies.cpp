#include "mock_replies.hpp"

#include <boost/json.hpp>

#include <fstream>
#include <sstream>

namespace llmhost::mock_plugin {

Error config_error(const std::string& message) { return Error(LLMH_ERR_INVALID_CONFIG, message); }

llmh_error_class error_class_from_name(std::string_view name, std::string_view where) {
    if (name == "server") return LLMH_ERR_SERVER;
    if (name == "context_length") return LLMH_ERR_CONTEXT_LENGTH;
    std::string known;
    for (int32_t cls = LLMH_ERR_AUTHENTICATION; cls <= LLMH_ERR_MISSING_CREDENTIALS; ++cls) {
        if (error_class_name(cls) == name) return static_cast<llmh_error_class>(cls);
        known += (known.empty() ? "" : ", ") + std::string(error_class_name(cls));
    }
    throw config_error(std::string(where) + ": unknown error class '" + std::string(name) + "' (known: " + known + ")");
}

int typical_http_status(llmh_error_class cls) {
    switch (cls) {
    case LLMH_ERR_AUTHENTICATION: return 401;
    case LLMH_ERR_PERMISSION: return 403;
    case LLMH_ERR_NOT_FOUND: return 404;
    case LLMH_ERR_BAD_REQUEST:
    case LLMH_ERR_CONTEXT_LENGTH: return 400;
    case LLMH_ERR_RATE_LIMITED:
    case LLMH_ERR_QUOTA_EXHAUSTED: return 429;
    case LLMH_ERR_OVERLOADED: return 503;
    case LLMH_ERR_SERVER: return 500;
    case LLMH_ERR_TIMEOUT: return 408;
    default: return 0;
    }
}

const boost::json::object& expect_object(const boost::json::value& v, std::string_view where) {
    if (!v.is_object()) throw config_error(std::string(where) + " must be an object");
    return v.get_object();
}

void reject_unknown_keys(const boost::json::object& o, std::vector<std::string_view> known, std::string_view where) {
    for (const auto& kv : o) {
        bool ok = false;
        for (auto k : known)
            ok = ok || kv.key() == k;
        if (ok) continue;
        std::string names;
        for (auto k : known)
            names += (names.empty() ? "" : ", ") + std::string(k);
        throw config_error(std::string(where) + ": unknown key '" + std::string(kv.key()) + "' (known: " + names + ")");
    }
}

std::string string_field(const boost::json::object& o, std::string_view key, std::string_view where) {
    const auto* v = o.if_contains(key);
    if (!v || v->is_null()) return {};
    if (!v->is_string()) throw config_error(std::string(where) + "." + std::string(key) + " must be a string");
    return std::string(v->get_string());
}

MockToolCall tool_call_from_json(const boost::json::value& v, std::string_view where) {
    const auto& o = expect_object(v, where);
    reject_unknown_keys(o, {"name", "arguments"}, where);
    MockToolCall call{string_field(o, "name", where), "{}"};
    if (call.name.empty()) throw config_error(std::string(where) + ".name is required");
    if (const auto* args = o.if_contains("arguments"); args && !args->is_null())
        call.arguments = args->is_string() ? std::string(args->get_string()) : boost::json::serialize(*args);
    return call;
}

MockFailure failure_from_json(const boost::json::value& v, std::string_view where) {
    const auto& o = expect_object(v, where);
    reject_unknown_keys(o, {"class", "message", "retry_after_ms"}, where);
    MockFailure failure;
    const std::string name = string_field(o, "class", where);
    if (name.empty()) throw config_error(std::string(where) + ".class is required");
    failure.error_class = error_class_from_name(name, std::string(where) + ".class");
    failure.message = string_field(o, "message", where);
    if (const auto* ms = o.if_contains("retry_after_ms"); ms && !ms->is_null()) {
        if (!ms->is_int64() && !ms->is_uint64())
            throw config_error(std::string(where) + ".retry_after_ms must be an integer");
        failure.retry_after_ms = ms->to_number<int64_t>();
    }
    return failure;
}

MockReasoningState reasoning_state_from_json(const boost::json::value& v, std::string_view where) {
    const auto& o = expect_object(v, where);
    reject_unknown_keys(o, {"signature", "data"}, where);
    MockReasoningState state{string_field(o, "signature", where), string_field(o, "data", where)};
    if (state.signature.empty() && state.data.empty())
        throw config_error(std::string(where) + " needs a signature or data");
    return state;
}

MockReply reply_from_json(const boost::json::value& v, std::string_view where) {
    MockReply reply;
    if (v.is_string()) {
        reply.text = v.get_string();
        return reply;
    }
    if (!v.is_object()) throw config_error(std::string(where) + " must be a string or an object");
    const auto& o = v.get_object();
    reject_unknown_keys(o, {"text", "reasoning", "model", "reasoning_state", "tool_call", "error"}, where);
    reply.text = string_field(o, "text", where);
    reply.reasoning = string_field(o, "reasoning", where);
    reply.model = string_field(o, "model", where);
    if (const auto* state = o.if_contains("reasoning_state"); state && !state->is_null())
        reply.reasoning_state = reasoning_state_from_json(*state, std::string(where) + ".reasoning_state");
    if (const auto* call = o.if_contains("tool_call"); call && !call->is_null())
        reply.tool_call = tool_call_from_json(*call, std::string(where) + ".tool_call");
    if (const auto* error = o.if_contains("error"); error && !error->is_null())
        reply.error = failure_from_json(*error, std::string(where) + ".error");
    return reply;
}

std::vector<MockReply> load_replies_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw config_error("cannot read replies_file '" + path + "'");
    std::ostringstream text;
    text << in.rdbuf();
    boost::system::error_code ec;
    const auto json = boost::json::parse(text.str(), ec);
    if (ec) throw config_error("replies_file '" + path + "' is not valid JSON: " + ec.message());
    if (!json.is_array() || json.get_array().empty())
        throw config_error("replies_file '" + path + "' must hold a non-empty JSON array of replies");
    std::vector<MockReply> replies;
    const auto& items = json.get_array();
    for (size_t i = 0; i < items.size(); ++i)
        replies.push_back(reply_from_json(items[i], "replies_file '" + path + "' [" + std::to_string(i) + "]"));
    return replies;
}

} // namespace llmhost::mock_plugin
