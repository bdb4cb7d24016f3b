#pragma once
// A stopped thread's registers: the kernel regsets it needs, fetched lazily with
// PTRACE_GETREGSET (each at most once per stop), written through with PTRACE_SETREGSET, and
// dropped whenever the thread runs. The copy between regsets and the target description's
// layout is the arch's (arch::Arch::read_register / write_register).
#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "arch/arch.hpp"
#include "target/result.hpp"

namespace target::linux {

class RegCache {
  public:
    // Fetches the regset unless it already is; an error leaves it empty.
    Result<void> ensure(int tid, const arch::RegsetInfo& info);
    // Writes the cached regset back to the thread.
    Result<void> store(int tid, const arch::RegsetInfo& info);
    arch::RegsetBuffers& buffers() { return bufs_; }
    void drop(arch::Regset which) { release(bufs_[static_cast<std::size_t>(which)]); }
    // Forgets every regset and frees its memory: a thousand stopped threads' caches would
    // otherwise keep their capacity while they run.
    void clear() {
        for (auto& b : bufs_)
            release(b);
    }
    // Frees every regset but the general one, which the tracer's own PC reads use. Called
    // after a whole-register read: the client keeps its own copy, and the FP and XSAVE
    // images (about 3 KiB a thread) would hold MiBs once `info threads` has read 1000 threads.
    void keep_general_only() {
        for (std::size_t i = 0; i < bufs_.size(); ++i)
            if (i != static_cast<std::size_t>(arch::Regset::general)) release(bufs_[i]);
    }

  private:
    static void release(std::vector<std::uint8_t>& b) { std::vector<std::uint8_t>().swap(b); }
    arch::RegsetBuffers bufs_;
};

// The whole g-packet image of description().registers(). A regset the kernel does not offer
// (no XSTATE) leaves its registers zero; failing to fetch the general registers is an error.
Result<std::vector<std::uint8_t>> read_all_registers(const arch::Arch& arch, int tid,
                                                     RegCache& cache);
Result<void> write_all_registers(const arch::Arch& arch, int tid, RegCache& cache,
                                 std::span<const std::uint8_t> g);
// One register; only its own regset is fetched.
Result<std::vector<std::uint8_t>> read_one_register(const arch::Arch& arch, int tid,
                                                    RegCache& cache, int regnum);
Result<void> write_one_register(const arch::Arch& arch, int tid, RegCache& cache, int regnum,
                                std::span<const std::uint8_t> value);
// The program counter (the description's generic="pc" register), little-endian.
Result<std::uint64_t> read_pc(const arch::Arch& arch, int tid, RegCache& cache);
Result<void> write_pc(const arch::Arch& arch, int tid, RegCache& cache, std::uint64_t pc);

} // namespace target::linux
