#include "arch/x86_state.hpp"

namespace arch::x86 {
namespace {

enum Tag : unsigned { valid = 0, zero = 1, special = 2, empty = 3 };

// Kind of an 80-bit extended value (SDM vol. 1, table 8-3 and 4.8.3): what FSTENV would report.
Tag classify(std::span<const std::uint8_t, 10> v) {
    std::uint64_t mantissa = 0;
    for (int i = 7; i >= 0; --i)
        mantissa = (mantissa << 8) | v[i];
    unsigned exponent = (v[8] | (v[9] << 8)) & 0x7fffu;
    bool integer_bit = (mantissa >> 63) != 0;
    if (exponent == 0x7fff) return special;                   // infinity, NaN
    if (exponent == 0) return mantissa == 0 ? zero : special; // zero; (pseudo-)denormal
    return integer_bit ? valid : special;                     // normal; unnormal
}

} // namespace

std::optional<std::uint16_t> full_tag_word(std::span<const std::uint8_t> fxsave) {
    if (fxsave.size() < fxsave_st_end) return std::nullopt;
    unsigned fsw = fxsave[fxsave_fsw_offset] | (fxsave[fxsave_fsw_offset + 1] << 8);
    unsigned top = (fsw >> 11) & 7;
    std::uint8_t abridged = fxsave[fxsave_ftw_offset];
    std::uint16_t full = 0;
    // Tags are indexed by physical register; the image stores registers in stack order,
    // ST(i) being physical register (TOP + i) mod 8.
    for (unsigned phys = 0; phys < 8; ++phys) {
        unsigned tag = empty;
        if (abridged & (1u << phys)) {
            unsigned st = (phys - top) & 7;
            tag = classify(fxsave.subspan(fxsave_st_offset + 16 * st).first<10>());
        }
        full |= static_cast<std::uint16_t>(tag << (2 * phys));
    }
    return full;
}

std::uint8_t abridged_tag_word(std::uint16_t full) {
    std::uint8_t abridged = 0;
    for (unsigned phys = 0; phys < 8; ++phys)
        if (((full >> (2 * phys)) & 3) != empty) abridged |= static_cast<std::uint8_t>(1u << phys);
    return abridged;
}

bool xsave_component_in_use(std::span<const std::uint8_t> xsave, int component) {
    std::size_t byte = xsave_xstate_bv_offset + static_cast<std::size_t>(component) / 8;
    return byte < xsave.size() && (xsave[byte] >> (component % 8)) & 1;
}

void set_xsave_component_in_use(std::span<std::uint8_t> xsave, int component) {
    std::size_t byte = xsave_xstate_bv_offset + static_cast<std::size_t>(component) / 8;
    if (byte < xsave.size()) xsave[byte] |= static_cast<std::uint8_t>(1u << (component % 8));
}

} // namespace arch::x86
