#include "core/plugins/conformance_replay.hpp"

#include "core/transport/base64.hpp"

#include <llmhost/error.hpp>
#include <llmhost/provider_abi.h>

#include <boost/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace llmhost::plugins {
namespace {

namespace json = boost::json;

[[noreturn]] void bad(const std::string& file, const std::string& what) {
    throw std::runtime_error(file + ": not a conformance-kit recording: " + what);
}

RecordedResponse read_response(const json::object& o, const std::string& file, const char* where) {
    RecordedResponse r;
    if (const auto* s = o.if_contains("status")) {
        if (!s->is_int64()) bad(file, std::string(where) + ".status is not a number");
        r.status = static_cast<int>(s->as_int64());
    }
    if (const auto* u = o.if_contains("url_contains"); u && u->is_string()) r.url_contains = u->as_string();
    if (const auto* h = o.if_contains("headers")) {
        if (!h->is_object()) bad(file, std::string(where) + ".headers is not an object");
        for (const auto& [name, value] : h->as_object()) {
            if (!value.is_string())
                bad(file, std::string(where) + ".headers." + std::string(name) + " is not a string");
            r.headers.emplace_back(std::string(name), std::string(value.as_string()));
        }
    }
    const int forms = o.contains("body") + o.contains("body_lines") + o.contains("body_base64");
    if (forms > 1) bad(file, std::string(where) + " has more than one of body, body_lines and body_base64");
    if (const auto* b = o.if_contains("body")) {
        if (!b->is_string()) bad(file, std::string(where) + ".body is not a string");
        r.body = b->as_string();
    } else if (const auto* lines = o.if_contains("body_lines")) {
        if (!lines->is_array()) bad(file, std::string(where) + ".body_lines is not an array");
        for (const auto& line : lines->as_array()) {
            if (!line.is_string()) bad(file, std::string(where) + ".body_lines holds a non-string");
            r.body.append(line.as_string().data(), line.as_string().size());
            r.body.push_back('\n');
        }
    } else if (const auto* b64 = o.if_contains("body_base64")) {
        if (!b64->is_string()) bad(file, std::string(where) + ".body_base64 is not a string");
        auto body = transport::base64_decode(b64->as_string());
        if (!body) bad(file, std::string(where) + ".body_base64 is not base64 (RFC 4648, with padding, one line)");
        r.body = std::move(*body);
    }
    return r;
}

int32_t error_class_from(std::string_view name, const std::string& file) {
    for (int32_t c = LLMH_ERR_AUTHENTICATION; c <= LLMH_ERR_MISSING_CREDENTIALS; ++c)
        if (error_class_name(c) == name) return c;
    bad(file, "expect.error '" + std::string(name) + "' is not an error class");
}

int32_t finish_from(std::string_view name, const std::string& file) {
    if (name == "stop") return LLMH_FINISH_STOP;
    if (name == "length") return LLMH_FINISH_LENGTH;
    if (name == "tool_calls") return LLMH_FINISH_TOOL_CALLS;
    if (name == "content_filter") return LLMH_FINISH_CONTENT_FILTER;
    if (name == "error") return LLMH_FINISH_ERROR;
    bad(file, "expect.finish '" + std::string(name) + "' is not stop, length, tool_calls, content_filter or error");
}

} // namespace

bool Recording::streamed() const {
    boost::system::error_code ec;
    const auto v = json::parse(request, ec);
    const auto* s = !ec && v.is_object() ? v.as_object().if_contains("stream") : nullptr;
    return s && s->is_bool() && s->as_bool();
}

Recording parse_recording(const std::string& text, const std::string& file) {
    boost::system::error_code ec;
    const json::value doc = json::parse(text, ec);
    if (ec) bad(file, "invalid JSON: " + ec.message());
    if (!doc.is_object()) bad(file, "not a JSON object");
    const auto& o = doc.as_object();
    Recording r;
    r.file = file;
    r.name = std::filesystem::path(file).stem().string();
    if (const auto* n = o.if_contains("name"); n && n->is_string()) r.name = n->as_string();
    const auto* request = o.if_contains("request");
    if (!request || !request->is_object()) bad(file, "no \"request\" object (the canonical request to send)");
    r.request = json::serialize(*request);
    if (const auto* options = o.if_contains("options")) {
        if (!options->is_object()) bad(file, "\"options\" is not an object");
        r.options = json::serialize(*options);
    }
    if (const auto* resp = o.if_contains("response")) {
        if (!resp->is_object()) bad(file, "\"response\" is not an object");
        r.response = read_response(resp->as_object(), file, "response");
    }
    if (const auto* ex = o.if_contains("exchanges")) {
        if (!ex->is_array()) bad(file, "\"exchanges\" is not an array");
        for (const auto& e : ex->as_array()) {
            if (!e.is_object()) bad(file, "an exchange is not an object");
            r.exchanges.push_back(read_response(e.as_object(), file, "exchanges[]"));
            if (r.exchanges.back().url_contains.empty()) bad(file, "an exchange has no url_contains");
        }
    }
    const auto* expect = o.if_contains("expect");
    if (!expect || !expect->is_object()) bad(file, "no \"expect\" object (what the call must produce)");
    const auto& e = expect->as_object();
    if (const auto* err = e.if_contains("error")) {
        if (!err->is_string()) bad(file, "expect.error is not a string");
        r.error_class = error_class_from(err->as_string(), file);
        if (const auto* ra = e.if_contains("retry_after_ms"); ra && ra->is_int64()) r.retry_after_ms = ra->as_int64();
        if (const auto* hs = e.if_contains("http_status"); hs && hs->is_int64())
            r.http_status = static_cast<int>(hs->as_int64());
        return r;
    }
    if (const auto* t = e.if_contains("text")) {
        if (!t->is_string()) bad(file, "expect.text is not a string");
        r.text = t->as_string();
    }
    if (const auto* t = e.if_contains("reasoning")) {
        if (!t->is_string()) bad(file, "expect.reasoning is not a string");
        r.reasoning = t->as_string();
    }
    if (const auto* f = e.if_contains("finish")) {
        if (!f->is_string()) bad(file, "expect.finish is not a string");
        r.finish = finish_from(f->as_string(), file);
    }
    if (const auto* calls = e.if_contains("tool_calls")) {
        if (!calls->is_array()) bad(file, "expect.tool_calls is not an array");
        r.tool_calls.emplace();
        for (const auto& c : calls->as_array()) {
            if (!c.is_object()) bad(file, "a tool call is not an object");
            ExpectedToolCall t;
            if (const auto* id = c.as_object().if_contains("id"); id && id->is_string()) t.id = id->as_string();
            if (const auto* name = c.as_object().if_contains("name"); name && name->is_string())
                t.name = name->as_string();
            if (const auto* args = c.as_object().if_contains("arguments")) t.arguments = json::serialize(*args);
            r.tool_calls->push_back(std::move(t));
        }
    }
    if (const auto* u = e.if_contains("usage")) {
        if (!u->is_object()) bad(file, "expect.usage is not an object");
        for (const auto& [k, v] : u->as_object()) {
            if (k != "input_tokens" && k != "output_tokens" && k != "cached_input_tokens" && k != "reasoning_tokens" &&
                k != "cache_write_tokens")
                bad(file, "expect.usage." + std::string(k) + " is not a usage count");
            if (!v.is_int64()) bad(file, "expect.usage." + std::string(k) + " is not a number");
            r.usage.emplace_back(std::string(k), v.as_int64());
        }
    }
    return r;
}

std::vector<Recording> load_recordings(const std::string& dir) {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) throw std::runtime_error(dir + ": no such directory of recordings");
    std::vector<std::string> files;
    for (const auto& entry : fs::directory_iterator(dir))
        if (entry.is_regular_file() && entry.path().extension() == ".json") files.push_back(entry.path().string());
    std::sort(files.begin(), files.end());
    if (files.empty()) throw std::runtime_error(dir + ": holds no recording (*.json)");
    std::vector<Recording> out;
    for (const auto& f : files) {
        std::ifstream in(f, std::ios::binary);
        std::ostringstream text;
        text << in.rdbuf();
        out.push_back(parse_recording(text.str(), f));
    }
    return out;
}

} // namespace llmhost::plugins
