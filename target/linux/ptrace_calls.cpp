#include "target/linux/ptrace_calls.hpp"

#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#include <fmt/format.h>

#include "target/linux/sys_error.hpp"

namespace target::linux::pt {
namespace {

// ptrace's data argument carries integers (signals, options) as a pointer-sized value.
void* as_data(unsigned long value) {
    return reinterpret_cast<void*>(value);
}

Result<void> call(__ptrace_request request, const char* name, int tid, void* addr, void* data) {
    if (::ptrace(request, tid, addr, data) == -1)
        return errno_error(errno, fmt::format("ptrace({}, {})", name, tid));
    return {};
}

} // namespace

unsigned long default_options() {
    // TRACEEXIT: a leader that exits before its other threads becomes a zombie without any
    // wait status; its PTRACE_EVENT_EXIT is the only sign, and stop-all must know.
    return PTRACE_O_TRACECLONE | PTRACE_O_TRACEFORK | PTRACE_O_TRACEVFORK |
           PTRACE_O_TRACEVFORKDONE | PTRACE_O_TRACEEXEC | PTRACE_O_TRACEEXIT |
           PTRACE_O_TRACESYSGOOD;
}

unsigned long launch_options() {
    return default_options() | PTRACE_O_EXITKILL;
}

Result<void> seize(int tid, unsigned long options) {
    return call(PTRACE_SEIZE, "SEIZE", tid, nullptr, as_data(options));
}

Result<void> interrupt(int tid) {
    return call(PTRACE_INTERRUPT, "INTERRUPT", tid, nullptr, nullptr);
}

Result<void> resume(int tid, bool step, int sig) {
    return step ? call(PTRACE_SINGLESTEP, "SINGLESTEP", tid, nullptr, as_data(sig))
                : call(PTRACE_CONT, "CONT", tid, nullptr, as_data(sig));
}

Result<void> resume_to_syscall(int tid, int sig) {
    return call(PTRACE_SYSCALL, "SYSCALL", tid, nullptr, as_data(sig));
}

Result<SyscallStop> syscall_stop(int tid) {
    __ptrace_syscall_info info{};
    long n = ::ptrace(PTRACE_GET_SYSCALL_INFO, tid, reinterpret_cast<void*>(sizeof info), &info);
    if (n == -1) return errno_error(errno, fmt::format("ptrace(GET_SYSCALL_INFO, {})", tid));
    if (info.op == PTRACE_SYSCALL_INFO_ENTRY)
        return SyscallStop{true, static_cast<int>(info.entry.nr)};
    if (info.op == PTRACE_SYSCALL_INFO_EXIT) return SyscallStop{false, -1};
    return make_error(EINVAL, fmt::format("thread {} is not at a syscall entry or return", tid));
}

Result<void> detach(int tid, int sig) {
    return call(PTRACE_DETACH, "DETACH", tid, nullptr, as_data(sig));
}

Result<unsigned long> event_message(int tid) {
    unsigned long msg = 0;
    if (auto r = call(PTRACE_GETEVENTMSG, "GETEVENTMSG", tid, nullptr, &msg); !r) return r.error();
    return msg;
}

Result<siginfo_t> siginfo(int tid) {
    siginfo_t si{};
    if (auto r = call(PTRACE_GETSIGINFO, "GETSIGINFO", tid, nullptr, &si); !r) return r.error();
    return si;
}

Result<void> set_siginfo(int tid, const siginfo_t& si) {
    return call(PTRACE_SETSIGINFO, "SETSIGINFO", tid, nullptr, const_cast<siginfo_t*>(&si));
}

Result<std::size_t> get_regset(int tid, unsigned note_type, std::span<std::uint8_t> buf) {
    iovec iov{buf.data(), buf.size()};
    if (auto r = call(PTRACE_GETREGSET, "GETREGSET", tid, as_data(note_type), &iov); !r)
        return r.error();
    return iov.iov_len; // the kernel shrinks it to what the regset really holds
}

Result<void> set_regset(int tid, unsigned note_type, std::span<const std::uint8_t> buf) {
    iovec iov{const_cast<std::uint8_t*>(buf.data()), buf.size()};
    return call(PTRACE_SETREGSET, "SETREGSET", tid, as_data(note_type), &iov);
}

Result<unsigned long> peek_user(int tid, std::size_t offset) {
    errno = 0; // PEEKUSER returns the word itself: -1 is an error only with errno set
    long word = ::ptrace(PTRACE_PEEKUSER, tid, reinterpret_cast<void*>(offset), nullptr);
    if (word == -1 && errno != 0)
        return errno_error(errno, fmt::format("ptrace(PEEKUSER {:#x}, {})", offset, tid));
    return static_cast<unsigned long>(word);
}

Result<void> poke_user(int tid, std::size_t offset, unsigned long value) {
    if (::ptrace(PTRACE_POKEUSER, tid, reinterpret_cast<void*>(offset), as_data(value)) == -1)
        return errno_error(errno, fmt::format("ptrace(POKEUSER {:#x}, {})", offset, tid));
    return {};
}

Result<void> send_signal(int pid, int tid, int sig) {
    if (::syscall(SYS_tgkill, pid, tid, sig) == -1)
        return errno_error(errno, fmt::format("tgkill({}, {}, {})", pid, tid, sig));
    return {};
}

} // namespace target::linux::pt
