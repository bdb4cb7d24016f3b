// qXfer:libraries-svr4:read: the inferior's link_map chain as GDB's <library-list-svr4> XML.
// Path: auxv AT_PHDR → the program's PT_PHDR (load bias) and PT_DYNAMIC → DT_DEBUG → struct
// r_debug → r_map → link_map, l_next, ... Every pointer comes from the inferior and may be
// garbage: reads are exact and checked, walks are bounded, cycles are errors.
#include "target/linux/svr4.hpp"

#include <elf.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstddef>
#include <cstring>
#include <exception>
#include <iterator>
#include <limits>
#include <optional>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

namespace target::linux {
namespace {

constexpr std::size_t max_link_maps = 10000; // all namespaces together
constexpr std::size_t max_namespaces = 64;   // glibc has 16 (DL_NNS)
constexpr std::size_t max_name_size = 4096;  // PATH_MAX
constexpr std::uint64_t max_phdrs = 1024;    // real programs have about a dozen
constexpr std::uint64_t max_dynamic_entries = 4096;
constexpr std::uint64_t page_size = 4096;

// The inferior's layouts (LP64, <link.h>), spelled with fixed-size fields so they do not
// depend on the host's pointer size.
struct LinkMap64 {
    std::uint64_t l_addr, l_name, l_ld, l_next, l_prev;
};
struct RDebug64 {
    std::int32_t r_version;
    std::uint32_t pad0;
    std::uint64_t r_map, r_brk;
    std::int32_t r_state;
    std::uint32_t pad1;
    std::uint64_t r_ldbase;
};
// struct r_debug_extended { struct r_debug base; struct r_debug_extended* r_next; }
constexpr std::uint64_t r_next_offset = sizeof(RDebug64);
static_assert(sizeof(LinkMap64) == 40 && sizeof(RDebug64) == 40);
static_assert(offsetof(RDebug64, r_map) == 8 && offsetof(RDebug64, r_ldbase) == 32);

std::string hex(std::uint64_t value) {
    std::array<char, 16> digits{};
    auto end = std::to_chars(digits.data(), digits.data() + digits.size(), value, 16).ptr;
    return "0x" + std::string(digits.data(), end);
}

// One read of up to out.size() bytes: how many were read, at least one.
Result<std::size_t> read_some(const MemoryReader& read, std::uint64_t addr,
                              std::span<std::uint8_t> out) {
    if (addr > std::numeric_limits<std::uint64_t>::max() - out.size())
        return make_error(EFAULT, "address range wraps at " + hex(addr));
    auto n = read(addr, out);
    if (!n) return make_error(n.error().code, "reading " + hex(addr) + ": " + n.error().message);
    if (*n == 0 || *n > out.size()) return make_error(EIO, "short read at " + hex(addr));
    return n;
}

// Reads all of out, following short reads; fails if any byte is unreadable.
Result<void> read_exact(const MemoryReader& read, std::uint64_t addr, std::span<std::uint8_t> out) {
    for (std::size_t done = 0; done < out.size();) {
        auto n = read_some(read, addr + done, out.subspan(done));
        if (!n) return n.error();
        done += *n;
    }
    return {};
}

template <class T> Result<T> read_object(const MemoryReader& read, std::uint64_t addr) {
    T value{};
    auto bytes = std::span<std::uint8_t>(reinterpret_cast<std::uint8_t*>(&value), sizeof value);
    if (auto r = read_exact(read, addr, bytes); !r) return r.error();
    return value;
}

template <class T>
Result<void> read_array(const MemoryReader& read, std::uint64_t addr, std::vector<T>& out) {
    auto bytes = std::span<std::uint8_t>(reinterpret_cast<std::uint8_t*>(out.data()),
                                         out.size() * sizeof(T));
    return read_exact(read, addr, bytes);
}

// A NUL-terminated string of at most max_name_size bytes. Reads stop at 256-byte boundaries
// so that a short name just before an unmapped page is still readable.
Result<std::string> read_c_string(const MemoryReader& read, std::uint64_t addr) {
    std::string text;
    std::array<std::uint8_t, 256> chunk{};
    for (auto at = addr; text.size() < max_name_size;) {
        auto n = read_some(read, at, std::span(chunk).first(chunk.size() - at % chunk.size()));
        if (!n) return n.error();
        auto part = std::span(chunk).first(*n);
        auto nul = std::find(part.begin(), part.end(), 0);
        text.append(part.begin(), nul);
        if (nul != part.end()) return text;
        at += *n;
    }
    return make_error(EINVAL, "library name at " + hex(addr) + " is not NUL-terminated");
}

struct Auxv {
    std::uint64_t phdr = 0, phnum = 0, phent = sizeof(Elf64_Phdr);
};

Result<Auxv> parse_auxv(const std::string& bytes) {
    Auxv aux;
    for (std::size_t off = 0; off + sizeof(Elf64_auxv_t) <= bytes.size();
         off += sizeof(Elf64_auxv_t)) {
        Elf64_auxv_t entry;
        std::memcpy(&entry, bytes.data() + off, sizeof entry);
        if (entry.a_type == AT_NULL) break;
        if (entry.a_type == AT_PHDR) aux.phdr = entry.a_un.a_val;
        if (entry.a_type == AT_PHNUM) aux.phnum = entry.a_un.a_val;
        if (entry.a_type == AT_PHENT) aux.phent = entry.a_un.a_val;
    }
    if (aux.phdr == 0 || aux.phnum == 0) return make_error(EINVAL, "auxv has no AT_PHDR/AT_PHNUM");
    if (aux.phent != sizeof(Elf64_Phdr)) return make_error(EINVAL, "not a 64-bit ELF inferior");
    if (aux.phnum > max_phdrs) return make_error(EINVAL, "AT_PHNUM too large: " + hex(aux.phnum));
    return aux;
}

// Load bias = runtime address - link-time address. PT_PHDR gives it directly; without one
// (some linkers omit it) the ELF header starts the page holding the program headers and is
// mapped by the PT_LOAD at file offset 0.
Result<std::uint64_t> load_bias(const MemoryReader& read, const Auxv& aux,
                                const std::vector<Elf64_Phdr>& phdrs) {
    for (const auto& ph : phdrs)
        if (ph.p_type == PT_PHDR) return aux.phdr - ph.p_vaddr;
    for (const auto& ph : phdrs) {
        if (ph.p_type != PT_LOAD || ph.p_offset != 0) continue;
        std::uint64_t ehdr_addr = aux.phdr & ~(page_size - 1);
        auto ehdr = read_object<Elf64_Ehdr>(read, ehdr_addr);
        if (!ehdr) return ehdr.error();
        if (std::memcmp(ehdr->e_ident, ELFMAG, SELFMAG) == 0 &&
            ehdr_addr + ehdr->e_phoff == aux.phdr)
            return ehdr_addr - ph.p_vaddr;
        break;
    }
    return make_error(EINVAL, "cannot find the program's load bias (no PT_PHDR)");
}

// The runtime address of struct r_debug, or 0: static program, or ld.so not yet started.
Result<std::uint64_t> locate_r_debug(const MemoryReader& read, const std::string& auxv_bytes) {
    auto aux = parse_auxv(auxv_bytes);
    if (!aux) return aux.error();
    std::vector<Elf64_Phdr> phdrs(aux->phnum);
    if (auto r = read_array(read, aux->phdr, phdrs); !r) return r.error();
    auto bias = load_bias(read, *aux, phdrs);
    if (!bias) return bias.error();
    auto dyn =
        std::find_if(phdrs.begin(), phdrs.end(), [](auto& ph) { return ph.p_type == PT_DYNAMIC; });
    if (dyn == phdrs.end()) return std::uint64_t{0};
    std::vector<Elf64_Dyn> entries(std::min(dyn->p_memsz / sizeof(Elf64_Dyn), max_dynamic_entries));
    if (auto r = read_array(read, *bias + dyn->p_vaddr, entries); !r) return r.error();
    for (const auto& d : entries) {
        if (d.d_tag == DT_NULL) break;
        if (d.d_tag == DT_DEBUG) return std::uint64_t{d.d_un.d_ptr};
    }
    return std::uint64_t{0};
}

struct Annex {
    std::optional<std::uint64_t> start, prev, lmid;
};

std::optional<std::uint64_t> parse_hex(std::string_view text) {
    if (text.starts_with("0x") || text.starts_with("0X")) text.remove_prefix(2);
    std::uint64_t value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value, 16);
    if (text.empty() || ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
    return value;
}

// "start=ADDR;prev=ADDR;lmid=ID" in any order, hex; unknown keys are ignored, as the manual
// lets GDB add keys without a new qSupported feature.
Result<Annex> parse_annex(std::string_view text) {
    Annex annex;
    while (!text.empty()) {
        auto item = text.substr(0, text.find(';'));
        text.remove_prefix(std::min(text.size(), item.size() + 1));
        auto eq = item.find('=');
        if (item.empty() || eq == std::string_view::npos) continue;
        auto key = item.substr(0, eq);
        auto* slot = key == "start"  ? &annex.start
                     : key == "prev" ? &annex.prev
                     : key == "lmid" ? &annex.lmid
                                     : nullptr;
        if (!slot) continue;
        *slot = parse_hex(item.substr(eq + 1));
        if (!*slot) return make_error(EINVAL, "bad annex value: " + std::string(item));
    }
    return annex;
}

struct Library {
    std::string name;
    std::uint64_t lm, l_addr, l_ld, lmid;
};

struct Walker {
    explicit Walker(const MemoryReader& reader) : read(reader) {}
    const MemoryReader& read;
    std::size_t visited = 0;
    std::optional<std::uint64_t> main_lm;
    std::vector<Library> libraries;
};

// Appends the chain from lm on. prev, when given, is what the first l_prev must be; each later
// l_prev must point back at its predecessor, as ld.so keeps it (a mismatch means garbage).
Result<void> walk_chain(Walker& w, std::uint64_t lm, std::optional<std::uint64_t> prev,
                        std::uint64_t lmid, bool first_is_main) {
    std::unordered_set<std::uint64_t> seen;
    for (bool first = true; lm != 0; first = false) {
        if (!seen.insert(lm).second) return make_error(EINVAL, "link_map cycle at " + hex(lm));
        if (++w.visited > max_link_maps) return make_error(E2BIG, "link_map list too long");
        auto map = read_object<LinkMap64>(w.read, lm);
        if (!map) return map.error();
        if (prev && map->l_prev != *prev)
            return make_error(EINVAL, "link_map " + hex(lm) + " has l_prev " + hex(map->l_prev) +
                                          ", expected " + hex(*prev));
        if (first && first_is_main) {
            w.main_lm = lm;
        } else if (map->l_name != 0) {
            auto name = read_c_string(w.read, map->l_name);
            if (!name) return name.error();
            // Nameless entries (the vDSO on some systems) cannot be opened by GDB: skip them.
            if (!name->empty()) w.libraries.push_back({*name, lm, map->l_addr, map->l_ld, lmid});
        }
        prev = lm;
        lm = map->l_next;
    }
    return {};
}

// All namespaces: r_debug for the default one, then r_debug_extended.r_next (r_version >= 2,
// glibc 2.35+). lmid is the namespace's r_debug address, the key GDB matches against the
// r_debug argument of ld.so's probes; lmid 0 would mean "stub without namespaces" to it.
Result<void> walk_namespaces(Walker& w, std::uint64_t r_debug) {
    std::unordered_set<std::uint64_t> seen;
    for (bool first = true; r_debug != 0; first = false) {
        if (!seen.insert(r_debug).second || seen.size() > max_namespaces)
            return make_error(EINVAL, "bad r_debug_extended chain at " + hex(r_debug));
        auto rd = read_object<RDebug64>(w.read, r_debug);
        if (!rd) return rd.error();
        if (rd->r_version == 0) return {}; // not yet initialised by ld.so
        if (auto r = walk_chain(w, rd->r_map, std::nullopt, r_debug, first); !r) return r;
        if (rd->r_version < 2) return {};
        auto next = read_object<std::uint64_t>(w.read, r_debug + r_next_offset);
        if (!next) return next.error();
        r_debug = *next;
    }
    return {};
}

// Control characters other than tab/newline/CR are not allowed in XML 1.0, even escaped:
// they become '?' rather than make GDB reject the whole list.
std::string xml_escape(std::string_view text) {
    static constexpr std::pair<char, std::string_view> entities[] = {
        {'&', "&amp;"},   {'<', "&lt;"},  {'>', "&gt;"},   {'"', "&quot;"},
        {'\'', "&apos;"}, {'\t', "&#9;"}, {'\n', "&#10;"}, {'\r', "&#13;"}};
    std::string out;
    for (char c : text) {
        auto it = std::find_if(std::begin(entities), std::end(entities),
                               [c](const auto& e) { return e.first == c; });
        if (it != std::end(entities))
            out += it->second;
        else
            out += static_cast<unsigned char>(c) < 0x20 ? '?' : c;
    }
    return out;
}

std::string format_list(const Walker& w) {
    std::string xml = "<library-list-svr4 version=\"1.0\"";
    if (w.main_lm) xml += " main-lm=\"" + hex(*w.main_lm) + "\"";
    if (w.libraries.empty()) return xml + "/>";
    xml += ">";
    for (const auto& lib : w.libraries) {
        xml += "<library name=\"" + xml_escape(lib.name) + "\" lm=\"" + hex(lib.lm) +
               "\" l_addr=\"" + hex(lib.l_addr) + "\" l_ld=\"" + hex(lib.l_ld) + "\" lmid=\"" +
               hex(lib.lmid) + "\"/>";
    }
    return xml + "</library-list-svr4>";
}

// With start= (GDB's incremental update after a solib event) only that chain's tail is
// listed, without main-lm: GDB already has the head.
Result<std::string> build_list(const MemoryReader& read, const std::string& auxv,
                               std::string_view annex_text) {
    auto annex = parse_annex(annex_text);
    if (!annex) return annex.error();
    auto r_debug = locate_r_debug(read, auxv);
    if (!r_debug) return r_debug.error();
    Walker w{read};
    if (*r_debug == 0) return format_list(w);
    auto walked = annex->start ? walk_chain(w, *annex->start, annex->prev,
                                            annex->lmid.value_or(*r_debug), false)
                               : walk_namespaces(w, *r_debug);
    if (!walked) return walked.error();
    return format_list(w);
}

} // namespace

Result<std::string> read_svr4_library_list(int pid, const MemoryReader& read_memory,
                                           const std::string& auxv, std::string_view annex) {
    auto context = "libraries-svr4 of " + std::to_string(pid) + ": ";
    if (!read_memory) return make_error(EINVAL, context + "no memory reader");
    try {
        auto xml = build_list(read_memory, auxv, annex);
        if (!xml) return make_error(xml.error().code, context + xml.error().message);
        return xml;
    } catch (const std::exception& e) { // bad_alloc, or a throwing reader: never past here
        return make_error(ENOMEM, context + e.what());
    }
}

} // namespace target::linux
