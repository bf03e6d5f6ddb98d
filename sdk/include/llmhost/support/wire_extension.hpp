// Same-protocol pass-through (canonical request 2): a provider that speaks the protocol of
// the client's face merges what the face did not read into its wire body and forwards the
// protocol's beta headers through a filter its configuration sets.
//
// Options every pass-through provider takes:
//   forward_betas   beta names forwarded (default ["*"]: all); "prefix-*" matches a prefix
//   drop_betas      beta names never forwarded, checked first (default: none)
// Upstreams that reject betas they do not know (Bedrock- and Vertex-style endpoints behind an
// Anthropic-format URL) want forward_betas = [] or a list of the ones they take.
#pragma once

#include <llmhost/chat.hpp>
#include <llmhost/http.hpp>
#include <llmhost/provider.hpp>
#include <llmhost/support/json_read.hpp>
#include <llmhost/support/json_write.hpp>

#include <boost/json.hpp>

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

namespace llmhost {

// The option names a plugin adds to its OptionReader's known list.
inline constexpr std::string_view forward_betas_option = "forward_betas";
inline constexpr std::string_view drop_betas_option = "drop_betas";

// Calls `item(name)` for each non-empty item of a comma-separated header value, trimmed.
template <class Item> void for_each_list_item(std::string_view list, Item&& item) {
    while (!list.empty()) {
        const auto comma = list.find(',');
        std::string_view one = list.substr(0, comma);
        list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
        one.remove_prefix(std::min(one.find_first_not_of(" \t"), one.size()));
        one = one.substr(0, one.find_last_not_of(" \t") + 1);
        if (!one.empty()) item(one);
    }
}

class BetaFilter {
  public:
    BetaFilter() = default; // forwards every beta
    explicit BetaFilter(const OptionReader& options)
        : forward_(names(options, forward_betas_option, {"*"})), drop_(names(options, drop_betas_option, {})) {}

    bool allows(std::string_view beta) const { return !matches(drop_, beta) && matches(forward_, beta); }

    // A comma-separated header value with the betas this filter refuses taken out.
    std::string filter_list(std::string_view value) const {
        std::string out;
        for_each_list_item(value, [&](std::string_view beta) {
            if (!allows(beta)) return;
            if (!out.empty()) out += ',';
            out += beta;
        });
        return out;
    }

  private:
    static std::vector<std::string> names(const OptionReader& options, std::string_view key,
                                          std::vector<std::string> fallback) {
        const auto* raw = options.raw(key);
        if (!raw) return fallback;
        const Error wrong_type(LLMH_ERR_INVALID_CONFIG,
                               "option '" + std::string(key) + "' must be an array of beta names (\"*\" for all)");
        if (!raw->is_array()) throw wrong_type;
        std::vector<std::string> out;
        for (const auto& v : raw->get_array()) {
            if (!v.is_string()) throw wrong_type;
            out.emplace_back(v.get_string());
        }
        return out;
    }
    static bool matches(const std::vector<std::string>& patterns, std::string_view beta) {
        for (const auto& p : patterns) {
            if (p == beta) return true;
            if (!p.empty() && p.back() == '*' &&
                beta.substr(0, p.size() - 1) == std::string_view(p).substr(0, p.size() - 1))
                return true;
        }
        return false;
    }

    std::vector<std::string> forward_{"*"};
    std::vector<std::string> drop_;
};

// True when `r` carries pass-through for a provider speaking `protocol`.
inline bool has_extension_for(const ChatRequest& r, std::string_view protocol) {
    return r.extension.protocol == protocol && !r.extension.empty();
}

// Calls `field(name, value)` for each of the extension's fields when it was written for
// `protocol`. The values live in a scratch arena: valid during the call only.
template <class Field> void for_each_extension_field(const ChatRequest& r, std::string_view protocol, Field&& field) {
    if (r.extension.protocol != protocol || r.extension.fields.empty()) return;
    json_read::ScratchArena arena;
    boost::system::error_code ec;
    const auto fields = json_read::parse(r.extension.fields, ec, arena.storage());
    if (ec || !fields.is_object()) return; // the host only hands over objects
    for (const auto& kv : fields.get_object())
        field(std::string_view(kv.key()), kv.value());
}

// Adds the extension's fields to `body` when it was written for `protocol`. A field the body
// already has is the provider's and stays as it is: a client cannot override `model` or
// `stream` this way. Returns the names of the fields it did not take.
inline std::vector<std::string> merge_extension_fields(boost::json::object& body, const ChatRequest& r,
                                                       std::string_view protocol) {
    std::vector<std::string> refused;
    for_each_extension_field(r, protocol, [&](std::string_view name, const boost::json::value& value) {
        if (body.contains(name))
            refused.emplace_back(name);
        else
            body.emplace(name, value); // copied into the body's own storage
    });
    return refused;
}

// The extension's `header` (e.g. anthropic-beta) for a provider speaking `protocol`, with the
// betas `filter` refuses taken out; "" when nothing is left.
inline std::string forwarded_beta_header(const ChatRequest& r, std::string_view protocol, std::string_view header,
                                         const BetaFilter& filter) {
    if (r.extension.protocol != protocol) return {};
    std::string out;
    for (const auto& [name, value] : r.extension.headers) {
        if (!iequals(name, header)) continue;
        const std::string kept = filter.filter_list(value);
        if (kept.empty()) continue;
        if (!out.empty()) out += ',';
        out += kept;
    }
    return out;
}

// The beta header a provider sends: the betas its configuration sets (`configured`, always
// sent), then those of the client's `header` that `filter` lets through; each once, "" when
// there is none. `r` may be null (a call without a client request).
inline std::string beta_header_value(std::string_view configured, const ChatRequest* r, std::string_view protocol,
                                     std::string_view header, const BetaFilter& filter) {
    const std::string forwarded = r ? forwarded_beta_header(*r, protocol, header, filter) : std::string();
    std::vector<std::string_view> seen;
    std::string out;
    const auto add = [&](std::string_view beta) {
        if (std::find(seen.begin(), seen.end(), beta) != seen.end()) return;
        seen.push_back(beta);
        if (!out.empty()) out += ',';
        out += beta;
    };
    for_each_list_item(configured, add);
    for_each_list_item(forwarded, add);
    return out;
}

} // namespace llmhost
