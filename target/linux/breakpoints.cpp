#include "target/linux/breakpoints.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "target/linux/log.hpp"

namespace target::linux {

template <class Entries, class Fn>
void BreakpointTable::for_overlaps(Entries& entries, std::size_t max_len, std::uint64_t addr,
                                   std::size_t size, Fn&& fn) {
    if (size == 0) return;
    std::uint64_t end = addr + size < addr ? UINT64_MAX : addr + size;
    std::uint64_t from = addr >= max_len - 1 ? addr - (max_len - 1) : 0;
    for (auto it = entries.lower_bound(from); it != entries.end() && it->first < end; ++it) {
        std::uint64_t first = std::max(it->first, addr);
        std::uint64_t last = std::min(it->first + it->second.insn.size(), end);
        if (first < last) fn(it->first, it->second, first, last);
    }
}

Result<void> BreakpointTable::insert(const ProcessMemory& mem, std::uint64_t addr,
                                     std::span<const std::uint8_t> insn) {
    if (entries_.contains(addr)) return {};
    Entry e{std::vector<std::uint8_t>(insn.size()), {insn.begin(), insn.end()}};
    auto n = mem.read(addr, e.original);
    if (!n) return n.error();
    if (*n < insn.size())
        return make_error(EIO,
                          fmt::format("insert breakpoint at {:#x}: memory not readable", addr));
    // A breakpoint instruction overlapping a neighbour's would save the neighbour's bytes.
    shadow(addr, e.original);
    if (auto w = mem.write(addr, insn); !w) return w;
    entries_.emplace(addr, std::move(e));
    max_len_ = std::max(max_len_, insn.size());
    return {};
}

Result<void> BreakpointTable::remove(const ProcessMemory& mem, std::uint64_t addr) {
    auto it = entries_.find(addr);
    if (it == entries_.end()) {
        // Taking back one that went with the old image at exec succeeds (see forget_at_exec).
        if (vanished_.erase(addr) > 0) return {};
        return make_error(ENOENT, fmt::format("no breakpoint at {:#x}", addr));
    }
    Entry e = std::move(it->second);
    entries_.erase(it);
    return mem.write(addr, e.original);
}

void BreakpointTable::shadow(std::uint64_t addr, std::span<std::uint8_t> bytes) const {
    for_overlaps(entries_, max_len_, addr, bytes.size(),
                 [&](std::uint64_t at, const Entry& e, std::uint64_t first, std::uint64_t last) {
                     for (std::uint64_t a = first; a < last; ++a)
                         bytes[a - addr] = e.original[a - at];
                 });
}

Result<void> BreakpointTable::write(const ProcessMemory& mem, std::uint64_t addr,
                                    std::span<const std::uint8_t> data) {
    std::vector<std::uint8_t> out(data.begin(), data.end());
    for_overlaps(entries_, max_len_, addr, data.size(),
                 [&](std::uint64_t at, const Entry& e, std::uint64_t first, std::uint64_t last) {
                     if (e.lifted) return;
                     for (std::uint64_t a = first; a < last; ++a)
                         out[a - addr] = e.insn[a - at];
                 });
    if (auto w = mem.write(addr, out); !w) return w;
    for_overlaps(entries_, max_len_, addr, data.size(),
                 [&](std::uint64_t at, Entry& e, std::uint64_t first, std::uint64_t last) {
                     for (std::uint64_t a = first; a < last; ++a)
                         e.original[a - at] = data[a - addr];
                 });
    return {};
}

void BreakpointTable::forget_at_exec() {
    for (const auto& [addr, e] : entries_)
        vanished_.insert(addr);
    entries_.clear();
}

void BreakpointTable::lift(const ProcessMemory& mem) const {
    for (const auto& [addr, e] : entries_)
        if (auto w = mem.write(addr, e.original); !w)
            log_debug("lift breakpoint: {}", w.error().message);
}

void BreakpointTable::put_back(const ProcessMemory& mem) const {
    for (const auto& [addr, e] : entries_) {
        if (e.lifted) continue; // a thread is stepping over it: its own put_back comes later
        if (auto w = mem.write(addr, e.insn); !w)
            log_debug("put back breakpoint: {}", w.error().message);
    }
}

Result<void> BreakpointTable::lift(const ProcessMemory& mem, std::uint64_t addr) {
    auto it = entries_.find(addr);
    if (it == entries_.end()) return make_error(ENOENT, fmt::format("no breakpoint at {:#x}", addr));
    if (it->second.lifted) return {};
    if (auto w = mem.write(addr, it->second.original); !w) return w;
    it->second.lifted = true;
    return {};
}

Result<void> BreakpointTable::put_back(const ProcessMemory& mem, std::uint64_t addr) {
    auto it = entries_.find(addr);
    if (it == entries_.end()) return make_error(ENOENT, fmt::format("no breakpoint at {:#x}", addr));
    if (!it->second.lifted) return {};
    it->second.lifted = false;
    return mem.write(addr, it->second.insn);
}

} // namespace target::linux
