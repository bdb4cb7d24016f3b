// qGetTLSAddr: glibc's x86-64 TLS walk over a fake memory, and the qSymbol conversation that
// finds the descriptor it starts from.
#include <boost/test/unit_test.hpp>

#include <cerrno>
#include <map>

#include "rsp/codec.hpp"
#include "rsp/tls_address.hpp"
#include "transcript.hpp"

namespace {

struct FakeWords {
    std::map<std::uint64_t, std::uint64_t> words;
    rsp::ReadWord reader() {
        return [this](std::uint64_t addr) -> target::Result<std::uint64_t> {
            auto it = words.find(addr);
            if (it == words.end()) return target::make_error(EFAULT, "unmapped");
            return it->second;
        };
    }
};

// The layout of Debian 12's glibc: l_tls_modid at 1152 in link_map, dtv at fs_base + 8.
FakeWords glibc_like(std::uint64_t block_of_module_2) {
    FakeWords m;
    m.words[0x5000] = std::uint64_t{1} << 32 | 64; // {bits 64, count 1}
    m.words[0x5008] = 1152;                        // {offset 1152, ...}
    m.words[0x9000 + 1152] = 2;                    // the module's l_tls_modid
    m.words[0x7000 + 8] = 0x8000;                  // tcbhead_t.dtv
    m.words[0x8000 + 2 * 16] = block_of_module_2;  // dtv[2].val
    return m;
}

} // namespace

BOOST_AUTO_TEST_SUITE(thread_local_storage)

BOOST_AUTO_TEST_CASE(dtv_entry_of_the_modules_id_plus_offset) {
    auto m = glibc_like(0x7ffff7dcf680);
    auto address = rsp::tls_address({0x7000, 0x5000, 0x9000, 0x10}, m.reader());
    BOOST_REQUIRE(address.ok());
    BOOST_TEST(*address == 0x7ffff7dcf690u);
}

BOOST_AUTO_TEST_CASE(unallocated_blocks_and_bad_layouts_are_errors) {
    auto unallocated = glibc_like(~std::uint64_t{0});
    auto r = rsp::tls_address({0x7000, 0x5000, 0x9000, 0x10}, unallocated.reader());
    BOOST_TEST((!r.ok() && r.error().code == ENOENT));
    auto no_tls = glibc_like(0x1000);
    no_tls.words[0x9000 + 1152] = 0; // a module without PT_TLS has id 0
    BOOST_TEST(!rsp::tls_address({0x7000, 0x5000, 0x9000, 0}, no_tls.reader()).ok());
    auto narrow = glibc_like(0x1000);
    narrow.words[0x5000] = std::uint64_t{1} << 32 | 32; // not the 64-bit field we read
    BOOST_TEST(!rsp::tls_address({0x7000, 0x5000, 0x9000, 0}, narrow.reader()).ok());
    auto unmapped = glibc_like(0x1000);
    BOOST_TEST(!rsp::tls_address({0x7100, 0x5000, 0x9000, 0}, unmapped.reader()).ok());
}

BOOST_AUTO_TEST_CASE(qsymbol_asks_for_the_descriptor_and_qgettlsaddr_needs_it) {
    test::Transcript t;
    std::string name = rsp::to_hex(std::string_view("_thread_db_link_map_l_tls_modid"));
    // Not known yet: an error, never a guess.
    BOOST_TEST(t.reply("qGetTLSAddr:10,10,9000") == "E02");
    BOOST_TEST(t.reply("qSymbol::") == "qSymbol:" + name);
    BOOST_TEST(t.reply("qSymbol:5000:" + name) == "OK");
    // The fake target has no fs_base register: the walk cannot start.
    BOOST_TEST(t.reply("qGetTLSAddr:10,10,9000") == "E26");
    BOOST_TEST(t.reply("qGetTLSAddr:10,10") == "E16");
    BOOST_TEST(t.reply("qGetTLSAddr:zz,10,9000") == "E16");
    BOOST_TEST(t.reply("qGetTLSAddr:999,10,9000") == "E03");
    // gdb lost the symbol (exec): back to unknown.
    BOOST_TEST(t.reply("qSymbol::" + name) == "OK");
    BOOST_TEST(t.reply("qGetTLSAddr:10,10,9000") == "E02");
}

BOOST_AUTO_TEST_SUITE_END()
