// Stepping one thread over one of our inserted breakpoints without a word to the client.
// Two cases need it, in either mode:
//  - a hit whose target-side condition is false, or whose commands ran (dprintf;
//    breakpoint_actions.cpp): the thread goes on as if the breakpoint were not there;
//  - non-stop: the client resumes a thread right from the breakpoint stop it reported, the
//    breakpoint still inserted, registers untouched (a plain `vCont;c` after a hit): run as
//    is, it would trap on the same int3 forever (non_stop.cpp). (gdb mostly steps over its
//    breakpoints itself, displaced or with everything stopped; the PC is then elsewhere.)
// Either way the original instruction must run while the breakpoint is out of memory, and no
// other thread running in that memory may run meanwhile, or it could pass the breakpoint
// unseen. The danger being the same in both modes, one mechanism serves both:
//  1. The other running threads of the address space are interrupted and held: their stops
//     are neither reported nor restarted, and threads that start meanwhile (new clones,
//     non-stop resumes) are held too. Other processes run on.
//     The address space is the process's, and also a kept vfork child's until it execs or
//     exits (Process::memory_owner): a step-over in the child holds its parent's threads, one
//     in the parent holds the child's. The parent's vforking thread sleeps in the kernel
//     until then, where no interrupt reaches it: it is held without being waited for (its
//     PTRACE_EVENT_VFORK_DONE stop comes before it runs any code again).
//  2. Once none of them runs, the breakpoint's original bytes go back into memory and the
//     thread takes one PTRACE_SINGLESTEP (with the signal it was resumed with).
//  3. At the step's trap the breakpoint goes back, the thread carries on with what it was
//     asked (continue, step, range-step, or a stop non-stop asked for meanwhile), and the
//     held threads are released: each runs on, or reports the stop asked of it meanwhile.
// Nothing that happens meanwhile is lost. Non-stop: a held thread that stops with an event
// of its own (another breakpoint, a signal) is reported at once and leaves the step-over's
// care. All-stop: such an event begins the usual stop of everything (all_stop.cpp), which
// gives up a step-over not yet stepping (its thread stays on the breakpoint and hits it again
// when resumed) and lets one under way finish its single instruction first.
// Threads are thus paused for one interrupt round trip plus one instruction. The cost: an
// instruction that blocks (a `syscall` that waits) keeps them paused until it returns.
// Displaced stepping in the stub would avoid that, at the price of decoding x86 instructions
// and fixing up rip-relative operands; gdb already does it for itself.
#include <csignal>
#include <sys/ptrace.h>
#include <utility>

#include "target/linux/debug_registers.hpp"
#include "target/linux/log.hpp"
#include "target/linux/ptrace_calls.hpp"
#include "target/linux/tracer.hpp"

namespace target::linux {

int Tracer::address_space(const Process& p) {
    return p.memory_owner ? p.memory_owner : p.pid;
}

std::vector<int> Tracer::sharing_memory(const Process& p) const {
    std::vector<int> pids;
    for (int pid : order_)
        if (address_space(*processes_.at(pid)) == address_space(p)) pids.push_back(pid);
    return pids;
}

Tracer::StepOver* Tracer::step_over_of(const Process& p) {
    auto it = step_overs_.find(address_space(p));
    return it == step_overs_.end() ? nullptr : &it->second;
}

// t stands stopped on the inserted breakpoint at addr (PC on it); kind and sig: what it is to
// do once past it (a range step's range is in t).
void Tracer::begin_step_over(Process& p, Thread& t, std::uint64_t addr, ResumeKind kind, int sig) {
    log_debug("thread {} steps over the breakpoint at {:#x}", t.tid, addr);
    StepOver& so = step_overs_[address_space(p)] =
        StepOver{p.pid, t.tid, kind, sig, addr, t.range_start, t.range_end, {}, false};
    for (int pid : sharing_memory(p)) {
        Process& q = *find_process(pid);
        if (q.stage != Process::Stage::ready) continue; // detaching: let go anyway
        for (auto& [tid, u] : q.threads) {
            if (tid == t.tid || u.exited) continue;
            if (!u.running) {
                // Non-stop: stopped by us for a moment, running as the client knows it: kept so.
                if (non_stop_ && u.client_running) u.held = true;
                continue;
            }
            u.held = true;
            // A new thread stops before it runs any code: its first stop is held, no need to
            // wait. So does a vforking thread when its child is done (see the top).
            if (u.awaiting_first_stop || u.in_vfork) continue;
            so.waiting.insert(tid);
            if (!u.interrupt_sent) (void)interrupt(u);
        }
    }
    step_when_paused(p);
}

// A thread of p stopped (or was told to wait) while p's memory has a step-over under way.
void Tracer::hold_stopped(Process& p, Thread& t) {
    t.held = true;
    if (StepOver* so = step_over_of(p); so && so->waiting.erase(t.tid)) step_when_paused(p);
}

// t leaves the step-over's care: it reported an event, or it is exiting.
void Tracer::forget_step_over_thread(Process& p, Thread& t) {
    t.held = false;
    if (StepOver* so = step_over_of(p); so && so->waiting.erase(t.tid)) step_when_paused(p);
}

// p leaves its address space (it execs, is detached, or is gone): a step-over of one of its
// threads is given up, one of another process no longer waits for p's threads.
void Tracer::leave_step_over(Process& p) {
    StepOver* so = step_over_of(p);
    if (!so) return;
    for (auto& [tid, t] : p.threads) {
        t.held = false; // not released: what becomes of them is the caller's business
        so->waiting.erase(tid);
    }
    if (so->pid == p.pid) return give_up_step_over(p, false);
    step_when_paused(p);
}

// p: any process of the address space; the stepping thread may be in another one.
void Tracer::step_when_paused(Process& p) {
    StepOver* so = step_over_of(p);
    if (!so || so->stepping || !so->waiting.empty()) return;
    // All-stop collecting a stop of everything: that gives the step-over up (all_stop.cpp).
    if (!non_stop_ && phase_ != Phase::running) return;
    Process* sp = find_process(so->pid);
    Thread* t = sp ? find_thread({so->pid, so->tid}) : nullptr;
    if (!t || t->exited) return give_up_step_over(p, false);
    if (auto r = breakpoints(*sp).lift(sp->memory, so->address); !r) {
        log_debug("step-over at {:#x}: {}", so->address, r.error().message);
        return give_up_step_over(*sp, true);
    }
    so->stepping = true;
    if (!restart(*sp, *t, ResumeKind::step, so->signal)) give_up_step_over(*sp, true);
}

// The stepping thread stopped (on_wait_status sends its stops here): normally its step is done.
void Tracer::on_step_over_stop(Process& p, Thread& t, int sig, int event) {
    // A stray interrupt from before the step-over, or a group-stop: the instruction has not
    // run yet, step again (unless all-stop is collecting a stop: t then stays on the breakpoint).
    if (event == PTRACE_EVENT_STOP && (non_stop_ || phase_ == Phase::running))
        return (void)restart(p, t, ResumeKind::step, 0);
    // A signal the client lets through came before the instruction ran: it goes with a new
    // step (a handler's first instruction then ends it). Ending the step-over here would let
    // the thread run on from the breakpoint, to hit it a second time.
    StepOver* running = step_over_of(p);
    bool passed = passes(sig) && running->kind != ResumeKind::step;
    if (event == 0 && sig != SIGTRAP && (passed || t.inject_expected == sig)) {
        t.stop_signal = sig;
        t.inject_expected = 0;
        return (void)restart(p, t, ResumeKind::step, sig);
    }
    StepOver so = std::move(*running);
    step_overs_.erase(address_space(p));
    // The client may have removed the breakpoint meanwhile (non-stop): then nothing goes back.
    if (breakpoints(p).contains(so.address))
        if (auto r = breakpoints(p).put_back(p.memory, so.address); !r)
            log_debug("step-over at {:#x}: {}", so.address, r.error().message);
    t.resumed_as = so.kind;
    t.range_start = so.range_start;
    t.range_end = so.range_end;
    bool trap = event == 0 && sig == SIGTRAP;
    auto si = trap ? pt::siginfo(t.tid) : Result<siginfo_t>(make_error(EINVAL, "not a trap"));
    // Who is held is known before t's event, which may take p out of the address space (exec).
    std::vector<int> sharing = sharing_memory(p);
    if (!si || !pt::ends_single_step(si->si_code)) {
        dispatch_stop(p, t, sig, event); // an event of its own, handled as any other
    } else if (auto ev = p.debug_regs.any() ? debug_register_event(p, t) : std::nullopt) {
        on_debug_register_event(p, t, std::move(*ev)); // a watchpoint fired on the instruction
    } else {
        carry_on_after_step(p, t, so.kind);
    }
    release_held(sharing);
    check_stop_complete(); // all-stop collecting a stop: t and the held threads are stopped
}

// Past the breakpoint: t does what it was asked before the step-over.
void Tracer::carry_on_after_step(Process& p, Thread& t, ResumeKind kind) {
    if (kind == ResumeKind::step) return step_done(p, t); // reported, or its range goes on
    if (non_stop_ && t.stop_requested) return report_requested_stop(p, t);
    if (!non_stop_ && phase_ != Phase::running) return; // stays stopped for the stop under way
    (void)restart(p, t, ResumeKind::cont, 0);
}

// The step-over ends without its step: the thread is gone, or the breakpoint cannot be lifted
// or stepped over (report_hit: better a stop the user did not ask for than a thread left
// behind), or all-stop is stopping everything before the step began. p: any process of the
// address space.
void Tracer::give_up_step_over(Process& p, bool report_hit) {
    StepOver so = std::move(*step_over_of(p));
    step_overs_.erase(address_space(p));
    std::vector<int> sharing = sharing_memory(p);
    if (so.stepping && breakpoints(p).contains(so.address))
        (void)breakpoints(p).put_back(p.memory, so.address);
    Process* sp = find_process(so.pid);
    Thread* t = sp ? find_thread({so.pid, so.tid}) : nullptr;
    if (t && !t->exited) {
        t->resumed_as = so.kind;
        t->range_start = so.range_start;
        t->range_end = so.range_end;
        if (so.signal) t->deferred_signal = so.signal;
    }
    if (report_hit && t && !t->exited && !t->running) {
        log_debug("step-over at {:#x} failed: reporting the hit", so.address);
        StopEvent ev;
        ev.signal = SIGTRAP;
        ev.reason = StopReason::sw_breakpoint;
        report(*sp, *t, std::move(ev));
    }
    release_held(sharing);
}

// All-stop: everything is stopped for an event; step-overs still waiting are given up.
void Tracer::give_up_unstarted_step_overs() {
    std::vector<int> pids;
    for (const auto& [space, so] : step_overs_)
        if (!so.stepping) pids.push_back(so.pid);
    for (int pid : pids)
        if (Process* p = find_process(pid)) give_up_step_over(*p, false);
}

// Each held thread of these processes runs on, or reports the stop asked of it meanwhile
// (non-stop); all-stop collecting a stop leaves them stopped for it. In a stable order: a
// released thread may begin the next step-over (non-stop), which holds the rest again.
void Tracer::release_held(const std::vector<int>& pids) {
    for (int pid : pids) {
        Process* p = find_process(pid);
        if (!p || p->stage != Process::Stage::ready) continue;
        std::vector<int> held;
        for (const auto& [tid, u] : p->threads)
            if (u.held) held.push_back(tid);
        for (int tid : held) {
            Thread* u = find_thread({pid, tid});
            if (!u || !u->held) continue;
            u->held = false;
            if (u->running || u->exited) continue; // its stop is still to come: dealt with then
            if (non_stop_) {
                if (u->stop_requested) {
                    report_requested_stop(*p, *u);
                } else if (u->client_running) {
                    (void)ns_continue(*p, *u, u->resumed_as, 0);
                }
            } else if (phase_ == Phase::running) {
                (void)restart(*p, *u, u->resumed_as, 0);
            }
        }
    }
}

} // namespace target::linux
