#pragma once
// The CRC gdb's qCRC packet carries (and `compare-sections` checks): CRC-32 with polynomial
// 0x04c11db7, most significant bit first, no final xor (the "CRC-32/MPEG-2" variant), seeded
// with 0xffffffff for a whole range and fed chunk by chunk.
#include <cstdint>
#include <span>

namespace rsp {

inline constexpr std::uint32_t crc32_seed = 0xffffffff;

std::uint32_t crc32_update(std::uint32_t crc, std::span<const std::uint8_t> bytes);

} // namespace rsp
