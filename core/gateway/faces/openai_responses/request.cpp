// OpenAI Responses request -> canonical ChatRequest.
//
// Items map onto canonical messages: message items by role, function_call and
// custom_tool_call items onto the assistant turn they belong to (consecutive assistant items
// make one turn), their outputs onto tool messages; an item_reference (the Vercel AI SDK's
// way of repeating its earlier output while responses are stored) stands for the stored
// output item it names. Reasoning items lead the assistant turn as its reasoning, their
// encrypted_content its state. Freeform (custom) tools stay custom for a provider that has
// them (the Responses API) and are functions taking one string, `input`, for the others;
// namespace tools are offered flat; hosted tools (web_search, file_search, ...) that
// no provider behind the canonical model runs are left out and named in an
// X-Llmhost-Tools-Left-Out header.
//
// Top-level fields it has no canonical place for (truncation, metadata, ...) and the client's
// OpenAI-Beta header travel as the openai-responses extension. No bundled provider speaks the
// Responses API upstream, so today every provider ignores it; a plugin that does would send it on.
#include "core/gateway/faces/allowed_tools.hpp"
#include "core/gateway/faces/face_json.hpp"
#include "core/gateway/faces/image_source.hpp"
#include "core/gateway/faces/openai_responses/output.hpp"
#include "core/gateway/faces/openai_responses/responses_face.hpp"
#include "core/gateway/faces/pass_through.hpp"
#include "core/gateway/faces/reasoning_token.hpp"

#include <llmhost/support/json_read.hpp>

#include <boost/json.hpp>

#include <array>

namespace llmhost::gateway::responses_face {
namespace {

using namespace face_json;

// The JSON Schema a freeform tool is offered with; its grammar, when it has one, tells the
// model what the string must look like.
boost::json::object custom_tool_parameters(const boost::json::object& tool, const std::string& at) {
    std::string description = "The tool's whole input, as raw text (not JSON).";
    if (const auto* format = object_field(tool, "format", at)) {
        const std::string fat = path(at, "format");
        if (string_field(*format, "type", fat).value_or("text") == "grammar") {
            description += " It must match this " + std::string(string_field(*format, "syntax", fat).value_or("")) +
                           " grammar:\n" + std::string(string_field(*format, "definition", fat).value_or(""));
        }
    }
    return {{"type", "object"},
            {"properties", {{"input", {{"type", "string"}, {"description", std::move(description)}}}}},
            {"required", boost::json::array{"input"}},
            {"additionalProperties", false}};
}

ToolDefinition function_tool(const boost::json::object& o, const std::string& at, std::string name) {
    ToolDefinition t;
    t.name = std::move(name);
    t.description = std::string(string_field(o, "description", at).value_or(""));
    if (const auto* params = object_field(o, "parameters", at)) t.parameters = *params;
    if (t.parameters.empty()) t.parameters = {{"type", "object"}, {"properties", boost::json::object()}};
    return t;
}

class RequestReader {
  public:
    RequestReader(FaceChatRequest& out, ResponsesRequest& state, ResponseStore& store)
        : out_(out), r_(out.chat), state_(state), store_(store) {}

    void tools(const boost::json::array& tools) {
        std::string left_out;
        for (size_t i = 0; i < tools.size(); ++i) {
            const std::string at = path("tools", i);
            const auto& o = as_object(tools[i], at);
            const auto type = required_string(o, "type", at);
            if (type == "function") {
                r_.tools.push_back(function_tool(o, at, std::string(required_string(o, "name", at))));
            } else if (type == "custom") {
                ToolDefinition t;
                t.name = std::string(required_string(o, "name", at));
                t.description = std::string(string_field(o, "description", at).value_or(""));
                t.parameters = custom_tool_parameters(o, at);
                t.kind = ToolDefinition::Kind::custom;
                if (const auto* format = object_field(o, "format", at)) t.format = *format;
                state_.custom_tools.insert(t.name);
                r_.tools.push_back(std::move(t));
            } else if (type == "namespace") {
                namespace_tools(o, at);
            } else { // hosted: web_search, file_search, code_interpreter, image_generation, mcp, ...
                if (!left_out.empty()) left_out += ", ";
                left_out += type;
            }
        }
        if (!left_out.empty()) out_.notes.emplace_back("X-Llmhost-Tools-Left-Out", std::move(left_out));
    }

    void input(const boost::json::value& input) {
        if (input.is_string()) {
            r_.messages.push_back({Role::user, {ContentPart::make_text(std::string(input.get_string()))}, {}, {}, {}});
            return;
        }
        const auto& items = as_array(input, "input");
        for (size_t i = 0; i < items.size(); ++i)
            item(items[i], path("input", i));
    }

    // Calls made in earlier turns (from the stored conversation), which outputs may answer.
    void know_calls(const std::vector<Message>& history) {
        for (const auto& m : history)
            for (const auto& c : m.tool_calls)
                call_names_[c.id] = c.name;
    }

  private:
    void namespace_tools(const boost::json::object& o, const std::string& at) {
        const std::string space(required_string(o, "name", at));
        const auto* tools = array_field(o, "tools", at);
        if (!tools) return;
        for (size_t i = 0; i < tools->size(); ++i) {
            const std::string tat = path(path(at, "tools"), i);
            const auto& t = as_object((*tools)[i], tat);
            const std::string name(required_string(t, "name", tat));
            std::string flat = flat_tool_name(space, name);
            state_.namespaced[flat] = {space, name};
            r_.tools.push_back(function_tool(t, tat, std::move(flat)));
        }
    }

    void item(const boost::json::value& value, const std::string& at) {
        const auto& o = as_object(value, at);
        // An item without a type is a message ({"role","content"}, the "easy" input form).
        const auto type = string_field(o, "type", at).value_or("message");
        if (type == "message")
            message(o, at);
        else if (type == "function_call")
            call(std::string(required_string(o, "call_id", at)), function_name(o, at), arguments(o, at), at);
        else if (type == "custom_tool_call")
            call(std::string(required_string(o, "call_id", at)), std::string(required_string(o, "name", at)),
                 custom_tool_arguments(required_string(o, "input", at)), at);
        else if (type == "function_call_output" || type == "custom_tool_call_output")
            call_output(o, at);
        else if (type == "reasoning")
            reasoning(o, at);
        else if (type == "item_reference")
            reference(required_string(o, "id", at), at);
        else
            throw_invalid("input item type \"" + std::string(type) +
                              "\" is not supported (message, function_call, function_call_output, "
                              "custom_tool_call, custom_tool_call_output, reasoning and item_reference are)",
                          path(at, "type"));
    }

    void message(const boost::json::object& o, const std::string& at) {
        const auto role = required_string(o, "role", at);
        Message m;
        if (role == "user")
            m.role = Role::user;
        else if (role == "assistant")
            m.role = Role::assistant;
        else if (role == "system" || role == "developer")
            m.role = Role::system;
        else
            throw_invalid("'" + path(at, "role") + "' must be user, assistant, system or developer", path(at, "role"));
        const auto* content = member(o, "content");
        const std::string cat = path(at, "content");
        if (!content) throw_invalid("'" + cat + "' is required", cat);
        if (content->is_string())
            m.content.push_back(ContentPart::make_text(std::string(content->get_string())));
        else
            parts(as_array(*content, cat), cat, m);
        push(std::move(m));
    }

    // A reasoning item: its summary, and its encrypted_content as the state — OpenAI's own, or
    // a token carrying another provider's (reasoning_token.hpp).
    void reasoning(const boost::json::object& o, const std::string& at) {
        Reasoning r;
        if (const auto* summary = array_field(o, "summary", at))
            for (size_t i = 0; i < summary->size(); ++i) {
                const std::string sat = path(path(at, "summary"), i);
                r.text += required_string(as_object((*summary)[i], sat), "text", sat);
            }
        const std::string id(string_field(o, "id", at).value_or(""));
        if (const auto encrypted = string_field(o, "encrypted_content", at); encrypted && !encrypted->empty())
            r.state = reasoning_from_field(*encrypted, [&](std::string_view data) {
                return ReasoningState{std::string(reasoning_origin::openai_responses), {}, std::string(data), id};
            });
        if (!r.text.empty() || !r.state.empty()) add_reasoning(std::move(r)); // an empty one says nothing
    }

    // Reasoning leads the assistant turn it belongs to: a new turn unless one is just starting.
    void add_reasoning(Reasoning r) {
        if (r_.messages.empty() || r_.messages.back().role != Role::assistant ||
            !r_.messages.back().tool_calls.empty() || !r_.messages.back().content.empty())
            r_.messages.push_back({Role::assistant, {}, {}, {}, {}});
        r_.messages.back().reasoning.push_back(std::move(r));
    }

    void push(Message m) {
        if (m.role == Role::assistant && !r_.messages.empty() && r_.messages.back().role == Role::assistant &&
            r_.messages.back().tool_calls.empty()) {
            auto& previous = r_.messages.back().content; // one assistant turn in several items
            previous.insert(previous.end(), m.content.begin(), m.content.end());
            return;
        }
        r_.messages.push_back(std::move(m));
    }

    // An output item of a stored response, by its id, read as if it had been sent whole.
    void reference(std::string_view id, const std::string& at) {
        const auto item = store_.find_item(id);
        if (!item)
            throw_invalid("'" + path(at, "id") + "': item '" + std::string(id) +
                              "' is not stored here (unknown, expired, or created with store: false)",
                          path(at, "id"));
        switch (item->kind) {
        case OutputItem::Kind::message:
            push({Role::assistant, {ContentPart::make_text(item->text)}, {}, {}, {}});
            break;
        case OutputItem::Kind::function_call:
            call(item->call_id, item->space.empty() ? item->name : flat_tool_name(item->space, item->name),
                 item->arguments, at);
            break;
        case OutputItem::Kind::custom_tool_call:
            call(item->call_id, item->name, custom_tool_arguments(item->text), at);
            break;
        case OutputItem::Kind::reasoning: add_reasoning({item->text, item->state}); break;
        }
    }

    void parts(const boost::json::array& parts, const std::string& where, Message& m) {
        for (size_t i = 0; i < parts.size(); ++i) {
            const std::string at = path(where, i);
            const auto& part = as_object(parts[i], at);
            const auto type = required_string(part, "type", at);
            if (type == "input_text" || type == "output_text" || type == "text")
                m.content.push_back(ContentPart::make_text(std::string(required_string(part, "text", at))));
            else if (type == "refusal")
                m.content.push_back(ContentPart::make_text(std::string(required_string(part, "refusal", at))));
            else if (type == "input_image")
                m.content.push_back(image(part, at));
            else
                throw_invalid("content part type \"" + std::string(type) +
                                  "\" is not supported (input_text, input_image, output_text and refusal are)",
                              path(at, "type"));
        }
    }

    static ContentPart image(const boost::json::object& part, const std::string& at) {
        if (const auto url = string_field(part, "image_url", at)) return image_from_url(*url, path(at, "image_url"));
        if (member(part, "file_id"))
            throw_invalid("images by file_id are not supported: send image_url (a data: or https: URL)",
                          path(at, "file_id"));
        throw_invalid("'" + path(at, "image_url") + "' is required", path(at, "image_url"));
    }

    // A namespace function's call comes back with its namespace (Codex sends its calls back
    // so): the flat name the provider was offered it under.
    static std::string function_name(const boost::json::object& o, const std::string& at) {
        const auto name = required_string(o, "name", at);
        if (const auto space = string_field(o, "namespace", at); space && !space->empty())
            return flat_tool_name(*space, name);
        return std::string(name);
    }

    static std::string arguments(const boost::json::object& o, const std::string& at) {
        const auto* args = member(o, "arguments");
        if (!args) return "{}";
        return args->is_string() ? std::string(args->get_string())
                                 : boost::json::serialize(as_object(*args, path(at, "arguments")));
    }

    void call(std::string call_id, std::string name, std::string args, const std::string&) {
        call_names_[call_id] = name;
        if (r_.messages.empty() || r_.messages.back().role != Role::assistant)
            r_.messages.push_back({Role::assistant, {}, {}, {}, {}});
        r_.messages.back().tool_calls.push_back({std::move(call_id), std::move(name), std::move(args)});
    }

    void call_output(const boost::json::object& o, const std::string& at) {
        Message m;
        m.role = Role::tool;
        m.tool_call_id = std::string(required_string(o, "call_id", at));
        const auto known = call_names_.find(m.tool_call_id);
        if (known == call_names_.end())
            throw_invalid("'" + path(at, "call_id") + "' answers no function_call or custom_tool_call before it (" +
                              m.tool_call_id + ")",
                          path(at, "call_id"));
        m.name = known->second;
        const auto* output = member(o, "output");
        const std::string oat = path(at, "output");
        if (!output) throw_invalid("'" + oat + "' is required", oat);
        if (output->is_string())
            m.content.push_back(ContentPart::make_text(std::string(output->get_string())));
        else
            parts(as_array(*output, oat), oat, m);
        r_.messages.push_back(std::move(m));
    }

    FaceChatRequest& out_;
    ChatRequest& r_;
    ResponsesRequest& state_;
    ResponseStore& store_;
    std::map<std::string, std::string, std::less<>> call_names_; // call_id -> tool name
};

std::string read_tool_choice(const boost::json::value& v, const ResponsesRequest& state) {
    if (v.is_string()) {
        const std::string_view s = v.get_string();
        if (s != "auto" && s != "none" && s != "required")
            throw_invalid("'tool_choice' must be \"auto\", \"none\", \"required\" or an object", "tool_choice");
        return std::string(s);
    }
    const auto& o = as_object(v, "tool_choice");
    const auto type = required_string(o, "type", "tool_choice");
    if (type == "function" || type == "custom") {
        const std::string name(required_string(o, "name", "tool_choice"));
        for (const auto& [flat, original] : state.namespaced)
            if (original.second == name) return flat;
        return name;
    }
    if (type == "allowed_tools") return std::string(string_field(o, "mode", "tool_choice").value_or("auto"));
    return "auto"; // a hosted tool that was left out
}

// The tools of {type: allowed_tools, tools}, or nullptr for any other choice.
const boost::json::array* allowed_tools_of(const boost::json::value& choice) {
    const auto* o = choice.if_object();
    if (!o || json_read::string_member(*o, "type") != "allowed_tools") return nullptr;
    return json_read::array_member(*o, "tools");
}

// The allowed tools' names as the provider is offered them (namespace tools flat).
std::vector<std::string> allowed_flat_names(const boost::json::array& allowed, const ResponsesRequest& state) {
    std::vector<std::string> names = allowed_tool_names(allowed);
    for (auto& name : names)
        for (const auto& [flat, original] : state.namespaced)
            if (original.second == name) name = flat;
    return names;
}

ResponseFormat read_text_format(const boost::json::object& format) {
    const auto type = required_string(format, "type", "text.format");
    ResponseFormat f;
    if (type == "json_object") {
        f.kind = ResponseFormat::Kind::json_object;
    } else if (type == "json_schema") {
        f.kind = ResponseFormat::Kind::json_schema;
        f.name = std::string(string_field(format, "name", "text.format").value_or(""));
        if (const auto* schema = object_field(format, "schema", "text.format")) f.schema = *schema;
        f.strict = bool_field(format, "strict", "text.format").value_or(false);
    } else if (type != "text") {
        throw_invalid("'text.format.type' must be text, json_object or json_schema", "text.format.type");
    }
    return f;
}

std::optional<ReasoningOptions> read_reasoning(const boost::json::object& o) {
    const auto effort = string_field(o, "effort", "reasoning");
    if (!effort) return std::nullopt;
    if (*effort == "xhigh") return ReasoningOptions{"high", {}}; // the most other providers offer
    return ReasoningOptions{std::string(*effort), {}};
}

// Members repeated in the response object, in the order OpenAI writes them.
constexpr std::string_view echoed[] = {"instructions",
                                       "max_output_tokens",
                                       "metadata",
                                       "parallel_tool_calls",
                                       "previous_response_id",
                                       "prompt_cache_key",
                                       "reasoning",
                                       "service_tier",
                                       "temperature",
                                       "text",
                                       "tool_choice",
                                       "tools",
                                       "top_p",
                                       "user"};

// The top-level fields read into the canonical request (or the face's own state: store,
// include, previous_response_id); every other one is passed through.
constexpr auto read_fields = std::to_array<std::string_view>(
    {"model", "input", "instructions", "previous_response_id", "tools", "tool_choice", "parallel_tool_calls", "text",
     "reasoning", "temperature", "top_p", "max_output_tokens", "stop", "stream", "store", "include", "user",
     "service_tier", "prompt_cache_key"});

std::string text_field(const boost::json::object& o, std::string_view key) {
    return std::string(string_field(o, key).value_or(""));
}

} // namespace

std::string flat_tool_name(std::string_view space, std::string_view name) {
    std::string flat(space);
    flat += "__";
    flat += name;
    return flat;
}

FaceChatRequest parse_responses_request(std::string_view body, ResponseStore& store, std::string_view openai_beta) {
    json_read::ScratchArena arena; // the document is read into the canonical request and dropped
    const boost::json::object o = parse_body(body, arena.storage());
    FaceChatRequest out;
    auto state = std::make_shared<ResponsesRequest>();
    ChatRequest& r = out.chat;
    r.model = std::string(string_field(o, "model").value_or(""));
    RequestReader reader(out, *state, store);

    if (const auto previous = string_field(o, "previous_response_id")) {
        state->previous_response_id = std::string(*previous);
        const auto stored = store.find(*previous);
        if (!stored)
            throw_invalid("previous response '" + state->previous_response_id +
                              "' is not stored here (unknown, expired, or created with store: false)",
                          "previous_response_id");
        r.messages = *stored->history;
        reader.know_calls(r.messages);
    }
    if (const auto* tools = array_field(o, "tools")) reader.tools(*tools);
    const auto* input = member(o, "input");
    if (!input) throw_invalid("'input' is required", "input");
    reader.input(*input);
    if (r.messages.empty()) throw_invalid("'input' must not be empty", "input");
    state->store = bool_field(o, "store").value_or(true);
    if (const auto* include = array_field(o, "include"))
        for (size_t i = 0; i < include->size(); ++i)
            if (as_string((*include)[i], path("include", i)) == "reasoning.encrypted_content")
                state->include_encrypted_reasoning = true;
    if (state->store) state->conversation = std::make_shared<const std::vector<Message>>(r.messages);
    // Instructions do not carry over to a next response: they lead this turn only.
    if (const auto instructions = string_field(o, "instructions"); instructions && !instructions->empty())
        r.messages.insert(r.messages.begin(),
                          Message{Role::system, {ContentPart::make_text(std::string(*instructions))}, {}, {}, {}});

    if (const auto* choice = member(o, "tool_choice")) {
        r.tool_choice = read_tool_choice(*choice, *state);
        if (const auto* allowed = allowed_tools_of(*choice))
            keep_allowed_tools(r.tools, allowed_flat_names(*allowed, *state));
    }
    if (const auto* text = object_field(o, "text"))
        if (const auto* format = object_field(*text, "format", "text")) {
            ResponseFormat f = read_text_format(*format);
            if (f.kind != ResponseFormat::Kind::text) r.response_format = std::move(f);
        }
    if (const auto* reasoning = object_field(o, "reasoning")) r.reasoning = read_reasoning(*reasoning);
    r.temperature = number_field(o, "temperature");
    r.top_p = number_field(o, "top_p");
    r.parallel_tool_calls = bool_field(o, "parallel_tool_calls");
    r.max_tokens = integer_field(o, "max_output_tokens");
    if (r.max_tokens && *r.max_tokens <= 0) throw_invalid("'max_output_tokens' must be positive", "max_output_tokens");
    if (const auto* stop = member(o, "stop")) {
        if (stop->is_string())
            r.stop.emplace_back(stop->get_string());
        else
            for (size_t i = 0; const auto& s : as_array(*stop, "stop"))
                r.stop.emplace_back(as_string(s, path("stop", i++)));
    }
    out.stream = bool_field(o, "stream").value_or(false);
    r.stream = out.stream;
    r.prompt_cache_key = text_field(o, "prompt_cache_key");
    r.user = text_field(o, "user");
    if (r.user.empty()) r.user = text_field(o, "safety_identifier"); // which stays in the extension too
    r.service_tier = text_field(o, "service_tier");
    // The session for affinity: the cache key Codex sends, else the end user.
    out.session = r.prompt_cache_key.empty() ? r.user : r.prompt_cache_key;
    if (const auto* metadata = object_field(o, "metadata"); metadata && out.session.empty())
        out.session = std::string(string_field(*metadata, "user_id", "metadata").value_or(""));
    r.extension = pass_through(o, read_fields, wire_protocol::openai_responses, "OpenAI-Beta", openai_beta);

    for (const std::string_view key : echoed)
        if (const auto* v = o.if_contains(key)) state->echo.emplace_back(key, boost::json::serialize(*v));
    out.state = std::move(state);
    return out;
}

} // namespace llmhost::gateway::responses_face
