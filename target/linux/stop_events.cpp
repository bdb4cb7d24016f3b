// One handler per kind of ptrace-stop: signal, trap, event-stop, exit, syscall, and the
// thread's or process's end (clone, fork, vfork and exec are in clone_fork_exec.cpp). Each
// decides whether the stop is reportable (report) or only bookkeeping (quiet_stop, which
// restarts the thread or leaves it stopped according to the all-stop phase).
#include <algorithm>
#include <csignal>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <vector>

#include <fmt/format.h>

#include "arch/arch.hpp"
#include "target/linux/debug_registers.hpp"
#include "target/linux/log.hpp"
#include "target/linux/ptrace_calls.hpp"
#include "target/linux/tracer.hpp"

namespace target::linux {
namespace {

bool is_stop_signal(int sig) {
    return sig == SIGSTOP || sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU;
}

// An int3 trapped at addr, yet memory there holds something else now: the int3 was one of
// ours, since removed. (A program's own int3 is still there.)
bool int3_gone(const ProcessMemory& memory, std::uint64_t addr, std::span<const std::uint8_t> insn) {
    std::vector<std::uint8_t> now(insn.size());
    auto n = memory.read(addr, now);
    return n && *n == now.size() && !std::equal(now.begin(), now.end(), insn.begin(), insn.end());
}

} // namespace

StopEvent signal_event(int sig, StopReason reason) {
    StopEvent ev;
    ev.kind = StopKind::stopped;
    ev.signal = sig;
    ev.reason = reason;
    return ev;
}

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
// end of a single-step (TRAP_TRACE, or TRAP_BRKPT after a `syscall`: pt::ends_single_step),
// or a plain signal (kill -TRAP, the program's own int3).
void Tracer::on_trap(Process& p, Thread& t) {
    const arch::Arch& arch = arch::native();
    auto si = pt::siginfo(t.tid);
    int code = si ? si->si_code : SI_USER;
    bool stepping = t.resumed_as == ResumeKind::step;
    if (code == SI_KERNEL || (code == TRAP_BRKPT && !stepping)) {
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
