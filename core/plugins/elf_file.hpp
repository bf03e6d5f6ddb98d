// Reads what discovery needs from an ELF file — its header, one section, the dynamic
// section's DT_NEEDED/DT_RUNPATH/DT_RPATH/DT_SONAME — with pread and without loading it.
// Every offset and size is checked against the file, so garbage or truncated files raise
// ElfError and never crash.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace llmhost::plugins {

class ElfError : public std::runtime_error {
  public:
    enum class Kind {
        unreadable,  // cannot open or read the file
        not_elf,     // no ELF magic (or shorter than an ELF header)
        unsupported, // an ELF flavour this reader does not handle (big-endian, unknown class)
        corrupt,     // ELF, but a header, table or string lies outside the file
    };
    ElfError(Kind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
    Kind kind() const noexcept { return kind_; }

  private:
    Kind kind_;
};

struct ElfDynamicInfo {
    std::string soname;
    std::vector<std::string> needed;  // DT_NEEDED, in file order
    std::vector<std::string> rpath;   // DT_RPATH, split on ':'
    std::vector<std::string> runpath; // DT_RUNPATH, split on ':'
};

class ElfFile {
  public:
    // Throws ElfError (unreadable, not_elf, unsupported, corrupt).
    static ElfFile open(const std::string& path);
    // The same over bytes in memory (tests, fuzzing).
    static ElfFile from_bytes(std::string bytes);

    bool is_64bit() const { return is_64bit_; }
    uint16_t type() const { return type_; }       // ET_DYN, ET_EXEC, ...
    uint16_t machine() const { return machine_; } // EM_X86_64, ...

    // The bytes of the first section called `name`, nullopt when there is none. A section
    // larger than `max_size` is reported as corrupt. Throws ElfError.
    std::optional<std::string> section(std::string_view name, size_t max_size = SIZE_MAX) const;

    // From the SHT_DYNAMIC section, or PT_DYNAMIC when the section headers are stripped.
    // Empty for a static file. Throws ElfError.
    ElfDynamicInfo dynamic() const;

    // The functions and objects it exports from its dynamic symbol table (defined, global or
    // weak, default visibility), in table order. Throws ElfError.
    std::vector<std::string> exported_symbols() const;

    // The byte source (a file descriptor or a buffer); public only so the .cpp can name it.
    class Source;

  private:
    explicit ElfFile(std::shared_ptr<const Source> source);

    std::shared_ptr<const Source> source_;
    bool is_64bit_ = true;
    uint16_t type_ = 0;
    uint16_t machine_ = 0;
    uint64_t phoff_ = 0, shoff_ = 0;
    uint32_t phnum_ = 0, shnum_ = 0, shstrndx_ = 0;
    uint16_t phentsize_ = 0, shentsize_ = 0;
};

// "x86_64", "aarch64", ... ("machine 1234" when unknown).
std::string elf_machine_name(uint16_t machine);

} // namespace llmhost::plugins
