// Stepping a thread over one of our breakpoints without a word to the client: a hit whose
// condition was false, or whose commands ran (dprintf). The original instruction must run
// while the breakpoint is out of memory, and in all-stop no other thread may run then, or
// it could pass the breakpoint unseen. So: park the running threads (interrupt them, to be
// resumed as they were), put the original bytes back, single-step the thread, write the
// breakpoint again, resume everyone, and carry on with what the thread was asked to do
// (continue, or range-step). Anything else that happens meanwhile (another thread's event,
// an exit, Ctrl-C) wins: the step-over is given up and that is reported; the thread is left
// at the breakpoint address and simply hits it again when resumed.
#include <csignal>

#include "target/linux/debug_registers.hpp"
#include "target/linux/log.hpp"
#include "target/linux/ptrace_calls.hpp"
#include "target/linux/tracer.hpp"

namespace target::linux {

// Only from Phase::running: t just hit the breakpoint at addr and its PC is back on it.
void Tracer::begin_step_over(Process& p, Thread& t, std::uint64_t addr) {
    step_over_ = StepOver{p.pid, t.tid, addr, t.resumed_as, t.range_start, t.range_end};
    stop_all(true);
    check_stop_complete(); // at once when nothing else runs, the common case
}

// Everything is stopped: lift the breakpoint and step, unless there is news to report
// (false: the step-over is given up and check_stop_complete reports or resumes).
bool Tracer::start_step_over() {
    StepOver so = *std::exchange(step_over_, std::nullopt);
    Process* p = find_process(so.pid);
    Thread* t = find_thread({so.pid, so.tid});
    if (!p || !t || t->exited || p->stage != Process::Stage::ready || has_news()) return false;
    auto lifted = breakpoints(*p).lift(p->memory, so.addr);
    if (lifted) {
        step_over_ = so;
        phase_ = Phase::stepping_over;
        if (restart(*p, *t, ResumeKind::step, 0)) return true;
        end_step_over(p, *std::exchange(step_over_, std::nullopt));
        phase_ = Phase::stopping;
    }
    // The breakpoint cannot be stepped over: better a stop the user did not ask for than a
    // thread left behind.
    log_debug("step-over at {:#x} failed: reporting the hit", so.addr);
    StopEvent ev;
    ev.thread = {so.pid, so.tid};
    ev.signal = SIGTRAP;
    ev.reason = StopReason::sw_breakpoint;
    primary_ = std::move(ev);
    return false;
}

// The stepping thread stopped: normally its single-step is done.
void Tracer::on_step_over_stop(Process& p, Thread& t, int sig, int event) {
    StepOver so = *std::exchange(step_over_, std::nullopt);
    end_step_over(&p, so);
    if (has_news()) {
        phase_ = Phase::stopping;
        clear_parked();
    } else {
        resume_parked();
        phase_ = Phase::running; // t itself goes on below
    }
    bool trap = event == 0 && sig == SIGTRAP;
    auto si = trap ? pt::siginfo(t.tid) : Result<siginfo_t>(make_error(EINVAL, "not a trap"));
    if (!si || si->si_code != TRAP_TRACE) return dispatch_stop(p, t, sig, event);
    // The instruction ran. A watchpoint may have fired on it.
    if (p.debug_regs.any())
        if (auto ev = debug_register_event(p, t)) return on_debug_register_event(p, t, std::move(*ev));
    if (so.kind == ResumeKind::cont) return (void)restart(p, t, ResumeKind::cont, 0);
    step_done(p, t);
}

// Breakpoint back in memory (the client cannot have removed it: it was waiting), and the
// thread's own request restored.
void Tracer::end_step_over(Process* p, const StepOver& so) {
    if (p && breakpoints(*p).contains(so.addr))
        if (auto r = breakpoints(*p).put_back(p->memory, so.addr); !r)
            log_debug("step-over at {:#x}: {}", so.addr, r.error().message);
    if (Thread* t = find_thread({so.pid, so.tid})) {
        t->resumed_as = so.kind;
        t->range_start = so.range_start;
        t->range_end = so.range_end;
    }
}

// Something the client must hear of, which a step-over must not hide.
bool Tracer::has_news() const {
    if (primary_ || !pending_exits_.empty()) return true;
    for (const auto& [pid, p] : processes_) {
        if (p->stage != Process::Stage::ready) continue;
        for (const auto& [tid, t] : p->threads)
            if (t.pending) return true;
    }
    return false;
}

void Tracer::resume_parked() {
    for (auto& [pid, p] : processes_) {
        if (p->stage != Process::Stage::ready) continue;
        for (auto& [tid, t] : p->threads) {
            if (!std::exchange(t.parked, false)) continue;
            if (!t.running && !t.exited && !t.pending) (void)restart(*p, t, t.resumed_as, 0);
        }
    }
}

void Tracer::clear_parked() {
    for (auto& [pid, p] : processes_)
        for (auto& [tid, t] : p->threads)
            t.parked = false;
}

} // namespace target::linux
