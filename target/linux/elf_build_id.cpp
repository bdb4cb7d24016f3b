#include "target/linux/elf_build_id.hpp"

#include <cstring>
#include <elf.h>
#include <fcntl.h>
#include <string>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include "target/linux/sys_error.hpp"

namespace target::linux {
namespace {

// Notes bigger than this are not build ids.
constexpr std::uint64_t max_note_segment = 1 << 20;

struct Segment {
    std::uint64_t offset = 0, size = 0;
};

template <class Ehdr, class Phdr>
Result<std::vector<Segment>> note_segments(const FileReader& read) {
    Ehdr header;
    auto got = read(0, {reinterpret_cast<std::uint8_t*>(&header), sizeof header});
    if (!got || *got != sizeof header) return make_error(ENOEXEC, "truncated ELF header");
    if (header.e_phentsize != sizeof(Phdr)) return make_error(ENOEXEC, "unexpected program header size");
    std::vector<Segment> notes;
    for (unsigned i = 0; i < header.e_phnum; ++i) {
        Phdr ph;
        auto n = read(header.e_phoff + i * sizeof ph, {reinterpret_cast<std::uint8_t*>(&ph), sizeof ph});
        if (!n || *n != sizeof ph) return make_error(ENOEXEC, "truncated program headers");
        if (ph.p_type == PT_NOTE && ph.p_filesz <= max_note_segment)
            notes.push_back({ph.p_offset, ph.p_filesz});
    }
    return notes;
}

std::uint32_t word(const std::vector<std::uint8_t>& data, std::size_t at) {
    std::uint32_t value;
    std::memcpy(&value, data.data() + at, sizeof value); // little-endian host and file
    return value;
}

constexpr std::size_t align4(std::size_t n) {
    return (n + 3) & ~std::size_t{3};
}

// Walks the notes of one segment: namesz, descsz, type, then name and desc, each 4-aligned.
std::vector<std::uint8_t> build_id_in(const std::vector<std::uint8_t>& data) {
    std::size_t at = 0;
    while (at + 12 <= data.size()) {
        std::size_t namesz = word(data, at), descsz = word(data, at + 4);
        std::uint32_t type = word(data, at + 8);
        std::size_t name_at = at + 12, desc_at = name_at + align4(namesz);
        if (namesz > data.size() || descsz > data.size() || desc_at + descsz > data.size()) break;
        if (type == NT_GNU_BUILD_ID && namesz == 4 && std::memcmp(&data[name_at], "GNU", 4) == 0)
            return {data.begin() + desc_at, data.begin() + desc_at + descsz};
        at = desc_at + align4(descsz);
    }
    return {};
}

} // namespace

Result<std::vector<std::uint8_t>> elf_build_id(const FileReader& read) {
    unsigned char ident[EI_NIDENT];
    auto got = read(0, {ident, sizeof ident});
    if (!got || *got != sizeof ident || std::memcmp(ident, ELFMAG, SELFMAG) != 0)
        return make_error(ENOEXEC, "not an ELF file");
    if (ident[EI_DATA] != ELFDATA2LSB) return make_error(ENOEXEC, "big-endian ELF");
    auto segments = ident[EI_CLASS] == ELFCLASS64 ? note_segments<Elf64_Ehdr, Elf64_Phdr>(read)
                                                  : note_segments<Elf32_Ehdr, Elf32_Phdr>(read);
    if (!segments) return segments.error();
    for (const auto& segment : *segments) {
        std::vector<std::uint8_t> data(segment.size);
        auto n = read(segment.offset, data);
        if (!n) continue;
        data.resize(*n);
        if (auto id = build_id_in(data); !id.empty()) return id;
    }
    return std::vector<std::uint8_t>{};
}

Result<ModuleFile> read_module_file(std::string_view path) {
    std::string name(path);
    UniqueFd fd(::open(name.c_str(), O_RDONLY | O_CLOEXEC));
    if (!fd) return errno_error(errno, fmt::format("open {}", name));
    struct stat st {};
    if (::fstat(fd.get(), &st) == -1) return errno_error(errno, fmt::format("stat {}", name));
    if (!S_ISREG(st.st_mode)) return make_error(EINVAL, fmt::format("{} is not a file", name));
    FileReader reader = [&fd](std::uint64_t offset, std::span<std::uint8_t> out) -> Result<std::size_t> {
        ssize_t n = ::pread(fd.get(), out.data(), out.size(), static_cast<off_t>(offset));
        if (n < 0) return errno_error(errno, "pread");
        return static_cast<std::size_t>(n);
    };
    auto id = elf_build_id(reader);
    if (!id) return id.error();
    return ModuleFile{name, std::move(*id), static_cast<std::uint64_t>(st.st_size)};
}

} // namespace target::linux
