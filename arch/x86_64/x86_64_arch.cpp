#include "arch/x86_64/x86_64_arch.hpp"

#include <fmt/format.h>

namespace arch::x86_64 {

const target::Result<Description>& embedded_description() {
    static const target::Result<Description> desc =
        Description::parse(to_file_map(embedded_files()));
    return desc;
}

X86_64Arch::X86_64Arch(Description desc, std::vector<std::string> problems)
    : desc_(std::move(desc)), regsets_(regset_table()), problems_(std::move(problems)) {
    for (auto& [name, b] : binding_table()) {
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

} // namespace arch::x86_64

namespace arch {

const Arch& native() {
    static const x86_64::X86_64Arch instance = [] {
        const auto& desc = x86_64::embedded_description();
        if (desc) return x86_64::X86_64Arch(*desc);
        return x86_64::X86_64Arch(Description{}, {"embedded description: " + desc.error().message});
    }();
    return instance;
}

} // namespace arch
