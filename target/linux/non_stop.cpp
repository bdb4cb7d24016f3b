// Non-stop run control (GDB manual, "Remote Non-Stop"). Every thread runs and stops on its
// own: a reportable stop is emitted at once and leaves only that thread stopped; a quiet stop
// restarts the thread if the client believes it running. Nothing waits for other threads,
// except a step over a breakpoint (step_over.cpp), which pauses the others for one step.
//
// The client's view is Thread::client_running: set by a resume, cleared by the event that
// reports the thread stopped. Resumes of threads the client believes running and stops of
// threads it believes stopped are ignored, as the protocol asks.
#include <csignal>
#include <utility>

#include <fmt/format.h>

#include "arch/arch.hpp"
#include "target/linux/log.hpp"
#include "target/linux/ptrace_calls.hpp"
#include "target/linux/tracer.hpp"

namespace target::linux {

bool Tracer::client_stopped(const Thread& t) const {
    return non_stop_ ? !t.client_running : !t.running;
}

Result<void> Tracer::set_non_stop(bool on) {
    if (on == non_stop_) return {};
    if (phase_ != Phase::idle) return make_error(EBUSY, "a stop is still being collected");
    if (!on) return leave_non_stop();
    non_stop_ = true;
    for (auto& [pid, p] : processes_)
        for (auto& [tid, t] : p->threads) {
            t.client_running = t.running;
            t.stop_requested = false;
            t.held = false;
        }
    log_debug("non-stop mode on");
    return {};
}

// Back to all-stop: every thread is stopped, quietly; their own events stay pending.
Result<void> Tracer::leave_non_stop() {
    if (!step_overs_.empty()) return make_error(EBUSY, "a thread is stepping over a breakpoint");
    non_stop_ = false;
    for (auto& [pid, p] : processes_)
        for (auto& [tid, t] : p->threads) {
            t.client_running = false;
            t.stop_requested = false;
        }
    log_debug("non-stop mode off");
    if (anything_running()) {
        stop_all();
        check_stop_complete();
    }
    return {};
}

void Tracer::ns_report(Process& p, Thread& t, StopEvent ev) {
    ev.thread = {p.pid, t.tid};
    if (t.held) forget_step_over_thread(p, t);
    t.client_running = false;
    t.stop_requested = false;
    t.reported_breakpoint = 0;
    if (ev.reason == StopReason::sw_breakpoint) {
        if (auto pc = read_pc(arch::native(), t.tid, t.regs)) t.reported_breakpoint = *pc;
    }
    emit(std::move(ev));
}

void Tracer::ns_quiet_stop(Process& p, Thread& t) {
    if (t.held || (step_over_of(p) && t.client_running)) return hold_stopped(p, t);
    if (t.stop_requested) return report_requested_stop(p, t);
    if (t.client_running) return (void)restart(p, t, t.resumed_as, 0);
    // Stopped as the client knows it: it stays so.
}

Result<void> Tracer::ns_resume(std::span<const ThreadResume> actions) {
    Result<void> result;
    for (const ThreadResume& a : actions) {
        Process* p = find_process(a.thread.pid);
        Thread* t = find_thread(a.thread);
        if (!t || p->stage != Process::Stage::ready) {
            result = make_error(ESRCH, fmt::format("no thread {}.{}", a.thread.pid, a.thread.tid));
            continue;
        }
        if (t->exited) continue;
        if (a.kind == ResumeKind::stop) {
            ns_request_stop(*p, *t, 0);
            continue;
        }
        if (t->client_running) continue; // already running: the protocol says ignore
        // Its stop is reported but not yet delivered: the client still counts it as running
        // (a wildcard vCont;c read before the event reached the client names it too). Resumed
        // now, it would run on, or exit, under a stop the client is about to read registers
        // of ("remote failure reply 'E10'"); it stays stopped and the stop goes out.
        if (t->reports_in_flight > 0) continue;
        t->range_start = a.kind == ResumeKind::step ? a.range_start : 0;
        t->range_end = a.kind == ResumeKind::step ? a.range_end : 0;
        if (auto r = ns_continue(*p, *t, a.kind, a.signal); !r) result = r;
    }
    return result;
}

// The client resumes t (stopped as it knows it): report an event it still owes, wait for a
// step-over to finish, step off a breakpoint, or simply restart it.
Result<void> Tracer::ns_continue(Process& p, Thread& t, ResumeKind kind, int sig) {
    t.client_running = true;
    t.stop_requested = false;
    t.resumed_as = kind;
    drop_stale_breakpoint_event(p, t);
    if (t.pending) {
        // An event kept from all-stop mode: reported now, as if it just happened.
        if (sig) t.deferred_signal = sig;
        StopEvent ev = std::move(*t.pending);
        t.pending.reset();
        ns_report(p, t, std::move(ev));
        return {};
    }
    if (step_over_of(p)) {
        // The breakpoint is lifted: nothing of this process may run until it is back.
        if (sig) t.deferred_signal = sig;
        hold_stopped(p, t);
        return {};
    }
    if (needs_step_over(p, t)) {
        begin_step_over(p, t, std::exchange(t.reported_breakpoint, 0), kind, sig);
        return {};
    }
    return restart(p, t, kind, sig);
}

// Resumed from the very breakpoint stop it reported, breakpoint still inserted: it must step
// over it first (step_over.cpp).
bool Tracer::needs_step_over(Process& p, Thread& t) {
    if (!t.reported_breakpoint || !breakpoints(p).contains(t.reported_breakpoint)) return false;
    auto pc = read_pc(arch::native(), t.tid, t.regs);
    return pc && *pc == t.reported_breakpoint;
}

// vCont;t (report_signal 0) or an interrupt (SIGINT): stop t if the client believes it running.
void Tracer::ns_request_stop(Process& p, Thread& t, int report_signal) {
    if (!t.client_running) return; // stopped already: the protocol says ignore
    t.stop_requested = true;
    t.stop_request_signal = report_signal;
    if (is_stepping_over(p, t) || t.held) return; // reported when the step-over ends
    if (t.running) {
        if (!t.interrupt_sent && !t.awaiting_first_stop) (void)interrupt(t);
        return;
    }
    report_requested_stop(p, t); // stopped by us for a moment already
}

// The stop the client asked for: signal 0 for vCont;t (as gdb expects), SIGINT for ^C.
void Tracer::report_requested_stop(Process& p, Thread& t) {
    StopEvent ev;
    ev.signal = t.stop_request_signal;
    ns_report(p, t, std::move(ev));
}

// ^C / vCtrlC: one running thread stops with SIGINT (the last to report, else the first found);
// the others keep running.
void Tracer::ns_interrupt() {
    auto running = [this](Ptid id) {
        const Thread* t = find_thread(id);
        return t && t->client_running && !t->exited && reportable_thread(id);
    };
    std::optional<Ptid> chosen;
    if (running(last_reporter_)) chosen = last_reporter_;
    for (auto pid = order_.begin(); !chosen && pid != order_.end(); ++pid) {
        Process& p = *processes_.at(*pid);
        if (running({*pid, *pid})) chosen = Ptid{*pid, *pid};
        for (auto it = p.threads.begin(); !chosen && it != p.threads.end(); ++it)
            if (running({*pid, it->first})) chosen = Ptid{*pid, it->first};
    }
    if (!chosen) return;
    ns_request_stop(*find_process(chosen->pid), *find_thread(*chosen), SIGINT);
}

} // namespace target::linux
