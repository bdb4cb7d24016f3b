// The CPU-dependent part of the x86-64 architecture: which description is served for an
// XCR0 value, where AVX-512 and PKRU registers live for the offsets CPUID reports, and the
// XSAVE init-state rule for them. XCR0 and CPUID are injected: these tests mean the same on
// every machine.
#include <boost/test/unit_test.hpp>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "arch/x86_64/x86_64_arch.hpp"
#include "x86_64_support.hpp"

using namespace x86_64_support;
using arch::x86_64::description_for;
using arch::x86_64::root_for;
using arch::x86_64::xcr0_has_avx512;
using arch::x86_64::xcr0_has_pkeys;

namespace {

std::vector<std::string> names(const arch::Description& d) {
    std::vector<std::string> out;
    for (const auto& r : d.registers())
        out.push_back(r.name);
    return out;
}

// name0..name{count-1} with an optional suffix, from `first`.
void add_numbered(std::vector<std::string>& out, const char* prefix, int first, int count,
                  const char* suffix = "") {
    for (int i = first; i < first + count; ++i)
        out.push_back(prefix + std::to_string(i) + suffix);
}

void expect_no_problems(const X86_64Arch& a) {
    for (const auto& p : a.problems())
        BOOST_ERROR(p);
    for (const auto& r : a.description().registers())
        BOOST_TEST(a.binding(r.regnum) != nullptr, r.name);
}

constexpr std::size_t intel_opmask = 1088, intel_zmm_hi256 = 1152, intel_hi16 = 1664,
                      intel_pkru = 2688;

} // namespace

BOOST_AUTO_TEST_SUITE(x86_64_xsave)

BOOST_AUTO_TEST_CASE(root_follows_xcr0) {
    BOOST_TEST(root_for(xcr0_avx) == "target-avx.xml");
    BOOST_TEST(root_for(xcr0_avx512) == "target-avx512.xml");
    BOOST_TEST(root_for(xcr0_pkeys) == "target-pkeys.xml");
    BOOST_TEST(root_for(xcr0_all) == "target-avx512-pkeys.xml");
    BOOST_TEST(root_for(0x27) == "target-avx.xml");  // opmask alone is not AVX-512
    BOOST_TEST(root_for(0x1f) == "target-avx.xml");  // MPX: not described
    BOOST_TEST(root_for(0) == "target-avx.xml");     // no XSAVE at all: as before
    BOOST_TEST(root_for(0x602e7) == "target-avx512-pkeys.xml"); // + AMX tiles: ignored
}

// The chosen root is what gdb gets for "target.xml"; the other roots are not served.
BOOST_AUTO_TEST_CASE(chosen_root_is_served_as_target_xml) {
    auto files = arch::to_file_map(arch::x86_64::embedded_files());
    for (std::uint64_t xcr0 : {xcr0_avx, xcr0_avx512, xcr0_pkeys, xcr0_all}) {
        auto desc = description_for(xcr0);
        BOOST_REQUIRE_MESSAGE(desc.ok(), (desc.ok() ? "" : desc.error().message));
        BOOST_TEST(*desc->file("target.xml") == files.at(root_for(xcr0)));
        for (const char* root : {"target-avx.xml", "target-avx512.xml", "target-pkeys.xml",
                                 "target-avx512-pkeys.xml"})
            BOOST_TEST(!desc->file(root).has_value(), root);
        BOOST_TEST(desc->file("x86_64-avx.xml").has_value());
        bool avx512 = desc->file("target.xml")->find("x86_64-avx512.xml") != std::string::npos;
        bool pkeys = desc->file("target.xml")->find("x86_64-pkeys.xml") != std::string::npos;
        BOOST_TEST(avx512 == xcr0_has_avx512(xcr0));
        BOOST_TEST(pkeys == xcr0_has_pkeys(xcr0));
        BOOST_TEST((desc->by_name("k0") != nullptr) == avx512);
        BOOST_TEST((desc->by_name("pkru") != nullptr) == pkeys);
    }
    BOOST_TEST(description_for(xcr0_avx)->registers().size() == 76u);
    BOOST_TEST(description_for(xcr0_pkeys)->registers().size() == 77u);
}

// Names, numbers and g-packet offsets as gdb 13 numbers them and gdbserver lays them out
// (`maint print remote-registers` against gdbserver on an AVX-512 machine).
BOOST_AUTO_TEST_CASE(avx512_and_pkeys_layout) {
    auto desc = description_for(xcr0_all);
    BOOST_REQUIRE(desc.ok());
    std::vector<std::string> expected = names(*description_for(xcr0_avx));
    add_numbered(expected, "xmm", 16, 16);
    add_numbered(expected, "ymm", 16, 16, "h");
    add_numbered(expected, "k", 0, 8);
    add_numbered(expected, "zmm", 0, 32, "h");
    expected.push_back("pkru");
    BOOST_TEST(names(*desc) == expected, boost::test_tools::per_element());

    auto reg = [&](const char* n) { return desc->by_name(n); };
    BOOST_TEST(reg("xmm16")->regnum == 76);
    BOOST_TEST(reg("xmm16")->offset == 816u);
    BOOST_TEST(reg("xmm16")->type == "vec128");
    BOOST_TEST(reg("xmm16")->dwarf_regnum == 67);
    BOOST_TEST(reg("ymm16h")->regnum == 92);
    BOOST_TEST(reg("ymm16h")->offset == 1072u);
    BOOST_TEST(reg("k0")->regnum == 108);
    BOOST_TEST(reg("k0")->offset == 1328u);
    BOOST_TEST(reg("k0")->bitsize == 64);
    BOOST_TEST(reg("k7")->dwarf_regnum == 125);
    BOOST_TEST(reg("zmm0h")->regnum == 116);
    BOOST_TEST(reg("zmm0h")->offset == 1392u);
    BOOST_TEST(reg("zmm0h")->bitsize == 256);
    BOOST_TEST(reg("zmm31h")->regnum == 147);
    BOOST_TEST(reg("pkru")->regnum == 148);
    BOOST_TEST(reg("pkru")->offset == 2416u);
    BOOST_TEST(reg("pkru")->bitsize == 32);
    BOOST_TEST(desc->g_packet_size() == 2420u);
    BOOST_TEST(description_for(xcr0_avx512)->g_packet_size() == 2416u);
    // Without AVX-512, pkru directly follows the AVX registers.
    BOOST_TEST(description_for(xcr0_pkeys)->by_name("pkru")->regnum == 76);
    BOOST_TEST(description_for(xcr0_pkeys)->by_name("pkru")->offset == 816u);
}

BOOST_AUTO_TEST_CASE(every_register_bound_for_every_root) {
    for (std::uint64_t xcr0 : {xcr0_avx, xcr0_avx512, xcr0_pkeys, xcr0_all}) {
        BOOST_TEST_CONTEXT("xcr0 " << std::hex << xcr0) {
            expect_no_problems(make_arch(xcr0));
            expect_no_problems(make_arch(xcr0, no_mpx_cpuid));
        }
    }
}

BOOST_AUTO_TEST_CASE(offsets_come_from_cpuid) {
    auto intel = XsaveLayout::probe(xcr0_all, intel_cpuid);
    BOOST_TEST(intel.xcr0 == xcr0_all);
    BOOST_TEST(intel.image_size == 2696u);
    BOOST_TEST(intel.offset(arch::x86_64::xsave_avx) == 576u);
    BOOST_TEST(intel.offset(arch::x86_64::xsave_opmask) == intel_opmask);
    BOOST_TEST(intel.offset(arch::x86_64::xsave_hi16_zmm) == intel_hi16);
    BOOST_TEST(intel.offset(arch::x86_64::xsave_pkru) == intel_pkru);
    // MPX (components 3, 4) enabled in XCR0 is located too but describes nothing.
    BOOST_TEST(XsaveLayout::probe(0x1f, intel_cpuid).offsets[3] == 960u);

    // The same register, somewhere else on a CPU without MPX.
    auto a = make_arch(xcr0_avx512);
    auto b = make_arch(xcr0_avx512, no_mpx_cpuid);
    BOOST_TEST(a.binding(regnum(a, "k1"))->offset == intel_opmask + 8);
    BOOST_TEST(b.binding(regnum(b, "k1"))->offset == 832u + 8);
    BOOST_TEST(b.binding(regnum(b, "zmm2h"))->offset == 896u + 64);
    BOOST_TEST(b.binding(regnum(b, "xmm17"))->offset == 1408u + 64);
    BOOST_TEST(b.binding(regnum(b, "ymm17h"))->offset == 1408u + 64 + 16);
    BOOST_TEST(b.binding(regnum(b, "zmm17h"))->offset == 1408u + 64 + 32);
    BOOST_TEST(b.binding(regnum(b, "zmm17h"))->size == 32u);
    BOOST_TEST(b.regsets()[2].size == 4096u);
}

// A component XCR0 enables but CPUID cannot place is left out, and so are its registers: a
// description naming them then reports them unbound.
BOOST_AUTO_TEST_CASE(unplaced_component_is_disabled) {
    auto no_hi16 = leaf_0xd({{0, {0xe7, 1664, 1664, 0}},
                             {2, {256, 576, 0, 0}},
                             {5, {64, 1088, 0, 0}},
                             {6, {512, 1152, 0, 0}}});
    auto layout = XsaveLayout::probe(xcr0_avx512, no_hi16);
    BOOST_TEST(layout.xcr0 == 0x67u);
    BOOST_TEST(!xcr0_has_avx512(layout.xcr0));
    BOOST_TEST(XsaveLayout::probe(xcr0_avx512, [](unsigned, unsigned) {
                   return std::optional<CpuidLeaf>{};
               }).xcr0 == 3u);

    X86_64Arch mismatch(*description_for(xcr0_avx512), layout);
    BOOST_TEST(mismatch.problems().size() == 48u); // xmm16-31, ymm16h-31h, zmm16h-31h
    BOOST_TEST(mismatch.binding(regnum(mismatch, "xmm16")) == nullptr);
    BOOST_TEST(mismatch.binding(regnum(mismatch, "k0")) != nullptr);
}

BOOST_AUTO_TEST_CASE(opmask_and_zmm_round_trip) {
    auto a = make_arch(xcr0_all);
    auto bufs = buffers(a);
    auto bv = [&] { return get<std::uint16_t>(bufs, Regset::xstate, xsave_bv); };
    put<std::uint16_t>(bufs, Regset::xstate, xsave_bv, 0xe7);

    put<std::uint64_t>(bufs, Regset::xstate, intel_opmask + 8, 0xa5a5);
    BOOST_TEST(read(a, "k1", bufs) == le(0xa5a5, 8));
    write(a, "k7", bufs, le(0x8000000000000001, 8));
    BOOST_TEST(get<std::uint64_t>(bufs, Regset::xstate, intel_opmask + 56) == 0x8000000000000001);

    Bytes upper(32);
    for (std::size_t i = 0; i < upper.size(); ++i)
        upper[i] = static_cast<std::uint8_t>(i + 1);
    write(a, "zmm3h", bufs, upper);
    BOOST_TEST(*at(bufs, Regset::xstate, intel_zmm_hi256 + 3 * 32) == 1);
    BOOST_TEST(read(a, "zmm3h", bufs) == upper);

    // zmm20 is one 64-byte slot of Hi16_ZMM, in three named pieces.
    std::size_t zmm20 = intel_hi16 + 4 * 64;
    write(a, "xmm20", bufs, Bytes(16, 0x11));
    write(a, "ymm20h", bufs, Bytes(16, 0x22));
    write(a, "zmm20h", bufs, upper);
    BOOST_TEST(*at(bufs, Regset::xstate, zmm20) == 0x11);
    BOOST_TEST(*at(bufs, Regset::xstate, zmm20 + 15) == 0x11);
    BOOST_TEST(*at(bufs, Regset::xstate, zmm20 + 16) == 0x22);
    BOOST_TEST(*at(bufs, Regset::xstate, zmm20 + 32) == 1);
    BOOST_TEST(*at(bufs, Regset::xstate, zmm20 + 63) == 32);
    BOOST_TEST(*at(bufs, Regset::xstate, zmm20 + 64) == 0); // zmm21 untouched
    BOOST_TEST(bv() == 0xe7);
}

// Reads of a component in its init state give zeros, whatever stale bytes the buffer holds;
// a write zeroes the rest of that component and marks it in use, and no other.
BOOST_AUTO_TEST_CASE(avx512_components_follow_xsave_init_state) {
    auto a = make_arch(xcr0_all);
    auto bufs = buffers(a);
    auto bv = [&] { return get<std::uint16_t>(bufs, Regset::xstate, xsave_bv); };
    std::memset(at(bufs, Regset::xstate, intel_opmask), 0x5a, 2696 - intel_opmask);
    put<std::uint16_t>(bufs, Regset::xstate, xsave_bv, 0x3); // x87 and SSE only

    BOOST_TEST(read(a, "k2", bufs) == Bytes(8, 0));
    BOOST_TEST(read(a, "zmm0h", bufs) == Bytes(32, 0));
    BOOST_TEST(read(a, "xmm31", bufs) == Bytes(16, 0));
    BOOST_TEST(read(a, "pkru", bufs) == Bytes(4, 0));

    write(a, "ymm18h", bufs, Bytes(16, 0x77));
    BOOST_TEST(bv() == (0x3 | 0x80)); // Hi16_ZMM only
    BOOST_TEST(read(a, "ymm18h", bufs) == Bytes(16, 0x77));
    BOOST_TEST(read(a, "xmm18", bufs) == Bytes(16, 0)); // same slot, zeroed on waking
    BOOST_TEST(read(a, "zmm31h", bufs) == Bytes(32, 0));
    BOOST_TEST(read(a, "k2", bufs) == Bytes(8, 0)); // still in init state
    BOOST_TEST(*at(bufs, Regset::xstate, intel_opmask + 16) == 0x5a); // and left alone

    write(a, "k2", bufs, le(0xff, 8));
    BOOST_TEST(bv() == (0x3 | 0x80 | 0x20));
    BOOST_TEST(get<std::uint64_t>(bufs, Regset::xstate, intel_opmask) == 0u); // k0 zeroed
    BOOST_TEST(read(a, "k2", bufs) == le(0xff, 8));
}

BOOST_AUTO_TEST_CASE(pkru_round_trip) {
    for (std::uint64_t xcr0 : {xcr0_pkeys, xcr0_all}) {
        auto a = make_arch(xcr0);
        auto bufs = buffers(a);
        put<std::uint16_t>(bufs, Regset::xstate, xsave_bv, 0x207);
        put<std::uint32_t>(bufs, Regset::xstate, intel_pkru, 0x55555554);
        BOOST_TEST(read(a, "pkru", bufs) == le(0x55555554, 4));
        write(a, "pkru", bufs, le(0x0000000c, 4));
        BOOST_TEST(get<std::uint32_t>(bufs, Regset::xstate, intel_pkru) == 0xcu);
        BOOST_TEST(*at(bufs, Regset::xstate, intel_pkru + 4) == 0); // padding untouched
    }
}

BOOST_AUTO_TEST_SUITE_END()
