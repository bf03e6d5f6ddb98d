// The ELF reader and the plugin metadata parser, as discovery runs them on every file in a
// plugin directory: the header, the metadata section (bounded), its ABI line and JSON, and the
// dynamic section the dependency check reads, and the dynamic symbols `plugins check` reads. Input: the file's bytes.
// The same bytes also go to the metadata parser directly, so that the JSON is fuzzed without an ELF around it.
#include "core/plugins/elf_file.hpp"
#include "core/plugins/plugin_inspector.hpp"
#include "core/plugins/plugin_metadata.hpp"

#include <llmhost/provider_abi.h>

#include <cstdint>
#include <stdexcept>
#include <string>

namespace {

// Discovery turns std::runtime_error from these into "malformed llmhost metadata".
void parse_metadata(std::string_view section) {
    try {
        (void)llmhost::plugins::parse_metadata_abi(section);
        const auto metadata = llmhost::plugins::parse_plugin_metadata(section);
        for (const auto& p : metadata.providers)
            (void)llmhost::plugins::capability_names(p.capabilities);
    } catch (const std::runtime_error&) {
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string bytes(reinterpret_cast<const char*>(data), size);
    parse_metadata(bytes);
    try {
        const auto elf = llmhost::plugins::ElfFile::from_bytes(bytes);
        (void)llmhost::plugins::elf_machine_name(elf.machine());
        if (const auto section = elf.section(LLMH_METADATA_SECTION, llmhost::plugins::kMaxMetadataSize))
            parse_metadata(*section);
        const auto dynamic = elf.dynamic();
        (void)dynamic;
    } catch (const llmhost::plugins::ElfError&) {
        // not an ELF file, or a corrupt one, reported as such: fine
    }
    try { // `plugins check` reads the exported symbols too
        (void)llmhost::plugins::ElfFile::from_bytes(bytes).exported_symbols();
    } catch (const llmhost::plugins::ElfError&) {
        // not an ELF file, or a corrupt one, reported as such: fine
    }
    return 0;
}
