#pragma once
// The x86 debug registers of traced threads, through the u_debugreg words of `struct user`
// (PTRACE_POKEUSER / PTRACE_PEEKUSER). The kernel does not copy them into a new clone and
// clears them at exec, so each thread carries the generation it was last given.
#include <optional>

#include "target/linux/process.hpp"

namespace target::linux {

// Writes p's slots into stopped thread t, unless it has them already.
Result<void> sync_debug_registers(const Process& p, Thread& t);
// Into every stopped thread of p; the first failure is returned (the kernel refuses an
// address outside user space, for instance).
Result<void> sync_debug_registers(Process& p);
// After a SIGTRAP: the hardware breakpoint or watchpoint that fired (from DR6, which is then
// cleared for the next stop), or nullopt.
std::optional<StopEvent> debug_register_event(const Process& p, const Thread& t);

} // namespace target::linux
