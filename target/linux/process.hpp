#pragma once
// The bookkeeping of one traced process and its threads: plain data, owned by the Tracer.
#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>

#include "arch/x86_64/debug_registers.hpp"
#include "target/linux/breakpoints.hpp"
#include "target/linux/memory.hpp"
#include "target/linux/regcache.hpp"
#include "target/linux/sys_error.hpp"
#include "target/types.hpp"

namespace target::linux {

// A system call rspd runs in a stopped thread (inferior_call.cpp), and what to put back
// once it returned.
struct InferiorCall {
    // A thread stopped inside a system call (an exec, clone or fork event) must leave it
    // first: the kernel stores that call's return value in the very register that takes ours.
    bool leaving_syscall = false;
    long number = 0;
    std::array<std::uint64_t, 6> args{};
    std::vector<std::uint8_t> saved_regs; // the general regset to put back
    std::uint64_t pc = 0;
    std::vector<std::uint8_t> saved_code; // the bytes our instructions replaced
    std::function<void(Result<std::uint64_t>)> done;
};

struct Thread {
    int tid = 0;
    std::uint64_t seq = 0; // discovery order, for threads()

    bool running = true;              // false while in any ptrace-stop (Process::set_running)
    bool awaiting_first_stop = false; // a new clone whose first PTRACE_EVENT_STOP is due
    // The leader, exited while other threads live on: a zombie that never stops again and
    // reports nothing until the whole process is gone. Not listed, never resumed.
    bool exited = false;
    // A PTRACE_INTERRUPT sent since the thread last stopped. Any ptrace-stop clears the
    // kernel's pending interrupt, unless the interrupt came while the thread already sat in
    // that stop: then a stray PTRACE_EVENT_STOP follows its next restart (and is swallowed).
    bool interrupt_sent = false;

    // Stopped at PTRACE_EVENT_EXIT, killed from outside while everything was stopped: held
    // there, registers and memory still readable, until the client resumes (or kills or
    // detaches), so that it learns of the death as the answer to its resume (all_stop.cpp).
    bool exit_held = false;

    int stop_signal = 0;     // signal of the current signal-delivery-stop (0: another stop)
    int stop_event = 0;      // PTRACE_EVENT_* of the current event stop (0: another stop)
    int group_stop = 0;      // stop signal of the current group-stop (0: not in one)
    int deferred_signal = 0; // to deliver at the next restart (seen during attach, ...)
    int inject_expected = 0; // queued with tgkill for the client: let it through unreported

    // A kept fork child whose first stop has not come yet: this thread stopped at the fork
    // and reports it (with the child under control) once it comes.
    int fork_child_due = 0;
    // Between its PTRACE_EVENT_VFORK and PTRACE_EVENT_VFORK_DONE: blocked in the kernel until
    // the child execs or exits, in a sleep PTRACE_INTERRUPT does not break; runs no code.
    bool in_vfork = false;
    int syscall_number = -1; // of the syscall it is in, from its entry stop (catching)
    // Paused so that another thread in the same memory (of the process, or of a vfork
    // parent or child sharing it) can step over a breakpoint unseen (step_over.cpp); resumed
    // as the client wants it when that step is done.
    bool held = false;
    // The Process::debug_regs generation last written into this thread's debug registers.
    unsigned debug_generation = 0;

    ResumeKind resumed_as = ResumeKind::cont;
    std::uint64_t range_start = 0, range_end = 0; // range stepping: step on while inside

    // A reportable event that came while another was being reported: the next resume of this
    // thread reports it instead of running.
    std::optional<StopEvent> pending;

    // Non-stop (non_stop.cpp): what the client believes. Resumed and not reported since:
    // the client counts it as running even while we hold it stopped for a moment.
    bool client_running = false;
    // Stop events emitted for it and not yet handed to the client (Tracer::emit posts them):
    // stopped for us, but for the client still running, so a resume must not touch it.
    int reports_in_flight = 0;
    bool stop_requested = false; // vCont;t or an interrupt: report its next stop, running or not
    int stop_request_signal = 0; // reported with that stop: 0 for vCont;t, SIGINT for ^C
    // The breakpoint address of its last reported breakpoint stop, until the client writes its
    // registers: resuming it from there with the breakpoint still inserted needs a step-over.
    std::uint64_t reported_breakpoint = 0;
    RegCache regs;
    // Name and processor from /proc, read at most once per stop (a client asks at every
    // stop, for every thread); dropped whenever the thread stops anew.
    mutable std::optional<std::string> name;
    mutable std::optional<int> core;
    std::optional<InferiorCall> call; // its stops belong to the call, not to the client
};

struct Process {
    enum class Stage {
        launching, // forked, seized, not yet at its program's first instruction
        attaching, // seized, threads not all stopped yet
        ready,     // under control: resume, stop, report
        detaching, // breakpoints lifted; each thread is detached as it stops
    };

    int pid = 0;
    bool attached = false;
    Stage stage = Stage::ready;
    std::unordered_map<int, Thread> threads;
    int running_threads = 0; // how many of threads have running set: "anything running?" in O(1)

    // Thread::running changes through here (and threads leave through forget), so that
    // running_threads stays right.
    void set_running(Thread& t, bool running) {
        if (t.running != running) running_threads += running ? 1 : -1;
        t.running = running;
    }
    void forget(std::unordered_map<int, Thread>::iterator it) {
        if (it->second.running) --running_threads;
        threads.erase(it);
    }
    ProcessMemory memory;
    BreakpointTable breakpoints;
    // Conditions and commands by breakpoint address (software or hardware).
    std::map<std::uint64_t, BreakpointActions> breakpoint_actions;
    // Hardware breakpoints and watchpoints: one set of slots for every thread.
    arch::x86_64::DebugRegisters debug_regs;
    bool breakpoints_lifted = false; // for a vfork child that shares our memory
    // A kept vfork child shares its parent's memory, and so its breakpoints, until it execs
    // or exits: the pid owning that memory (the parent's), else 0.
    int memory_owner = 0;
    // QCatchSyscalls: stop at entry and return of these syscalls (empty: all); nullopt: off.
    std::optional<std::set<int>> syscalls;
    bool kill_sent = false;          // our SIGKILL: its exit stops are not held
    std::map<std::uint64_t, std::uint64_t> allocations; // _M: address -> size, for _m

    // launching
    std::function<void(Result<int>)> launch_done;
    UniqueFd exec_errors; // the child writes execvp's errno here; CLOEXEC closes it on success
    std::string program;
    std::string working_dir;
    int execs_left = 1;
    // attaching
    std::function<void(Result<void>)> attach_done;
};

} // namespace target::linux
