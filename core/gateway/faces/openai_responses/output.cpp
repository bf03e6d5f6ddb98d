#include "core/gateway/faces/openai_responses/output.hpp"

#include "core/gateway/faces/reasoning_token.hpp"
#include "core/gateway/faces/response_id.hpp"

#include <llmhost/support/json_read.hpp>
#include <llmhost/support/json_write.hpp>

#include <boost/json.hpp>

#include <algorithm>

namespace llmhost::gateway::responses_face {
namespace {

int64_t known(int64_t count) { return std::max<int64_t>(count, 0); }

void append_usage(std::string& out, const Usage& u) {
    out += "{\"input_tokens\":";
    append_json_int(out, known(u.input_tokens));
    out += ",\"input_tokens_details\":{\"cached_tokens\":";
    append_json_int(out, known(u.cached_input_tokens));
    out += "},\"output_tokens\":";
    append_json_int(out, known(u.output_tokens));
    out += ",\"output_tokens_details\":{\"reasoning_tokens\":";
    append_json_int(out, known(u.reasoning_tokens));
    out += "},\"total_tokens\":";
    append_json_int(out, known(u.input_tokens) + known(u.output_tokens));
    out += '}';
}

} // namespace

std::string custom_tool_input(const std::string& arguments) {
    boost::system::error_code ec;
    json_read::ScratchArena arena;
    const auto v = json_read::parse(arguments, ec, arena.storage());
    if (!ec && v.is_object())
        if (const auto* input = v.get_object().if_contains("input"); input && input->is_string())
            return std::string(input->get_string());
    return arguments;
}

std::string new_item_id(OutputItem::Kind kind) {
    switch (kind) {
    case OutputItem::Kind::reasoning: return random_id("rs_", 24);
    case OutputItem::Kind::message: return random_id("msg_", 24);
    case OutputItem::Kind::function_call: return random_id("fc_", 24);
    case OutputItem::Kind::custom_tool_call: return random_id("ctc_", 24);
    }
    return random_id("item_", 24);
}

OutputItem tool_call_item(const ResponsesRequest& request, std::string call_id, std::string_view name,
                          std::string arguments) {
    OutputItem item;
    item.call_id = std::move(call_id);
    if (request.custom_tools.contains(name)) {
        item.kind = OutputItem::Kind::custom_tool_call;
        item.name = std::string(name);
        item.text = custom_tool_input(arguments);
    } else {
        item.kind = OutputItem::Kind::function_call;
        if (const auto it = request.namespaced.find(name); it != request.namespaced.end()) {
            item.space = it->second.first;
            item.name = it->second.second;
        } else {
            item.name = std::string(name);
        }
        item.arguments = std::move(arguments);
    }
    item.id = new_item_id(item.kind);
    return item;
}

std::string custom_tool_arguments(std::string_view input) {
    std::string args = "{\"input\":";
    append_json_string(args, input);
    args += '}';
    return args;
}

Outcome outcome_of(llmh_finish_reason finish) {
    if (finish == LLMH_FINISH_LENGTH) return {"incomplete", "max_output_tokens", nullptr};
    if (finish == LLMH_FINISH_CONTENT_FILTER) return {"incomplete", "content_filter", nullptr};
    return {};
}

void append_item_json(std::string& out, const ResponsesRequest& request, const OutputItem& item,
                      std::string_view status) {
    out += "{\"id\":";
    append_json_string(out, item.id);
    switch (item.kind) {
    case OutputItem::Kind::reasoning:
        out += ",\"type\":\"reasoning\",\"summary\":[";
        if (!item.text.empty()) {
            out += "{\"type\":\"summary_text\",\"text\":";
            append_json_string(out, item.text);
            out += '}';
        }
        out += ']';
        if (request.include_encrypted_reasoning && !item.state.empty()) {
            out += ",\"encrypted_content\":";
            append_json_string(out, reasoning_field(item.state, reasoning_origin::openai_responses,
                                                    [](const ReasoningState& s) { return s.data; }));
        }
        out += '}';
        return;
    case OutputItem::Kind::message:
        out += ",\"type\":\"message\",\"status\":";
        append_json_string(out, status);
        out += ",\"role\":\"assistant\",\"content\":[";
        if (status != "in_progress") {
            out += "{\"type\":\"output_text\",\"text\":";
            append_json_string(out, item.text);
            out += ",\"annotations\":[],\"logprobs\":[]}";
        }
        out += "]}";
        return;
    case OutputItem::Kind::function_call:
        out += ",\"type\":\"function_call\",\"status\":";
        append_json_string(out, status);
        out += ",\"call_id\":";
        append_json_string(out, item.call_id);
        out += ",\"name\":";
        append_json_string(out, item.name);
        if (!item.space.empty()) {
            out += ",\"namespace\":";
            append_json_string(out, item.space);
        }
        out += ",\"arguments\":";
        append_json_string(out, status == "in_progress" ? std::string_view() : std::string_view(item.arguments));
        out += '}';
        return;
    case OutputItem::Kind::custom_tool_call:
        out += ",\"type\":\"custom_tool_call\",\"status\":";
        append_json_string(out, status);
        out += ",\"call_id\":";
        append_json_string(out, item.call_id);
        out += ",\"name\":";
        append_json_string(out, item.name);
        out += ",\"input\":";
        append_json_string(out, status == "in_progress" ? std::string_view() : std::string_view(item.text));
        out += '}';
        return;
    }
}

std::string response_json(const ResponsesRequest& request, const ResponseIdentity& identity,
                          const std::vector<OutputItem>& output, const Usage* usage, const Outcome& outcome) {
    std::string out;
    out.reserve(512);
    out += "{\"id\":";
    append_json_string(out, identity.id);
    out += ",\"object\":\"response\",\"created_at\":";
    append_json_int(out, identity.created);
    out += ",\"status\":";
    append_json_string(out, outcome.status);
    out += ",\"error\":";
    if (outcome.error) {
        out += "{\"code\":";
        append_json_string(out, failure_code(*outcome.error));
        out += ",\"message\":";
        append_json_string(out, outcome.error->message);
        out += '}';
    } else {
        out += "null";
    }
    out += ",\"incomplete_details\":";
    if (outcome.incomplete_reason.empty()) {
        out += "null";
    } else {
        out += "{\"reason\":";
        append_json_string(out, outcome.incomplete_reason);
        out += '}';
    }
    out += ",\"model\":";
    append_json_string(out, identity.model);
    out += ",\"output\":";
    const std::string_view item_status = outcome.status == "incomplete" ? "incomplete" : "completed";
    append_json_array(out, output,
                      [&](std::string& o, const OutputItem& item) { append_item_json(o, request, item, item_status); });
    out += ",\"store\":";
    append_json_bool(out, request.store);
    for (const auto& [key, json] : request.echo) {
        out += ",\"";
        out += key;
        out += "\":";
        out += json;
    }
    out += ",\"usage\":";
    if (usage)
        append_usage(out, *usage);
    else
        out += "null";
    out += '}';
    return out;
}

std::string_view failure_code(const GatewayError& error) {
    switch (error.kind) {
    case ErrorKind::context_length: return "context_length_exceeded";
    case ErrorKind::rate_limited: return "rate_limit_exceeded";
    case ErrorKind::quota_exhausted: return "insufficient_quota";
    case ErrorKind::invalid_request: return "invalid_prompt";
    default: return "server_error";
    }
}

Message assistant_turn(const std::vector<OutputItem>& output) {
    Message m;
    m.role = Role::assistant;
    for (const auto& item : output) {
        if (item.kind == OutputItem::Kind::reasoning) m.reasoning.push_back({item.text, item.state});
        if (item.kind == OutputItem::Kind::message) m.content.push_back(ContentPart::make_text(item.text));
        if (item.kind == OutputItem::Kind::function_call)
            m.tool_calls.push_back(
                {item.call_id, item.space.empty() ? item.name : flat_tool_name(item.space, item.name), item.arguments});
        if (item.kind == OutputItem::Kind::custom_tool_call)
            m.tool_calls.push_back({item.call_id, item.name, custom_tool_arguments(item.text)});
    }
    return m;
}

} // namespace llmhost::gateway::responses_face
