// Where each register of arch/x86_64/*.xml lives in the kernel's regsets, keyed by the XML's
// names: a register renamed or added in the XML without a row here shows up in
// X86_64Arch::problems(), which the unit tests require to be empty.
#include <algorithm>
#include <cpuid.h>
#include <cstddef>
#include <elf.h>
#include <string>
#include <sys/user.h>

#include "arch/x86_64/x86_64_arch.hpp"

namespace arch::x86_64 {
namespace {

using U = user_regs_struct;   // NT_PRSTATUS
using F = user_fpregs_struct; // NT_PRFPREG: the 64-bit FXSAVE image
using Convert = RegisterBinding::Convert;
static_assert(sizeof(U) == 27 * 8 && sizeof(F) == 512);

constexpr std::size_t xsave_avx_offset = 576; // YMM_Hi128 in the standard XSAVE format
constexpr int xsave_avx_component = 2;
constexpr std::size_t xstate_min_size = 4096;

constexpr RegisterBinding gp(std::size_t offset, std::size_t size = 8) {
    return {Regset::general, offset, size};
}
constexpr RegisterBinding fp(std::size_t offset, std::size_t size) {
    return {Regset::fp, offset, size};
}

struct Row {
    const char* name;
    RegisterBinding binding;
};

const Row rows[] = {
    {"rax", gp(offsetof(U, rax))},
    {"rbx", gp(offsetof(U, rbx))},
    {"rcx", gp(offsetof(U, rcx))},
    {"rdx", gp(offsetof(U, rdx))},
    {"rsi", gp(offsetof(U, rsi))},
    {"rdi", gp(offsetof(U, rdi))},
    {"rbp", gp(offsetof(U, rbp))},
    {"rsp", gp(offsetof(U, rsp))},
    {"r8", gp(offsetof(U, r8))},
    {"r9", gp(offsetof(U, r9))},
    {"r10", gp(offsetof(U, r10))},
    {"r11", gp(offsetof(U, r11))},
    {"r12", gp(offsetof(U, r12))},
    {"r13", gp(offsetof(U, r13))},
    {"r14", gp(offsetof(U, r14))},
    {"r15", gp(offsetof(U, r15))},
    {"rip", gp(offsetof(U, rip))},
    // The XML gives eflags and the selectors 32 bits; the kernel's slots are 64 with the
    // upper half always zero, so only the low half is exchanged.
    {"eflags", gp(offsetof(U, eflags), 4)},
    {"cs", gp(offsetof(U, cs), 4)},
    {"ss", gp(offsetof(U, ss), 4)},
    {"ds", gp(offsetof(U, ds), 4)},
    {"es", gp(offsetof(U, es), 4)},
    {"fs", gp(offsetof(U, fs), 4)},
    {"gs", gp(offsetof(U, gs), 4)},
    // x87 control registers: 16-bit fields zero-extended into the XML's 32 bits.
    {"fctrl", fp(offsetof(F, cwd), 2)},
    {"fstat", fp(offsetof(F, swd), 2)},
    {"ftag", {Regset::fp, offsetof(F, ftw), 2, Convert::fxsave_tag_word}},
    // 64-bit FXSAVE keeps a 64-bit FPU instruction/operand pointer and no selectors. The
    // offset registers take the low halves and the segment registers the high halves, so the
    // full pointer survives a round trip; native gdb on amd64 splits the image the same way.
    {"fioff", fp(offsetof(F, rip), 4)},
    {"fiseg", fp(offsetof(F, rip) + 4, 4)},
    {"fooff", fp(offsetof(F, rdp), 4)},
    {"foseg", fp(offsetof(F, rdp) + 4, 4)},
    {"fop", fp(offsetof(F, fop), 2)},
    {"mxcsr", fp(offsetof(F, mxcsr), 4)},
    {"orig_rax", gp(offsetof(U, orig_rax))},
    {"fs_base", gp(offsetof(U, fs_base))},
    {"gs_base", gp(offsetof(U, gs_base))},
};

// Numbered register files: prefix N suffix, N = 0..count-1, `stride` bytes apart.
struct Bank {
    const char* prefix;
    const char* suffix;
    int count;
    RegisterBinding first;
    std::size_t stride;
};

constexpr RegisterBinding ymm0_upper{Regset::xstate, xsave_avx_offset, 16, Convert::none,
                                     xsave_avx_component};

const Bank banks[] = {
    {"st", "", 8, fp(offsetof(F, st_space), 10), 16}, // 80-bit values in 16-byte slots
    {"xmm", "", 16, fp(offsetof(F, xmm_space), 16), 16},
    {"ymm", "h", 16, ymm0_upper, 16},
};

// Big enough for the kernel's XSAVE image: 4096, or more on CPUs with large components (AMX),
// from CPUID 0xD.0 EBX (XSAVE size of the enabled features). GETREGSET trims iov_len to the
// real size; SETREGSET of XSTATE accepts exactly that length and nothing else.
std::size_t xstate_size() {
    unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
    if (!__get_cpuid_count(0xD, 0, &eax, &ebx, &ecx, &edx)) return xstate_min_size;
    return std::max<std::size_t>(xstate_min_size, ebx);
}

} // namespace

std::vector<NamedBinding> binding_table() {
    std::vector<NamedBinding> table;
    for (const Row& row : rows)
        table.push_back({row.name, row.binding});
    for (const Bank& bank : banks) {
        for (int i = 0; i < bank.count; ++i) {
            RegisterBinding b = bank.first;
            b.offset += bank.stride * static_cast<std::size_t>(i);
            table.push_back({bank.prefix + std::to_string(i) + bank.suffix, b});
        }
    }
    return table;
}

std::array<RegsetInfo, regset_count> regset_table() {
    return {{
        {Regset::general, NT_PRSTATUS, sizeof(U)},
        {Regset::fp, NT_PRFPREG, sizeof(F)},
        {Regset::xstate, NT_X86_XSTATE, xstate_size()},
    }};
}

} // namespace arch::x86_64
