#include "core/plugins/elf_file.hpp"

#include <elf.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>

namespace llmhost::plugins {

// ---- byte sources ----------------------------------------------------------------------

class ElfFile::Source {
  public:
    virtual ~Source() = default;
    uint64_t size() const { return size_; }

    // Exactly `n` bytes at `offset`; a range outside the file is `corrupt`, naming `what`.
    std::string read(uint64_t offset, uint64_t n, std::string_view what) const {
        if (offset > size_ || n > size_ - offset)
            throw ElfError(ElfError::Kind::corrupt, std::string(what) + " lies beyond the end of the file");
        std::string out(static_cast<size_t>(n), '\0');
        read_exact(offset, out.data(), out.size());
        return out;
    }

  protected:
    virtual void read_exact(uint64_t offset, char* out, size_t n) const = 0;
    uint64_t size_ = 0;
};

namespace {

class FdSource final : public ElfFile::Source {
  public:
    explicit FdSource(const std::string& path) {
        // O_NONBLOCK: a FIFO named *.so must not hang discovery; it is refused below.
        const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
        if (fd < 0) throw ElfError(ElfError::Kind::unreadable, std::strerror(errno));
        struct stat st {};
        const bool stat_ok = ::fstat(fd, &st) == 0;
        const int stat_errno = errno;
        if (!stat_ok || !S_ISREG(st.st_mode)) {
            ::close(fd);
            throw ElfError(ElfError::Kind::unreadable, stat_ok ? "not a regular file" : std::strerror(stat_errno));
        }
        fd_ = fd;
        size_ = static_cast<uint64_t>(st.st_size);
    }
    ~FdSource() override {
        if (fd_ >= 0) ::close(fd_);
    }
    FdSource(const FdSource&) = delete;
    FdSource& operator=(const FdSource&) = delete;

  private:
    void read_exact(uint64_t offset, char* out, size_t n) const override {
        while (n > 0) {
            const ssize_t got = ::pread(fd_, out, n, static_cast<off_t>(offset));
            if (got < 0 && errno == EINTR) continue;
            if (got < 0) throw ElfError(ElfError::Kind::unreadable, std::strerror(errno));
            // The file shrank since fstat.
            if (got == 0) throw ElfError(ElfError::Kind::corrupt, "the file was truncated while being read");
            out += got;
            offset += static_cast<uint64_t>(got);
            n -= static_cast<size_t>(got);
        }
    }
    int fd_ = -1;
};

class BytesSource final : public ElfFile::Source {
  public:
    explicit BytesSource(std::string bytes) : bytes_(std::move(bytes)) { size_ = bytes_.size(); }

  private:
    void read_exact(uint64_t offset, char* out, size_t n) const override {
        std::memcpy(out, bytes_.data() + offset, n);
    }
    std::string bytes_;
};

// ---- decoding --------------------------------------------------------------------------

// Little-endian unsigned integer of `width` bytes; the host's own byte order is irrelevant.
uint64_t load_le(const char* p, size_t width) {
    uint64_t v = 0;
    for (size_t i = 0; i < width; ++i)
        v |= uint64_t(static_cast<unsigned char>(p[i])) << (8 * i);
    return v;
}

// A field of an <elf.h> struct, decoded from raw little-endian bytes laid out like it.
#define LLMH_ELF_FIELD(bytes, Struct, member)                                                                          \
    load_le((bytes) + offsetof(Struct, member), sizeof(std::declval<Struct&>().member))

struct Section {
    uint32_t name = 0;
    uint32_t type = 0;
    uint64_t offset = 0;
    uint64_t size = 0;
    uint32_t link = 0;
};

struct Segment {
    uint32_t type = 0;
    uint64_t offset = 0;
    uint64_t vaddr = 0;
    uint64_t filesz = 0;
};

struct Elf32Types {
    using Shdr = Elf32_Shdr;
    using Phdr = Elf32_Phdr;
    using Dyn = Elf32_Dyn;
    using Sym = Elf32_Sym;
};
struct Elf64Types {
    using Shdr = Elf64_Shdr;
    using Phdr = Elf64_Phdr;
    using Dyn = Elf64_Dyn;
    using Sym = Elf64_Sym;
};

template <class T> Section decode_section(const char* p) {
    using S = typename T::Shdr;
    return {static_cast<uint32_t>(LLMH_ELF_FIELD(p, S, sh_name)), static_cast<uint32_t>(LLMH_ELF_FIELD(p, S, sh_type)),
            LLMH_ELF_FIELD(p, S, sh_offset), LLMH_ELF_FIELD(p, S, sh_size),
            static_cast<uint32_t>(LLMH_ELF_FIELD(p, S, sh_link))};
}

template <class T> Segment decode_segment(const char* p) {
    using P = typename T::Phdr;
    return {static_cast<uint32_t>(LLMH_ELF_FIELD(p, P, p_type)), LLMH_ELF_FIELD(p, P, p_offset),
            LLMH_ELF_FIELD(p, P, p_vaddr), LLMH_ELF_FIELD(p, P, p_filesz)};
}

template <class T> std::pair<int64_t, uint64_t> decode_dyn(const char* p) {
    using D = typename T::Dyn;
    const uint64_t raw_tag = LLMH_ELF_FIELD(p, D, d_tag);
    const int64_t tag = sizeof(std::declval<D&>().d_tag) == 4 ? int64_t(int32_t(uint32_t(raw_tag))) : int64_t(raw_tag);
    return {tag, LLMH_ELF_FIELD(p, D, d_un)};
}

struct Symbol {
    uint32_t name = 0;
    unsigned char info = 0, other = 0;
    uint16_t section = 0;
};

template <class T> Symbol decode_symbol(const char* p) {
    using S = typename T::Sym;
    return {static_cast<uint32_t>(LLMH_ELF_FIELD(p, S, st_name)),
            static_cast<unsigned char>(LLMH_ELF_FIELD(p, S, st_info)),
            static_cast<unsigned char>(LLMH_ELF_FIELD(p, S, st_other)),
            static_cast<uint16_t>(LLMH_ELF_FIELD(p, S, st_shndx))};
}

struct HeaderFields {
    uint16_t type, machine;
    uint64_t phoff, shoff;
    uint16_t phentsize;
    uint32_t phnum;
    uint16_t shentsize;
    uint32_t shnum, shstrndx;
};

template <class E> HeaderFields decode_header(const char* p) {
    return {static_cast<uint16_t>(LLMH_ELF_FIELD(p, E, e_type)),
            static_cast<uint16_t>(LLMH_ELF_FIELD(p, E, e_machine)),
            LLMH_ELF_FIELD(p, E, e_phoff),
            LLMH_ELF_FIELD(p, E, e_shoff),
            static_cast<uint16_t>(LLMH_ELF_FIELD(p, E, e_phentsize)),
            static_cast<uint32_t>(LLMH_ELF_FIELD(p, E, e_phnum)),
            static_cast<uint16_t>(LLMH_ELF_FIELD(p, E, e_shentsize)),
            static_cast<uint32_t>(LLMH_ELF_FIELD(p, E, e_shnum)),
            static_cast<uint32_t>(LLMH_ELF_FIELD(p, E, e_shstrndx))};
}

#undef LLMH_ELF_FIELD

// The NUL-terminated string at `offset` of a string table.
std::string_view string_at(std::string_view table, uint64_t offset, std::string_view what) {
    if (offset >= table.size())
        throw ElfError(ElfError::Kind::corrupt, std::string(what) + " name lies outside its string table");
    const auto end = table.find('\0', static_cast<size_t>(offset));
    if (end == std::string_view::npos)
        throw ElfError(ElfError::Kind::corrupt, std::string(what) + " name is not terminated");
    return table.substr(static_cast<size_t>(offset), end - static_cast<size_t>(offset));
}

std::vector<std::string> split_path_list(std::string_view list) {
    std::vector<std::string> out;
    size_t start = 0;
    while (start <= list.size()) {
        const size_t end = std::min(list.find(':', start), list.size());
        if (end > start) out.emplace_back(list.substr(start, end - start));
        start = end + 1;
    }
    return out;
}

struct Tables {
    std::vector<Section> sections;
    std::string section_names;
};

} // namespace

// ---- ElfFile ---------------------------------------------------------------------------

ElfFile::ElfFile(std::shared_ptr<const Source> source) : source_(std::move(source)) {
    if (source_->size() < SELFMAG || source_->read(0, SELFMAG, "ELF magic") != std::string_view(ELFMAG, SELFMAG))
        throw ElfError(ElfError::Kind::not_elf, "not an ELF file");
    if (source_->size() < EI_NIDENT) throw ElfError(ElfError::Kind::corrupt, "the ELF header is truncated");
    const std::string ident = source_->read(0, EI_NIDENT, "ELF identification");
    if (ident[EI_DATA] != ELFDATA2LSB)
        throw ElfError(ElfError::Kind::unsupported,
                       ident[EI_DATA] == ELFDATA2MSB ? "a big-endian ELF file" : "an ELF file of unknown byte order");
    if (ident[EI_CLASS] != ELFCLASS32 && ident[EI_CLASS] != ELFCLASS64)
        throw ElfError(ElfError::Kind::unsupported, "an ELF file of unknown class");
    is_64bit_ = ident[EI_CLASS] == ELFCLASS64;

    const size_t header_size = is_64bit_ ? sizeof(Elf64_Ehdr) : sizeof(Elf32_Ehdr);
    if (source_->size() < header_size) throw ElfError(ElfError::Kind::corrupt, "the ELF header is truncated");
    const std::string raw = source_->read(0, header_size, "the ELF header");
    const HeaderFields h = is_64bit_ ? decode_header<Elf64_Ehdr>(raw.data()) : decode_header<Elf32_Ehdr>(raw.data());
    type_ = h.type;
    machine_ = h.machine;
    phoff_ = h.phoff;
    shoff_ = h.shoff;
    phentsize_ = h.phentsize;
    phnum_ = h.phnum;
    shentsize_ = h.shentsize;
    shnum_ = h.shnum;
    shstrndx_ = h.shstrndx;
}

ElfFile ElfFile::open(const std::string& path) { return ElfFile(std::make_shared<FdSource>(path)); }

ElfFile ElfFile::from_bytes(std::string bytes) { return ElfFile(std::make_shared<BytesSource>(std::move(bytes))); }

namespace {

template <class T>
Tables read_tables(const ElfFile::Source& src, uint64_t shoff, uint32_t shnum, uint16_t shentsize, uint32_t shstrndx) {
    Tables t;
    if (shoff == 0) return t; // no section headers (stripped with sstrip, or not a linked object)
    if (shentsize < sizeof(typename T::Shdr))
        throw ElfError(ElfError::Kind::corrupt, "the section header size is too small");
    // Extended numbering: the real count and name-table index live in section 0.
    if (shnum == 0 || shstrndx == SHN_XINDEX) {
        const Section first = decode_section<T>(src.read(shoff, shentsize, "the section header table").data());
        if (shnum == 0) shnum = static_cast<uint32_t>(std::min<uint64_t>(first.size, UINT32_MAX));
        if (shstrndx == SHN_XINDEX) shstrndx = first.link;
    }
    if (shnum > (src.size() - std::min(src.size(), shoff)) / shentsize)
        throw ElfError(ElfError::Kind::corrupt, "the section header table lies beyond the end of the file");
    const std::string raw = src.read(shoff, uint64_t(shnum) * shentsize, "the section header table");
    t.sections.reserve(shnum);
    for (uint32_t i = 0; i < shnum; ++i)
        t.sections.push_back(decode_section<T>(raw.data() + size_t(i) * shentsize));

    if (shstrndx == SHN_UNDEF) return t; // no names
    if (shstrndx >= shnum) throw ElfError(ElfError::Kind::corrupt, "the section name table index is out of range");
    const Section& names = t.sections[shstrndx];
    if (names.type == SHT_NOBITS) throw ElfError(ElfError::Kind::corrupt, "the section name table has no contents");
    t.section_names = src.read(names.offset, names.size, "the section name table");
    return t;
}

template <class T>
std::vector<Segment> read_segments(const ElfFile::Source& src, uint64_t phoff, uint32_t phnum, uint16_t phentsize) {
    std::vector<Segment> out;
    if (phoff == 0 || phnum == 0) return out;
    if (phentsize < sizeof(typename T::Phdr))
        throw ElfError(ElfError::Kind::corrupt, "the program header size is too small");
    const std::string raw = src.read(phoff, uint64_t(phnum) * phentsize, "the program header table");
    for (uint32_t i = 0; i < phnum; ++i)
        out.push_back(decode_segment<T>(raw.data() + size_t(i) * phentsize));
    return out;
}

template <class T> ElfDynamicInfo parse_dynamic(std::string_view entries, std::string_view strings) {
    ElfDynamicInfo info;
    constexpr size_t entry_size = sizeof(typename T::Dyn);
    for (size_t at = 0; at + entry_size <= entries.size(); at += entry_size) {
        const auto [tag, value] = decode_dyn<T>(entries.data() + at);
        switch (tag) {
        case DT_NULL: return info;
        case DT_NEEDED: info.needed.emplace_back(string_at(strings, value, "a DT_NEEDED")); break;
        case DT_SONAME: info.soname = string_at(strings, value, "the DT_SONAME"); break;
        case DT_RPATH: info.rpath = split_path_list(string_at(strings, value, "the DT_RPATH")); break;
        case DT_RUNPATH: info.runpath = split_path_list(string_at(strings, value, "the DT_RUNPATH")); break;
        default: break;
        }
    }
    return info;
}

template <class T>
ElfDynamicInfo read_dynamic_from_segments(const ElfFile::Source& src, const std::vector<Segment>& segments) {
    const Segment* dynamic = nullptr;
    for (const auto& s : segments)
        if (s.type == PT_DYNAMIC) dynamic = &s;
    if (!dynamic) return {};
    const std::string entries = src.read(dynamic->offset, dynamic->filesz, "the dynamic segment");

    // DT_STRTAB is an address; find the loadable segment that holds it to get a file offset.
    uint64_t strtab_addr = 0, strtab_size = 0;
    for (size_t at = 0; at + sizeof(typename T::Dyn) <= entries.size(); at += sizeof(typename T::Dyn)) {
        const auto [tag, value] = decode_dyn<T>(entries.data() + at);
        if (tag == DT_NULL) break;
        if (tag == DT_STRTAB) strtab_addr = value;
        if (tag == DT_STRSZ) strtab_size = value;
    }
    for (const auto& s : segments)
        if (s.type == PT_LOAD && strtab_addr >= s.vaddr && strtab_addr - s.vaddr < s.filesz) {
            const uint64_t offset = s.offset + (strtab_addr - s.vaddr);
            if (offset < s.offset) break; // overflow
            const std::string strings = src.read(offset, strtab_size, "the dynamic string table");
            return parse_dynamic<T>(entries, strings);
        }
    throw ElfError(ElfError::Kind::corrupt, "the dynamic string table lies outside the loadable segments");
}

template <class T>
std::optional<std::string> find_section(const ElfFile::Source& src, const Tables& t, std::string_view name,
                                        size_t max_size) {
    for (const auto& s : t.sections) {
        if (t.section_names.empty() || string_at(t.section_names, s.name, "a section") != name) continue;
        if (s.type == SHT_NOBITS) return std::string();
        if (s.size > max_size)
            throw ElfError(ElfError::Kind::corrupt, "section " + std::string(name) + " is " + std::to_string(s.size) +
                                                        " bytes, more than the " + std::to_string(max_size) +
                                                        " allowed");
        return src.read(s.offset, s.size, "section " + std::string(name));
    }
    return std::nullopt;
}

template <class T>
ElfDynamicInfo read_dynamic(const ElfFile::Source& src, const Tables& t, uint64_t phoff, uint32_t phnum,
                            uint16_t phentsize) {
    for (const auto& s : t.sections) {
        if (s.type != SHT_DYNAMIC) continue;
        if (s.link >= t.sections.size())
            throw ElfError(ElfError::Kind::corrupt, "the dynamic section's string table index is out of range");
        const Section& strtab = t.sections[s.link];
        const std::string entries = src.read(s.offset, s.size, "the dynamic section");
        const std::string strings = src.read(strtab.offset, strtab.size, "the dynamic string table");
        return parse_dynamic<T>(entries, strings);
    }
    return read_dynamic_from_segments<T>(src, read_segments<T>(src, phoff, phnum, phentsize));
}

// Defined, global or weak, default-visibility functions and objects of .dynsym: what the file
// offers to every other object in the process.
template <class T> std::vector<std::string> read_exported_symbols(const ElfFile::Source& src, const Tables& t) {
    std::vector<std::string> out;
    for (const auto& s : t.sections) {
        if (s.type != SHT_DYNSYM) continue;
        if (s.link >= t.sections.size())
            throw ElfError(ElfError::Kind::corrupt, "the dynamic symbol table's string table index is out of range");
        const Section& strtab = t.sections[s.link];
        const std::string symbols = src.read(s.offset, s.size, "the dynamic symbol table");
        const std::string strings = src.read(strtab.offset, strtab.size, "the dynamic symbol names");
        using Sym = typename T::Sym;
        for (size_t at = sizeof(Sym); at + sizeof(Sym) <= symbols.size(); at += sizeof(Sym)) { // 0 is the null symbol
            const Symbol sym = decode_symbol<T>(symbols.data() + at);
            const unsigned bind = sym.info >> 4, type = sym.info & 0xf;
            if (sym.section == SHN_UNDEF || (bind != STB_GLOBAL && bind != STB_WEAK) || (sym.other & 3) != STV_DEFAULT)
                continue;
            if (type != STT_FUNC && type != STT_OBJECT && type != STT_GNU_IFUNC) continue;
            out.emplace_back(string_at(strings, sym.name, "a dynamic symbol"));
        }
    }
    return out;
}

} // namespace

std::vector<std::string> ElfFile::exported_symbols() const {
    if (is_64bit_)
        return read_exported_symbols<Elf64Types>(
            *source_, read_tables<Elf64Types>(*source_, shoff_, shnum_, shentsize_, shstrndx_));
    return read_exported_symbols<Elf32Types>(*source_,
                                             read_tables<Elf32Types>(*source_, shoff_, shnum_, shentsize_, shstrndx_));
}

std::optional<std::string> ElfFile::section(std::string_view name, size_t max_size) const {
    if (is_64bit_)
        return find_section<Elf64Types>(
            *source_, read_tables<Elf64Types>(*source_, shoff_, shnum_, shentsize_, shstrndx_), name, max_size);
    return find_section<Elf32Types>(*source_, read_tables<Elf32Types>(*source_, shoff_, shnum_, shentsize_, shstrndx_),
                                    name, max_size);
}

ElfDynamicInfo ElfFile::dynamic() const {
    if (is_64bit_)
        return read_dynamic<Elf64Types>(*source_,
                                        read_tables<Elf64Types>(*source_, shoff_, shnum_, shentsize_, shstrndx_),
                                        phoff_, phnum_, phentsize_);
    return read_dynamic<Elf32Types>(*source_, read_tables<Elf32Types>(*source_, shoff_, shnum_, shentsize_, shstrndx_),
                                    phoff_, phnum_, phentsize_);
}

std::string elf_machine_name(uint16_t machine) {
    switch (machine) {
    case EM_X86_64: return "x86_64";
    case EM_386: return "i386";
    case EM_AARCH64: return "aarch64";
    case EM_ARM: return "arm";
    case EM_RISCV: return "riscv";
    case EM_PPC64: return "ppc64";
    case EM_PPC: return "ppc";
    case EM_S390: return "s390";
    case EM_MIPS: return "mips";
    case 258: return "loongarch"; // EM_LOONGARCH, missing from older <elf.h>
    default: return "machine " + std::to_string(machine);
    }
}

} // namespace llmhost::plugins
