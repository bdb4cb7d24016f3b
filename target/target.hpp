#pragma once
// The target: what the protocol layer needs from a debugged system. rsp/ talks only to this
// interface; target/linux/ implements it over ptrace, tests/unit/ fakes it in memory.
// Everything is asynchronous and single-threaded: calls return at once, and stops arrive
// later through the event handler, from the same event loop.
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "arch/description.hpp"
#include "target/result.hpp"
#include "target/types.hpp"

namespace target {

class ProcessLauncher; // target/process_launcher.hpp
class ProcessEvents;   // target/process_events.hpp
class HostIo;          // target/host_io.hpp
class HostQueries;     // target/capabilities.hpp, and the four below
class MemoryMaps;
class MemoryAllocation;
class ModuleFiles;
class AttachWaiting;

using EventHandler = std::function<void(const StopEvent&)>;

class Target {
  public:
    virtual ~Target() = default;

    // Stops and exits are delivered here. In all-stop mode one event per stop of the whole
    // process: every other thread is already stopped, its own events kept pending.
    virtual void set_event_handler(EventHandler handler) = 0;

    // --- processes and threads -------------------------------------------------------
    virtual std::vector<int> processes() const = 0; // pids under control, oldest first
    virtual bool was_attached(int pid) const = 0;   // attached (true) or launched (false)
    // Live threads of pid, leader first, then in creation order. Cheap: no /proc reads.
    virtual std::vector<Ptid> thread_ids(int pid) const = 0;
    // The same with names and cores (one /proc read per thread: only for thread listings).
    virtual std::vector<ThreadInfo> threads(int pid) const = 0;
    virtual bool thread_alive(Ptid thread) const = 0;
    // Stopped as far as the client knows: its stop was reported and it was not resumed since.
    virtual bool thread_stopped(Ptid thread) const { return thread_alive(thread); }
    virtual const arch::Description& description(int pid) const = 0;

    // --- registers: bytes in the layout of description(pid), target byte order -------
    virtual Result<std::vector<std::uint8_t>> read_registers(Ptid thread) = 0; // whole g
    virtual Result<void> write_registers(Ptid thread, std::span<const std::uint8_t> g) = 0;
    virtual Result<std::vector<std::uint8_t>> read_register(Ptid thread, int regnum) = 0;
    virtual Result<void> write_register(Ptid thread, int regnum,
                                        std::span<const std::uint8_t> value) = 0;

    // --- memory: breakpoint bytes are never visible ----------------------------------
    // Reads as much as is readable from addr on; error (EFAULT/EIO) only when nothing is.
    virtual Result<std::size_t> read_memory(int pid, std::uint64_t addr,
                                            std::span<std::uint8_t> out) = 0;
    virtual Result<void> write_memory(int pid, std::uint64_t addr,
                                      std::span<const std::uint8_t> data) = 0;

    // --- breakpoints (kind: the Z packet's kind, e.g. 1 for int3) -------------------
    virtual Result<void> insert_breakpoint(int pid, BreakpointType type, std::uint64_t addr,
                                           int kind) = 0;
    virtual Result<void> remove_breakpoint(int pid, BreakpointType type, std::uint64_t addr,
                                           int kind) = 0;
    // Calls done once the hardware breakpoints and watchpoints inserted and removed so far are
    // in effect in every thread of pid, running ones included (per-thread debug registers: a
    // target may have to pause running threads for a moment to write them). Default: at once.
    virtual void settle_breakpoints(int pid, std::function<void(Result<void>)> done) {
        done({});
    }
    // Conditions and commands of the breakpoint inserted at addr, replacing any it had
    // (empty actions: a plain breakpoint again); they go with it when it is removed.
    // ENOSYS: this target reports every hit and leaves conditions to the client.
    virtual Result<void> set_breakpoint_actions(int pid, std::uint64_t addr,
                                                BreakpointActions actions) {
        return make_error(ENOSYS, "breakpoint conditions are not evaluated by this target");
    }

    // --- run control ----------------------------------------------------------------
    // Threads of pid not named keep their state. A thread with an event still pending from
    // the last stop is not resumed: its event is reported instead (asynchronously).
    virtual Result<void> resume(std::span<const ThreadResume> actions) = 0;
    // All-stop: stop every thread of every process; reported as a SIGINT stop of one thread.
    // Non-stop: stop one running thread, reported as a SIGINT stop of that thread.
    virtual void interrupt() = 0;
    // Non-stop mode (QNonStop): every thread stops and runs on its own, each stop is its own
    // event, ResumeKind::stop stops exactly the named threads (reported with signal 0).
    // Leaving it stops every thread quietly. Not every target can.
    virtual Result<void> set_non_stop(bool) {
        return make_error(ENOSYS, "non-stop mode is not supported");
    }
    // Thread creation (a StopReason::thread_created stop of the new thread, which waits to be
    // resumed) and exit (a StopKind::thread_exited event) are reported only when enabled.
    virtual void set_thread_events(bool) {}
    // Host signals reported to the client (false = deliver silently and keep running).
    virtual void set_pass_signals(std::vector<int> host_signals) = 0;
    // The process is gone when its exited/terminated event arrives.
    virtual Result<void> kill(int pid) = 0;
    // Removes our breakpoints, detaches every thread, leaves the process running.
    virtual Result<void> detach(int pid) = 0;

    // --- data for qXfer ------------------------------------------------------------
    virtual Result<std::string> auxv(int pid) = 0;
    virtual Result<std::string> exec_file(int pid) = 0;
    virtual Result<std::string> siginfo(Ptid thread) = 0;        // raw siginfo_t bytes
    // Overwrites siginfo bytes from offset on (what a resume delivers); returns how many fit.
    virtual Result<std::size_t> write_siginfo(Ptid, std::uint64_t, std::span<const std::uint8_t>) {
        return make_error(ENOSYS, "siginfo is read-only on this target");
    }
    virtual Result<std::string> libraries_svr4(int pid) = 0;     // <library-list-svr4> XML

    // --- optional capabilities: nullptr when the target has none -------------------
    virtual ProcessLauncher* launcher() { return nullptr; }
    virtual ProcessEvents* process_events() { return nullptr; }
    virtual HostIo* host_io() { return nullptr; }
    // target/capabilities.hpp: what LLDB asks about beyond gdb's protocol
    virtual HostQueries* host_queries() { return nullptr; }
    virtual MemoryMaps* memory_maps() { return nullptr; }
    virtual MemoryAllocation* memory_allocation() { return nullptr; }
    virtual ModuleFiles* module_files() { return nullptr; }
    virtual AttachWaiting* attach_waiting() { return nullptr; }
};

} // namespace target
