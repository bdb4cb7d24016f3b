#pragma once
// Raw access to a traced process's memory through /proc/PID/mem, kept open per process.
// pwrite on it works on read-only text (the kernel writes through FOLL_FORCE), which is how
// breakpoints reach code pages; big reads take process_vm_readv. Breakpoint shadowing is
// not done here but in BreakpointTable, which wraps these calls.
#include <cstddef>
#include <cstdint>
#include <span>

#include "target/linux/sys_error.hpp"
#include "target/result.hpp"

namespace target::linux {

class ProcessMemory {
  public:
    // (Re)opens /proc/PID/mem. After an exec the old descriptor still names the old address
    // space, so exec handling calls this again.
    Result<void> open(int pid);
    void close() { fd_.reset(); }
    bool is_open() const { return static_cast<bool>(fd_); }

    // As many bytes as are readable from addr on (stops at the first unreadable page);
    // an error (EIO, EFAULT, ...) only when not even the first byte is.
    Result<std::size_t> read(std::uint64_t addr, std::span<std::uint8_t> out) const;
    // All of data, or an error.
    Result<void> write(std::uint64_t addr, std::span<const std::uint8_t> data) const;

  private:
    std::size_t read_fast(std::uint64_t addr, std::span<std::uint8_t> out) const;

    int pid_ = 0;
    UniqueFd fd_;
};

} // namespace target::linux
