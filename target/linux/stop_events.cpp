// One handler per kind of ptrace-stop. Each decides whether the stop is reportable (report)
// or only bookkeeping (quiet_stop, which restarts the thread or leaves it stopped according
// to the all-stop phase).
#include <algorithm>
#include <csignal>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <vector>

#include <fmt/format.h>

#include "arch/arch.hpp"
#include "target/linux/debug_registers.hpp"
#include "target/linux/log.hpp"
#include "target/linux/procfs.hpp"
#include "target/linux/ptrace_calls.hpp"
#include "target/linux/tracer.hpp"

namespace target::linux {
namespace {

bool is_stop_signal(int sig) {
    return sig == SIGSTOP || sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU;
}

StopEvent signal_event(int sig, StopReason reason = StopReason::none) {
    StopEvent ev;
    ev.kind = StopKind::stopped;
    ev.signal = sig;
    ev.reason = reason;
    return ev;
}

// An int3 trapped at addr, yet memory there holds something else now: the int3 was one of
// ours, since removed. (A program's own int3 is still there.)
bool int3_gone(const ProcessMemory& memory, std::uint64_t addr, std::span<const std::uint8_t> insn) {
    std::vector<std::uint8_t> now(insn.size());
    auto n = memory.read(addr, now);
    return n && *n == now.size() && !std::equal(now.begin(), now.end(), insn.begin(), insn.end());
}

} // namespace

void Tracer::on_signal_stop(Process& p, Thread& t, int sig) {
    t.stop_signal = sig;
    if (p.stage == Process::Stage::launching) return (void)restart(p, t, ResumeKind::cont, sig);
    if (p.stage == Process::Stage::attaching) {
        // Not the client's business yet: delivered when the client first resumes the thread.
        t.deferred_signal = sig;
        return check_attach_complete(p);
    }
    if (non_stop_ && t.held && sig != SIGTRAP) {
        // Paused for a step-over: the signal waits for its release (passing it on now would
        // let the thread run while a breakpoint is lifted).
        t.deferred_signal = sig;
        t.inject_expected = 0;
        return quiet_stop(p, t);
    }
    if (t.inject_expected == sig) {
        t.inject_expected = 0;
        return (void)restart(p, t, t.resumed_as, sig);
    }
    if (sig == SIGTRAP) return on_trap(p, t);
    if (passes(sig) && t.resumed_as != ResumeKind::step) {
        log_debug("signal {} to {} passed through", sig, t.tid);
        return (void)restart(p, t, t.resumed_as, sig);
    }
    report(p, t, signal_event(sig));
}

// SIGTRAP: one of our breakpoints (int3 reports SI_KERNEL, or TRAP_BRKPT), a debug
// register (TRAP_HWBKPT, or TRAP_TRACE when it fired during a single-step: DR6 tells), the
// end of a single-step (TRAP_TRACE), or a plain signal (kill -TRAP, the program's own int3).
void Tracer::on_trap(Process& p, Thread& t) {
    const arch::Arch& arch = arch::native();
    auto si = pt::siginfo(t.tid);
    int code = si ? si->si_code : SI_USER;
    if (code == SI_KERNEL || code == TRAP_BRKPT) {
        auto pc = read_pc(arch, t.tid, t.regs);
        std::uint64_t bp = pc ? *pc - arch.pc_after_breakpoint() : 0;
        if (pc && breakpoints(p).contains(bp)) {
            // The client expects the PC at the breakpoint (the swbreak stop reply says so).
            if (auto w = write_pc(arch, t.tid, t.regs, bp); !w) log_debug("{}", w.error().message);
            if (breakpoint_actions(p).contains(bp)) {
                // All-stop collecting a stop, or another thread of p stepping over a
                // breakpoint: leave t at the breakpoint, to hit it again when resumed. Its
                // conditions and commands then run once, not twice.
                if ((!non_stop_ && phase_ != Phase::running) || step_over_of(p))
                    return quiet_stop(p, t);
                if (!hit_wants_report(p, t, bp)) return begin_step_over(p, t, bp, t.resumed_as, 0);
            }
            return report(p, t, signal_event(SIGTRAP, StopReason::sw_breakpoint));
        }
        // One of our int3s that the client removed before this trap showed up: the thread
        // hit it just as our interrupt stopped it, and the kernel reported the interrupt
        // first, keeping the SIGTRAP queued. The original instruction is back at bp: move
        // the PC back and carry on as if the breakpoint had never been hit.
        if (pc && int3_gone(p.memory, bp, arch.breakpoint_instruction())) {
            log_debug("late hit of a removed breakpoint at {:#x} by {} taken back", bp, t.tid);
            if (auto w = write_pc(arch, t.tid, t.regs, bp); !w) log_debug("{}", w.error().message);
            return quiet_stop(p, t);
        }
    }
    if (code > 0 && p.debug_regs.any())
        if (auto ev = debug_register_event(p, t)) return on_debug_register_event(p, t, std::move(*ev));
    bool stepping = t.resumed_as == ResumeKind::step;
    if (code == TRAP_TRACE || (stepping && code > 0)) return step_done(p, t);
    if (passes(SIGTRAP) && !stepping) return (void)restart(p, t, t.resumed_as, SIGTRAP);
    report(p, t, signal_event(SIGTRAP));
}

// A hardware breakpoint traps before its instruction runs, and the kernel sets RF so that
// resuming does not trap again: one whose condition is false just lets the thread go on.
void Tracer::on_debug_register_event(Process& p, Thread& t, StopEvent ev) {
    if (ev.reason == StopReason::hw_breakpoint && !hit_wants_report(p, t, ev.address))
        return (void)restart(p, t, t.resumed_as, 0);
    report(p, t, std::move(ev));
}

// A single-step ended: range stepping (vCont;r) goes on while the PC stays in the range.
void Tracer::step_done(Process& p, Thread& t) {
    if (t.resumed_as == ResumeKind::step && t.range_start < t.range_end) {
        auto pc = read_pc(arch::native(), t.tid, t.regs);
        if (pc && *pc >= t.range_start && *pc < t.range_end)
            return (void)restart(p, t, ResumeKind::step, 0);
    }
    report(p, t, signal_event(SIGTRAP, StopReason::single_step));
}

// PTRACE_EVENT_STOP: our interrupt (maybe a stray one, see Thread::interrupt_sent), a new
// thread's first stop, or a group-stop. Never reported: a stop signal reaches every traced
// thread first as a signal-delivery-stop, which is reported (or passed); the group-stop
// that follows when it is delivered only needs a restart, which under ptrace is what lets the
// process go on. While a job-control stop lingers (until SIGCONT), even a plain interrupt
// stop carries the stop signal instead of SIGTRAP, so reporting these would invent signals.
void Tracer::on_event_stop(Process& p, Thread& t, int sig) {
    bool first = std::exchange(t.awaiting_first_stop, false);
    if (is_stop_signal(sig)) t.group_stop = sig;
    if (first && report_thread_created(p, t)) return;
    quiet_stop(p, t);
}

// PTRACE_EVENT_EXIT: the thread is on its way out (pthread_exit, exit_group, a fatal signal).
// While everything is stopped nothing exits on its own: this is a kill from outside (SIGKILL).
// An all-stop client, idle, cannot be told now; the thread is held at this stop, where its
// registers and memory still answer, and the death is the answer to the client's next resume
// (release_exit_held). Otherwise nothing may hold it: let it go at once.
void Tracer::on_exit_stop(Process& p, Thread& t) {
    if (p.stage == Process::Stage::ready && !non_stop_ && phase_ == Phase::idle && !p.kill_sent) {
        log_debug("thread {} of {} killed while stopped: held at its exit", t.tid, p.pid);
        t.exit_held = true;
        return;
    }
    let_exit(p, t);
    if (p.stage == Process::Stage::attaching) return check_attach_complete(p);
    check_stop_complete();
}

// Its WIFEXITED follows, except for a leader with threads left, which turns into a silent
// zombie: it is marked gone now.
void Tracer::let_exit(Process& p, Thread& t) {
    t.exit_held = false;
    if (auto r = pt::resume(t.tid, false, 0); !r) log_debug("{}", r.error().message);
    if (t.tid == p.pid) {
        t.exited = true;
    } else {
        p.set_running(t, true);
    }
    if (step_over_of(p)) {
        // It will never stop again: a step-over must not wait for it.
        if (is_stepping_over(p, t)) {
            give_up_step_over(p, false);
        } else {
            forget_step_over_thread(p, t);
        }
    }
}

// A process killed while stopped dies as soon as any of it is resumed, killed or detached:
// all its held threads go at once, whichever threads the client named.
void Tracer::release_exit_held(Process& p) {
    for (auto& [tid, t] : p.threads)
        if (t.exit_held) let_exit(p, t);
}

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
    if (fc.vfork) c.memory_owner = parent.pid;
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

// A syscall entry or return (PTRACE_SYSCALL, while the client catches syscalls): reported
// when the number is one the client asked for, else the thread simply goes on.
void Tracer::on_syscall_stop(Process& p, Thread& t) {
    if (p.stage != Process::Stage::ready || !p.syscalls) return quiet_stop(p, t);
    auto info = pt::syscall_stop(t.tid);
    if (!info) {
        log_debug("{}", info.error().message);
        return quiet_stop(p, t);
    }
    int number = info->entry ? info->number : t.syscall_number;
    t.syscall_number = info->entry ? info->number : -1;
    // A return whose entry we did not see (catching began inside it) has no number.
    if (number < 0 || !(p.syscalls->empty() || p.syscalls->contains(number)))
        return quiet_stop(p, t);
    StopEvent ev = signal_event(SIGTRAP, info->entry ? StopReason::syscall_entry
                                                     : StopReason::syscall_return);
    ev.syscall = number;
    report(p, t, std::move(ev));
}

// After execve only the execing thread is left, under the process id (ptrace(2),
// "execve(2) under ptrace"); the event message is its former tid. The address space is new:
// our breakpoints are gone with the old one and /proc/PID/mem must be reopened.
void Tracer::on_exec(Process& p, Thread& t) {
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

void Tracer::on_thread_exit(Process& p, int tid, int status) {
    log_debug("thread {} of {} exited", tid, p.pid);
    auto it = p.threads.find(tid);
    if (it->second.call)
        finish_call(p, it->second, make_error(ESRCH, "the thread exited during the call"), false);
    bool was_resumed = non_stop_ ? it->second.client_running : it->second.running;
    bool was_stepping_over = is_stepping_over(p, it->second);
    p.forget(it);
    switch (p.stage) {
    case Process::Stage::attaching:
        return check_attach_complete(p);
    case Process::Stage::detaching:
        return finish_detach_if_done(p);
    default:
        break;
    }
    if (was_stepping_over) {
        give_up_step_over(p, false);
    } else if (StepOver* so = step_over_of(p); so && so->waiting.erase(tid)) {
        step_when_paused(p);
    }
    report_thread_exited(p, tid, status);
    check_stop_complete();
    check_no_resumed(was_resumed);
}

// The leader's exit is the process's: the kernel reports it only once every other thread
// has been reaped.
void Tracer::on_process_exit(Process& p, int status) {
    int pid = p.pid;
    for (auto& [tid, t] : p.threads)
        if (t.call) finish_call(p, t, make_error(ESRCH, "the process exited during the call"), false);
    StopEvent ev;
    ev.thread = {pid, pid};
    if (WIFEXITED(status)) {
        ev.kind = StopKind::exited;
        ev.exit_status = WEXITSTATUS(status);
    } else {
        ev.kind = StopKind::terminated;
        ev.signal = WTERMSIG(status);
    }
    log_debug("process {} {} {}", pid, WIFEXITED(status) ? "exited with" : "killed by",
              WIFEXITED(status) ? ev.exit_status : ev.signal);
    switch (p.stage) {
    case Process::Stage::launching:
        return finish_launch(p, launch_error(p, status));
    case Process::Stage::attaching: {
        auto done = std::move(p.attach_done);
        drop_process(pid);
        Error e = make_error(ESRCH, fmt::format("process {} exited while being attached", pid));
        return post([done = std::move(done), e] { done(e); });
    }
    case Process::Stage::detaching:
        drop_process(pid);
        return check_stop_complete();
    case Process::Stage::ready:
        break;
    }
    drop_process(pid);
    report_exit(std::move(ev));
}

} // namespace target::linux
