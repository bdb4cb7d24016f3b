// qCRC: gdb's CRC-32 (polynomial 0x04c11db7, MSB first, seed 0xffffffff, no final xor) and
// the packet over the fake target's memory.
#include <boost/test/unit_test.hpp>

#include <string_view>

#include "rsp/crc32.hpp"
#include "transcript.hpp"

BOOST_AUTO_TEST_SUITE(memory_checksum)

BOOST_AUTO_TEST_CASE(crc32_mpeg2_check_value) {
    std::string_view check = "123456789";
    std::span bytes(reinterpret_cast<const std::uint8_t*>(check.data()), check.size());
    BOOST_TEST(rsp::crc32_update(rsp::crc32_seed, bytes) == 0x0376e6e7u);
    // Chunk by chunk gives the same value as all at once.
    BOOST_TEST(rsp::crc32_update(rsp::crc32_update(rsp::crc32_seed, bytes.first(4)), bytes.subspan(4)) ==
               0x0376e6e7u);
    BOOST_TEST(rsp::crc32_update(rsp::crc32_seed, {}) == rsp::crc32_seed);
}

BOOST_AUTO_TEST_CASE(qcrc_of_memory_and_faults) {
    test::Transcript t;
    BOOST_TEST(t.reply("qCRC:1000,10") == "Ca97aff4d"); // bytes 00 01 .. 0f
    BOOST_TEST(t.reply("qCRC:1000,0") == "Cffffffff");
    BOOST_TEST(t.reply("qCRC:1ff0,20") == "E01"); // runs past the end of the mapping
    BOOST_TEST(t.reply("qCRC:0,4") == "E01");
    BOOST_TEST(t.reply("qCRC:1000") == "E16");
    BOOST_TEST(t.reply("qCRC:zz,4") == "E16");
    BOOST_TEST(t.reply("qCRC:ffffffffffffffff,2") == "E16");
    BOOST_TEST(t.reply("qC") == "QC10"); // still qC, not a qCRC
}

BOOST_AUTO_TEST_SUITE_END()
