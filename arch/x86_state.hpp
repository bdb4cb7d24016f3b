#pragma once
// Facts about the x86 FXSAVE and XSAVE images (Intel SDM vol. 1, 10.5.1 and 13.4) that the
// generic register copy needs: the abridged x87 tag word and the XSAVE component bits.
// Shared by every x86 architecture folder (i386 and x86_64 store the same images).
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

namespace arch::x86 {

inline constexpr std::size_t fxsave_fsw_offset = 2; // x87 status word (TOP in bits 11-13)
inline constexpr std::size_t fxsave_ftw_offset = 4; // abridged tag: 1 bit per physical register
inline constexpr std::size_t fxsave_st_offset = 32; // ST(0)..ST(7), 16 bytes apart, 10 used
inline constexpr std::size_t fxsave_st_end = fxsave_st_offset + 8 * 16;
inline constexpr std::size_t xsave_xstate_bv_offset = 512; // first field of the XSAVE header

// Full x87 tag word (2 bits per physical register: 0 valid, 1 zero, 2 special, 3 empty) from
// an FXSAVE image, which keeps only "empty or not": the kind is recomputed from the register
// contents. nullopt if the image is shorter than the st registers' end.
std::optional<std::uint16_t> full_tag_word(std::span<const std::uint8_t> fxsave);
// Abridged tag byte for a full tag word: bit i set unless physical register i is empty (3).
std::uint8_t abridged_tag_word(std::uint16_t full);

// XSTATE_BV bit `component` of an XSAVE image: clear means the component is in its init
// state (all zeros for AVX) and its save area holds no meaningful bytes.
bool xsave_component_in_use(std::span<const std::uint8_t> xsave, int component);
void set_xsave_component_in_use(std::span<std::uint8_t> xsave, int component);

} // namespace arch::x86
