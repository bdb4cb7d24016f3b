// The generic register copy between kernel regset buffers and the description's byte layout.
// Everything architecture-specific comes from the RegisterBinding table; the two x86 image
// rules a table cannot express (FXSAVE's abridged tag word, XSAVE init state) live in
// arch/x86_state.cpp.
#include "arch/arch.hpp"

#include <algorithm>

#include "arch/x86_state.hpp"

namespace arch {
namespace {

std::size_t index(Regset r) {
    return static_cast<std::size_t>(r);
}

// The register, if its regset buffer was fetched and is long enough to hold its field.
const Register* fetched(const Arch& arch, int regnum, const RegisterBinding& b,
                        std::size_t buffer_size) {
    if (b.offset + b.size > buffer_size) return nullptr;
    return arch.description().by_number(regnum);
}

// A register enters a component in init state: the whole component becomes zeros first
// (its buffer bytes are stale), then it is marked in use so the kernel takes the write.
void wake_xsave_component(const Arch& arch, const RegisterBinding& target,
                          std::vector<std::uint8_t>& buf) {
    for (const Register& r : arch.description().registers()) {
        const RegisterBinding* b = arch.binding(r.regnum);
        if (b && b->regset == target.regset && b->xsave_component == target.xsave_component &&
            b->offset + b->size <= buf.size())
            std::fill_n(buf.begin() + static_cast<std::ptrdiff_t>(b->offset), b->size, 0);
    }
    x86::set_xsave_component_in_use(buf, target.xsave_component);
}

} // namespace

bool Arch::read_register(int regnum, const RegsetBuffers& bufs, std::span<std::uint8_t> out) const {
    const RegisterBinding* b = binding(regnum);
    if (!b) return false;
    const auto& buf = bufs[index(b->regset)];
    const Register* reg = fetched(*this, regnum, *b, buf.size());
    if (!reg || out.size() < reg->size()) return false;
    std::fill_n(out.begin(), reg->size(), 0); // zero-extends a narrower kernel field
    if (b->xsave_component >= 0 && !x86::xsave_component_in_use(buf, b->xsave_component))
        return true;
    if (b->convert == RegisterBinding::Convert::fxsave_tag_word) {
        // The regset buffer is an FXSAVE image from its first byte (NT_PRFPREG, XSTATE).
        auto full = x86::full_tag_word(buf);
        if (!full) return false;
        std::uint8_t bytes[2] = {static_cast<std::uint8_t>(*full),
                                 static_cast<std::uint8_t>(*full >> 8)};
        std::copy_n(bytes, std::min<std::size_t>(2, reg->size()), out.begin());
        return true;
    }
    std::copy_n(buf.begin() + static_cast<std::ptrdiff_t>(b->offset),
                std::min(b->size, reg->size()), out.begin());
    return true;
}

bool Arch::write_register(int regnum, RegsetBuffers& bufs, std::span<const std::uint8_t> in) const {
    const RegisterBinding* b = binding(regnum);
    if (!b) return false;
    auto& buf = bufs[index(b->regset)];
    const Register* reg = fetched(*this, regnum, *b, buf.size());
    if (!reg || in.size() < reg->size()) return false;
    auto field = buf.begin() + static_cast<std::ptrdiff_t>(b->offset);
    if (b->xsave_component >= 0 && !x86::xsave_component_in_use(buf, b->xsave_component))
        wake_xsave_component(*this, *b, buf);
    if (b->convert == RegisterBinding::Convert::fxsave_tag_word) {
        std::uint16_t full = static_cast<std::uint16_t>(in[0] | (reg->size() > 1 ? in[1] << 8 : 0));
        std::fill_n(field, b->size, 0);
        *field = x86::abridged_tag_word(full);
        return true;
    }
    // A kernel field wider than the register (a 32-bit view of a 64-bit slot) is zero-extended.
    std::size_t n = std::min(b->size, reg->size());
    std::copy_n(in.begin(), n, field);
    std::fill(field + static_cast<std::ptrdiff_t>(n), field + static_cast<std::ptrdiff_t>(b->size),
              0);
    return true;
}

} // namespace arch
