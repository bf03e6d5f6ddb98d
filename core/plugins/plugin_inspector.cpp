#include "core/plugins/plugin_inspector.hpp"

#include <llmhost/provider_abi.h>

#include <elf.h>

#include <optional>
#include <stdexcept>

namespace llmhost::plugins {

namespace {

std::string abi_version(uint32_t major, uint32_t minor) { return std::to_string(major) + "." + std::to_string(minor); }

std::string describe_elf_error(const ElfError& e) {
    switch (e.kind()) {
    case ElfError::Kind::unreadable: return std::string("cannot be read: ") + e.what();
    case ElfError::Kind::not_elf: return "not an ELF shared object";
    case ElfError::Kind::unsupported:
        return std::string("not an ELF shared object this host can read (") + e.what() + ")";
    case ElfError::Kind::corrupt: return std::string("damaged ELF file: ") + e.what();
    }
    return e.what();
}

std::string describe_elf_type(uint16_t type) {
    switch (type) {
    case ET_EXEC: return "an executable";
    case ET_REL: return "an object file";
    case ET_CORE: return "a core dump";
    default: return "ELF type " + std::to_string(type);
    }
}

std::string describe_machine(bool is_64bit, uint16_t machine) {
    return elf_machine_name(machine) + (is_64bit ? " (64-bit)" : " (32-bit)");
}

void reject(PluginFile& f, PluginStatus status, std::string error) {
    f.status = status;
    f.error = std::move(error);
}

} // namespace

PluginFile PluginInspector::inspect(const std::string& path) {
    PluginFile f;
    f.path = path;

    std::optional<ElfFile> elf;
    std::optional<std::string> section;
    try {
        elf = ElfFile::open(path);
        if (elf->type() != ET_DYN) {
            reject(f, PluginStatus::not_a_plugin,
                   "not an ELF shared object (it is " + describe_elf_type(elf->type()) + ")");
            return f;
        }
        section = elf->section(LLMH_METADATA_SECTION, kMaxMetadataSize);
    } catch (const ElfError& e) {
        reject(f, e.kind() == ElfError::Kind::unreadable ? PluginStatus::unreadable : PluginStatus::not_a_plugin,
               describe_elf_error(e));
        return f;
    }
    if (!section) {
        reject(f, PluginStatus::not_a_plugin,
               "has no llmhost metadata (no " LLMH_METADATA_SECTION " section), so it is not an llmhost plugin");
        return f;
    }

    // The ABI line decides first: a plugin for another ABI may use metadata keys or
    // capability names this host does not know, and "rebuild it" is the useful message.
    MetadataAbi abi;
    try {
        abi = parse_metadata_abi(*section);
    } catch (const std::exception& e) {
        reject(f, PluginStatus::bad_metadata, std::string("malformed llmhost metadata: ") + e.what());
        return f;
    }
    std::string metadata_error;
    try {
        f.metadata = parse_plugin_metadata(*section);
    } catch (const std::exception& e) {
        metadata_error = e.what();
    }

    const std::string host_abi = abi_version(LLMH_ABI_MAJOR, LLMH_ABI_MINOR);
    if (abi.major != LLMH_ABI_MAJOR) {
        reject(f, PluginStatus::abi_major_mismatch,
               "built for plugin ABI " + abi_version(abi.major, abi.minor) + "; this host speaks " + host_abi +
                   " — rebuild the plugin against this SDK");
        return f;
    }
    if (abi.minor > LLMH_ABI_MINOR) {
        reject(f, PluginStatus::abi_minor_newer,
               "built for plugin ABI " + abi_version(abi.major, abi.minor) + ", newer than this host's " + host_abi +
                   " — upgrade llmhost to use this plugin");
        return f;
    }
    if (!metadata_error.empty()) {
        reject(f, PluginStatus::bad_metadata, "malformed llmhost metadata: " + metadata_error);
        return f;
    }

    const HostElf& host = host_elf();
    if (elf->is_64bit() != host.is_64bit || elf->machine() != host.machine) {
        reject(f, PluginStatus::not_a_plugin,
               "built for " + describe_machine(elf->is_64bit(), elf->machine()) + ", but this host runs on " +
                   describe_machine(host.is_64bit, host.machine));
        return f;
    }

    const auto missing = dependencies_.missing(path, *elf);
    if (!missing.empty()) {
        for (const auto& m : missing)
            f.missing_libraries.push_back(m.name);
        reject(f, PluginStatus::missing_dependency, describe_missing(missing));
        return f;
    }
    f.status = PluginStatus::ok;
    return f;
}

} // namespace llmhost::plugins
