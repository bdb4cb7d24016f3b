#pragma once
// Plain data the protocol layer and the targets exchange. No behaviour, no OS headers.
#include <cstdint>
#include <string>
#include <vector>

namespace target {

// A thread as the protocol names it: process id and thread (LWP) id.
// In requests, tid == -1 means "all threads of pid" and pid == -1 "all processes".
struct Ptid {
    int pid = 0;
    int tid = 0;
    friend bool operator==(const Ptid&, const Ptid&) = default;
    bool is_all_threads() const { return tid == -1; }
};

struct ThreadInfo {
    Ptid id;
    std::string name; // from /proc/PID/task/TID/comm
    int core = -1;    // processor it last ran on
};

// Why a thread stopped, beyond its signal. Signals are host (Linux) numbers everywhere in
// target/; rsp/ translates them to GDB's numbering.
enum class StopReason {
    none,
    sw_breakpoint, // a software breakpoint the client inserted; PC already rewound to it
    hw_breakpoint,
    watch,  // write watchpoint at StopEvent::address
    rwatch, // read watchpoint
    awatch, // access watchpoint
    single_step,
    fork,
    vfork,
    vfork_done,
    exec,
    syscall_entry,
    syscall_return,
    thread_created,
    thread_exited,
};

enum class StopKind {
    stopped,    // thread stopped: signal (0 for none), reason
    exited,     // process exited normally: exit_status
    terminated, // process killed by a signal: signal
    no_resumed, // nothing left running to wait for
    thread_exited, // one thread exited (exit_status), its process lives on
};

struct StopEvent {
    StopKind kind = StopKind::stopped;
    Ptid thread;
    int signal = 0;
    int exit_status = 0;
    StopReason reason = StopReason::none;
    std::uint64_t address = 0; // watchpoint data address
    Ptid child{};              // fork / vfork: the new process
    std::string exec_path{};   // exec: the new program
    int syscall = -1;          // syscall_entry / syscall_return
    int core = -1;             // processor the thread last ran on
};

enum class ResumeKind {
    cont,
    step,
    stop, // leave (or put) the thread stopped; vCont;t
};

// One thread's part in a resume. rsp/ expands vCont actions into one entry per thread it
// wants to move; threads not named stay as they are (all-stop: stopped).
struct ThreadResume {
    Ptid thread;
    ResumeKind kind = ResumeKind::cont;
    int signal = 0; // host signal to deliver, 0 for none
    // Range stepping (vCont;r): keep stepping while range_start <= pc < range_end.
    std::uint64_t range_start = 0;
    std::uint64_t range_end = 0;
};

// What rspd does itself when a breakpoint is hit (Z0/Z1 ";X" conditions and ";cmds:"
// commands, as agent-expression bytecode): the hit is reported only when a condition is true
// (any of them; no conditions = always), after which the commands run instead of a report.
struct BreakpointActions {
    std::vector<std::vector<std::uint8_t>> conditions;
    std::vector<std::vector<std::uint8_t>> commands;
    bool persist = false; // commands stay after the client disconnects (not kept by rspd)
    bool empty() const { return conditions.empty() && commands.empty(); }
};

enum class BreakpointType { software = 0, hardware = 1, write_watch = 2, read_watch = 3, access_watch = 4 };

} // namespace target
