#pragma once
// MD5 (RFC 1321), for LLDB's vFile:MD5: a module cache key, not a security measure.
#include <array>
#include <cstdint>
#include <span>

namespace target::linux {

class Md5 {
  public:
    void update(std::span<const std::uint8_t> data);
    std::array<std::uint8_t, 16> finish(); // the digest; the object is spent afterwards

  private:
    void block(const std::uint8_t* p);

    std::array<std::uint32_t, 4> state_{0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476};
    std::array<std::uint8_t, 64> pending_{};
    std::size_t pending_size_ = 0;
    std::uint64_t total_ = 0; // bytes
};

} // namespace target::linux
