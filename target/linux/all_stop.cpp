// All-stop run control. When a thread reports, every other running thread is interrupted;
// their stops are collected (events of their own are kept pending on them) and exactly one
// StopEvent goes out once nothing runs. A later resume of a thread with a pending event
// reports that event instead of running anything.
#include <csignal>

#include <fmt/format.h>

#include "arch/arch.hpp"
#include "target/linux/debug_registers.hpp"
#include "target/linux/log.hpp"
#include "target/linux/procfs.hpp"
#include "target/linux/ptrace_calls.hpp"
#include "target/linux/tracer.hpp"

namespace target::linux {

// A stop nobody needs to hear about (interrupt, new thread, clone, fork, ...).
void Tracer::quiet_stop(Process& p, Thread& t) {
    switch (p.stage) {
    case Process::Stage::launching:
        return (void)restart(p, t, ResumeKind::cont, 0);
    case Process::Stage::attaching:
        return check_attach_complete(p);
    case Process::Stage::detaching:
        return; // on_stop_while_detaching handles these
    case Process::Stage::ready:
        break;
    }
    if (non_stop_) return ns_quiet_stop(p, t);
    // Another thread of p steps over a breakpoint: this one waits for it (step_over.cpp).
    if (phase_ == Phase::running && step_over_of(p)) return hold_stopped(p, t);
    if (phase_ == Phase::running) return (void)restart(p, t, t.resumed_as, 0);
    check_stop_complete(); // stopping: one fewer to wait for; idle: it stays stopped
}

void Tracer::report(Process& p, Thread& t, StopEvent ev) {
    if (non_stop_) return ns_report(p, t, std::move(ev));
    ev.thread = {p.pid, t.tid};
    if (phase_ == Phase::stopping) {
        log_debug("event of {} kept pending (signal {})", t.tid, ev.signal);
        t.pending = std::move(ev);
        return check_stop_complete();
    }
    primary_ = std::move(ev);
    stop_all();
    check_stop_complete();
}

// A process exit, or a thread's (thread events on).
void Tracer::report_exit(StopEvent ev) {
    if (non_stop_) return emit(std::move(ev));
    if (phase_ == Phase::stopping) {
        pending_exits_.push_back(std::move(ev));
        return check_stop_complete();
    }
    primary_ = std::move(ev);
    stop_all();
    check_stop_complete();
}

void Tracer::stop_all() {
    phase_ = Phase::stopping;
    for (auto& [pid, p] : processes_) {
        if (p->stage != Process::Stage::ready) continue;
        for (auto& [tid, t] : p->threads) {
            // A new thread's first stop is on its way anyway; a step over a breakpoint ends
            // after its one instruction (step_over.cpp).
            if (!t.running || t.interrupt_sent || t.awaiting_first_stop) continue;
            if (is_stepping_over(*p, t)) continue;
            if (auto r = interrupt(t); !r) {
                log_debug("{} (its exit will follow)", r.error().message);
            }
        }
    }
}

bool Tracer::anything_running() const {
    for (const auto& [pid, p] : processes_) {
        if (p->stage != Process::Stage::ready) continue;
        if (p->running_threads > 0) return true; // O(1) on the way through a stop of many
        for (const auto& [tid, t] : p->threads)
            if (t.fork_child_due) return true; // a fork child's stop is due
    }
    return false;
}

void Tracer::check_stop_complete() {
    if (phase_ != Phase::stopping || anything_running()) return;
    // A step-over that had not begun its step: its thread stays on the breakpoint, and hits
    // it again when resumed.
    give_up_unstarted_step_overs();
    phase_ = Phase::idle;
    if (auto ev = take_primary()) emit(std::move(*ev));
}

// The event chosen when the stop began, unless its thread vanished meanwhile (then another
// thread of its process, or an exit that came in, or an event another thread kept).
std::optional<StopEvent> Tracer::take_primary() {
    std::optional<StopEvent> ev = std::exchange(primary_, std::nullopt);
    if (ev && ev->kind == StopKind::stopped && !reportable_thread(ev->thread)) {
        if (auto other = any_thread(ev->thread.pid)) {
            ev->thread = *other;
        } else {
            ev.reset();
        }
    }
    if (!ev && !pending_exits_.empty()) {
        ev = std::move(pending_exits_.front());
        pending_exits_.pop_front();
    }
    for (auto it = order_.begin(); !ev && it != order_.end(); ++it) {
        Process& p = *processes_.at(*it);
        if (p.stage != Process::Stage::ready) continue;
        for (auto& [tid, t] : p.threads)
            if (t.pending && !t.exited) {
                ev = std::exchange(t.pending, std::nullopt);
                break;
            }
    }
    return ev;
}

void Tracer::emit(StopEvent ev) {
    if (ev.kind == StopKind::stopped) {
        ev.core = thread_core(ev.thread.pid, ev.thread.tid);
        last_reporter_ = ev.thread;
    }
    log_debug("report: thread {}.{} kind {} signal {} reason {}", ev.thread.pid, ev.thread.tid,
              static_cast<int>(ev.kind), ev.signal, static_cast<int>(ev.reason));
    // Posted, never called from here: the handler may call back into the target (resume,
    // detach) while we are inside the reaper's loop.
    ++events_in_flight_;
    if (Thread* t = find_thread(ev.thread)) ++t->reports_in_flight;
    post([this, ev = std::move(ev)] {
        --events_in_flight_;
        if (Thread* t = find_thread(ev.thread); t && t->reports_in_flight > 0) --t->reports_in_flight;
        if (handler_) handler_(ev);
    });
}

Result<void> Tracer::restart(Process& p, Thread& t, ResumeKind kind, int sig) {
    int deliver = sig ? sig : std::exchange(t.deferred_signal, 0);
    // Restarting from a group-stop is what lets the process go on; re-sending its stop
    // signal would only start another one.
    if (deliver && deliver == t.group_stop) deliver = 0;
    int data = 0;
    if (deliver && t.stop_signal) {
        data = deliver;
    } else if (deliver) {
        // ptrace injects a signal only from a signal-delivery-stop; from any other stop the
        // data argument is ignored. Queue it instead, and let it through when it shows up.
        if (pt::send_signal(p.pid, t.tid, deliver)) t.inject_expected = deliver;
    }
    if (auto d = sync_debug_registers(p, t); !d) log_debug("{}", d.error().message);
    t.regs.clear();
    // Catching syscalls: PTRACE_SYSCALL stops at each entry and return (on_syscall_stop).
    auto r = kind == ResumeKind::cont && p.syscalls ? pt::resume_to_syscall(t.tid, data)
                                                     : pt::resume(t.tid, kind == ResumeKind::step, data);
    if (!r && r.error().code != ESRCH) {
        log_debug("{}", r.error().message);
        return r;
    }
    // ESRCH: the thread is dying (SIGKILL); it counts as running until its exit arrives.
    p.set_running(t, true);
    t.stop_signal = 0;
    t.stop_event = 0;
    t.group_stop = 0;
    t.resumed_as = kind;
    if (phase_ == Phase::stopping && !t.interrupt_sent && r) {
        (void)interrupt(t); // an exited thread's exit status follows instead
    }
    return {};
}

// A breakpoint hit kept pending while the client removed that breakpoint: the PC was
// already moved back, so running on simply executes the original instruction.
void Tracer::drop_stale_breakpoint_event(Process& p, Thread& t) {
    if (!t.pending || t.pending->reason != StopReason::sw_breakpoint) return;
    auto pc = read_pc(arch::native(), t.tid, t.regs);
    if (pc && !breakpoints(p).contains(*pc)) {
        log_debug("pending breakpoint hit of {} dropped: breakpoint removed", t.tid);
        t.pending.reset();
    }
}

Result<void> Tracer::resume(std::span<const ThreadResume> actions) {
    if (non_stop_) return ns_resume(actions);
    if (phase_ == Phase::stopping) return make_error(EBUSY, "a stop is still being collected");
    std::vector<std::pair<Process*, Thread*>> targets;
    for (const ThreadResume& a : actions) {
        Process* p = find_process(a.thread.pid);
        Thread* t = find_thread(a.thread);
        if (!t || p->stage != Process::Stage::ready)
            return make_error(ESRCH,
                              fmt::format("no thread {}.{} to resume", a.thread.pid, a.thread.tid));
        targets.emplace_back(p, t);
    }
    if (!pending_exits_.empty()) {
        emit(std::move(pending_exits_.front()));
        pending_exits_.pop_front();
        return {};
    }
    for (std::size_t i = 0; i < actions.size(); ++i) {
        auto [p, t] = targets[i];
        if (actions[i].kind == ResumeKind::stop || t->running || t->exited) continue;
        drop_stale_breakpoint_event(*p, *t);
        if (!t->pending) continue;
        // Report it as if it just happened; nothing runs. A signal the client wanted
        // delivered goes with the thread's next restart.
        if (actions[i].signal) t->deferred_signal = actions[i].signal;
        StopEvent ev = std::move(*t->pending);
        t->pending.reset();
        emit(std::move(ev));
        return {};
    }
    for (auto [p, t] : targets)
        release_exit_held(*p);
    Result<void> result;
    for (std::size_t i = 0; i < actions.size(); ++i) {
        const ThreadResume& a = actions[i];
        auto [p, t] = targets[i];
        if (a.kind == ResumeKind::stop || t->running || t->exited) continue;
        t->range_start = a.kind == ResumeKind::step ? a.range_start : 0;
        t->range_end = a.kind == ResumeKind::step ? a.range_end : 0;
        if (auto r = restart(*p, *t, a.kind, a.signal); !r) result = r;
    }
    if (anything_running()) phase_ = Phase::running;
    return result;
}

// A thread an event can name: known, in a ready process, not an exited leader.
bool Tracer::reportable_thread(Ptid id) const {
    const Process* p = find_process(id.pid);
    const Thread* t = find_thread(id);
    return t && p->stage == Process::Stage::ready && !t->exited;
}

// The leader of pid if it can be named, else its first other thread.
std::optional<Ptid> Tracer::any_thread(int pid) const {
    const Process* p = find_process(pid);
    if (!p || p->stage != Process::Stage::ready) return std::nullopt;
    if (reportable_thread({pid, pid})) return Ptid{pid, pid};
    for (const auto& [tid, t] : p->threads)
        if (!t.exited) return Ptid{pid, tid};
    return std::nullopt;
}

void Tracer::interrupt() {
    if (non_stop_) return ns_interrupt();
    log_debug("interrupt requested (phase {})", static_cast<int>(phase_));
    if (phase_ == Phase::stopping) return; // one event is coming anyway
    std::optional<Ptid> chosen;
    if (reportable_thread(last_reporter_)) chosen = last_reporter_;
    for (auto it = order_.begin(); !chosen && it != order_.end(); ++it)
        chosen = any_thread(*it);
    if (!chosen) return;
    Ptid target = *chosen;
    StopEvent ev;
    ev.kind = StopKind::stopped;
    ev.thread = target;
    ev.signal = SIGINT;
    if (phase_ == Phase::idle) {
        if (events_in_flight_ == 0) emit(std::move(ev));
        return;
    }
    primary_ = std::move(ev);
    stop_all();
    check_stop_complete();
}

void Tracer::set_pass_signals(std::vector<int> signals) {
    pass_signals_ = std::set<int>(signals.begin(), signals.end());
}

} // namespace target::linux
