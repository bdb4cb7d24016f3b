// Linux (x86-64 / generic) signal numbers <-> GDB's numbering (gdb's include/gdb/signals.def).
// The GDB numbers are part of the remote protocol and never change.
#include "rsp/signals.hpp"

#include <array>

namespace rsp {
namespace {

constexpr int gdb_signal_unknown = 143;

// GDB numbers of the realtime signals. 33..63 are contiguous, but 32 and 64 were added
// later and got numbers after the block (gdb could not renumber what was on the wire).
constexpr int gdb_realtime_33 = 45;
constexpr int gdb_realtime_32 = 77;
constexpr int gdb_realtime_64 = 78;
constexpr int host_rt_first = 32; // the kernel's SIGRTMIN; glibc keeps 32 and 33 for itself
constexpr int host_rt_last = 64;

// Index: Linux signal number 0..31. Value: GDB number.
constexpr std::array<int, 32> host_to_gdb = {
    0,                  // 0  no signal
    1,                  // 1  SIGHUP
    2,                  // 2  SIGINT
    3,                  // 3  SIGQUIT
    4,                  // 4  SIGILL
    5,                  // 5  SIGTRAP
    6,                  // 6  SIGABRT
    10,                 // 7  SIGBUS
    8,                  // 8  SIGFPE
    9,                  // 9  SIGKILL
    30,                 // 10 SIGUSR1
    11,                 // 11 SIGSEGV
    31,                 // 12 SIGUSR2
    13,                 // 13 SIGPIPE
    14,                 // 14 SIGALRM
    15,                 // 15 SIGTERM
    gdb_signal_unknown, // 16 SIGSTKFLT: gdb has no name for it
    20,                 // 17 SIGCHLD
    19,                 // 18 SIGCONT
    17,                 // 19 SIGSTOP
    18,                 // 20 SIGTSTP
    21,                 // 21 SIGTTIN
    22,                 // 22 SIGTTOU
    16,                 // 23 SIGURG
    24,                 // 24 SIGXCPU
    25,                 // 25 SIGXFSZ
    26,                 // 26 SIGVTALRM
    27,                 // 27 SIGPROF
    28,                 // 28 SIGWINCH
    23,                 // 29 SIGIO (== SIGPOLL on Linux; gdb calls it SIGIO)
    32,                 // 30 SIGPWR
    12,                 // 31 SIGSYS
};

int realtime_to_gdb(int host) {
    if (host == host_rt_first) return gdb_realtime_32;
    if (host == host_rt_last) return gdb_realtime_64;
    return gdb_realtime_33 + (host - 33);
}

int realtime_to_host(int gdb) {
    if (gdb == gdb_realtime_32) return host_rt_first;
    if (gdb == gdb_realtime_64) return host_rt_last;
    if (gdb >= gdb_realtime_33 && gdb <= gdb_realtime_33 + 30) return 33 + (gdb - gdb_realtime_33);
    return 0;
}

} // namespace

int to_gdb_signal(int host_signal) {
    if (host_signal >= 0 && host_signal < static_cast<int>(host_to_gdb.size()))
        return host_to_gdb[static_cast<std::size_t>(host_signal)];
    if (host_signal >= host_rt_first && host_signal <= host_rt_last)
        return realtime_to_gdb(host_signal);
    return gdb_signal_unknown;
}

int to_host_signal(int gdb_signal) {
    constexpr int gdb_signal_poll = 33; // System V name of SIGIO; the same signal on Linux
    if (gdb_signal == gdb_signal_poll) return 29;
    for (std::size_t host = 0; host < host_to_gdb.size(); ++host) {
        if (host_to_gdb[host] == gdb_signal && gdb_signal != gdb_signal_unknown)
            return static_cast<int>(host);
    }
    return realtime_to_host(gdb_signal);
}

} // namespace rsp
