// The TOML config loader, as `llmhost config check` and every command run it: the file's
// text -> Config (ConfigError for anything wrong), then its masked JSON form (`config show`).
// Input: the file's text.
#include "core/config/config.hpp"
#include "core/config/config_json.hpp"

#include <boost/json/serialize.hpp>

#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    try {
        const auto config = llmhost::config::parse_config(text, "fuzz.toml");
        (void)boost::json::serialize(llmhost::config::to_masked_json(config));
    } catch (const llmhost::config::ConfigError&) {
        // refused with a message naming the problem: fine
    }
    return 0;
}
