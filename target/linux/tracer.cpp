// Tracer bookkeeping: the process/thread tables, and the dispatch of each wait status to the
// handler for its kind of stop (stop_events.cpp).
#include "target/linux/tracer.hpp"

#include <algorithm>
#include <csignal>
#include <sys/ptrace.h>
#include <sys/wait.h>

#include <fmt/format.h>

#include "target/linux/log.hpp"
#include "target/linux/ptrace_calls.hpp"

namespace target::linux {
namespace {

constexpr std::size_t max_orphans = 1024;

} // namespace

Tracer::Tracer(boost::asio::io_context& io)
    : io_(io), reaper_(
                   io, [this](int tid, int status) { on_wait_status(tid, status); },
                   [this](std::vector<int>& tids) { expected_stops(tids); }) {}

// Nothing may be left stuck: what we launched dies, what we attached to runs on without
// our breakpoints (attach_detach.cpp).
Tracer::~Tracer() {
    for (int pid : order_)
        release_at_exit(*processes_.at(pid));
}

Process* Tracer::find_process(int pid) {
    auto it = processes_.find(pid);
    return it != processes_.end() ? it->second.get() : nullptr;
}

const Process* Tracer::find_process(int pid) const {
    auto it = processes_.find(pid);
    return it != processes_.end() ? it->second.get() : nullptr;
}

Thread* Tracer::find_thread(Ptid id) {
    Process* p = find_process(id.pid);
    if (!p) return nullptr;
    auto it = p->threads.find(id.tid);
    return it != p->threads.end() ? &it->second : nullptr;
}

const Thread* Tracer::find_thread(Ptid id) const {
    const Process* p = find_process(id.pid);
    if (!p) return nullptr;
    auto it = p->threads.find(id.tid);
    return it != p->threads.end() ? &it->second : nullptr;
}

std::pair<Process*, Thread*> Tracer::owner_of(int tid) {
    for (auto& [pid, p] : processes_)
        if (auto it = p->threads.find(tid); it != p->threads.end()) return {p.get(), &it->second};
    return {nullptr, nullptr};
}

Process& Tracer::add_process(int pid, bool attached, Process::Stage stage) {
    auto p = std::make_unique<Process>();
    p->pid = pid;
    p->attached = attached;
    p->stage = stage;
    Process& ref = *p;
    processes_[pid] = std::move(p);
    order_.push_back(pid);
    return ref;
}

Thread& Tracer::add_thread(Process& p, int tid) {
    auto [it, added] = p.threads.try_emplace(tid);
    Thread& t = it->second;
    if (added && t.running) ++p.running_threads; // a new thread counts as running
    t.tid = tid;
    t.seq = next_seq_++;
    return t;
}

void Tracer::drop_process(int pid) {
    if (Process* p = find_process(pid)) leave_step_over(*p);
    finish_debug_register_update(pid); // nothing left to write into
    processes_.erase(pid);
    order_.erase(std::remove(order_.begin(), order_.end(), pid), order_.end());
}

BreakpointTable& Tracer::breakpoints(Process& p) {
    if (p.memory_owner)
        if (Process* owner = find_process(p.memory_owner)) return owner->breakpoints;
    return p.breakpoints;
}

std::map<std::uint64_t, BreakpointActions>& Tracer::breakpoint_actions(Process& p) {
    if (p.memory_owner)
        if (Process* owner = find_process(p.memory_owner)) return owner->breakpoint_actions;
    return p.breakpoint_actions;
}

Result<void> Tracer::catch_syscalls(int pid, std::optional<std::vector<int>> numbers) {
    Process* p = find_process(pid);
    if (!p) return make_error(ESRCH, fmt::format("no process {}", pid));
    if (numbers) p->syscalls = std::set<int>(numbers->begin(), numbers->end());
    else p->syscalls.reset();
    return {};
}

std::optional<int> Tracer::take_orphan(int tid) {
    auto it = orphans_.find(tid);
    if (it == orphans_.end()) return std::nullopt;
    int status = it->second;
    orphans_.erase(it);
    return status;
}

void Tracer::post(std::function<void()> fn) {
    boost::asio::post(io_, [alive = std::weak_ptr<bool>(alive_), fn = std::move(fn)] {
        if (!alive.expired()) fn();
    });
}

// Threads whose stop is on its way: interrupted (stop-all, vCont;t, attach) or new. The
// Reaper waits for these one by one instead of sweeping every tracee for each status.
Result<void> Tracer::interrupt(Thread& t) {
    auto r = pt::interrupt(t.tid);
    if (r) {
        t.interrupt_sent = true;
        expect_stop(t);
    }
    return r;
}

void Tracer::expected_stops(std::vector<int>& tids) {
    std::sort(stops_due_.begin(), stops_due_.end());
    stops_due_.erase(std::unique(stops_due_.begin(), stops_due_.end()), stops_due_.end());
    std::erase_if(stops_due_, [this](int tid) {
        auto [p, t] = owner_of(tid);
        return !t || !t->running || !(t->interrupt_sent || t->awaiting_first_stop);
    });
    tids.insert(tids.end(), stops_due_.begin(), stops_due_.end());
}

void Tracer::on_wait_status(int tid, int status) {
    log_debug("wait: tid {} status {:#x}", tid, status);
    auto [p, t] = owner_of(tid);
    if (!t) return on_unknown_status(tid, status);
    if (WIFEXITED(status) || WIFSIGNALED(status)) {
        forget_debug_register_thread(p->pid, tid);
        if (tid == p->pid) return on_process_exit(*p, status);
        return on_thread_exit(*p, tid, status);
    }
    if (!WIFSTOPPED(status)) return;
    p->set_running(*t, false);
    t->interrupt_sent = false;
    t->stop_signal = 0;
    t->group_stop = 0;
    t->regs.clear();
    t->name.reset();
    t->core.reset();
    on_debug_register_stop(*p, *t);
    int sig = WSTOPSIG(status);
    int event = status >> 16;
    t->stop_event = event;
    if (t->call) return on_call_stop(*p, *t, sig, event);
    if (p->stage == Process::Stage::detaching) return on_stop_while_detaching(*p, *t, sig, event);
    // The stop of a thread stepping over a breakpoint ends that step-over first.
    if (StepOver* so = step_over_of(*p); so && so->stepping && so->tid == tid)
        return on_step_over_stop(*p, *t, sig, event);
    dispatch_stop(*p, *t, sig, event);
}

void Tracer::dispatch_stop(Process& p, Thread& t, int sig, int event) {
    switch (event) {
    case 0:
        // SIGTRAP|0x80: a syscall stop (TRACESYSGOOD), when catching syscalls.
        if (sig == (SIGTRAP | 0x80)) return on_syscall_stop(p, t);
        return on_signal_stop(p, t, sig);
    case PTRACE_EVENT_STOP:
        return on_event_stop(p, t, sig);
    case PTRACE_EVENT_CLONE:
        return on_clone(p, t);
    case PTRACE_EVENT_FORK:
        return on_fork(p, t, false);
    case PTRACE_EVENT_VFORK:
        return on_fork(p, t, true);
    case PTRACE_EVENT_VFORK_DONE:
        return on_vfork_done(p, t);
    case PTRACE_EVENT_EXEC:
        return on_exec(p, t);
    case PTRACE_EVENT_EXIT:
        return on_exit_stop(p, t);
    default:
        return quiet_stop(p, t);
    }
}

// A tid we do not know: an announced fork child, a new clone or fork child whose parent's
// event has not been drained yet (kept until it is), or a former inferior's exit.
void Tracer::on_unknown_status(int tid, int status) {
    if (fork_children_.contains(tid)) return on_fork_child_stop(tid, status);
    if (!WIFSTOPPED(status)) {
        orphans_.erase(tid);
        return;
    }
    if (orphans_.size() < max_orphans) orphans_[tid] = status;
    log_debug("wait: tid {} not known yet, status kept", tid);
}

} // namespace target::linux
