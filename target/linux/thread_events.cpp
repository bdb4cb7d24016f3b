// Events about threads rather than stops: a thread created or exited (only when the client
// asked for them, QThreadEvents), and "no resumed thread left" (the `N` stop reply), which
// ends a wait that no thread can end any more.
#include <csignal>

#include <fmt/format.h>

#include "target/linux/log.hpp"
#include "target/linux/procfs.hpp"
#include "target/linux/tracer.hpp"

namespace target::linux {

// A new thread's first stop: with thread events on, it stays stopped and is reported (the
// protocol's `create` stop reason); otherwise it simply runs. Returns whether it was reported.
bool Tracer::report_thread_created(Process& p, Thread& t) {
    if (!thread_events_ || p.stage != Process::Stage::ready) return false;
    StopEvent ev;
    ev.signal = SIGTRAP;
    ev.reason = StopReason::thread_created;
    report(p, t, std::move(ev));
    return true;
}

void Tracer::report_thread_exited(Process& p, int tid, int status) {
    if (!thread_events_ || p.stage != Process::Stage::ready) return;
    StopEvent ev;
    ev.kind = StopKind::thread_exited;
    ev.thread = {p.pid, tid};
    ev.exit_status = WIFEXITED(status) ? WEXITSTATUS(status) : 0;
    report_exit(std::move(ev));
}

// exit_group (or a fatal signal) is taking the whole process down: every thread has SIGKILL
// pending. Its exit event is coming, so this is no time to say that nothing runs.
bool Tracer::exit_under_way(const Process& p) const {
    for (const auto& [tid, t] : p.threads)
        if (!t.exited) return sigkill_pending(p.pid, tid);
    return true; // only a zombie leader is left: its exit comes next
}

// A thread the client had resumed is gone: if no resumed thread is left anywhere while threads
// live on (stopped), nothing will ever end the client's wait but this `N` event.
void Tracer::check_no_resumed(bool exited_was_resumed) {
    if (!exited_was_resumed) return;
    if (!non_stop_ && phase_ != Phase::running) return;
    const Process* live = nullptr;
    for (const auto& [pid, p] : processes_) {
        if (p->stage != Process::Stage::ready) continue;
        for (const auto& [tid, t] : p->threads) {
            if (t.exited) continue;
            if (non_stop_ ? t.client_running : t.running) return;
            live = p.get();
        }
    }
    if (!live || exit_under_way(*live)) return;
    log_debug("no resumed thread left");
    if (!non_stop_) phase_ = Phase::idle;
    StopEvent ev;
    ev.kind = StopKind::no_resumed;
    ev.thread = {live->pid, 0};
    emit(std::move(ev));
}

} // namespace target::linux
