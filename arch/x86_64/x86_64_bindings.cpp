// Where each register of arch/x86_64/*.xml lives in the kernel's regsets, keyed by the XML's
// names: a register renamed or added in the XML without a row here shows up in
// X86_64Arch::problems(), which the unit tests require to be empty. Registers of the XSAVE
// components (AVX, AVX-512, PKRU) sit where the CPU's XsaveLayout puts them.
#include <algorithm>
#include <cstddef>
#include <elf.h>
#include <string>
#include <sys/user.h>

#include "arch/x86_64/x86_64_arch.hpp"
#include "arch/x86_64/xsave_layout.hpp"

namespace arch::x86_64 {
namespace {

using U = user_regs_struct;   // NT_PRSTATUS
using F = user_fpregs_struct; // NT_PRFPREG: the 64-bit FXSAVE image
using Convert = RegisterBinding::Convert;
static_assert(sizeof(U) == 27 * 8 && sizeof(F) == 512);

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

// Numbered register files: prefix N suffix for N = first..first+count-1, `stride` bytes apart,
// register `first` at binding.offset. first = -1: a single register, named prefix suffix.
struct Bank {
    const char* prefix;
    const char* suffix;
    int first;
    int count;
    RegisterBinding binding;
    std::size_t stride;
};

const Bank fxsave_banks[] = {
    {"st", "", 0, 8, fp(offsetof(F, st_space), 10), 16}, // 80-bit values in 16-byte slots
    {"xmm", "", 0, 16, fp(offsetof(F, xmm_space), 16), 16},
};

// A field of XSAVE component c, `skip` bytes into it: binding_table adds where the CPU puts c.
constexpr RegisterBinding in_xsave(XsaveComponent c, std::size_t skip, std::size_t size) {
    return {Regset::xstate, skip, size, Convert::none, c};
}

// Intel SDM vol. 1, 13.5: each component stores its registers in order, lowest bits first.
const Bank xsave_banks[] = {
    {"ymm", "h", 0, 16, in_xsave(xsave_avx, 0, 16), 16},
    {"k", "", 0, 8, in_xsave(xsave_opmask, 0, 8), 8},
    {"zmm", "h", 0, 16, in_xsave(xsave_zmm_hi256, 0, 32), 32},
    // Hi16_ZMM holds zmm16-31 whole, 64 bytes each: bytes 0-15 are xmmN, 16-31 ymmNh and
    // 32-63 zmmNh, the pieces the description names.
    {"xmm", "", 16, 16, in_xsave(xsave_hi16_zmm, 0, 16), 64},
    {"ymm", "h", 16, 16, in_xsave(xsave_hi16_zmm, 16, 16), 64},
    {"zmm", "h", 16, 16, in_xsave(xsave_hi16_zmm, 32, 32), 64},
    {"pkru", "", -1, 1, in_xsave(xsave_pkru, 0, 4), 0}, // 32 bits, then 4 bytes of padding
};

void add_bank(std::vector<NamedBinding>& table, const Bank& bank) {
    for (int i = 0; i < bank.count; ++i) {
        RegisterBinding b = bank.binding;
        b.offset += bank.stride * static_cast<std::size_t>(i);
        std::string number = bank.first < 0 ? "" : std::to_string(bank.first + i);
        table.push_back({bank.prefix + number + bank.suffix, b});
    }
}

// Big enough for the kernel's XSAVE image: 4096, or more on CPUs with large components (AMX),
// from CPUID 0xD.0 EBX (XSAVE size of the enabled features). GETREGSET trims iov_len to the
// real size; SETREGSET of XSTATE accepts exactly that length and nothing else.
std::size_t xstate_size(const XsaveLayout& layout) {
    return std::max(xstate_min_size, layout.image_size);
}

} // namespace

std::vector<NamedBinding> binding_table(const XsaveLayout& layout) {
    std::vector<NamedBinding> table;
    for (const Row& row : rows)
        table.push_back({row.name, row.binding});
    for (const Bank& bank : fxsave_banks)
        add_bank(table, bank);
    // Only the components the OS enabled: the others have no place in the image.
    for (Bank bank : xsave_banks) {
        auto component = static_cast<XsaveComponent>(bank.binding.xsave_component);
        if (!layout.enabled(component)) continue;
        bank.binding.offset += layout.offset(component);
        add_bank(table, bank);
    }
    return table;
}

std::array<RegsetInfo, regset_count> regset_table(const XsaveLayout& layout) {
    return {{
        {Regset::general, NT_PRSTATUS, sizeof(U)},
        {Regset::fp, NT_PRFPREG, sizeof(F)},
        {Regset::xstate, NT_X86_XSTATE, xstate_size(layout)},
    }};
}

} // namespace arch::x86_64
