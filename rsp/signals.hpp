#pragma once
// GDB numbers signals its own way (gdb/signals.def): SIGUSR1 is 30 to gdb, 10 to Linux.
// The wire always carries GDB numbers; target/ always uses host numbers.
namespace rsp {

// Host (Linux x86/generic) signal number -> GDB signal number; unknown -> 143 (GDB_SIGNAL_UNKNOWN).
int to_gdb_signal(int host_signal);
// GDB signal number -> host signal number; unknown or not representable -> 0 (none).
int to_host_signal(int gdb_signal);

} // namespace rsp
