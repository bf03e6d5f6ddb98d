#include "core/plugins/plugin_metadata.hpp"

#include <llmhost/provider_abi.h>

#include <boost/json.hpp>

#include <array>
#include <charconv>
#include <map>
#include <stdexcept>
#include <utility>

namespace llmhost::plugins {

namespace {

constexpr std::string_view kHeaderPrefix = "llmhost-plugin ";

constexpr std::array<std::pair<std::string_view, uint32_t>, 8> kCapabilities{{
    {"chat", LLMH_CAP_CHAT},
    {"streaming", LLMH_CAP_STREAMING},
    {"tools", LLMH_CAP_TOOLS},
    {"structured_output", LLMH_CAP_STRUCTURED_OUTPUT},
    {"embeddings", LLMH_CAP_EMBEDDINGS},
    {"vision", LLMH_CAP_VISION},
    {"reasoning", LLMH_CAP_REASONING},
    {"model_listing", LLMH_CAP_MODEL_LISTING},
}};

[[noreturn]] void fail(const std::string& what) { throw std::runtime_error(what); }

// The section minus the NUL terminator and any alignment padding the linker added.
std::string_view trim_padding(std::string_view section) {
    while (!section.empty() && section.back() == '\0')
        section.remove_suffix(1);
    return section;
}

bool parse_number(std::string_view text, uint32_t& out) {
    if (text.empty()) return false;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc() && end == text.data() + text.size();
}

// Typed access to one JSON object, with error messages that name the offending key by path
// ("providers[1].aliases").
class Fields {
  public:
    Fields(const boost::json::object& object, std::string path) : object_(object), path_(std::move(path)) {}

    std::string string(std::string_view key, bool required = false) const {
        const auto* v = object_.if_contains(key);
        if (!v || v->is_null()) {
            if (required) fail(name(key) + " is required");
            return {};
        }
        if (!v->is_string()) fail(name(key) + " must be a string");
        if (required && v->get_string().empty()) fail(name(key) + " must not be empty");
        return std::string(v->get_string());
    }

    std::vector<std::string> strings(std::string_view key) const {
        std::vector<std::string> out;
        const auto* v = object_.if_contains(key);
        if (!v || v->is_null()) return out;
        if (!v->is_array()) fail(name(key) + " must be an array of strings");
        for (const auto& item : v->get_array()) {
            if (!item.is_string() || item.get_string().empty())
                fail(name(key) + " must be an array of non-empty strings");
            out.emplace_back(item.get_string());
        }
        return out;
    }

    bool boolean(std::string_view key) const {
        const auto* v = object_.if_contains(key);
        if (!v || v->is_null()) return false;
        if (!v->is_bool()) fail(name(key) + " must be true or false");
        return v->get_bool();
    }

    // "providers[1].aliases", or "\"name\"" at the top level. (Appends rather than operator+
    // on a literal, which trips GCC 12's -Wrestrict false positive in release builds.)
    std::string name(std::string_view key) const {
        std::string out = path_.empty() ? std::string(1, '"') : path_ + '.';
        out.append(key);
        if (path_.empty()) out.push_back('"');
        return out;
    }

  private:
    const boost::json::object& object_;
    std::string path_;
};

std::string known_capability_list() {
    std::string out;
    for (const auto& [name, bit] : kCapabilities)
        out += (out.empty() ? "" : ", ") + std::string(name);
    return out;
}

ProviderMetadata parse_provider(const boost::json::value& value, const std::string& path) {
    if (!value.is_object()) fail(path + " must be an object");
    const Fields f(value.get_object(), path);
    ProviderMetadata p;
    p.id = f.string("id", true);
    for (char c : p.id)
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
            fail(f.name("id") + " '" + p.id + "' must not contain white space");
    p.aliases = f.strings("aliases");
    p.prefixes = f.strings("prefixes");
    p.base_url = f.string("base_url");
    p.key_env = f.strings("key_env");
    p.keyless = f.boolean("keyless");
    p.default_model = f.string("default_model");
    p.description = f.string("description");
    p.family = f.string("family");
    p.credentials = f.string("credentials");
    p.responses_models = f.strings("responses_models");
    for (const auto& name : f.strings("capabilities")) {
        const uint32_t bit = capability_from_name(name);
        if (!bit)
            fail(f.name("capabilities") + " has unknown capability '" + name + "' (known: " + known_capability_list() +
                 ")");
        p.capabilities |= bit;
    }
    return p;
}

// An id or alias may appear once per plugin; across plugins the catalog settles conflicts.
void check_unique_names(const std::vector<ProviderMetadata>& providers) {
    struct Use {
        size_t provider;
        bool alias;
    };
    auto where = [](Use u) { return "providers[" + std::to_string(u.provider) + "]." + (u.alias ? "aliases" : "id"); };
    std::map<std::string_view, Use> seen;
    for (size_t i = 0; i < providers.size(); ++i) {
        auto claim = [&](std::string_view name, bool alias) {
            const auto [it, fresh] = seen.emplace(name, Use{i, alias});
            if (!fresh)
                fail(where(Use{i, alias}) + " '" + std::string(name) + "' is already used by " + where(it->second));
        };
        claim(providers[i].id, false);
        for (const auto& alias : providers[i].aliases)
            claim(alias, true);
    }
}

boost::json::value parse_json(std::string_view text) {
    boost::json::stream_parser parser;
    boost::system::error_code ec;
    const size_t consumed = parser.write_some(text.data(), text.size(), ec);
    const size_t extra = ec ? std::string_view::npos : text.find_first_not_of(" \t\r\n", consumed);
    if (extra != std::string_view::npos) {
        // A NUL here means the metadata array was defined twice and the linker concatenated them.
        if (text[extra] == '\0')
            fail("the section holds more than one metadata block (is LLMH_PLUGIN_METADATA used twice?)");
        fail("unexpected text after the JSON object at byte " + std::to_string(extra) + " of the JSON");
    }
    if (!ec) parser.finish(ec);
    if (ec) fail("invalid JSON at byte " + std::to_string(consumed) + " of the JSON: " + ec.message());
    return parser.release();
}

} // namespace

MetadataAbi parse_metadata_abi(std::string_view section) {
    section = trim_padding(section);
    const size_t eol = section.find('\n');
    const std::string_view line = section.substr(0, eol);
    auto bad = [&] {
        const std::string shown(line.substr(0, 60));
        fail("the first line must be 'llmhost-plugin abi=MAJOR.MINOR', found '" + shown + "'");
    };
    if (eol == std::string_view::npos || !line.starts_with(kHeaderPrefix)) bad();
    // Further space-separated "key=value" words may follow in later versions; only abi= matters.
    std::string_view rest = line.substr(kHeaderPrefix.size());
    while (!rest.empty()) {
        const size_t space = rest.find(' ');
        const std::string_view word = rest.substr(0, space);
        if (word.starts_with("abi=")) {
            const std::string_view version = word.substr(4);
            const size_t dot = version.find('.');
            MetadataAbi abi;
            if (dot == std::string_view::npos || !parse_number(version.substr(0, dot), abi.major) ||
                !parse_number(version.substr(dot + 1), abi.minor))
                bad();
            return abi;
        }
        rest = space == std::string_view::npos ? std::string_view() : rest.substr(space + 1);
    }
    bad();
    return {}; // unreachable
}

PluginMetadata parse_plugin_metadata(std::string_view section) {
    section = trim_padding(section);
    const MetadataAbi abi = parse_metadata_abi(section);
    const boost::json::value json = parse_json(section.substr(section.find('\n') + 1));
    if (!json.is_object()) fail("the metadata must be a JSON object");

    const Fields f(json.get_object(), "");
    PluginMetadata m;
    m.abi_major = abi.major;
    m.abi_minor = abi.minor;
    m.name = f.string("name", true);
    m.version = f.string("version");
    m.description = f.string("description");

    const auto* providers = json.get_object().if_contains("providers");
    if (!providers || !providers->is_array() || providers->get_array().empty())
        fail("\"providers\" must be a non-empty array of provider objects");
    const auto& list = providers->get_array();
    for (size_t i = 0; i < list.size(); ++i)
        m.providers.push_back(parse_provider(list[i], "providers[" + std::to_string(i) + "]"));
    check_unique_names(m.providers);
    return m;
}

uint32_t capability_from_name(std::string_view name) {
    for (const auto& [n, bit] : kCapabilities)
        if (n == name) return bit;
    return 0;
}

std::vector<std::string> capability_names(uint32_t capabilities) {
    std::vector<std::string> out;
    for (const auto& [name, bit] : kCapabilities)
        if (capabilities & bit) out.emplace_back(name);
    return out;
}

} // namespace llmhost::plugins
