#include "arch/x86_64/x86_64_arch.hpp"

#include <cerrno>

#include <fmt/format.h>

namespace arch::x86_64 {
namespace {

// The roots, by the optional XSAVE features they add to the AVX description.
struct Root {
    const char* file;
    bool avx512;
    bool pkeys;
};
constexpr Root roots[] = {
    {"target-avx.xml", false, false},
    {"target-avx512.xml", true, false},
    {"target-pkeys.xml", false, true},
    {"target-avx512-pkeys.xml", true, true},
};

} // namespace

std::string root_for(std::uint64_t xcr0) {
    for (const Root& r : roots)
        if (r.avx512 == xcr0_has_avx512(xcr0) && r.pkeys == xcr0_has_pkeys(xcr0)) return r.file;
    return roots[0].file; // not reached: the table covers every combination
}

target::Result<Description> description_for(std::uint64_t xcr0) {
    auto files = to_file_map(embedded_files());
    auto root = files.find(root_for(xcr0));
    if (root == files.end())
        return target::make_error(ENOENT, fmt::format("{} is not embedded", root_for(xcr0)));
    // gdb asks for "target.xml" and follows its includes; the other roots describe other
    // CPUs, so they are not served at all.
    std::string text = std::move(root->second);
    std::erase_if(files, [](const auto& f) { return f.first.starts_with("target-"); });
    files.emplace("target.xml", std::move(text));
    return Description::parse(std::move(files));
}

X86_64Arch::X86_64Arch(Description desc, const XsaveLayout& layout,
                       std::vector<std::string> problems)
    : desc_(std::move(desc)), regsets_(regset_table(layout)), problems_(std::move(problems)) {
    for (auto& [name, b] : binding_table(layout)) {
        const Register* reg = desc_.by_name(name);
        if (!reg) {
            problems_.push_back(fmt::format("binding for {}, which the description lacks", name));
            continue;
        }
        if (b.offset + b.size > regsets_[static_cast<std::size_t>(b.regset)].size)
            problems_.push_back(fmt::format("binding for {} overruns its regset", name));
        if (!bindings_.emplace(reg->regnum, b).second)
            problems_.push_back(fmt::format("two bindings for {}", name));
    }
    for (const Register& reg : desc_.registers())
        if (!bindings_.contains(reg.regnum))
            problems_.push_back(fmt::format("register {} has no binding", reg.name));
}

const RegisterBinding* X86_64Arch::binding(int regnum) const {
    auto it = bindings_.find(regnum);
    return it != bindings_.end() ? &it->second : nullptr;
}

std::span<const std::uint8_t> X86_64Arch::breakpoint_instruction() const {
    static constexpr std::array<std::uint8_t, 1> int3{0xCC};
    return int3;
}

// The x86-64 Linux system-call convention: number in rax, arguments in rdi, rsi, rdx, r10,
// r8, r9, result in rax; orig_rax is what the kernel consults to restart a call.
const SyscallAbi& X86_64Arch::syscall_abi() const {
    static constexpr std::array<std::uint8_t, 2> syscall{0x0F, 0x05};
    static const SyscallAbi abi{syscall, "rax", {"rdi", "rsi", "rdx", "r10", "r8", "r9"},
                                "rax", "orig_rax", 9, 11};
    return abi;
}

} // namespace arch::x86_64

namespace arch {

// The description and the XSAVE offsets both come from this CPU, read once.
const Arch& native() {
    static const x86_64::X86_64Arch instance = [] {
        const auto& layout = x86_64::host_xsave_layout();
        auto desc = x86_64::description_for(layout.xcr0);
        if (desc) return x86_64::X86_64Arch(std::move(*desc), layout);
        return x86_64::X86_64Arch(Description{}, layout,
                                  {"embedded description: " + desc.error().message});
    }();
    return instance;
}

} // namespace arch
