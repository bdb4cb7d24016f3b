// The stops that bring a new task or a new program: clone (a new thread), fork and vfork
// (a new process, kept for the client or let go) with vfork-done, and exec (a new address
// space under the same process id).
#include <csignal>
#include <sys/ptrace.h>
#include <sys/wait.h>

#include "target/linux/log.hpp"
#include "target/linux/procfs.hpp"
#include "target/linux/ptrace_calls.hpp"
#include "target/linux/tracer.hpp"

namespace target::linux {

// A new thread (PTRACE_EVENT_CLONE in the cloning thread): the new one is traced already and
// may have stopped, its status kept as an orphan, before its creator reports it.
void Tracer::on_clone(Process& p, Thread& t) {
    auto msg = pt::event_message(t.tid);
    if (!msg) {
        log_debug("clone by {}: {}", t.tid, msg.error().message);
        return quiet_stop(p, t);
    }
    int tid = static_cast<int>(*msg);
    log_debug("new thread {} in {}", tid, p.pid);
    if (!p.threads.contains(tid)) {
        // Auto-attached by PTRACE_O_TRACECLONE; it starts with a PTRACE_EVENT_STOP.
        Thread& n = add_thread(p, tid); // running until its first stop
        n.awaiting_first_stop = true;
        expect_stop(n);
        n.client_running = true; // a new thread runs, as far as the client knows
    }
    if (auto status = take_orphan(tid)) on_wait_status(tid, *status);
    quiet_stop(p, t);
}

// A fork or vfork. A client that asked for fork events (report_forks) hears of it once the
// child's first stop has come: the child is then a process of its own under control, stopped,
// and the parent's event names it. Otherwise the child is let go at its first stop, with our
// breakpoints removed from its copy of memory. A vfork child shares our memory: without fork
// events the breakpoints are lifted from it until the parent's PTRACE_EVENT_VFORK_DONE; with
// them the client removes and re-inserts them itself.
void Tracer::on_fork(Process& p, Thread& t, bool vfork) {
    auto msg = pt::event_message(t.tid);
    if (!msg) {
        log_debug("fork by {}: {}", t.tid, msg.error().message);
        return quiet_stop(p, t);
    }
    int child = static_cast<int>(*msg);
    bool keep = (vfork ? report_vfork_ : report_fork_) && p.stage == Process::Stage::ready;
    log_debug("{} {} child {}{}", p.pid, vfork ? "vforked" : "forked", child, keep ? " (kept)" : "");
    t.in_vfork = vfork;
    ForkChild fc{p.pid, t.tid, vfork, keep, {}};
    if (!vfork) fc.inherited = breakpoints(p);
    fork_children_[child] = std::move(fc);
    if (vfork && !keep && !p.breakpoints_lifted) {
        breakpoints(p).lift(p.memory);
        p.breakpoints_lifted = true;
    }
    if (keep) t.fork_child_due = child; // reported by on_fork_child_stop
    if (auto status = take_orphan(child)) on_fork_child_stop(child, *status);
    if (!keep) quiet_stop(p, t);
}

void Tracer::on_fork_child_stop(int child, int status) {
    ForkChild fc = std::move(fork_children_.at(child));
    fork_children_.erase(child);
    Process* parent = find_process(fc.parent);
    Thread* reporter = parent ? find_thread({fc.parent, fc.parent_tid}) : nullptr;
    bool waited = reporter && reporter->fork_child_due == child;
    if (waited) reporter->fork_child_due = 0;
    bool stopped = WIFSTOPPED(status); // else killed before it ever ran
    if (waited && stopped && parent->stage == Process::Stage::ready)
        return adopt_fork_child(*parent, *reporter, child, status, std::move(fc));
    if (stopped) release_fork_child(child, status, fc.inherited);
    if (waited) quiet_stop(*parent, *reporter); // the client will not hear of this fork
}

// The child becomes a process of the client's: stopped, our breakpoints known to be in its
// memory (a copy of the parent's, or the parent's own for a vfork child), catching what its
// parent catches. Then the parent reports the fork.
void Tracer::adopt_fork_child(Process& parent, Thread& reporter, int child, int status,
                              ForkChild fc) {
    Process& c = add_process(child, parent.attached, Process::Stage::ready);
    Thread& ct = add_thread(c, child);
    c.set_running(ct, false);
    if ((status >> 16) == 0) { // a real signal came first: it goes on with the child
        ct.stop_signal = WSTOPSIG(status);
        ct.deferred_signal = WSTOPSIG(status);
    }
    if (auto m = c.memory.open(child); !m) log_debug("{}", m.error().message);
    // A vfork child of a vfork child runs in that same memory, its grandparent's.
    if (fc.vfork) c.memory_owner = address_space(parent);
    else c.breakpoints = std::move(fc.inherited);
    c.syscalls = parent.syscalls;
    StopEvent ev = signal_event(SIGTRAP, fc.vfork ? StopReason::vfork : StopReason::fork);
    ev.child = {child, child};
    report(parent, reporter, std::move(ev));
}

void Tracer::on_vfork_done(Process& p, Thread& t) {
    t.in_vfork = false;
    if (p.breakpoints_lifted) {
        breakpoints(p).put_back(p.memory);
        p.breakpoints_lifted = false;
    }
    if (report_vfork_ && p.stage == Process::Stage::ready)
        return report(p, t, signal_event(SIGTRAP, StopReason::vfork_done));
    quiet_stop(p, t);
}

void Tracer::release_fork_child(int child, int status, const BreakpointTable& inherited) {
    if (!inherited.empty()) {
        ProcessMemory mem;
        if (mem.open(child)) inherited.lift(mem);
    }
    // A real signal caught at this stop goes on with the child.
    int sig = (status >> 16) == 0 ? WSTOPSIG(status) : 0;
    if (auto r = pt::detach(child, sig); !r) log_debug("{}", r.error().message);
}

// After execve only the execing thread is left, under the process id (ptrace(2),
// "execve(2) under ptrace"); the event message is its former tid. The address space is new:
// our breakpoints are gone with the old one and /proc/PID/mem must be reopened.
void Tracer::on_exec(Process& p, Thread& t) {
    if (p.memory_owner) leave_step_over(p); // a vfork child leaves its parent's memory
    int pid = p.pid;
    auto former = pt::event_message(t.tid);
    int former_tid = former ? static_cast<int>(*former) : pid;
    auto from = p.threads.find(former_tid);
    Thread survivor = std::move(from != p.threads.end() ? from->second : t);
    survivor.tid = pid;
    survivor.running = false;
    survivor.stop_event = PTRACE_EVENT_EXEC;
    survivor.pending.reset();
    survivor.regs.clear();
    survivor.syscall_number = -1;
    p.threads.clear();
    p.running_threads = 0;
    Thread& leader = p.threads.emplace(pid, std::move(survivor)).first->second;
    p.breakpoints.forget_at_exec();
    p.breakpoints_lifted = false;
    p.memory_owner = 0; // a vfork child gets an address space of its own
    p.breakpoint_actions.clear();
    // The kernel cleared the debug registers with the old program.
    p.debug_regs.clear();
    leader.debug_generation = p.debug_regs.generation();
    if (auto m = p.memory.open(pid); !m) log_debug("{}", m.error().message);
    log_debug("exec in {} (by {})", pid, former_tid);

    if (p.stage == Process::Stage::launching) {
        if (--p.execs_left > 0) return (void)restart(p, leader, ResumeKind::cont, 0);
        return finish_launch(p, pid);
    }
    if (p.stage == Process::Stage::attaching) return check_attach_complete(p);
    StopEvent ev = signal_event(SIGTRAP, StopReason::exec);
    if (auto path = exe_path(pid)) ev.exec_path = std::move(*path);
    report(p, leader, std::move(ev));
}

} // namespace target::linux
