#include "target/linux/md5.hpp"

#include <cmath>
#include <cstring>

namespace target::linux {
namespace {

// RFC 1321 section 3.4: T[i] = floor(2^32 * |sin(i + 1)|), i in 0..63.
const std::array<std::uint32_t, 64>& sine_table() {
    static const std::array<std::uint32_t, 64> table = [] {
        std::array<std::uint32_t, 64> t{};
        for (int i = 0; i < 64; ++i)
            t[i] = static_cast<std::uint32_t>(std::floor(std::fabs(std::sin(i + 1.0)) * 4294967296.0));
        return t;
    }();
    return table;
}

constexpr int shifts[4][4] = {{7, 12, 17, 22}, {5, 9, 14, 20}, {4, 11, 16, 23}, {6, 10, 15, 21}};

std::uint32_t rotl(std::uint32_t x, int n) {
    return (x << n) | (x >> (32 - n));
}

std::uint32_t little_endian_word(const std::uint8_t* p) {
    return std::uint32_t(p[0]) | std::uint32_t(p[1]) << 8 | std::uint32_t(p[2]) << 16 |
           std::uint32_t(p[3]) << 24;
}

} // namespace

void Md5::block(const std::uint8_t* p) {
    std::uint32_t x[16];
    for (int i = 0; i < 16; ++i) x[i] = little_endian_word(p + 4 * i);
    auto [a, b, c, d] = state_;
    const auto& t = sine_table();
    for (int i = 0; i < 64; ++i) {
        int round = i / 16;
        std::uint32_t f;
        int k;
        switch (round) {
        case 0: f = (b & c) | (~b & d); k = i; break;
        case 1: f = (b & d) | (c & ~d); k = (5 * i + 1) % 16; break;
        case 2: f = b ^ c ^ d; k = (3 * i + 5) % 16; break;
        default: f = c ^ (b | ~d); k = (7 * i) % 16; break;
        }
        std::uint32_t next = b + rotl(a + f + x[k] + t[i], shifts[round][i % 4]);
        a = d;
        d = c;
        c = b;
        b = next;
    }
    state_[0] += a;
    state_[1] += b;
    state_[2] += c;
    state_[3] += d;
}

void Md5::update(std::span<const std::uint8_t> data) {
    total_ += data.size();
    for (std::uint8_t byte : data) {
        pending_[pending_size_++] = byte;
        if (pending_size_ == pending_.size()) {
            block(pending_.data());
            pending_size_ = 0;
        }
    }
}

std::array<std::uint8_t, 16> Md5::finish() {
    std::uint64_t bits = total_ * 8;
    const std::uint8_t one = 0x80, zero = 0;
    update({&one, 1});
    while (pending_size_ != 56) update({&zero, 1});
    std::uint8_t length[8];
    for (int i = 0; i < 8; ++i) length[i] = static_cast<std::uint8_t>(bits >> (8 * i));
    update(length);
    std::array<std::uint8_t, 16> digest{};
    for (int i = 0; i < 4; ++i)
        for (int j = 0; j < 4; ++j) digest[4 * i + j] = static_cast<std::uint8_t>(state_[i] >> (8 * j));
    return digest;
}

} // namespace target::linux
