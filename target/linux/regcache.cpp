#include "target/linux/regcache.hpp"

#include <algorithm>
#include <array>

#include <fmt/format.h>

#include "target/linux/ptrace_calls.hpp"

namespace target::linux {
namespace {

std::size_t index(arch::Regset r) {
    return static_cast<std::size_t>(r);
}

const arch::RegsetInfo* regset_info(const arch::Arch& arch, arch::Regset which) {
    for (const auto& info : arch.regsets())
        if (info.id == which) return &info;
    return nullptr;
}

Result<void> ensure_regset(const arch::Arch& arch, int tid, RegCache& cache, arch::Regset which) {
    const arch::RegsetInfo* info = regset_info(arch, which);
    if (!info) return make_error(EIO, fmt::format("regset {} unknown to the arch", index(which)));
    return cache.ensure(tid, *info);
}

// NT_PRFPREG and NT_X86_XSTATE both hold the x87/SSE state: after one is written the
// other's cached copy is stale, so every other non-general regset is dropped.
void drop_overlapping(RegCache& cache, arch::Regset written) {
    for (std::size_t i = 0; i < arch::regset_count; ++i) {
        auto r = static_cast<arch::Regset>(i);
        if (r != written && r != arch::Regset::general) cache.drop(r);
    }
}

} // namespace

Result<void> RegCache::ensure(int tid, const arch::RegsetInfo& info) {
    auto& buf = bufs_[index(info.id)];
    if (!buf.empty()) return {};
    // Fetched into one scratch buffer of the largest size, then kept at exactly the size the
    // kernel gave (XSTATE writes must be of that full size): a thousand threads' registers
    // cost what they hold, not 4 KiB of XSTATE room each.
    static std::vector<std::uint8_t> scratch;
    scratch.assign(info.size, 0);
    auto n = pt::get_regset(tid, info.note_type, scratch);
    if (!n) return n.error();
    buf.assign(scratch.begin(), scratch.begin() + static_cast<std::ptrdiff_t>(*n));
    return {};
}

Result<void> RegCache::store(int tid, const arch::RegsetInfo& info) {
    return pt::set_regset(tid, info.note_type, bufs_[index(info.id)]);
}

Result<std::vector<std::uint8_t>> read_all_registers(const arch::Arch& arch, int tid,
                                                     RegCache& cache) {
    const auto& desc = arch.description();
    std::vector<std::uint8_t> g(desc.g_packet_size(), 0);
    std::array<bool, arch::regset_count> failed{};
    for (const arch::Register& reg : desc.registers()) {
        const arch::RegisterBinding* b = arch.binding(reg.regnum);
        if (!b || failed[index(b->regset)]) continue;
        if (auto r = ensure_regset(arch, tid, cache, b->regset); !r) {
            if (b->regset == arch::Regset::general) return r.error();
            failed[index(b->regset)] = true;
            continue;
        }
        if (reg.offset + reg.size() <= g.size())
            arch.read_register(reg.regnum, cache.buffers(),
                               std::span(g).subspan(reg.offset, reg.size()));
    }
    return g;
}

Result<void> write_all_registers(const arch::Arch& arch, int tid, RegCache& cache,
                                 std::span<const std::uint8_t> g) {
    const auto& desc = arch.description();
    if (g.size() < desc.g_packet_size())
        return make_error(EINVAL, fmt::format("register image of {} bytes, {} expected", g.size(),
                                              desc.g_packet_size()));
    std::array<bool, arch::regset_count> touched{}, failed{};
    for (const arch::Register& reg : desc.registers()) {
        const arch::RegisterBinding* b = arch.binding(reg.regnum);
        if (!b || failed[index(b->regset)]) continue;
        if (auto r = ensure_regset(arch, tid, cache, b->regset); !r) {
            if (b->regset == arch::Regset::general) return r.error();
            failed[index(b->regset)] = true;
            continue;
        }
        if (arch.write_register(reg.regnum, cache.buffers(), g.subspan(reg.offset, reg.size())))
            touched[index(b->regset)] = true;
    }
    // XSTATE first: its x87/SSE part is the copy fetched before, which the NT_PRFPREG write
    // after it then replaces with the new values.
    for (arch::Regset r : {arch::Regset::xstate, arch::Regset::fp, arch::Regset::general}) {
        if (!touched[index(r)]) continue;
        if (auto s = cache.store(tid, *regset_info(arch, r)); !s) {
            cache.clear();
            return s;
        }
    }
    drop_overlapping(cache, arch::Regset::general);
    return {};
}

Result<std::vector<std::uint8_t>> read_one_register(const arch::Arch& arch, int tid,
                                                    RegCache& cache, int regnum) {
    const arch::Register* reg = arch.description().by_number(regnum);
    if (!reg) return make_error(EINVAL, fmt::format("no register {}", regnum));
    std::vector<std::uint8_t> value(reg->size(), 0);
    const arch::RegisterBinding* b = arch.binding(regnum);
    if (!b) return value; // no home in any regset: reads as zero
    if (auto r = ensure_regset(arch, tid, cache, b->regset); !r) return r.error();
    if (!arch.read_register(regnum, cache.buffers(), value))
        return make_error(EIO, fmt::format("register {} not in its regset", reg->name));
    return value;
}

Result<void> write_one_register(const arch::Arch& arch, int tid, RegCache& cache, int regnum,
                                std::span<const std::uint8_t> value) {
    const arch::Register* reg = arch.description().by_number(regnum);
    if (!reg) return make_error(EINVAL, fmt::format("no register {}", regnum));
    if (value.size() < reg->size())
        return make_error(EINVAL,
                          fmt::format("register {} needs {} bytes", reg->name, reg->size()));
    const arch::RegisterBinding* b = arch.binding(regnum);
    if (!b) return make_error(EIO, fmt::format("register {} cannot be written", reg->name));
    if (auto r = ensure_regset(arch, tid, cache, b->regset); !r) return r;
    if (!arch.write_register(regnum, cache.buffers(), value))
        return make_error(EIO, fmt::format("register {} not in its regset", reg->name));
    if (auto s = cache.store(tid, *regset_info(arch, b->regset)); !s) {
        cache.drop(b->regset);
        return s;
    }
    drop_overlapping(cache, b->regset);
    return {};
}

Result<std::uint64_t> read_pc(const arch::Arch& arch, int tid, RegCache& cache) {
    const arch::Register* pc = arch.description().pc();
    if (!pc) return make_error(EIO, "the target description names no pc register");
    auto bytes = read_one_register(arch, tid, cache, pc->regnum);
    if (!bytes) return bytes.error();
    std::uint64_t value = 0;
    for (std::size_t i = std::min<std::size_t>(bytes->size(), 8); i-- > 0;)
        value = (value << 8) | (*bytes)[i];
    return value;
}

Result<void> write_pc(const arch::Arch& arch, int tid, RegCache& cache, std::uint64_t pc) {
    const arch::Register* reg = arch.description().pc();
    if (!reg) return make_error(EIO, "the target description names no pc register");
    std::vector<std::uint8_t> bytes(reg->size(), 0);
    for (std::size_t i = 0; i < bytes.size() && i < 8; ++i)
        bytes[i] = static_cast<std::uint8_t>(pc >> (8 * i));
    return write_one_register(arch, tid, cache, reg->regnum, bytes);
}

} // namespace target::linux
