#include "core/gateway/faces/face_json.hpp"

#include <llmhost/support/json_object_text.hpp>
#include <llmhost/support/json_read.hpp>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#if LLMHOST_JSON_CONTAINERS_AVX2
#include <immintrin.h>
#endif

namespace llmhost::gateway::face_json {

boost::json::object parse_body(std::string_view body, boost::json::storage_ptr storage) {
    boost::system::error_code ec;
    boost::json::value v = json_read::parse(body, ec, std::move(storage));
    if (ec) throw_invalid("the request body is not valid JSON: " + ec.message());
    if (!v.is_object()) throw_invalid("the request body must be a JSON object");
    return std::move(v.get_object());
}

std::optional<std::string_view> BodyTop::large_member(std::string_view name) const {
    for (auto it = large.rbegin(); it != large.rend(); ++it)
        if (it->first == name) return it->second;
    return std::nullopt;
}

std::optional<BodyTop> read_body_top(std::string_view body, std::span<const std::string_view> large,
                                     boost::json::storage_ptr storage) {
    std::optional<JsonObjectText> top;
    try {
        top.emplace(body);
    } catch (const Error&) {
        return std::nullopt;
    }
    BodyTop out{boost::json::object(storage), {}};
    for (const auto& m : top->members()) {
        if (std::find(large.begin(), large.end(), m.key) != large.end()) {
            out.large.emplace_back(m.key, m.value);
            continue;
        }
        boost::system::error_code ec;
        boost::json::value v = json_read::parse(m.value, ec, storage);
        if (ec) return std::nullopt;
        out.rest[m.key] = std::move(v);
    }
    return out;
}

namespace {

// Candidates for a match are where two of the needle's bytes (its second and its last but one:
// the needles here begin and end with quotes or dots, which are everywhere) are both in place,
// a vector's width of positions at a time; only those are compared in full. `candidates(p)`
// gives them as a bit mask over p[0..width). Moves `at` on to where it stopped.
template <size_t width, class Candidates>
[[gnu::always_inline]] inline bool scan_candidates(std::string_view text, std::string_view needle, size_t& at,
                                                   Candidates candidates) {
    for (; at + needle.size() + width <= text.size(); at += width) {
        const char* p = text.data() + at;
        for (auto mask = candidates(p); mask != 0; mask &= mask - 1)
            if (std::memcmp(p + std::countr_zero(mask), needle.data(), needle.size()) == 0) return true;
    }
    return false;
}

#if defined(__SSE2__)
bool contains_sse2(std::string_view text, std::string_view needle, size_t& at) {
    const size_t m = needle.size();
    const __m128i second = _mm_set1_epi8(needle[1]), penultimate = _mm_set1_epi8(needle[m - 2]);
    return scan_candidates<16>(text, needle, at, [&](const char* p) {
        const __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 1));
        const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + m - 2));
        return static_cast<uint32_t>(
            _mm_movemask_epi8(_mm_and_si128(_mm_cmpeq_epi8(a, second), _mm_cmpeq_epi8(b, penultimate))));
    });
}
#endif

#if LLMHOST_JSON_CONTAINERS_AVX2
struct Avx2Candidates {
    __m256i second, penultimate;
    size_t m;
    __attribute__((target("avx2"))) uint32_t operator()(const char* p) const {
        const __m256i a = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + 1));
        const __m256i b = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + m - 2));
        return static_cast<uint32_t>(
            _mm256_movemask_epi8(_mm256_and_si256(_mm256_cmpeq_epi8(a, second), _mm256_cmpeq_epi8(b, penultimate))));
    }
};

__attribute__((target("avx2"))) bool contains_avx2(std::string_view text, std::string_view needle, size_t& at) {
    const size_t m = needle.size();
    return scan_candidates<32>(text, needle, at,
                               Avx2Candidates{_mm256_set1_epi8(needle[1]), _mm256_set1_epi8(needle[m - 2]), m});
}
#endif

} // namespace

bool contains(std::string_view text, std::string_view needle) {
    if (needle.size() < 3 || text.size() < needle.size() + 16) return text.find(needle) != std::string_view::npos;
    size_t at = 0;
#if LLMHOST_JSON_CONTAINERS_AVX2
    if (json_containers::detail::has_avx2() && contains_avx2(text, needle, at)) return true;
#endif
#if defined(__SSE2__)
    if (contains_sse2(text, needle, at)) return true;
#endif
    return text.substr(at).find(needle) != std::string_view::npos;
}

bool is_non_empty_array(std::string_view value) {
    if (value.empty() || value.front() != '[') return false;
    const size_t next = value.find_first_not_of(" \t\r\n", 1);
    return next != std::string_view::npos && value[next] != ']';
}

const boost::json::object& as_object(const boost::json::value& v, const std::string& where) {
    if (!v.is_object()) throw_invalid("'" + where + "' must be an object", where);
    return v.get_object();
}

const boost::json::array& as_array(const boost::json::value& v, const std::string& where) {
    if (!v.is_array()) throw_invalid("'" + where + "' must be an array", where);
    return v.get_array();
}

std::string_view as_string(const boost::json::value& v, const std::string& where) {
    if (!v.is_string()) throw_invalid("'" + where + "' must be a string", where);
    return v.get_string();
}

std::optional<std::string_view> string_field(const boost::json::object& o, std::string_view key,
                                             std::string_view parent) {
    const auto* v = member(o, key);
    if (!v) return std::nullopt;
    if (v->is_string()) return v->get_string(); // the path is only spelled out for an error
    return as_string(*v, path(parent, key));
}

std::string_view required_string(const boost::json::object& o, std::string_view key, std::string_view parent) {
    auto s = string_field(o, key, parent);
    if (!s) throw_invalid("'" + path(parent, key) + "' is required", path(parent, key));
    return *s;
}

const boost::json::object* object_field(const boost::json::object& o, std::string_view key, std::string_view parent) {
    const auto* v = member(o, key);
    if (v && v->is_object()) return &v->get_object();
    return v ? &as_object(*v, path(parent, key)) : nullptr;
}

const boost::json::array* array_field(const boost::json::object& o, std::string_view key, std::string_view parent) {
    const auto* v = member(o, key);
    if (v && v->is_array()) return &v->get_array();
    return v ? &as_array(*v, path(parent, key)) : nullptr;
}

std::optional<bool> bool_field(const boost::json::object& o, std::string_view key, std::string_view parent) {
    const auto* v = member(o, key);
    if (!v) return std::nullopt;
    if (!v->is_bool()) throw_invalid("'" + path(parent, key) + "' must be true or false", path(parent, key));
    return v->get_bool();
}

std::optional<double> number_field(const boost::json::object& o, std::string_view key, std::string_view parent) {
    const auto* v = member(o, key);
    if (!v) return std::nullopt;
    if (!v->is_number()) throw_invalid("'" + path(parent, key) + "' must be a number", path(parent, key));
    return v->to_number<double>();
}

std::optional<int64_t> integer_field(const boost::json::object& o, std::string_view key, std::string_view parent) {
    const auto* v = member(o, key);
    if (!v) return std::nullopt;
    if (v->is_int64()) return v->get_int64();
    if (v->is_uint64() && v->get_uint64() <= static_cast<uint64_t>(INT64_MAX))
        return static_cast<int64_t>(v->get_uint64());
    if (v->is_double() && std::trunc(v->get_double()) == v->get_double() && std::abs(v->get_double()) < 9.0e18)
        return static_cast<int64_t>(v->get_double());
    throw_invalid("'" + path(parent, key) + "' must be an integer", path(parent, key));
}

} // namespace llmhost::gateway::face_json
