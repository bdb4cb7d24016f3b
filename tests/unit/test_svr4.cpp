// qXfer:libraries-svr4:read: the link_map walk over fake inferior memory (exact XML, garbage,
// cycles, unreadable memory, annex). The walk over this test process's own memory is in
// test_svr4_own_process.cpp.
#include <boost/test/unit_test.hpp>

#include <elf.h>
#include <unistd.h>

#include <cstring>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "target/linux/svr4.hpp"

using target::linux::MemoryReader;
using target::linux::read_svr4_library_list;

namespace {

// Inferior memory as non-overlapping regions; a read returns what one region holds from addr
// on (short at its end), EFAULT outside every region.
class FakeMemory {
  public:
    void put(std::uint64_t addr, const void* data, std::size_t size) {
        auto* p = static_cast<const std::uint8_t*>(data);
        regions_[addr].assign(p, p + size);
    }
    template <class T> void put_object(std::uint64_t addr, const T& value) {
        put(addr, &value, sizeof value);
    }
    void put_string(std::uint64_t addr, const std::string& text) {
        put(addr, text.c_str(), text.size() + 1);
    }
    void erase(std::uint64_t addr) { regions_.erase(addr); }
    MemoryReader reader() const {
        return [this](std::uint64_t addr, std::span<std::uint8_t> out) { return read(addr, out); };
    }

  private:
    target::Result<std::size_t> read(std::uint64_t addr, std::span<std::uint8_t> out) const {
        auto it = regions_.upper_bound(addr);
        if (it == regions_.begin()) return target::make_error(EFAULT, "unmapped");
        --it;
        auto offset = addr - it->first;
        if (offset >= it->second.size()) return target::make_error(EFAULT, "unmapped");
        auto n = std::min(out.size(), it->second.size() - offset);
        std::memcpy(out.data(), it->second.data() + offset, n);
        return n;
    }
    std::map<std::uint64_t, std::vector<std::uint8_t>> regions_;
};

struct LinkMap {
    std::uint64_t l_addr, l_name, l_ld, l_next, l_prev;
};
struct RDebug {
    std::int32_t r_version;
    std::uint32_t pad0;
    std::uint64_t r_map, r_brk;
    std::int32_t r_state;
    std::uint32_t pad1;
    std::uint64_t r_ldbase;
    std::uint64_t r_next; // r_debug_extended, read only when r_version >= 2
};

constexpr std::uint64_t bias = 0x555555554000;
constexpr std::uint64_t phdr_vaddr = 0x40;
constexpr std::uint64_t dynamic_vaddr = 0x2df0;
constexpr std::uint64_t r_debug_addr = 0x7ffff7ffe118;
constexpr std::uint64_t lm0 = 0x7ffff7ffe2e0, lm1 = 0x7ffff7fc3000, lm2 = 0x7ffff7f8a000;
constexpr std::uint64_t names = 0x7ffff7ff0000; // string pool: one string per 0x100

std::string make_auxv(std::vector<std::pair<std::uint64_t, std::uint64_t>> entries) {
    entries.push_back({AT_NULL, 0});
    std::string out(entries.size() * 16, '\0');
    std::memcpy(out.data(), entries.data(), out.size());
    return out;
}

// A PIE with a 3-entry link_map chain: the program, libfoo, libc.
struct FakeProcess {
    FakeMemory memory;
    std::string auxv = make_auxv(
        {{AT_PHDR, bias + phdr_vaddr}, {AT_PHENT, 56}, {AT_PHNUM, 3}, {AT_BASE, 0x7ffff7fc5000}});

    FakeProcess() {
        put_phdrs({{PT_PHDR, 4, 0x40, phdr_vaddr, phdr_vaddr, 3 * 56, 3 * 56, 8},
                   {PT_LOAD, 5, 0, 0, 0, 0x3000, 0x3000, 0x1000},
                   {PT_DYNAMIC, 6, 0x2df0, dynamic_vaddr, dynamic_vaddr, 0x30, 0x30, 8}});
        put_dynamic(r_debug_addr);
        memory.put_object(r_debug_addr, RDebug{1, 0, lm0, 0x7ffff7fd0ff0, 0, 0, 0x7ffff7fc5000, 0});
        put_link_map(lm0, {0, string(0, ""), bias + dynamic_vaddr, lm1, 0});
        put_link_map(lm1,
                     {0x7ffff7fa0000, string(1, "/usr/lib/libfoo.so.1"), 0x7ffff7fc2e00, lm2, lm0});
        put_link_map(lm2, {0x7ffff7d80000, string(2, "/lib/x86_64-linux-gnu/libc.so.6"),
                           0x7ffff7f6b9c0, 0, lm1});
    }
    void put_phdrs(const std::vector<Elf64_Phdr>& phdrs) {
        memory.put(bias + phdr_vaddr, phdrs.data(), phdrs.size() * sizeof(Elf64_Phdr));
    }
    void put_dynamic(std::uint64_t debug) {
        std::vector<Elf64_Dyn> dyn{{DT_NEEDED, {1}}, {DT_DEBUG, {debug}}, {DT_NULL, {0}}};
        memory.put(bias + dynamic_vaddr, dyn.data(), dyn.size() * sizeof(Elf64_Dyn));
    }
    void put_link_map(std::uint64_t addr, const LinkMap& map) { memory.put_object(addr, map); }
    std::uint64_t string(int slot, const std::string& text) {
        memory.put_string(names + 0x100 * slot, text);
        return names + 0x100 * slot;
    }
    target::Result<std::string> list(std::string_view annex = {}) const {
        return read_svr4_library_list(42, memory.reader(), auxv, annex);
    }
};

const std::string empty_list = R"(<library-list-svr4 version="1.0"/>)";
const std::string foo_entry =
    R"(<library name="/usr/lib/libfoo.so.1" lm="0x7ffff7fc3000" )"
    R"(l_addr="0x7ffff7fa0000" l_ld="0x7ffff7fc2e00" lmid="0x7ffff7ffe118"/>)";
const std::string libc_entry =
    R"(<library name="/lib/x86_64-linux-gnu/libc.so.6" lm="0x7ffff7f8a000" )"
    R"(l_addr="0x7ffff7d80000" l_ld="0x7ffff7f6b9c0" lmid="0x7ffff7ffe118"/>)";

std::string expect_ok(const target::Result<std::string>& r) {
    BOOST_REQUIRE_MESSAGE(r.ok(), (r.ok() ? std::string() : r.error().message));
    return r.value();
}

} // namespace

BOOST_AUTO_TEST_SUITE(svr4)

BOOST_AUTO_TEST_CASE(three_entry_chain_gives_exact_xml) {
    FakeProcess p;
    BOOST_TEST(expect_ok(p.list()) ==
               R"(<library-list-svr4 version="1.0" main-lm="0x7ffff7ffe2e0">)" + foo_entry +
                   libc_entry + "</library-list-svr4>");
}

BOOST_AUTO_TEST_CASE(names_are_escaped_and_nameless_entries_skipped) {
    FakeProcess p;
    std::uint64_t vdso = 0x7ffff7fc1000, odd = 0x7ffff7fc2000, null_name = 0x7ffff7fc4000;
    p.put_link_map(lm0, {0, p.string(0, ""), 0, vdso, 0});
    p.put_link_map(vdso, {0x7ffff7fc1000, p.string(3, ""), 0x7ffff7fc13e0, odd, lm0});
    p.put_link_map(odd, {0x1000, p.string(4, "/tmp/a&b<'\"c\">\x01.so"), 0x2000, null_name, vdso});
    p.put_link_map(null_name, {0, 0, 0, 0, odd});
    BOOST_TEST(expect_ok(p.list()) ==
               R"(<library-list-svr4 version="1.0" main-lm="0x7ffff7ffe2e0">)"
               R"(<library name="/tmp/a&amp;b&lt;&apos;&quot;c&quot;&gt;?.so" lm="0x7ffff7fc2000" )"
               R"(l_addr="0x1000" l_ld="0x2000" lmid="0x7ffff7ffe118"/></library-list-svr4>)");
}

BOOST_AUTO_TEST_CASE(no_r_debug_yet_gives_empty_list) {
    FakeProcess p;
    p.put_dynamic(0); // DT_DEBUG not yet filled in by ld.so
    BOOST_TEST(expect_ok(p.list()) == empty_list);
}

BOOST_AUTO_TEST_CASE(uninitialised_r_debug_or_empty_map_gives_empty_list) {
    FakeProcess p;
    p.memory.put_object(r_debug_addr, RDebug{0, 0, 0, 0, 0, 0, 0, 0});
    BOOST_TEST(expect_ok(p.list()) == empty_list);
    p.memory.put_object(r_debug_addr, RDebug{1, 0, 0, 0, 0, 0, 0, 0});
    BOOST_TEST(expect_ok(p.list()) == empty_list);
}

BOOST_AUTO_TEST_CASE(static_program_gives_empty_list) {
    FakeProcess p;
    p.put_phdrs({{PT_PHDR, 4, 0x40, phdr_vaddr, phdr_vaddr, 2 * 56, 2 * 56, 8},
                 {PT_LOAD, 5, 0, 0, 0, 0x3000, 0x3000, 0x1000}});
    p.auxv = make_auxv({{AT_PHDR, bias + phdr_vaddr}, {AT_PHNUM, 2}});
    BOOST_TEST(expect_ok(p.list()) == empty_list);
}

BOOST_AUTO_TEST_CASE(program_without_pt_phdr_uses_elf_header) {
    FakeProcess p; // non-PIE at 0x400000: bias 0, headers at 0x400040
    p.memory.erase(bias + phdr_vaddr);
    p.memory.erase(bias + dynamic_vaddr);
    Elf64_Ehdr ehdr{};
    std::memcpy(ehdr.e_ident, ELFMAG, SELFMAG);
    ehdr.e_phoff = 0x40;
    p.memory.put_object(0x400000, ehdr);
    std::vector<Elf64_Phdr> phdrs{{PT_LOAD, 5, 0, 0x400000, 0x400000, 0x3000, 0x3000, 0x1000},
                                  {PT_DYNAMIC, 6, 0x2df0, 0x402df0, 0x402df0, 0x20, 0x20, 8}};
    p.memory.put(0x400040, phdrs.data(), phdrs.size() * sizeof(Elf64_Phdr));
    std::vector<Elf64_Dyn> dyn{{DT_DEBUG, {r_debug_addr}}, {DT_NULL, {0}}};
    p.memory.put(0x402df0, dyn.data(), dyn.size() * sizeof(Elf64_Dyn));
    p.auxv = make_auxv({{AT_PHDR, 0x400040}, {AT_PHNUM, 2}});
    BOOST_TEST(expect_ok(p.list()).find(foo_entry + libc_entry) != std::string::npos);
}

BOOST_AUTO_TEST_CASE(cycle_is_an_error) {
    FakeProcess p;
    p.put_link_map(lm2, {0, p.string(2, "/lib/libc.so.6"), 0, lm0, lm1}); // back to the head
    auto r = p.list();
    BOOST_TEST_REQUIRE(!r.ok());
    BOOST_TEST(r.error().code == EINVAL);
    BOOST_TEST(r.error().message.find("cycle") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(broken_back_link_is_an_error) {
    FakeProcess p;
    p.put_link_map(lm2, {0, p.string(2, "/lib/libc.so.6"), 0, 0, 0x1234});
    BOOST_TEST(!p.list().ok());
}

BOOST_AUTO_TEST_CASE(garbage_pointers_are_errors) {
    FakeProcess p;
    p.put_link_map(lm2, {0, p.string(2, "/lib/libc.so.6"), 0, 0xdeadbeef000, lm1});
    BOOST_TEST(!p.list().ok()); // l_next unmapped
    p.put_link_map(lm2, {0, p.string(2, "/lib/libc.so.6"), 0, 0xfffffffffffffff0, lm1});
    BOOST_TEST(!p.list().ok()); // l_next wraps around the address space
    p.put_link_map(lm2, {0, 0xdeadbeef000, 0, 0, lm1});
    BOOST_TEST(!p.list().ok()); // l_name unmapped
    p.put_link_map(lm2, {0, p.string(2, std::string(5000, 'a')), 0, 0, lm1});
    BOOST_TEST(!p.list().ok()); // l_name not terminated within 4096 bytes
    p.memory.put(names + 0x200, "abc", 3);
    BOOST_TEST(!p.list().ok()); // l_name runs into unmapped memory
}

BOOST_AUTO_TEST_CASE(unreadable_memory_is_an_error) {
    FakeProcess p;
    p.memory.erase(r_debug_addr);
    BOOST_TEST(!p.list().ok());
    FakeProcess q;
    q.memory.erase(bias + dynamic_vaddr);
    BOOST_TEST(!q.list().ok());
    FakeProcess s;
    s.memory.erase(bias + phdr_vaddr);
    auto r = s.list();
    BOOST_TEST_REQUIRE(!r.ok());
    BOOST_TEST(r.error().code == EFAULT);
    BOOST_TEST(r.error().message.find("42") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(bad_auxv_is_an_error) {
    FakeProcess p;
    p.auxv = make_auxv({{AT_PHNUM, 3}});
    BOOST_TEST(!p.list().ok());
    p.auxv = make_auxv({{AT_PHDR, bias + phdr_vaddr}, {AT_PHNUM, 3}, {AT_PHENT, 32}});
    BOOST_TEST(!p.list().ok()); // 32-bit program headers
    p.auxv = make_auxv({{AT_PHDR, bias + phdr_vaddr}, {AT_PHNUM, 100000}});
    BOOST_TEST(!p.list().ok());
    p.auxv.clear();
    BOOST_TEST(!p.list().ok());
    BOOST_TEST(!read_svr4_library_list(1, MemoryReader{}, p.auxv).ok());
}

BOOST_AUTO_TEST_CASE(endless_list_is_bounded) {
    // Every address is a link_map pointing at the next one: no cycle, never ends.
    FakeProcess p;
    MemoryReader endless = [&p](std::uint64_t addr,
                                std::span<std::uint8_t> out) -> target::Result<std::size_t> {
        if (addr == r_debug_addr) {
            RDebug rd{1, 0, 0x10000000, 0, 0, 0, 0, 0};
            std::memcpy(out.data(), &rd, std::min(out.size(), sizeof rd));
            return std::min(out.size(), sizeof rd);
        }
        if (addr >= 0x10000000 && addr < 0x20000000 && out.size() == sizeof(LinkMap)) {
            LinkMap map{0, 0, 0, addr + 0x100, addr - 0x100};
            std::memcpy(out.data(), &map, sizeof map);
            return out.size();
        }
        return p.memory.reader()(addr, out);
    };
    auto r = read_svr4_library_list(7, endless, p.auxv);
    BOOST_TEST_REQUIRE(!r.ok());
    BOOST_TEST(r.error().code == E2BIG);
}

BOOST_AUTO_TEST_CASE(annex_start_lists_the_tail_without_main_lm) {
    FakeProcess p;
    auto tail = R"(<library-list-svr4 version="1.0">)" + libc_entry + "</library-list-svr4>";
    BOOST_TEST(expect_ok(p.list("lmid=7ffff7ffe118;start=7ffff7f8a000;prev=7ffff7fc3000")) == tail);
    BOOST_TEST(expect_ok(p.list("start=0x7ffff7f8a000;prev=0x7ffff7fc3000;future=x;")) == tail);
    auto other_lmid = expect_ok(p.list("start=7ffff7f8a000;lmid=5"));
    BOOST_TEST(other_lmid.find(R"(lmid="0x5")") != std::string::npos);
    BOOST_TEST(expect_ok(p.list("start=0;prev=7ffff7f8a000")) == empty_list);
    BOOST_TEST(!p.list("start=7ffff7f8a000;prev=7ffff7ffe2e0").ok()); // libc's l_prev is libfoo
    BOOST_TEST(!p.list("start=xyz").ok());
    BOOST_TEST(!p.list("prev=").ok());
}

BOOST_AUTO_TEST_CASE(namespaces_follow_r_next) {
    FakeProcess p;
    std::uint64_t second = 0x7ffff7ff8000, ns_lm = 0x7ffff7ff9000;
    p.memory.put_object(r_debug_addr, RDebug{2, 0, lm0, 0, 0, 0, 0, second});
    p.memory.put_object(second, RDebug{2, 0, ns_lm, 0, 0, 0, 0, 0});
    p.put_link_map(ns_lm, {0x7ffff7a00000, p.string(5, "/opt/libbar.so"), 0x7ffff7a03e00, 0, 0});
    BOOST_TEST(expect_ok(p.list()) ==
               R"(<library-list-svr4 version="1.0" main-lm="0x7ffff7ffe2e0">)" + foo_entry +
                   libc_entry +
                   R"(<library name="/opt/libbar.so" lm="0x7ffff7ff9000" l_addr="0x7ffff7a00000" )"
                   R"(l_ld="0x7ffff7a03e00" lmid="0x7ffff7ff8000"/></library-list-svr4>)");
    p.memory.put_object(second, RDebug{2, 0, 0, 0, 0, 0, 0, r_debug_addr}); // chain loops
    BOOST_TEST(!p.list().ok());
}

BOOST_AUTO_TEST_SUITE_END()
