// The ELF reader: real fixture plugins, hand-built 32- and 64-bit files (RPATH, RUNPATH,
// stripped section headers), and fuzzing by truncating and corrupting a real .so — it must
// answer or throw ElfError, never crash or read outside the file.
#include "core/plugins/elf_file.hpp"

#include "support/test_env.hpp"

#include <boost/test/unit_test.hpp>

#include <elf.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <functional>
#include <random>

using llmhost::plugins::ElfError;
using llmhost::plugins::ElfFile;

namespace {

const std::string kFixtures = LLMHOST_TEST_FIXTURE_DIR;

// What a hand-built ELF holds.
struct ElfSpec {
    std::vector<std::string> needed;
    std::string soname, rpath, runpath;
    std::string meta = "llmhost-plugin abi=1.0\n{}";
    bool section_headers = true; // false: only program headers, as after sstrip
    uint16_t machine = EM_X86_64;
};

template <class T> void put(std::string& out, size_t offset, const T& value) {
    if (out.size() < offset + sizeof value) out.resize(offset + sizeof value);
    std::memcpy(out.data() + offset, &value, sizeof value);
}

// A minimal shared object: header, PT_LOAD + PT_DYNAMIC, .dynstr, .dynamic, .llmhost.meta,
// .shstrtab and the section headers, laid out so that file offsets equal addresses.
template <class Ehdr, class Phdr, class Shdr, class Dyn> std::string build_elf(const ElfSpec& spec, unsigned char cls) {
    std::string dynstr(1, '\0');
    auto add_string = [&](const std::string& s) {
        const size_t at = dynstr.size();
        dynstr += s + '\0';
        return at;
    };
    std::vector<std::pair<int64_t, uint64_t>> dyn;
    for (const auto& n : spec.needed)
        dyn.emplace_back(DT_NEEDED, add_string(n));
    if (!spec.soname.empty()) dyn.emplace_back(DT_SONAME, add_string(spec.soname));
    if (!spec.rpath.empty()) dyn.emplace_back(DT_RPATH, add_string(spec.rpath));
    if (!spec.runpath.empty()) dyn.emplace_back(DT_RUNPATH, add_string(spec.runpath));

    const std::string shstrtab = std::string("\0.dynstr\0.dynamic\0.llmhost.meta\0.shstrtab\0", 42);
    const size_t phoff = sizeof(Ehdr);
    const size_t dynstr_off = phoff + 2 * sizeof(Phdr);
    const size_t dynamic_off = (dynstr_off + dynstr.size() + 7) / 8 * 8;
    dyn.emplace_back(DT_STRTAB, dynstr_off);
    dyn.emplace_back(DT_STRSZ, dynstr.size());
    dyn.emplace_back(DT_NULL, 0);
    const size_t dynamic_size = dyn.size() * sizeof(Dyn);
    const size_t meta_off = dynamic_off + dynamic_size;
    const size_t shstr_off = meta_off + spec.meta.size();
    const size_t shoff = (shstr_off + shstrtab.size() + 7) / 8 * 8;
    const size_t file_size = shoff + 5 * sizeof(Shdr);

    std::string out(file_size, '\0');
    Ehdr eh{};
    std::memcpy(eh.e_ident, ELFMAG, SELFMAG);
    eh.e_ident[EI_CLASS] = cls;
    eh.e_ident[EI_DATA] = ELFDATA2LSB;
    eh.e_ident[EI_VERSION] = EV_CURRENT;
    eh.e_type = ET_DYN;
    eh.e_machine = spec.machine;
    eh.e_version = EV_CURRENT;
    eh.e_phoff = phoff;
    eh.e_phentsize = sizeof(Phdr);
    eh.e_phnum = 2;
    eh.e_ehsize = sizeof(Ehdr);
    if (spec.section_headers) {
        eh.e_shoff = shoff;
        eh.e_shentsize = sizeof(Shdr);
        eh.e_shnum = 5;
        eh.e_shstrndx = 4;
    }
    put(out, 0, eh);

    Phdr load{}, dynamic{};
    load.p_type = PT_LOAD;
    load.p_filesz = load.p_memsz = file_size;
    dynamic.p_type = PT_DYNAMIC;
    dynamic.p_offset = dynamic.p_vaddr = dynamic_off;
    dynamic.p_filesz = dynamic.p_memsz = dynamic_size;
    put(out, phoff, load);
    put(out, phoff + sizeof(Phdr), dynamic);

    out.replace(dynstr_off, dynstr.size(), dynstr);
    for (size_t i = 0; i < dyn.size(); ++i) {
        Dyn d{};
        d.d_tag = dyn[i].first;
        d.d_un.d_val = dyn[i].second;
        put(out, dynamic_off + i * sizeof(Dyn), d);
    }
    out.replace(meta_off, spec.meta.size(), spec.meta);
    out.replace(shstr_off, shstrtab.size(), shstrtab);

    auto section = [&](size_t index, uint32_t name, uint32_t type, size_t offset, size_t size, uint32_t link) {
        Shdr sh{};
        sh.sh_name = name;
        sh.sh_type = type;
        sh.sh_offset = offset;
        sh.sh_size = size;
        sh.sh_link = link;
        put(out, shoff + index * sizeof(Shdr), sh);
    };
    section(1, 1, SHT_STRTAB, dynstr_off, dynstr.size(), 0);
    section(2, 9, SHT_DYNAMIC, dynamic_off, dynamic_size, 1);
    section(3, 18, SHT_PROGBITS, meta_off, spec.meta.size(), 0);
    section(4, 32, SHT_STRTAB, shstr_off, shstrtab.size(), 0);
    return out;
}

std::string build_elf64(const ElfSpec& spec) {
    return build_elf<Elf64_Ehdr, Elf64_Phdr, Elf64_Shdr, Elf64_Dyn>(spec, ELFCLASS64);
}
std::string build_elf32(const ElfSpec& spec) {
    return build_elf<Elf32_Ehdr, Elf32_Phdr, Elf32_Shdr, Elf32_Dyn>(spec, ELFCLASS32);
}

ElfError::Kind error_kind(const std::function<void()>& f) {
    try {
        f();
    } catch (const ElfError& e) {
        return e.kind();
    }
    BOOST_FAIL("expected an ElfError");
    return ElfError::Kind::corrupt;
}

// Reads everything discovery reads; only ElfError may come out.
void read_everything(const std::string& bytes) {
    try {
        const ElfFile f = ElfFile::from_bytes(bytes);
        (void)f.section(".llmhost.meta", 1 << 20);
        (void)f.dynamic();
    } catch (const ElfError&) {
    }
}

} // namespace

BOOST_AUTO_TEST_CASE(reads_a_real_plugin) {
    const ElfFile f = ElfFile::open(kFixtures + "/pure_c.so");
    BOOST_TEST(f.is_64bit() == (sizeof(void*) == 8));
    BOOST_TEST(f.type() == ET_DYN);
    const auto meta = f.section(".llmhost.meta");
    BOOST_REQUIRE(meta.has_value());
    BOOST_TEST(meta->starts_with("llmhost-plugin abi=1.2\n{\"name\": \"pure_c\""));
    BOOST_TEST(!f.section(".no.such.section").has_value());
    const auto dyn = f.dynamic();
    // libc, plus the sanitizer runtimes in an ASan build.
    BOOST_TEST(std::count(dyn.needed.begin(), dyn.needed.end(), "libc.so.6") == 1);
    BOOST_TEST(dyn.runpath.empty());
}

BOOST_AUTO_TEST_CASE(reads_needed_runpath_and_soname_of_real_libraries) {
    const auto missing = ElfFile::open(kFixtures + "/missing_dep.so").dynamic();
    BOOST_TEST(std::count(missing.needed.begin(), missing.needed.end(), "libllmhost_fixture_dep.so") == 1);
    // (Whether libc is needed too depends on what the optimiser left of the fixture's calls.)
    BOOST_TEST(missing.runpath.empty());
    BOOST_TEST(missing.rpath.empty());
    const auto via_origin = ElfFile::open(kFixtures + "/dep_via_origin.so").dynamic();
    BOOST_TEST(via_origin.runpath == std::vector<std::string>{"$ORIGIN/deps"});
    BOOST_TEST(ElfFile::open(kFixtures + "/deps/libllmhost_fixture_dep.so").dynamic().soname ==
               "libllmhost_fixture_dep.so");
}

BOOST_AUTO_TEST_CASE(reads_hand_built_64_and_32_bit_files) {
    ElfSpec spec;
    spec.needed = {"libfoo.so.1", "libbar.so.2"};
    spec.soname = "libplugin.so";
    spec.rpath = "/opt/a::/opt/b";
    spec.runpath = "$ORIGIN/lib";
    spec.meta = "llmhost-plugin abi=1.0\n{\"name\":\"x\"}";
    for (const bool is_64 : {true, false}) {
        if (!is_64) spec.machine = EM_386;
        const ElfFile f = ElfFile::from_bytes(is_64 ? build_elf64(spec) : build_elf32(spec));
        BOOST_TEST(f.is_64bit() == is_64);
        BOOST_TEST(f.machine() == (is_64 ? EM_X86_64 : EM_386));
        BOOST_TEST(f.section(".llmhost.meta").value() == spec.meta);
        const auto dyn = f.dynamic();
        BOOST_TEST(dyn.needed == spec.needed);
        BOOST_TEST(dyn.soname == "libplugin.so");
        BOOST_TEST(dyn.rpath == (std::vector<std::string>{"/opt/a", "/opt/b"}));
        BOOST_TEST(dyn.runpath == std::vector<std::string>{"$ORIGIN/lib"});
    }
}

BOOST_AUTO_TEST_CASE(falls_back_to_pt_dynamic_without_section_headers) {
    ElfSpec spec;
    spec.needed = {"libfoo.so.1"};
    spec.runpath = "/opt/x";
    spec.section_headers = false;
    const ElfFile f = ElfFile::from_bytes(build_elf64(spec));
    BOOST_TEST(!f.section(".llmhost.meta").has_value());
    const auto dyn = f.dynamic();
    BOOST_TEST(dyn.needed == std::vector<std::string>{"libfoo.so.1"});
    BOOST_TEST(dyn.runpath == std::vector<std::string>{"/opt/x"});
}

BOOST_AUTO_TEST_CASE(classifies_what_it_cannot_read) {
    llmhost::testing::TempDir dir;
    dir.write("empty.so", "");
    dir.write("text.so", "#!/bin/sh\necho hello\n");
    std::filesystem::create_directory(dir.file("dir.so"));
    BOOST_REQUIRE(::mkfifo(dir.file("fifo.so").c_str(), 0600) == 0); // must not block
    BOOST_TEST(int(error_kind([&] { ElfFile::open(dir.file("missing.so")); })) == int(ElfError::Kind::unreadable));
    BOOST_TEST(int(error_kind([&] { ElfFile::open(dir.file("dir.so")); })) == int(ElfError::Kind::unreadable));
    BOOST_TEST(int(error_kind([&] { ElfFile::open(dir.file("fifo.so")); })) == int(ElfError::Kind::unreadable));
    BOOST_TEST(int(error_kind([&] { ElfFile::open(dir.file("empty.so")); })) == int(ElfError::Kind::not_elf));
    BOOST_TEST(int(error_kind([&] { ElfFile::open(dir.file("text.so")); })) == int(ElfError::Kind::not_elf));
    BOOST_TEST(int(error_kind([&] { ElfFile::open(kFixtures + "/garbage.so"); })) == int(ElfError::Kind::not_elf));

    std::string big_endian = build_elf64({});
    big_endian[EI_DATA] = ELFDATA2MSB;
    BOOST_TEST(int(error_kind([&] { ElfFile::from_bytes(big_endian); })) == int(ElfError::Kind::unsupported));
    std::string unknown_class = build_elf64({});
    unknown_class[EI_CLASS] = 7;
    BOOST_TEST(int(error_kind([&] { ElfFile::from_bytes(unknown_class); })) == int(ElfError::Kind::unsupported));
}

BOOST_AUTO_TEST_CASE(reports_tables_outside_the_file_as_corrupt) {
    const std::string good = build_elf64({});
    std::string bad_shoff = good;
    const uint64_t far = 1ull << 40;
    std::memcpy(bad_shoff.data() + offsetof(Elf64_Ehdr, e_shoff), &far, sizeof far);
    BOOST_TEST(int(error_kind([&] { ElfFile::from_bytes(bad_shoff).section("x"); })) == int(ElfError::Kind::corrupt));

    try {
        ElfFile::from_bytes(good).section(".llmhost.meta", 4);
        BOOST_FAIL("expected ElfError");
    } catch (const ElfError& e) {
        BOOST_TEST(int(e.kind()) == int(ElfError::Kind::corrupt));
        BOOST_TEST(std::string(e.what()) == "section .llmhost.meta is 25 bytes, more than the 4 allowed");
    }
    BOOST_TEST(int(error_kind([&] { ElfFile::from_bytes(good.substr(0, 40)); })) == int(ElfError::Kind::corrupt));
}

BOOST_AUTO_TEST_CASE(survives_truncation_at_every_offset) {
    for (const std::string& bytes : {llmhost::testing::read_file(kFixtures + "/pure_c.so"), build_elf32({})}) {
        BOOST_REQUIRE(bytes.size() > 1000 || bytes.size() > 100);
        // Every length in the headers and tables at both ends, a sample in between.
        for (size_t len = 0; len < bytes.size(); len += (len < 4096 || len + 4096 > bytes.size()) ? 1 : 97)
            read_everything(bytes.substr(0, len));
    }
}

BOOST_AUTO_TEST_CASE(survives_corruption_at_many_offsets) {
    const std::string original = llmhost::testing::read_file(kFixtures + "/pure_c.so");
    BOOST_REQUIRE(original.size() > 4096);
    std::mt19937 rng(20240611);
    const unsigned char patterns[] = {0x00, 0xff, 0x7f, 0x80, 0x01};
    auto corrupt_at = [&](size_t offset) {
        for (unsigned char p : patterns) {
            std::string bytes = original;
            bytes[offset] = static_cast<char>(p);
            read_everything(bytes);
        }
    };
    for (size_t i = 0; i < 128; ++i)
        corrupt_at(i); // ELF and program headers
    for (size_t i = original.size() - 2048; i < original.size(); ++i)
        corrupt_at(i); // section headers
    for (int i = 0; i < 2000; ++i) {
        // Several random bytes at once, anywhere.
        std::string bytes = original;
        for (int k = 0; k < 8; ++k)
            bytes[rng() % bytes.size()] = static_cast<char>(rng());
        read_everything(bytes);
    }
}

BOOST_AUTO_TEST_CASE(names_machines) {
    BOOST_TEST(llmhost::plugins::elf_machine_name(EM_X86_64) == "x86_64");
    BOOST_TEST(llmhost::plugins::elf_machine_name(EM_AARCH64) == "aarch64");
    BOOST_TEST(llmhost::plugins::elf_machine_name(4242) == "machine 4242");
}
