#pragma once
// The software breakpoints of one process: the original bytes under each inserted breakpoint
// instruction, so that memory reads never show our instructions and memory writes over them
// keep them in place (the written bytes become the new originals).
#include <cstddef>
#include <cstdint>
#include <map>
#include <span>
#include <vector>

#include "target/linux/memory.hpp"
#include "target/result.hpp"

namespace target::linux {

class BreakpointTable {
  public:
    // Writes insn at addr, saving the bytes it covers. Inserting again at the same address
    // only counts one more user (gdb may insert a location twice).
    Result<void> insert(const ProcessMemory& mem, std::uint64_t addr,
                        std::span<const std::uint8_t> insn);
    // Drops one user; the last restores the original bytes. ENOENT if none is there.
    Result<void> remove(const ProcessMemory& mem, std::uint64_t addr);
    bool contains(std::uint64_t addr) const { return entries_.contains(addr); }
    bool empty() const { return entries_.empty(); }

    // Replaces, in bytes read from addr, every breakpoint instruction by its original bytes.
    void shadow(std::uint64_t addr, std::span<std::uint8_t> bytes) const;
    // Writes data at addr; bytes under breakpoints update the saved originals instead.
    Result<void> write(const ProcessMemory& mem, std::uint64_t addr,
                       std::span<const std::uint8_t> data);

    // Puts the original bytes back into mem (this process before detaching, a fork child's
    // copy, or a vfork's shared memory); the table itself is unchanged.
    void lift(const ProcessMemory& mem) const;
    // Writes every breakpoint instruction again (after lift on the same memory).
    void put_back(const ProcessMemory& mem) const;
    // One breakpoint's original bytes back in memory while a thread steps over it (memory
    // writes then leave it out too), and its instruction back afterwards if still inserted.
    void lift_one(const ProcessMemory& mem, std::uint64_t addr);
    void put_back_one(const ProcessMemory& mem, std::uint64_t addr);
    // Forgets everything without touching memory (after exec the address space is new).
    void clear() { entries_.clear(); }

  private:
    struct Entry {
        std::vector<std::uint8_t> original;
        std::vector<std::uint8_t> insn;
        int users = 1;
        bool lifted = false; // lift_one: memory holds the original bytes for now
    };
    // Calls fn(entry_addr, entry, first, last) for every entry byte range [first, last)
    // (absolute addresses) that overlaps [addr, addr + size).
    template <class Entries, class Fn>
    static void for_overlaps(Entries& entries, std::size_t max_len, std::uint64_t addr,
                             std::size_t size, Fn&& fn);

    std::map<std::uint64_t, Entry> entries_;
    std::size_t max_len_ = 1;
};

} // namespace target::linux
