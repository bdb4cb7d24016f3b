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
    void drop(arch::Regset which) { bufs_[static_cast<std::size_t>(which)].clear(); }
    void clear() {
        for (auto& b : bufs_)
            b.clear();
    }

  private:
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
