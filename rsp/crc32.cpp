#include "rsp/crc32.hpp"

#include <array>

namespace rsp {
namespace {

constexpr std::array<std::uint32_t, 256> make_table() {
    std::array<std::uint32_t, 256> table{};
    for (std::uint32_t i = 0; i < 256; ++i) {
        std::uint32_t c = i << 24;
        for (int bit = 0; bit < 8; ++bit) c = c & 0x80000000 ? (c << 1) ^ 0x04c11db7 : c << 1;
        table[i] = c;
    }
    return table;
}

constexpr auto table = make_table();

} // namespace

std::uint32_t crc32_update(std::uint32_t crc, std::span<const std::uint8_t> bytes) {
    for (std::uint8_t b : bytes) crc = (crc << 8) ^ table[((crc >> 24) ^ b) & 0xff];
    return crc;
}

} // namespace rsp
