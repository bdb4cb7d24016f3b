#include "rsp/crc32.hpp"

#include <boost/crc.hpp>

namespace rsp {

std::uint32_t crc32_update(std::uint32_t crc, std::span<const std::uint8_t> bytes) {
    // Boost.CRC's engine for CRC-32/MPEG-2, resumed from crc: no reflection, no final xor.
    boost::crc_optimal<32, 0x04c11db7, 0, 0, false, false> engine(crc);
    engine.process_bytes(bytes.data(), bytes.size());
    return engine.checksum();
}

} // namespace rsp
