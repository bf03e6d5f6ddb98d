// parse_plugin_metadata: the header line, every field, unknown keys, and the exact error for
// each kind of mistake a plugin author can make.
#include "core/plugins/plugin_metadata.hpp"

#include <llmhost/provider_abi.h>

#include <boost/test/unit_test.hpp>

#include <stdexcept>
#include <string>

using namespace llmhost::plugins;

namespace {

std::string with_header(const std::string& json) { return "llmhost-plugin abi=1.0\n" + json; }

// The message parse_plugin_metadata throws for `section`.
std::string error_of(const std::string& section) {
    try {
        parse_plugin_metadata(section);
    } catch (const std::runtime_error& e) {
        return e.what();
    }
    return "(no error)";
}

std::string provider_error(const std::string& provider_json) {
    return error_of(with_header(R"({"name":"p","providers":[)" + provider_json + "]}"));
}

} // namespace

BOOST_AUTO_TEST_CASE(parses_every_field) {
    const std::string section = with_header(R"({
        "name": "acme", "version": "1.2.3", "description": "Acme models", "unknown_top": [1, 2],
        "providers": [
          {"id": "acme", "aliases": ["acme-ai", "ac"], "prefixes": ["acme/"], "base_url": "https://api.acme.test/v1",
           "key_env": ["ACME_API_KEY", "ACME_KEY"], "keyless": false, "default_model": "acme-large",
           "capabilities": ["chat", "streaming", "tools", "structured_output", "embeddings", "vision", "reasoning",
                            "model_listing"],
           "description": "Acme's API", "future": {"x": 1}},
          {"id": "acme-local", "keyless": true}
        ]})") + std::string(7, '\0'); // the array's terminator plus alignment padding

    const PluginMetadata m = parse_plugin_metadata(section);
    BOOST_TEST(m.abi_major == 1u);
    BOOST_TEST(m.abi_minor == 0u);
    BOOST_TEST(m.name == "acme");
    BOOST_TEST(m.version == "1.2.3");
    BOOST_TEST(m.description == "Acme models");
    BOOST_REQUIRE(m.providers.size() == 2u);
    const auto& p = m.providers[0];
    BOOST_TEST(p.id == "acme");
    BOOST_TEST(p.aliases == (std::vector<std::string>{"acme-ai", "ac"}));
    BOOST_TEST(p.prefixes == std::vector<std::string>{"acme/"});
    BOOST_TEST(p.base_url == "https://api.acme.test/v1");
    BOOST_TEST(p.key_env == (std::vector<std::string>{"ACME_API_KEY", "ACME_KEY"}));
    BOOST_TEST(!p.keyless);
    BOOST_TEST(p.default_model == "acme-large");
    BOOST_TEST(p.capabilities == 0xffu);
    BOOST_TEST(p.description == "Acme's API");
    const auto& local = m.providers[1];
    BOOST_TEST(local.keyless);
    BOOST_TEST(local.aliases.empty());
    BOOST_TEST(local.capabilities == 0u);
    BOOST_TEST(local.base_url.empty());
}

BOOST_AUTO_TEST_CASE(reads_the_abi_line_alone) {
    BOOST_TEST(parse_metadata_abi("llmhost-plugin abi=2.7\nwhatever").major == 2u);
    BOOST_TEST(parse_metadata_abi("llmhost-plugin abi=2.7\nwhatever").minor == 7u);
    // Later versions may add words to the line.
    BOOST_TEST(parse_metadata_abi("llmhost-plugin build=x abi=1.3 flags=y\n{}").minor == 3u);
}

BOOST_AUTO_TEST_CASE(rejects_a_bad_header_line) {
    BOOST_TEST(error_of(R"({"name":"p"})") ==
               "the first line must be 'llmhost-plugin abi=MAJOR.MINOR', found '{\"name\":\"p\"}'");
    BOOST_TEST(error_of("llmhost-plugin abi=1\n{}") ==
               "the first line must be 'llmhost-plugin abi=MAJOR.MINOR', found 'llmhost-plugin abi=1'");
    BOOST_TEST(error_of("llmhost-plugin abi=one.two\n{}") ==
               "the first line must be 'llmhost-plugin abi=MAJOR.MINOR', found 'llmhost-plugin abi=one.two'");
    BOOST_TEST(error_of("llmhost-plugin version=1.0\n{}") ==
               "the first line must be 'llmhost-plugin abi=MAJOR.MINOR', found 'llmhost-plugin version=1.0'");
    BOOST_TEST(error_of("") == "the first line must be 'llmhost-plugin abi=MAJOR.MINOR', found ''");
}

BOOST_AUTO_TEST_CASE(rejects_invalid_json_with_its_position) {
    BOOST_TEST(error_of(with_header(R"({"name": "p", })")).starts_with("invalid JSON at byte 14 of the JSON: "));
    BOOST_TEST(error_of(with_header(R"({"name": "p")")).starts_with("invalid JSON at byte 12 of the JSON: "));
    BOOST_TEST(error_of(with_header(R"({"name":"p","providers":[{"id":"a"}]} trailing)")) ==
               "unexpected text after the JSON object at byte 38 of the JSON");
    BOOST_TEST(error_of(with_header("[1, 2]")) == "the metadata must be a JSON object");
}

BOOST_AUTO_TEST_CASE(detects_two_metadata_blocks) {
    const std::string one = with_header(R"({"name":"p","providers":[{"id":"a"}]})");
    BOOST_TEST(error_of(one + '\0' + one + '\0') ==
               "the section holds more than one metadata block (is LLMH_PLUGIN_METADATA used twice?)");
}

BOOST_AUTO_TEST_CASE(names_the_offending_field) {
    BOOST_TEST(error_of(with_header(R"({"providers":[{"id":"a"}]})")) == "\"name\" is required");
    BOOST_TEST(error_of(with_header(R"({"name":"","providers":[{"id":"a"}]})")) == "\"name\" must not be empty");
    BOOST_TEST(error_of(with_header(R"({"name":7,"providers":[{"id":"a"}]})")) == "\"name\" must be a string");
    BOOST_TEST(error_of(with_header(R"({"name":"p","version":1,"providers":[{"id":"a"}]})")) ==
               "\"version\" must be a string");
    BOOST_TEST(error_of(with_header(R"({"name":"p"})")) ==
               "\"providers\" must be a non-empty array of provider objects");
    BOOST_TEST(error_of(with_header(R"({"name":"p","providers":[]})")) ==
               "\"providers\" must be a non-empty array of provider objects");

    BOOST_TEST(provider_error(R"("openai")") == "providers[0] must be an object");
    BOOST_TEST(provider_error(R"({})") == "providers[0].id is required");
    BOOST_TEST(provider_error(R"({"id": 42})") == "providers[0].id must be a string");
    BOOST_TEST(provider_error(R"({"id": "open ai"})") == "providers[0].id 'open ai' must not contain white space");
    BOOST_TEST(provider_error(R"({"id": "a"}, {"id": "b", "aliases": "x"})") ==
               "providers[1].aliases must be an array of strings");
    BOOST_TEST(provider_error(R"({"id": "a", "prefixes": ["ok", 3]})") ==
               "providers[0].prefixes must be an array of non-empty strings");
    BOOST_TEST(provider_error(R"({"id": "a", "key_env": [""]})") ==
               "providers[0].key_env must be an array of non-empty strings");
    BOOST_TEST(provider_error(R"({"id": "a", "keyless": "yes"})") == "providers[0].keyless must be true or false");
    BOOST_TEST(provider_error(R"({"id": "a", "base_url": ["x"]})") == "providers[0].base_url must be a string");
    BOOST_TEST(provider_error(R"({"id": "a", "capabilities": ["chat", "telepathy"]})") ==
               "providers[0].capabilities has unknown capability 'telepathy' (known: chat, streaming, tools, "
               "structured_output, embeddings, vision, reasoning, model_listing)");
}

BOOST_AUTO_TEST_CASE(rejects_ids_and_aliases_used_twice_in_one_plugin) {
    BOOST_TEST(provider_error(R"({"id": "a"}, {"id": "a"})") ==
               "providers[1].id 'a' is already used by providers[0].id");
    BOOST_TEST(provider_error(R"({"id": "a", "aliases": ["x"]}, {"id": "b", "aliases": ["x"]})") ==
               "providers[1].aliases 'x' is already used by providers[0].aliases");
    BOOST_TEST(provider_error(R"({"id": "a", "aliases": ["a"]})") ==
               "providers[0].aliases 'a' is already used by providers[0].id");
}

BOOST_AUTO_TEST_CASE(nulls_count_as_absent) {
    const auto m = parse_plugin_metadata(
        with_header(R"({"name":"p","version":null,"providers":[{"id":"a","aliases":null,"keyless":null}]})"));
    BOOST_TEST(m.version.empty());
    BOOST_TEST(m.providers[0].aliases.empty());
    BOOST_TEST(!m.providers[0].keyless);
}

BOOST_AUTO_TEST_CASE(maps_capability_names_and_bits) {
    BOOST_TEST(capability_from_name("chat") == LLMH_CAP_CHAT);
    BOOST_TEST(capability_from_name("model_listing") == LLMH_CAP_MODEL_LISTING);
    BOOST_TEST(capability_from_name("Chat") == 0u);
    BOOST_TEST(capability_names(LLMH_CAP_TOOLS | LLMH_CAP_CHAT | LLMH_CAP_VISION) ==
               (std::vector<std::string>{"chat", "tools", "vision"}));
    BOOST_TEST(capability_names(0).empty());
    for (uint32_t bit = 1; bit <= LLMH_CAP_MODEL_LISTING; bit <<= 1)
        BOOST_TEST(capability_from_name(capability_names(bit).at(0)) == bit);
}
