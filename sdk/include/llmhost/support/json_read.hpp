// Tolerant readers for JSON that comes from an upstream server, whatever its wire format.
// Unlike the canonical codec in chat.hpp (which rejects a malformed request), these treat a
// missing, null or wrongly typed field as absent: providers add, omit and retype fields over
// time.
#pragma once

#include <llmhost/error.hpp>
#include <llmhost/support/error_text.hpp>

#include <boost/json.hpp>

#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace llmhost::json_read {

// The member `key` of `o`, or nullptr when it is absent or null.
inline const boost::json::value* member(const boost::json::object& o, std::string_view key) {
    auto it = o.find(key);
    return it == o.end() || it->value().is_null() ? nullptr : &it->value();
}

inline const boost::json::object* object_member(const boost::json::object& o, std::string_view key) {
    const auto* v = member(o, key);
    return v && v->is_object() ? &v->get_object() : nullptr;
}

inline const boost::json::array* array_member(const boost::json::object& o, std::string_view key) {
    const auto* v = member(o, key);
    return v && v->is_array() ? &v->get_array() : nullptr;
}

inline std::string_view string_member(const boost::json::object& o, std::string_view key) {
    const auto* v = member(o, key);
    return v && v->is_string() ? std::string_view(v->get_string()) : std::string_view();
}

inline std::optional<int64_t> integer_value(const boost::json::value& v) {
    if (v.is_int64()) return v.get_int64();
    if (v.is_uint64()) return static_cast<int64_t>(v.get_uint64());
    // Range-checked: casting an out-of-range double is undefined behaviour.
    if (v.is_double() && std::abs(v.get_double()) < 9.0e18) return static_cast<int64_t>(v.get_double());
    return std::nullopt;
}

inline std::optional<int64_t> integer_member(const boost::json::object& o, std::string_view key) {
    const auto* v = member(o, key);
    return v ? integer_value(*v) : std::nullopt;
}

// A scalar as text: strings as they are, numbers and booleans serialised ("" otherwise).
// Error codes are strings at OpenAI and numbers (400) at vLLM and llama.cpp.
inline std::string scalar_text(const boost::json::value* v) {
    if (!v) return {};
    if (v->is_string()) return std::string(v->get_string());
    if (v->is_number() || v->is_bool()) return boost::json::serialize(*v);
    return {};
}

// Memory for a JSON document that is read and dropped within one scope: a typical request or
// response fits in its buffer, so parsing it costs no heap allocation; anything larger
// takes blocks from the heap, all freed together with the arena. Values parsed into it must
// not outlive it.
class ScratchArena {
  public:
    ScratchArena() = default;
    ScratchArena(const ScratchArena&) = delete;
    ScratchArena& operator=(const ScratchArena&) = delete;
    boost::json::storage_ptr storage() { return &resource_; }

  private:
    unsigned char buffer_[8192];
    boost::json::monotonic_resource resource_{buffer_, sizeof buffer_};
};

// Parses one whole JSON text into `storage`. Unlike boost::json::parse, the parser is made
// once per thread and reused, so its working stack is allocated once rather than per
// document. (Parsing never suspends a fiber, so no two documents share it at once.)
inline boost::json::value parse(std::string_view text, boost::system::error_code& ec,
                                boost::json::storage_ptr storage = {}) {
    // A large document gets a parser of its own, so that its working stack is freed with it
    // rather than kept by the thread.
    constexpr size_t reused_up_to = 256 * 1024;
    std::optional<boost::json::parser> own;
    thread_local boost::json::parser shared;
    boost::json::parser& parser = text.size() > reused_up_to ? own.emplace() : shared;
    parser.reset(std::move(storage));
    parser.write(text, ec);
    if (ec) {
        parser.reset(); // drops the partial document while its storage is still alive
        return nullptr;
    }
    return parser.release();
}

inline std::optional<boost::json::value> parse(std::string_view text, boost::json::storage_ptr storage = {}) {
    boost::system::error_code ec;
    auto v = parse(text, ec, std::move(storage));
    if (ec) return std::nullopt;
    return v;
}

// Parses an upstream body (`what` names it in the message); anything unparsable is a
// malformed response.
inline boost::json::value parse_body(std::string_view provider_id, std::string_view body, std::string_view what,
                                     boost::json::storage_ptr storage = {}) {
    auto v = parse(body, std::move(storage));
    if (!v)
        throw Error(LLMH_ERR_MALFORMED_RESPONSE, std::string(provider_id) + ": " + std::string(what) +
                                                     " is not valid JSON: " + error_text::snippet(body));
    return std::move(*v);
}

} // namespace llmhost::json_read
