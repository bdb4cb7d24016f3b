#include "target/linux/memory.hpp"

#include <fcntl.h>
#include <string>
#include <sys/uio.h>
#include <unistd.h>

#include <fmt/format.h>

namespace target::linux {
namespace {

constexpr std::size_t fast_read_threshold = 4096;

// /proc/PID/mem takes the address as the file offset; the kernel marks the file as having
// unsigned offsets, so addresses above 2^63 pass through the signed off_t unchanged.
off_t as_offset(std::uint64_t addr) {
    return static_cast<off_t>(addr);
}

} // namespace

Result<void> ProcessMemory::open(int pid) {
    std::string path = fmt::format("/proc/{}/mem", pid);
    UniqueFd fd(::open(path.c_str(), O_RDWR | O_CLOEXEC));
    if (!fd) return errno_error(errno, fmt::format("open {}", path));
    pid_ = pid;
    fd_ = std::move(fd);
    return {};
}

// process_vm_readv copies without going through the file's page-at-a-time loop; it may stop
// early (a hole, or a page only FOLL_FORCE could read), and the caller carries on with pread.
std::size_t ProcessMemory::read_fast(std::uint64_t addr, std::span<std::uint8_t> out) const {
    if (out.size() < fast_read_threshold) return 0;
    iovec local{out.data(), out.size()};
    iovec remote{reinterpret_cast<void*>(addr), out.size()};
    ssize_t n = ::process_vm_readv(pid_, &local, 1, &remote, 1, 0);
    return n > 0 ? static_cast<std::size_t>(n) : 0;
}

Result<std::size_t> ProcessMemory::read(std::uint64_t addr, std::span<std::uint8_t> out) const {
    if (out.empty()) return std::size_t{0};
    if (!fd_) return make_error(ESRCH, fmt::format("read memory at {:#x}: no process", addr));
    std::size_t done = read_fast(addr, out);
    int err = EIO;
    while (done < out.size()) {
        ssize_t n =
            ::pread(fd_.get(), out.data() + done, out.size() - done, as_offset(addr + done));
        if (n > 0) {
            done += static_cast<std::size_t>(n);
        } else if (n < 0 && errno == EINTR) {
            continue;
        } else {
            if (n < 0) err = errno;
            break;
        }
    }
    if (done == 0) return errno_error(err, fmt::format("read memory at {:#x}", addr));
    return done;
}

Result<void> ProcessMemory::write(std::uint64_t addr, std::span<const std::uint8_t> data) const {
    if (!fd_) return make_error(ESRCH, fmt::format("write memory at {:#x}: no process", addr));
    std::size_t done = 0;
    while (done < data.size()) {
        ssize_t n =
            ::pwrite(fd_.get(), data.data() + done, data.size() - done, as_offset(addr + done));
        if (n > 0) {
            done += static_cast<std::size_t>(n);
        } else if (n < 0 && errno == EINTR) {
            continue;
        } else {
            return errno_error(n < 0 ? errno : EIO,
                               fmt::format("write memory at {:#x}", addr + done));
        }
    }
    return {};
}

} // namespace target::linux
