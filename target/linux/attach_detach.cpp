// Attaching to a running process, detaching from one, killing one.
#include <chrono>
#include <csignal>
#include <set>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <thread>

#include <fmt/format.h>

#include "target/linux/debug_registers.hpp"
#include "target/linux/log.hpp"
#include "target/linux/procfs.hpp"
#include "target/linux/ptrace_calls.hpp"
#include "target/linux/tracer.hpp"

namespace target::linux {
namespace {

// Seizes the leader, then every thread in /proc/PID/task, listing again until a pass finds
// none new: threads created meanwhile by seized threads are auto-attached (TRACECLONE), and
// the listing catches those made by threads not yet seized.
Result<std::vector<int>> seize_all_threads(int pid) {
    if (auto r = pt::seize(pid, pt::default_options()); !r)
        return make_error(r.error().code, fmt::format("Cannot attach to process {}: {}", pid,
                                                      std::strerror(r.error().code)));
    std::vector<int> seized{pid};
    std::set<int> tried{pid};
    for (bool more = true; more;) {
        more = false;
        auto tasks = task_ids(pid);
        if (!tasks) break;
        for (int tid : *tasks) {
            if (!tried.insert(tid).second) continue;
            more = true;
            // EPERM: auto-attached already (its clone event names it); ESRCH: it exited.
            if (pt::seize(tid, pt::default_options())) seized.push_back(tid);
        }
    }
    return seized;
}

// The signal a thread takes with it when detached: one it received and nobody has seen yet.
int detach_signal(const Thread& t) {
    if (t.deferred_signal) return t.deferred_signal;
    if (t.pending && t.pending->kind == StopKind::stopped && t.pending->reason == StopReason::none)
        return t.pending->signal;
    return 0;
}

} // namespace

void Tracer::attach(int pid, std::function<void(Result<void>)> done) {
    if (find_process(pid)) {
        Error e = make_error(EPERM, fmt::format("Already attached to process {}", pid));
        return post([done = std::move(done), e] { done(e); });
    }
    auto seized = seize_all_threads(pid);
    if (!seized) return post([done = std::move(done), e = seized.error()] { done(e); });
    Process& p = add_process(pid, true, Process::Stage::attaching);
    p.attach_done = std::move(done);
    for (int tid : *seized) {
        Thread& t = add_thread(p, tid); // running until its stop comes
        (void)interrupt(t); // a thread gone meanwhile reports its exit instead
    }
    log_debug("attached to {} ({} threads)", pid, seized->size());
}

void Tracer::check_attach_complete(Process& p) {
    if (p.stage != Process::Stage::attaching) return;
    for (const auto& [tid, t] : p.threads)
        if (t.running) return;
    p.stage = Process::Stage::ready;
    if (auto m = p.memory.open(p.pid); !m) log_debug("{}", m.error().message);
    post([done = std::move(p.attach_done)] { done({}); });
}

Result<void> Tracer::detach(int pid) {
    Process* p = find_process(pid);
    if (!p) return make_error(ESRCH, fmt::format("no process {}", pid));
    if (p->stage != Process::Stage::ready)
        return make_error(EBUSY, fmt::format("process {} is still starting", pid));
    // A vfork child sharing its parent's memory leaves the parent's breakpoints alone: the
    // client removed them first if the child must not meet them.
    if (!p->memory_owner) {
        p->breakpoints.lift(p->memory);
        p->breakpoints.clear();
        p->breakpoint_actions.clear();
    }
    p->debug_regs.clear(); // each thread gets its debug registers zeroed as it is let go
    p->stage = Process::Stage::detaching;
    leave_step_over(*p); // every thread of p is let go anyway
    std::vector<int> stopped;
    for (auto& [tid, t] : p->threads) {
        if (!t.running) {
            stopped.push_back(tid);
        } else if (!t.interrupt_sent && !t.awaiting_first_stop) {
            (void)interrupt(t); // detached when it stops
        }
    }
    for (int tid : stopped)
        detach_thread(*p, tid);
    finish_detach_if_done(*p);
    return {};
}

void Tracer::detach_thread(Process& p, int tid) {
    Thread& t = p.threads.at(tid);
    if (auto r = sync_debug_registers(p, t); !r) log_debug("{}", r.error().message);
    int sig = detach_signal(t);
    // Only a signal-delivery-stop can hand a signal over; otherwise send it after.
    bool injectable = t.stop_signal != 0;
    if (auto r = pt::detach(tid, injectable ? sig : 0); !r) {
        log_debug("{}", r.error().message);
    } else if (sig && !injectable) {
        (void)pt::send_signal(p.pid, tid, sig);
    }
    p.forget(p.threads.find(tid));
}

void Tracer::finish_detach_if_done(Process& p) {
    if (p.stage != Process::Stage::detaching || !p.threads.empty()) return;
    log_debug("detached from {}", p.pid);
    drop_process(p.pid);
    check_stop_complete();
}

// A thread of a detaching process stopped (it was running at detach time): let it go, with
// any real signal it stopped for. Threads it just created must be let go too.
void Tracer::on_stop_while_detaching(Process& p, Thread& t, int sig, int event) {
    t.awaiting_first_stop = false;
    if (event == 0 && sig != (SIGTRAP | 0x80)) {
        t.stop_signal = sig;
        if (!t.deferred_signal) t.deferred_signal = sig;
    }
    if (event == PTRACE_EVENT_CLONE || event == PTRACE_EVENT_FORK || event == PTRACE_EVENT_VFORK) {
        if (auto msg = pt::event_message(t.tid)) {
            int child = static_cast<int>(*msg);
            if (event == PTRACE_EVENT_CLONE) {
                Thread& n = add_thread(p, child);
                n.awaiting_first_stop = true;
                expect_stop(n);
                if (auto status = take_orphan(child)) on_wait_status(child, *status);
            } else {
                // Our breakpoints are lifted already: the child's copy has none.
                fork_children_[child] = ForkChild{p.pid, t.tid, event == PTRACE_EVENT_VFORK, false, {}};
                if (auto status = take_orphan(child)) on_fork_child_stop(child, *status);
            }
        }
    }
    detach_thread(p, t.tid);
    finish_detach_if_done(p);
}

Result<void> Tracer::kill(int pid) {
    Process* p = find_process(pid);
    if (!p) return make_error(ESRCH, fmt::format("no process {}", pid));
    if (::kill(pid, SIGKILL) == -1) return errno_error(errno, fmt::format("kill {}", pid));
    p->kill_sent = true;
    // Already dying: a second SIGKILL is dropped, so threads held at their exit must be let go.
    release_exit_held(*p);
    return {};
}

// From ~Tracer, when no event loop will run again. A launched process is killed; an attached
// one loses our breakpoints. Either way every thread is detached, or it would sit in a
// ptrace-stop until rspd exits: even SIGKILLed threads stop at PTRACE_EVENT_EXIT. Threads
// not stopped yet are polled for a bounded moment, each alone: the one waitpid outside the
// Reaper, which is gone by now.
void Tracer::release_at_exit(Process& p) {
    if (p.attached && !p.memory_owner) {
        p.breakpoints.lift(p.memory);
        p.debug_regs.clear();
        (void)sync_debug_registers(p);
    } else {
        ::kill(p.pid, SIGKILL);
    }
    std::set<int> left;
    for (auto& [tid, t] : p.threads) {
        if (t.exited) continue; // a zombie leader: nothing to release
        int sig = p.attached ? detach_signal(t) : 0;
        bool detached = !t.running && pt::detach(tid, t.stop_signal ? sig : 0);
        if (detached) continue;
        if (p.attached && t.running && !t.interrupt_sent) (void)pt::interrupt(tid);
        left.insert(tid);
    }
    auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(500);
    while (!left.empty() && std::chrono::steady_clock::now() < deadline) {
        for (auto it = left.begin(); it != left.end();) {
            int status = 0;
            pid_t r = ::waitpid(*it, &status, WNOHANG | __WALL);
            if (r == 0) {
                ++it;
                continue;
            }
            if (r > 0 && WIFSTOPPED(status)) {
                bool real_signal = p.attached && (status >> 16) == 0 && WSTOPSIG(status) != SIGTRAP;
                (void)pt::detach(*it, real_signal ? WSTOPSIG(status) : 0);
            }
            it = left.erase(it);
        }
        if (!left.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
}

} // namespace target::linux
