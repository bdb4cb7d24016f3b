// Hardware breakpoints and watchpoints in effect in every thread, running ones included.
// The debug registers are per thread and ptrace writes them only into a stopped thread, so
// an insertion or removal (debug_registers.cpp) reaches at once only the threads that are
// stopped; a running one would get it at its next stop, which may never come. Non-stop gdb
// inserts while threads run ("always-inserted") and counts the watchpoint in place once the
// Z is answered: a write by a running thread must not slip by it, and a removed one must not
// fire afterwards. So the reply waits: each running thread whose registers are out of date
// is interrupted, its registers written at that stop, whatever the stop is, and the stop
// handled as usual, which restarts a thread stopped only by us without a word to the client
// (as the step-over's pauses are, step_over.cpp). The pause is one interrupt round trip.
// A new clone needs nothing: it stops before running any code, and every restart writes
// the registers of the thread it restarts (all_stop.cpp restart). Nor does a thread inside
// vfork, which no interrupt stops: it runs no code of its own before its VFORK_DONE stop.
#include <cerrno>
#include <utility>

#include "target/linux/debug_registers.hpp"
#include "target/linux/log.hpp"
#include "target/linux/ptrace_calls.hpp"
#include "target/linux/tracer.hpp"

namespace target::linux {

void Tracer::settle_debug_registers(int pid, std::function<void(Result<void>)> done) {
    Process* p = find_process(pid);
    if (!p) return done({});
    DebugRegisterUpdate& u = dr_updates_[pid];
    u.done.push_back(std::move(done));
    for (auto& [tid, t] : p->threads) {
        if (!t.running || t.exited || t.awaiting_first_stop || t.in_vfork) continue;
        if (t.debug_generation == p->debug_regs.generation()) continue;
        u.waiting.insert(tid);
        if (!t.interrupt_sent) (void)interrupt(t);
    }
    if (u.waiting.empty()) finish_debug_register_update(pid);
}

// t stopped (any stop) while its process waits for its debug registers.
void Tracer::on_debug_register_stop(Process& p, Thread& t) {
    auto it = dr_updates_.find(p.pid);
    if (it == dr_updates_.end() || !it->second.waiting.erase(t.tid)) return;
    // ESRCH: the thread is dying (SIGKILL) and runs no more code.
    auto r = sync_debug_registers(p, t);
    if (!r && r.error().code != ESRCH && it->second.result.ok()) {
        log_debug("thread {}: {}", t.tid, r.error().message);
        it->second.result = r;
    }
    if (it->second.waiting.empty()) finish_debug_register_update(p.pid);
}

// tid is gone (exited, or its process dropped): nothing more to wait for from it.
void Tracer::forget_debug_register_thread(int pid, int tid) {
    auto it = dr_updates_.find(pid);
    if (it != dr_updates_.end() && it->second.waiting.erase(tid) && it->second.waiting.empty())
        finish_debug_register_update(pid);
}

// Posted, never called from here: the completions answer the client, whose next packets
// call back into the tracer.
void Tracer::finish_debug_register_update(int pid) {
    auto it = dr_updates_.find(pid);
    if (it == dr_updates_.end()) return;
    DebugRegisterUpdate u = std::move(it->second);
    dr_updates_.erase(it);
    for (auto& done : u.done)
        post([done = std::move(done), result = u.result] { done(result); });
}

} // namespace target::linux
