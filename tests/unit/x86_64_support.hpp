#pragma once
// Helpers for the x86-64 architecture tests: an X86_64Arch for an injected XCR0 and CPUID (so
// the tests mean the same on every machine), and register copies through fake regset buffers.
#include <boost/test/unit_test.hpp>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "arch/x86_64/x86_64_arch.hpp"

namespace x86_64_support {

using arch::Regset;
using arch::RegsetBuffers;
using arch::x86_64::CpuidLeaf;
using arch::x86_64::X86_64Arch;
using arch::x86_64::XsaveLayout;
using Bytes = std::vector<std::uint8_t>;

inline constexpr std::uint64_t xcr0_avx = 0x7;       // x87, SSE, AVX
inline constexpr std::uint64_t xcr0_avx512 = 0xe7;   // + opmask, ZMM_Hi256, Hi16_ZMM
inline constexpr std::uint64_t xcr0_pkeys = 0x207;   // + PKRU
inline constexpr std::uint64_t xcr0_all = 0x2e7;     // AVX-512 and PKRU
inline constexpr std::size_t xsave_bv = 512;         // XSTATE_BV in the XSAVE header

// A fake CPUID answering leaf 0xD from a table of sub-leaves (EAX = size, EBX = offset of
// each component; sub-leaf 0 EBX = image size) and zeros for the sub-leaves it lacks.
inline arch::x86_64::Cpuid leaf_0xd(std::map<unsigned, CpuidLeaf> subleaves) {
    return [subleaves](unsigned leaf, unsigned subleaf) -> std::optional<CpuidLeaf> {
        if (leaf != 0xD) return std::nullopt;
        auto it = subleaves.find(subleaf);
        return it != subleaves.end() ? it->second : CpuidLeaf{};
    };
}

// A CPU with MPX between AVX and AVX-512: the layout Intel server parts report.
inline const arch::x86_64::Cpuid intel_cpuid = leaf_0xd({
    {0, {0x2ff, 2696, 2696, 0}},
    {2, {256, 576, 0, 0}},
    {3, {64, 960, 0, 0}},
    {4, {64, 1024, 0, 0}},
    {5, {64, 1088, 0, 0}},
    {6, {512, 1152, 0, 0}},
    {7, {1024, 1664, 0, 0}},
    {9, {8, 2688, 0, 0}},
});

// A CPU without MPX: AVX-512 follows AVX directly, PKRU follows AVX-512 (AMD Zen 4).
inline const arch::x86_64::Cpuid no_mpx_cpuid = leaf_0xd({
    {0, {0x2e7, 2440, 2440, 0}},
    {2, {256, 576, 0, 0}},
    {5, {64, 832, 0, 0}},
    {6, {512, 896, 0, 0}},
    {7, {1024, 1408, 0, 0}},
    {9, {8, 2432, 0, 0}},
});

inline X86_64Arch make_arch(std::uint64_t xcr0, const arch::x86_64::Cpuid& cpuid = intel_cpuid) {
    auto desc = arch::x86_64::description_for(xcr0);
    BOOST_REQUIRE_MESSAGE(desc.ok(), (desc.ok() ? "" : desc.error().message));
    return X86_64Arch(std::move(*desc), XsaveLayout::probe(xcr0, cpuid));
}

inline int regnum(const arch::Arch& a, const std::string& name) {
    const auto* r = a.description().by_name(name);
    BOOST_REQUIRE_MESSAGE(r != nullptr, "no register " << name);
    return r->regnum;
}

// Regset buffers of the sizes the kernel would fill, all zero.
inline RegsetBuffers buffers(const arch::Arch& a) {
    RegsetBuffers bufs;
    for (const auto& info : a.regsets())
        bufs[static_cast<std::size_t>(info.id)].resize(info.size);
    return bufs;
}

inline std::uint8_t* at(RegsetBuffers& bufs, Regset set, std::size_t offset) {
    return bufs[static_cast<std::size_t>(set)].data() + offset;
}

template <class T> void put(RegsetBuffers& bufs, Regset set, std::size_t offset, T value) {
    std::memcpy(at(bufs, set, offset), &value, sizeof value);
}

template <class T> T get(RegsetBuffers& bufs, Regset set, std::size_t offset) {
    T value;
    std::memcpy(&value, at(bufs, set, offset), sizeof value);
    return value;
}

inline Bytes read(const arch::Arch& a, const std::string& name, const RegsetBuffers& bufs) {
    Bytes out(a.description().by_name(name)->size(), 0xAA);
    BOOST_REQUIRE_MESSAGE(a.read_register(regnum(a, name), bufs, out), "read " << name);
    return out;
}

inline void write(const arch::Arch& a, const std::string& name, RegsetBuffers& bufs,
                  const Bytes& in) {
    BOOST_REQUIRE_MESSAGE(a.write_register(regnum(a, name), bufs, in), "write " << name);
}

inline Bytes le(std::uint64_t v, std::size_t n) {
    Bytes out(n);
    for (std::size_t i = 0; i < n; ++i)
        out[i] = static_cast<std::uint8_t>(v >> (8 * i));
    return out;
}

} // namespace x86_64_support
