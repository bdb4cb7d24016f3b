#pragma once
// Thin, checked wrappers over the ptrace(2) requests the target uses. Each returns an Error
// whose code is the errno of the failed call (ESRCH: the thread is gone or not stopped).
#include <csignal>
#include <cstddef>
#include <cstdint>
#include <span>

#include "target/result.hpp"

namespace target::linux::pt {

// The options every tracee gets; launched processes add PTRACE_O_EXITKILL.
unsigned long default_options();
unsigned long launch_options();

Result<void> seize(int tid, unsigned long options);
// Asks a running tracee for a PTRACE_EVENT_STOP. Any other ptrace-stop that comes first
// consumes it; sent to a tracee already stopped, it fires right after the next restart.
Result<void> interrupt(int tid);
// PTRACE_CONT or PTRACE_SINGLESTEP; sig is injected only from a signal-delivery-stop.
Result<void> resume(int tid, bool step, int sig);
// PTRACE_SYSCALL: as PTRACE_CONT, and stop at the next syscall entry or return.
Result<void> resume_to_syscall(int tid, int sig);

// What PTRACE_GET_SYSCALL_INFO tells of a syscall-stop.
struct SyscallStop {
    bool entry = false; // entry (number known) or return
    int number = -1;    // entry only: the syscall number
};
// nullopt-like error when the stop is not a syscall entry or return (seccomp, none).
Result<SyscallStop> syscall_stop(int tid);
Result<void> detach(int tid, int sig);
Result<unsigned long> event_message(int tid);
Result<siginfo_t> siginfo(int tid);
Result<void> set_siginfo(int tid, const siginfo_t& si);
// The si_code of the SIGTRAP that ends a PTRACE_SINGLESTEP: TRAP_TRACE, or TRAP_BRKPT when
// the instruction was a `syscall` (x86 reports that step from the system call's exit so; an
// int3 reports SI_KERNEL).
inline bool ends_single_step(int si_code) {
    return si_code == TRAP_TRACE || si_code == TRAP_BRKPT;
}
// Fills buf from regset note_type; returns the bytes the kernel wrote.
Result<std::size_t> get_regset(int tid, unsigned note_type, std::span<std::uint8_t> buf);
Result<void> set_regset(int tid, unsigned note_type, std::span<const std::uint8_t> buf);
// One word of the thread's `struct user` (PTRACE_PEEKUSER / PTRACE_POKEUSER): the debug
// registers live there (u_debugreg).
Result<unsigned long> peek_user(int tid, std::size_t offset);
Result<void> poke_user(int tid, std::size_t offset, unsigned long value);
// Sends sig to one thread (tgkill).
Result<void> send_signal(int pid, int tid, int sig);

} // namespace target::linux::pt
