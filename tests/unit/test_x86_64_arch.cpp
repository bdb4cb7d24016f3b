// The x86-64 architecture: the embedded description's layout (what gdb's g packet expects),
// the binding table against it, and the register copy through fake regset buffers.
#include <boost/test/unit_test.hpp>

#include <cstddef>
#include <cstdint>
#include <elf.h>
#include <string>
#include <sys/user.h>
#include <vector>

#include "arch/x86_64/x86_64_arch.hpp"
#include "arch/x86_state.hpp"
#include "x86_64_support.hpp"

using namespace x86_64_support;

namespace {

// The AVX-only description on a CPU with the usual offsets, whatever this machine has; the
// AVX-512 and PKRU descriptions have their own tests (test_x86_64_xsave.cpp).
const X86_64Arch& x86() {
    static const X86_64Arch avx = make_arch(xcr0_avx);
    return avx;
}

int regnum(const std::string& name) {
    return x86_64_support::regnum(x86(), name);
}

RegsetBuffers buffers() {
    return x86_64_support::buffers(x86());
}

Bytes read(const std::string& name, const RegsetBuffers& bufs) {
    return x86_64_support::read(x86(), name, bufs);
}

void write(const std::string& name, RegsetBuffers& bufs, const Bytes& in) {
    x86_64_support::write(x86(), name, bufs, in);
}

constexpr std::size_t fp_st0 = offsetof(user_fpregs_struct, st_space);

} // namespace

BOOST_AUTO_TEST_SUITE(x86_64_arch)

BOOST_AUTO_TEST_CASE(embedded_description_parses) {
    auto desc = arch::x86_64::description_for(xcr0_avx);
    BOOST_REQUIRE_MESSAGE(desc.ok(), (desc.ok() ? "" : desc.error().message));
    BOOST_TEST(desc->architecture() == "i386:x86-64");
    BOOST_TEST(desc->osabi() == "GNU/Linux");
    for (const char* f : {"target.xml", "x86_64-core.xml", "x86_64-sse.xml", "x86_64-linux.xml",
                          "x86_64-segments.xml", "x86_64-avx.xml"})
        BOOST_TEST(desc->file(f).has_value(), f);
    BOOST_TEST(desc->file("target.xml")->find("<architecture>i386:x86-64</architecture>") !=
               std::string_view::npos);
}

// gdb numbers registers in XML order and reads g packets in that order: this is the contract.
BOOST_AUTO_TEST_CASE(register_layout_matches_gdb_amd64_linux) {
    std::vector<std::string> names = {"rax", "rbx",    "rcx", "rdx", "rsi", "rdi", "rbp", "rsp",
                                      "r8",  "r9",     "r10", "r11", "r12", "r13", "r14", "r15",
                                      "rip", "eflags", "cs",  "ss",  "ds",  "es",  "fs",  "gs"};
    for (int i = 0; i < 8; ++i)
        names.push_back("st" + std::to_string(i));
    for (const char* n : {"fctrl", "fstat", "ftag", "fiseg", "fioff", "foseg", "fooff", "fop"})
        names.push_back(n);
    for (int i = 0; i < 16; ++i)
        names.push_back("xmm" + std::to_string(i));
    for (const char* n : {"mxcsr", "orig_rax", "fs_base", "gs_base"})
        names.push_back(n);
    for (int i = 0; i < 16; ++i)
        names.push_back("ymm" + std::to_string(i) + "h");

    const auto& regs = x86().description().registers();
    BOOST_REQUIRE_EQUAL(regs.size(), 76u);
    std::size_t offset = 0;
    for (std::size_t i = 0; i < regs.size(); ++i) {
        BOOST_TEST(regs[i].name == names[i]);
        BOOST_TEST(regs[i].regnum == static_cast<int>(i));
        BOOST_TEST(regs[i].offset == offset);
        int bits = i < 16 || i == 16 || (i >= 57 && i <= 59) ? 64
                   : i < 24                                  ? 32
                   : i < 32                                  ? 80
                   : i < 40                                  ? 32
                   : i < 56                                  ? 128
                   : i == 56                                 ? 32
                                                             : 128;
        BOOST_TEST(regs[i].bitsize == bits, regs[i].name);
        offset += static_cast<std::size_t>(bits / 8);
    }
    const auto& d = x86().description();
    BOOST_TEST(d.by_name("rip")->regnum == 16);
    BOOST_TEST(d.by_name("rip")->offset == 128u);
    BOOST_TEST(d.by_name("st0")->offset == 164u);
    BOOST_TEST(d.by_name("xmm0")->offset == 276u);
    BOOST_TEST(d.by_name("orig_rax")->offset == 536u);
    BOOST_TEST(d.by_name("ymm0h")->offset == 560u);
    BOOST_TEST(d.g_packet_size() == 816u);
    BOOST_TEST(d.pc()->name == "rip");
    BOOST_TEST(d.sp()->name == "rsp");
    BOOST_TEST(d.fp()->name == "rbp");
    BOOST_TEST(d.by_generic("arg1")->name == "rdi");
    BOOST_TEST(d.by_generic("arg6")->name == "r9");
    BOOST_TEST(d.by_generic("flags")->name == "eflags");
    BOOST_TEST(d.by_name("rdx")->dwarf_regnum == 1);
    BOOST_TEST(d.by_name("xmm15")->dwarf_regnum == 32);
    BOOST_TEST(d.by_name("st7")->dwarf_regnum == 40);
}

BOOST_AUTO_TEST_CASE(every_register_bound) {
    for (const auto& p : x86().problems())
        BOOST_ERROR(p);
    for (const auto& r : x86().description().registers())
        BOOST_TEST(x86().binding(r.regnum) != nullptr, r.name);
    BOOST_TEST(x86().binding(76) == nullptr);
}

// Whatever this machine's CPU is, the description rspd serves and its bindings agree.
BOOST_AUTO_TEST_CASE(native_arch_is_consistent) {
    const auto& native = static_cast<const X86_64Arch&>(arch::native());
    for (const auto& p : native.problems())
        BOOST_ERROR(p);
    BOOST_TEST(native.description().by_name("ymm15h") != nullptr);
}

BOOST_AUTO_TEST_CASE(renamed_register_is_a_problem) {
    auto files = arch::to_file_map(arch::x86_64::embedded_files());
    auto& core = files.at("x86_64-core.xml");
    core.replace(core.find("name=\"rip\""), 10, "name=\"pc0\"");
    auto desc = arch::Description::parse(files, "target-avx.xml");
    BOOST_REQUIRE(desc.ok());
    X86_64Arch renamed(std::move(*desc), XsaveLayout::probe(xcr0_avx, intel_cpuid));
    BOOST_TEST(renamed.problems().size() == 2u); // rip has no register, pc0 has no binding
}

BOOST_AUTO_TEST_CASE(regsets_and_breakpoint) {
    auto sets = x86().regsets();
    BOOST_REQUIRE_EQUAL(sets.size(), 3u);
    BOOST_TEST(sets[0].note_type == unsigned{NT_PRSTATUS});
    BOOST_TEST(sets[0].size == sizeof(user_regs_struct));
    BOOST_TEST(sets[1].note_type == unsigned{NT_PRFPREG});
    BOOST_TEST(sets[1].size == 512u);
    BOOST_TEST(sets[2].note_type == 0x202u);
    BOOST_TEST(sets[2].size >= 4096u);
    BOOST_TEST(x86().breakpoint_instruction().size() == 1u);
    BOOST_TEST(x86().breakpoint_instruction()[0] == 0xCC);
    BOOST_TEST(x86().pc_after_breakpoint() == 1u);
}

BOOST_AUTO_TEST_CASE(general_registers_round_trip) {
    auto bufs = buffers();
    put<std::uint64_t>(bufs, Regset::general, offsetof(user_regs_struct, rax), 0x1122334455667788);
    put<std::uint64_t>(bufs, Regset::general, offsetof(user_regs_struct, eflags), 0x246);
    put<std::uint64_t>(bufs, Regset::general, offsetof(user_regs_struct, cs), 0x33);
    BOOST_TEST(read("rax", bufs) == le(0x1122334455667788, 8));
    BOOST_TEST(read("eflags", bufs) == le(0x246, 4));
    BOOST_TEST(read("cs", bufs) == le(0x33, 4));

    write("rip", bufs, le(0x401000, 8));
    write("orig_rax", bufs, le(~0ull, 8));
    write("fs_base", bufs, le(0x7ffff7dd0740, 8));
    write("eflags", bufs, le(0x202, 4));
    BOOST_TEST(get<std::uint64_t>(bufs, Regset::general, offsetof(user_regs_struct, rip)) ==
               0x401000u);
    BOOST_TEST(get<std::uint64_t>(bufs, Regset::general, offsetof(user_regs_struct, orig_rax)) ==
               ~0ull);
    BOOST_TEST(get<std::uint64_t>(bufs, Regset::general, offsetof(user_regs_struct, fs_base)) ==
               0x7ffff7dd0740u);
    BOOST_TEST(get<std::uint64_t>(bufs, Regset::general, offsetof(user_regs_struct, eflags)) ==
               0x202u);
}

BOOST_AUTO_TEST_CASE(fp_registers_round_trip) {
    auto bufs = buffers();
    put<std::uint16_t>(bufs, Regset::fp, offsetof(user_fpregs_struct, cwd), 0x037f);
    put<std::uint64_t>(bufs, Regset::fp, offsetof(user_fpregs_struct, rip), 0x0000555555555139);
    put<std::uint32_t>(bufs, Regset::fp, offsetof(user_fpregs_struct, mxcsr), 0x1f80);
    BOOST_TEST(read("fctrl", bufs) == le(0x037f, 4)); // 16-bit field, zero-extended
    BOOST_TEST(read("fioff", bufs) == le(0x55555139, 4));
    BOOST_TEST(read("fiseg", bufs) == le(0x5555, 4));
    BOOST_TEST(read("mxcsr", bufs) == le(0x1f80, 4));

    write("fctrl", bufs, le(0x127f, 4));
    write("fop", bufs, le(0x435, 4));
    BOOST_TEST(get<std::uint16_t>(bufs, Regset::fp, offsetof(user_fpregs_struct, cwd)) == 0x127f);
    BOOST_TEST(get<std::uint16_t>(bufs, Regset::fp, offsetof(user_fpregs_struct, fop)) == 0x435);
    BOOST_TEST(get<std::uint16_t>(bufs, Regset::fp, offsetof(user_fpregs_struct, ftw)) ==
               0); // untouched

    Bytes st3 = {1, 2, 3, 4, 5, 6, 7, 0x80, 0xff, 0x3f};
    write("st3", bufs, st3);
    BOOST_TEST(Bytes(at(bufs, Regset::fp, fp_st0 + 48), at(bufs, Regset::fp, fp_st0 + 58)) == st3);
    BOOST_TEST(read("st3", bufs) == st3);
    Bytes xmm5(16);
    for (std::size_t i = 0; i < 16; ++i)
        xmm5[i] = static_cast<std::uint8_t>(0x50 + i);
    write("xmm5", bufs, xmm5);
    BOOST_TEST(*at(bufs, Regset::fp, offsetof(user_fpregs_struct, xmm_space) + 80) == 0x50);
    BOOST_TEST(read("xmm5", bufs) == xmm5);
}

BOOST_AUTO_TEST_CASE(ymm_upper_halves_follow_xsave_init_state) {
    auto bufs = buffers();
    std::memset(at(bufs, Regset::xstate, 576), 0x5a, 256); // stale bytes under an init state
    BOOST_TEST(read("ymm3h", bufs) == Bytes(16, 0));       // XSTATE_BV bit 2 clear

    Bytes value(16, 0x77);
    write("ymm3h", bufs, value);
    BOOST_TEST((get<std::uint8_t>(bufs, Regset::xstate, xsave_bv) & 4) == 4);
    BOOST_TEST(read("ymm3h", bufs) == value);
    BOOST_TEST(read("ymm0h", bufs) == Bytes(16, 0)); // the rest of the component was zeroed
    BOOST_TEST(*at(bufs, Regset::xstate, 576 + 15 * 16) == 0);

    *at(bufs, Regset::xstate, 576 + 16) = 9; // component in use: bytes are live
    BOOST_TEST(read("ymm1h", bufs)[0] == 9);
}

BOOST_AUTO_TEST_CASE(missing_or_short_buffers_fail) {
    RegsetBuffers none;
    Bytes out(8);
    BOOST_TEST(!x86().read_register(regnum("rax"), none, out));
    auto bufs = buffers();
    Bytes small(4);
    BOOST_TEST(!x86().read_register(regnum("rax"), bufs, small));
    BOOST_TEST(!x86().write_register(regnum("rax"), bufs, small));
    BOOST_TEST(!x86().read_register(999, bufs, out));
    bufs[static_cast<std::size_t>(Regset::xstate)].resize(600); // shorter than ymm15h's slot
    Bytes y(16);
    BOOST_TEST(!x86().read_register(regnum("ymm15h"), bufs, y));
    BOOST_TEST(x86().read_register(regnum("ymm0h"), bufs, y));
}

// x87 tag word: FXSAVE keeps one bit per physical register; gdb wants two, recomputed from
// the values (00 valid, 01 zero, 10 special, 11 empty).
BOOST_AUTO_TEST_CASE(tag_word_conversion) {
    using arch::x86::abridged_tag_word;
    using arch::x86::full_tag_word;
    auto bufs = buffers();
    auto& fx = bufs[static_cast<std::size_t>(Regset::fp)];
    auto set_st = [&](int i, std::uint64_t mantissa, std::uint16_t sign_exp) {
        put(bufs, Regset::fp, fp_st0 + 16 * i, mantissa);
        put(bufs, Regset::fp, fp_st0 + 16 * i + 8, sign_exp);
    };
    BOOST_TEST(*full_tag_word(fx) == 0xffff); // all empty
    BOOST_TEST(read("ftag", bufs) == le(0xffff, 4));

    // One push of 1.0 from an empty stack: TOP 7, ST(0) is physical register 7.
    put<std::uint16_t>(bufs, Regset::fp, offsetof(user_fpregs_struct, swd), 7 << 11);
    put<std::uint16_t>(bufs, Regset::fp, offsetof(user_fpregs_struct, ftw), 0x80);
    set_st(0, 0x8000000000000000, 0x3fff);
    BOOST_TEST(*full_tag_word(fx) == 0x3fff);

    // TOP 5: ST(0..2) are physical 5, 6, 7 holding zero, infinity and a denormal.
    put<std::uint16_t>(bufs, Regset::fp, offsetof(user_fpregs_struct, swd), 5 << 11);
    put<std::uint16_t>(bufs, Regset::fp, offsetof(user_fpregs_struct, ftw), 0xe0);
    set_st(0, 0, 0x8000);                  // -0.0
    set_st(1, 0x8000000000000000, 0x7fff); // +inf
    set_st(2, 1, 0);                       // denormal
    BOOST_TEST(*full_tag_word(fx) == ((2u << 14) | (2u << 12) | (1u << 10) | 0x3ff));
    set_st(2, 0x4000000000000000, 0x3fff); // unnormal: integer bit clear
    BOOST_TEST(*full_tag_word(fx) >> 14 == 2u);
    set_st(2, 0xc000000000000000, 0x7fff); // quiet NaN
    BOOST_TEST(*full_tag_word(fx) >> 14 == 2u);
    set_st(2, 0xc000000000000000, 0x4000); // 3.0
    BOOST_TEST(*full_tag_word(fx) >> 14 == 0u);
    BOOST_TEST(read("ftag", bufs) == le(0x27ff, 4));

    BOOST_TEST(abridged_tag_word(0xffff) == 0x00);
    BOOST_TEST(abridged_tag_word(0x0000) == 0xff);
    BOOST_TEST(abridged_tag_word(0x3fff) == 0x80);
    BOOST_TEST(abridged_tag_word(0x27ff) == 0xe0);
    BOOST_TEST(abridged_tag_word(0xfffd) == 0x01); // "zero" counts as in use
    write("ftag", bufs, le(0xfff0, 4));
    BOOST_TEST(get<std::uint16_t>(bufs, Regset::fp, offsetof(user_fpregs_struct, ftw)) == 0x03);
    BOOST_TEST(!full_tag_word(std::span<const std::uint8_t>(fx).first(100)).has_value());
}

BOOST_AUTO_TEST_SUITE_END()
