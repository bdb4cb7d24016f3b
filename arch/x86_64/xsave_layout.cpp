#include "arch/x86_64/xsave_layout.hpp"

#include <cpuid.h>

namespace arch::x86_64 {
namespace {

constexpr unsigned xsave_leaf = 0xD;
// The legacy FXSAVE area (512 bytes) and the XSAVE header (64) come first; every extended
// component lies beyond them.
constexpr std::size_t xsave_extended_start = 576;
constexpr unsigned osxsave_bit = 27; // CPUID.1:ECX: the OS has set CR4.OSXSAVE

} // namespace

XsaveLayout XsaveLayout::probe(std::uint64_t xcr0, const Cpuid& cpuid) {
    XsaveLayout layout;
    layout.xcr0 = xcr0 & 3; // x87 and SSE: fixed places in the legacy area
    if (auto main = cpuid(xsave_leaf, 0)) layout.image_size = main->ebx;
    for (int c = 2; c < xsave_component_count; ++c) {
        if (!((xcr0 >> c) & 1)) continue;
        // Sub-leaf c: EAX = the component's size, EBX = its offset in the standard format.
        // A component the CPU gives no sensible place is left disabled.
        auto leaf = cpuid(xsave_leaf, static_cast<unsigned>(c));
        if (!leaf || leaf->eax == 0 || leaf->ebx < xsave_extended_start) continue;
        layout.offsets[static_cast<std::size_t>(c)] = leaf->ebx;
        layout.xcr0 |= std::uint64_t{1} << c;
    }
    return layout;
}

std::optional<CpuidLeaf> host_cpuid(unsigned leaf, unsigned subleaf) {
    CpuidLeaf r;
    if (!__get_cpuid_count(leaf, subleaf, &r.eax, &r.ebx, &r.ecx, &r.edx)) return std::nullopt;
    return r;
}

std::uint64_t host_xcr0() {
    auto features = host_cpuid(1, 0);
    if (!features || !((features->ecx >> osxsave_bit) & 1)) return 0; // XGETBV would fault
    std::uint32_t lo = 0, hi = 0;
    // XGETBV with ECX = 0 reads XCR0. Spelled as asm: the intrinsic needs -mxsave.
    __asm__("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    return (std::uint64_t{hi} << 32) | lo;
}

const XsaveLayout& host_xsave_layout() {
    static const XsaveLayout layout = XsaveLayout::probe(host_xcr0(), host_cpuid);
    return layout;
}

} // namespace arch::x86_64
