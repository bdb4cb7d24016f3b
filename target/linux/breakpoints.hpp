#pragma once
// The software breakpoints of one process: the original bytes under each inserted breakpoint
// instruction, so that memory reads never show our instructions and memory writes over them
// keep them in place (the written bytes become the new originals).
#include <cstddef>
#include <cstdint>
#include <map>
#include <set>
#include <span>
#include <vector>

#include "target/linux/memory.hpp"
#include "target/result.hpp"

namespace target::linux {

class BreakpointTable {
  public:
    // Writes insn at addr, saving the bytes it covers. Inserting again at the same address
    // changes nothing: the manual asks Z packets to be idempotent, and gdb does send a Z0
    // twice (a location re-inserted after a shared-library event) with a single z0 after.
    Result<void> insert(const ProcessMemory& mem, std::uint64_t addr,
                        std::span<const std::uint8_t> insn);
    // Restores the original bytes. ENOENT if no breakpoint is there (unless it went with the
    // old image at exec: see forget_at_exec).
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
    // writes then leave it out too, until put_back writes its instruction again).
    Result<void> lift(const ProcessMemory& mem, std::uint64_t addr);
    Result<void> put_back(const ProcessMemory& mem, std::uint64_t addr);
    // Forgets everything without touching memory (the process is gone from us).
    void clear() {
        entries_.clear();
        vanished_.clear();
    }
    // After exec the address space is new and the breakpoints went with the old one. A
    // client that was not told of the exec (no exec-events) still removes them at its next
    // stop: those removals succeed, rather than failing with "program no longer writable".
    void forget_at_exec();

  private:
    struct Entry {
        std::vector<std::uint8_t> original;
        std::vector<std::uint8_t> insn;
        bool lifted = false; // lift(mem, addr): memory holds the original bytes for now
    };
    // Calls fn(entry_addr, entry, first, last) for every entry byte range [first, last)
    // (absolute addresses) that overlaps [addr, addr + size).
    template <class Entries, class Fn>
    static void for_overlaps(Entries& entries, std::size_t max_len, std::uint64_t addr,
                             std::size_t size, Fn&& fn);

    std::map<std::uint64_t, Entry> entries_;
    std::set<std::uint64_t> vanished_; // breakpoints lost with the old image at exec
    std::size_t max_len_ = 1;
};

} // namespace target::linux
