// Non-stop: stepping a thread off an inserted breakpoint without letting any other thread run
// past that breakpoint unseen.
//
// When is it needed? gdb steps over its breakpoints itself: in non-stop it copies the
// instruction to a scratch pad at the program's entry point and steps it there (displaced
// stepping: `X` at the entry point, `P` of the PC, `vCont;s:T;c`), or, with displaced stepping
// off, it stops every thread, removes the breakpoint, steps, and inserts it again. Either way
// the PC is no longer at an inserted breakpoint when the thread is resumed, and nothing here
// happens. What is left for the stub is a client that resumes a thread right from the
// breakpoint stop it reported, breakpoint still inserted, registers untouched (a plain `vCont;c`
// after a hit): run as is, the thread would trap on the same int3 forever.
//
// The approach: a short stop-the-world of that one process, for exactly one instruction.
//  1. Every other running thread of the process is interrupted (PTRACE_INTERRUPT); threads the
//     client resumes meanwhile are held stopped too. A thread that stops with an event of its
//     own (another breakpoint hit, a signal) is reported as usual: non-stop loses nothing.
//  2. Once none of them runs, the breakpoint's original bytes go back into memory and the
//     thread takes one PTRACE_SINGLESTEP. No other thread of the process can run now, so none
//     can pass the lifted breakpoint; other processes do not share the memory.
//  3. At the step's trap the breakpoint instruction goes back, the thread goes on as the client
//     asked (continues, or reports its step), and the held threads are released: each runs on,
//     or reports the stop the client requested meanwhile.
// Threads the client did not stop are thus stopped for one interrupt round trip plus one
// instruction. The cost: an instruction that blocks (a `syscall` that waits) keeps them paused
// until it returns. Displaced stepping in the stub would avoid that, at the price of decoding
// x86 instructions and fixing up rip-relative operands; gdb already does it for itself.
#include <fmt/format.h>

#include "arch/arch.hpp"
#include "target/linux/log.hpp"
#include "target/linux/ptrace_calls.hpp"
#include "target/linux/tracer.hpp"

namespace target::linux {

// Resumed from the very breakpoint stop it reported, breakpoint still inserted.
bool Tracer::needs_step_over(Process& p, Thread& t) {
    if (!t.reported_breakpoint || !p.breakpoints.contains(t.reported_breakpoint)) return false;
    auto pc = read_pc(arch::native(), t.tid, t.regs);
    return pc && *pc == t.reported_breakpoint;
}

void Tracer::start_step_over(Process& p, Thread& t, ResumeKind kind, int sig) {
    log_debug("thread {} steps over the breakpoint at {:#x}", t.tid, t.reported_breakpoint);
    step_over_ = StepOver{p.pid, t.tid, kind, sig, t.reported_breakpoint, {}, false};
    t.reported_breakpoint = 0;
    for (auto& [tid, u] : p.threads) {
        if (tid == t.tid || u.exited) continue;
        if (!u.running) {
            if (u.client_running) u.held = true; // stopped by us already: keep it so
            continue;
        }
        u.held = true;
        // A new thread stops before it runs any code: its first stop is held, no need to wait.
        if (u.awaiting_first_stop) continue;
        step_over_->waiting.insert(tid);
        if (!u.interrupt_sent && pt::interrupt(tid)) u.interrupt_sent = true;
    }
    step_when_paused(p);
}

// A thread of the process stopped (or was told to wait) while a step-over is under way.
void Tracer::hold_stopped(Process& p, Thread& t) {
    t.held = true;
    if (step_over_->waiting.erase(t.tid)) step_when_paused(p);
}

// t leaves the step-over's care: it reported an event, or it is exiting.
void Tracer::forget_step_over_thread(Process& p, Thread& t) {
    t.held = false;
    if (step_over_in(p) && step_over_->waiting.erase(t.tid)) step_when_paused(p);
}

void Tracer::step_when_paused(Process& p) {
    if (!step_over_in(p) || step_over_->stepping || !step_over_->waiting.empty()) return;
    Thread* t = find_thread({p.pid, step_over_->tid});
    if (!t) return finish_step_over(p, nullptr, std::nullopt);
    step_over_->stepping = true;
    p.breakpoints.lift_one(p.memory, step_over_->address);
    if (auto r = restart(p, *t, ResumeKind::step, step_over_->signal); !r)
        finish_step_over(p, nullptr, std::nullopt);
}

// The stepping thread stopped (t and ev: its stop event) or cannot step (no event): the
// breakpoint goes back, the thread goes on as the client asked, the held threads are released.
void Tracer::finish_step_over(Process& p, Thread* t, std::optional<StopEvent> ev) {
    StepOver done = std::move(*step_over_);
    step_over_.reset();
    p.breakpoints.put_back_one(p.memory, done.address);
    if (t && ev) {
        bool stepped = ev->reason == StopReason::single_step;
        if (stepped && done.kind == ResumeKind::cont && t->stop_requested) {
            report_requested_stop(p, *t);
        } else if (stepped && done.kind == ResumeKind::cont) {
            (void)restart(p, *t, ResumeKind::cont, 0); // off the breakpoint: on it goes
        } else {
            ns_report(p, *t, std::move(*ev));
        }
    }
    // Release in a stable order; a released thread may start the next step-over, which holds
    // the rest again.
    std::vector<int> held;
    for (auto& [tid, u] : p.threads)
        if (u.held) held.push_back(tid);
    for (int tid : held) {
        Thread* u = find_thread({p.pid, tid});
        if (!u || !u->held) continue;
        u->held = false;
        if (u->running) continue; // still on its way to the stop it was asked for: runs on
        if (u->stop_requested) {
            report_requested_stop(p, *u);
        } else if (u->client_running) {
            (void)ns_continue(p, *u, u->resumed_as, 0);
        }
    }
}

} // namespace target::linux
