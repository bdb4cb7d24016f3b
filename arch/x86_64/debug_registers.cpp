#include "arch/x86_64/debug_registers.hpp"


#include <algorithm>

#include <fmt/format.h>

namespace arch::x86_64 {
namespace {

// LEN field per length (SDM: 00 = 1 byte, 01 = 2, 11 = 4, 10 = 8).
std::optional<std::uint64_t> len_bits(int len) {
    switch (len) {
    case 1: return 0b00;
    case 2: return 0b01;
    case 4: return 0b11;
    case 8: return 0b10;
    default: return std::nullopt;
    }
}

constexpr int control_shift(int slot) { return 16 + 4 * slot; } // R/W at +0, LEN at +2
constexpr std::uint64_t local_enable(int slot) { return std::uint64_t{1} << (2 * slot); }
constexpr std::uint64_t global_enable(int slot) { return std::uint64_t{1} << (2 * slot + 1); }

} // namespace

std::optional<std::uint64_t> dr7_slot_bits(int slot, DrKind kind, int len) {
    if (slot < 0 || slot >= debug_slots) return std::nullopt;
    auto len_field = len_bits(len);
    if (!len_field || (kind == DrKind::execute && len != 1)) return std::nullopt;
    std::uint64_t control = static_cast<std::uint64_t>(kind) | (*len_field << 2);
    return local_enable(slot) | (control << control_shift(slot));
}

std::uint64_t dr7_slot_mask(int slot) {
    return local_enable(slot) | global_enable(slot) | (std::uint64_t{0xf} << control_shift(slot));
}

Dr6 decode_dr6(std::uint64_t dr6) {
    return Dr6{static_cast<unsigned>(dr6 & 0xf), (dr6 & (std::uint64_t{1} << 14)) != 0};
}

std::vector<Piece> aligned_pieces(std::uint64_t addr, std::uint64_t len) {
    std::vector<Piece> pieces;
    while (len > 0) {
        int size = 8;
        while (size > 1 && (addr % size != 0 || static_cast<std::uint64_t>(size) > len))
            size /= 2;
        pieces.push_back({addr, size});
        addr += size;
        len -= size;
    }
    return pieces;
}

std::optional<int> DebugRegisters::find(DrKind kind, const Piece& piece) const {
    for (int i = 0; i < debug_slots; ++i) {
        const Slot& s = slots_[i];
        if (s.users > 0 && s.kind == kind && s.addr == piece.addr && s.len == piece.len) return i;
    }
    return std::nullopt;
}

target::Result<void> DebugRegisters::insert(DrKind kind, std::uint64_t addr, std::uint64_t len) {
    if (len == 0 || addr + len < addr) return target::make_error(EINVAL, "empty or wrapping range");
    // More than four pieces can never fit: do not split a huge range just to say so.
    if (len > 8 * debug_slots) return target::make_error(ENOSPC, "range too long for the debug registers");
    Request request{kind, addr, len};
    if (std::find(requests_.begin(), requests_.end(), request) != requests_.end()) return {};
    auto pieces = aligned_pieces(addr, len);
    int needed = 0;
    for (const Piece& p : pieces)
        if (!find(kind, p)) ++needed;
    int free = 0;
    for (const Slot& s : slots_)
        if (s.users == 0) ++free;
    if (needed > free)
        return target::make_error(ENOSPC, fmt::format("{} debug registers needed, {} free", needed, free));
    for (const Piece& p : pieces) {
        if (auto i = find(kind, p)) {
            ++slots_[*i].users;
            continue;
        }
        for (Slot& s : slots_) {
            if (s.users != 0) continue;
            s = Slot{p.addr, p.len, kind, 1};
            break;
        }
    }
    requests_.push_back(request);
    ++generation_;
    return {};
}

target::Result<void> DebugRegisters::remove(DrKind kind, std::uint64_t addr, std::uint64_t len) {
    auto it = std::find(requests_.begin(), requests_.end(), Request{kind, addr, len});
    if (it == requests_.end())
        return target::make_error(ENOENT, fmt::format("no hardware breakpoint or watchpoint at {:#x}", addr));
    requests_.erase(it);
    for (const Piece& p : aligned_pieces(addr, len)) {
        Slot& s = slots_[*find(kind, p)];
        if (--s.users == 0) s = Slot{};
    }
    ++generation_;
    return {};
}

void DebugRegisters::clear() {
    slots_ = {};
    requests_.clear();
    ++generation_;
}

std::uint64_t DebugRegisters::dr7() const {
    std::uint64_t dr7 = 0;
    for (int i = 0; i < debug_slots; ++i)
        if (slots_[i].users > 0) dr7 |= dr7_slot_bits(i, slots_[i].kind, slots_[i].len).value_or(0);
    return dr7;
}

} // namespace arch::x86_64
