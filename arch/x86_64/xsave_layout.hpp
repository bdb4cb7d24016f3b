#pragma once
// What this CPU says about its XSAVE state (Intel SDM vol. 1, chapter 13): which state
// components the OS enabled (XCR0), and where each one sits in the standard (non-compacted)
// image that PTRACE_GETREGSET / SETREGSET of NT_X86_XSTATE exchange. The offsets differ
// between CPUs (a CPU without MPX puts the AVX-512 opmask at 832, one with it at 1088), so
// they are asked of CPUID once at startup, never assumed. Injectable for the unit tests.
#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>

namespace arch::x86_64 {

// XSAVE state components (bit numbers of XCR0 and XSTATE_BV) holding registers we describe.
enum XsaveComponent : int {
    xsave_avx = 2,       // YMM_Hi128: bits 255:128 of ymm0-15
    xsave_opmask = 5,    // k0-k7
    xsave_zmm_hi256 = 6, // bits 511:256 of zmm0-15
    xsave_hi16_zmm = 7,  // zmm16-31, all 512 bits
    xsave_pkru = 9,      // PKRU
};
inline constexpr int xsave_component_count = 10; // components 0..9

inline constexpr std::uint64_t xcr0_avx512 = (1u << xsave_opmask) | (1u << xsave_zmm_hi256) |
                                             (1u << xsave_hi16_zmm);
inline constexpr std::uint64_t xcr0_pkru = 1u << xsave_pkru;
// AVX-512 takes all three of its components (the OS enables them together).
constexpr bool xcr0_has_avx512(std::uint64_t xcr0) {
    return (xcr0 & xcr0_avx512) == xcr0_avx512;
}
constexpr bool xcr0_has_pkeys(std::uint64_t xcr0) {
    return (xcr0 & xcr0_pkru) != 0;
}

struct CpuidLeaf {
    std::uint32_t eax = 0, ebx = 0, ecx = 0, edx = 0;
};
// CPUID(leaf, subleaf); nullopt when the CPU has no such leaf.
using Cpuid = std::function<std::optional<CpuidLeaf>(unsigned leaf, unsigned subleaf)>;

struct XsaveLayout {
    // Enabled components: XCR0, less any component CPUID gives no place in the image.
    std::uint64_t xcr0 = 0;
    // Size of the standard-format image for the enabled components (CPUID 0xD.0 EBX).
    std::size_t image_size = 0;
    // Byte offset of each component in the image (CPUID 0xD.i EBX); 0 when not enabled.
    std::array<std::size_t, xsave_component_count> offsets{};

    bool enabled(XsaveComponent c) const { return (xcr0 >> c) & 1; }
    std::size_t offset(XsaveComponent c) const { return offsets[static_cast<std::size_t>(c)]; }

    // The layout for an OS that enabled xcr0, with offsets from cpuid.
    static XsaveLayout probe(std::uint64_t xcr0, const Cpuid& cpuid);
};

// The real CPUID instruction.
std::optional<CpuidLeaf> host_cpuid(unsigned leaf, unsigned subleaf);
// XGETBV(0); 0 when the OS has not enabled XSAVE (CPUID.1:ECX.OSXSAVE clear).
std::uint64_t host_xcr0();
// This machine's layout, probed on first use.
const XsaveLayout& host_xsave_layout();

} // namespace arch::x86_64
