#pragma once
// The tracer: every traced process and thread, the all-stop state machine, and the consumer
// of the Reaper's wait statuses. LinuxTarget is its face towards rsp/. One class, split by
// job over several files:
//   tracer.cpp         bookkeeping, lookups, dispatch of a wait status by kind of stop
//   stop_events.cpp    one handler per kind of ptrace-stop (signal, trap, event-stop, syscall, exit)
//   clone_fork_exec.cpp  the stops that bring a new thread, a new process or a new program
//   all_stop.cpp       stop everything, report one event, resume, interrupt
//   non_stop.cpp       non-stop: each thread stops, is reported and resumed on its own
//   step_over.cpp      step one thread off a breakpoint, the others in its memory paused
//   breakpoint_actions.cpp  conditions and commands of a breakpoint hit
//   debug_register_update.cpp  hardware breakpoints and watchpoints into running threads too
//   thread_events.cpp  thread created / exited events and the "no resumed thread left" event
//   process_launch.cpp fork + seize + exec
//   attach_detach.cpp  attach to a running process, detach, kill
#include <array>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string_view>
#include <span>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "common/asio.hpp"
#include "target/linux/linux_target.hpp"
#include "target/linux/process.hpp"
#include "target/linux/reaper.hpp"
#include "target/target.hpp"

namespace target::linux {

// A stop by signal sig, for the reason given: what most reported ptrace-stops are.
StopEvent signal_event(int sig, StopReason reason = StopReason::none);

class Tracer {
  public:
    explicit Tracer(boost::asio::io_context& io);
    ~Tracer();
    Tracer(const Tracer&) = delete;
    Tracer& operator=(const Tracer&) = delete;

    void set_event_handler(EventHandler handler) { handler_ = std::move(handler); }
    void set_agent_output(std::function<void(std::string_view)> output) {
        agent_output_ = std::move(output);
    }

    Process* find_process(int pid);
    const Process* find_process(int pid) const;
    Thread* find_thread(Ptid id);
    const Thread* find_thread(Ptid id) const;
    const std::vector<int>& pids() const { return order_; }

    void launch(std::vector<std::string> argv, LaunchOptions options,
                std::function<void(Result<int>)> done);
    void attach(int pid, std::function<void(Result<void>)> done);
    Result<void> detach(int pid);
    Result<void> kill(int pid);

    Result<void> resume(std::span<const ThreadResume> actions);
    void interrupt();
    void set_pass_signals(std::vector<int> signals);
    Result<void> set_non_stop(bool on);
    bool non_stop() const { return non_stop_; }
    void set_thread_events(bool on) { thread_events_ = on; }
    // Stopped as far as the client knows (non-stop: reported and not resumed since).
    bool client_stopped(const Thread& t) const;

    // Runs fn on the loop later, unless the Tracer is gone by then.
    void post(std::function<void()> fn);

    // Process events (target::ProcessEvents).
    void report_forks(bool fork, bool vfork) {
        report_fork_ = fork;
        report_vfork_ = vfork;
    }
    Result<void> catch_syscalls(int pid, std::optional<std::vector<int>> numbers);
    // The breakpoints in p's memory: its own, or its vfork parent's while it shares them.
    BreakpointTable& breakpoints(Process& p);
    // Their conditions and commands, which go with them.
    std::map<std::uint64_t, BreakpointActions>& breakpoint_actions(Process& p);
    // Calls done once every thread of pid has the debug registers of p.debug_regs, running
    // threads paused for a moment to get them (debug_register_update.cpp).
    void settle_debug_registers(int pid, std::function<void(Result<void>)> done);

    // inferior_call.cpp: runs system call `number` in a stopped thread of an idle process and
    // puts everything back; done(the call's return value) comes later, from the loop.
    void call_syscall(Ptid thread, long number, std::array<std::uint64_t, 6> args,
                      std::function<void(Result<std::uint64_t>)> done);

  private:
    enum class Phase {
        idle,     // nothing of any ready process runs
        running,  // the client resumed threads; none has reported yet
        stopping, // one reported: interrupting the rest, collecting
    };

    // One thread of an address space moved past an inserted breakpoint (step_over.cpp): its
    // own request is kept to be carried on once the breakpoint is back in place.
    struct StepOver {
        int pid = 0, tid = 0;                // the thread stepping off the breakpoint
        ResumeKind kind = ResumeKind::cont;  // what it was asked to do
        int signal = 0;                      // delivered with the step
        std::uint64_t address = 0;           // the breakpoint, lifted while it steps
        std::uint64_t range_start = 0, range_end = 0; // its range step, if kind is step
        std::unordered_set<int> waiting;     // other threads interrupted, stop not seen yet
        bool stepping = false;               // the breakpoint is lifted, the step under way
    };

    // Threads of one process that must get its debug registers before done runs.
    struct DebugRegisterUpdate {
        std::unordered_set<int> waiting; // interrupted, stop not seen yet
        std::vector<std::function<void(Result<void>)>> done;
        Result<void> result; // the first thread that refused them
    };

    // tracer.cpp
    void on_wait_status(int tid, int status);
    void dispatch_stop(Process& p, Thread& t, int sig, int event);
    void on_unknown_status(int tid, int status);
    void expected_stops(std::vector<int>& tids);
    // t will stop soon without running code of its own choosing: an interrupt was sent, or it
    // is a new clone whose first stop is due. Call right after setting interrupt_sent or
    // awaiting_first_stop, so that the reaper asks t by tid (O(1)) rather than sweeping.
    void expect_stop(const Thread& t) { stops_due_.push_back(t.tid); }
    // PTRACE_INTERRUPT; on success t is marked interrupt_sent and expected to stop.
    Result<void> interrupt(Thread& t);
    std::pair<Process*, Thread*> owner_of(int tid);
    Process& add_process(int pid, bool attached, Process::Stage stage);
    Thread& add_thread(Process& p, int tid);
    void drop_process(int pid);
    std::optional<int> take_orphan(int tid);

    // stop_events.cpp
    void on_signal_stop(Process& p, Thread& t, int sig);
    void on_trap(Process& p, Thread& t);
    void on_debug_register_event(Process& p, Thread& t, StopEvent ev);
    void step_done(Process& p, Thread& t);
    void on_event_stop(Process& p, Thread& t, int sig);
    void on_exit_stop(Process& p, Thread& t);
    void let_exit(Process& p, Thread& t);
    void release_exit_held(Process& p);
    void on_syscall_stop(Process& p, Thread& t);
    void on_thread_exit(Process& p, int tid, int status);
    void on_process_exit(Process& p, int status);

    // clone_fork_exec.cpp
    void on_clone(Process& p, Thread& t);
    void on_fork(Process& p, Thread& t, bool vfork);
    void on_vfork_done(Process& p, Thread& t);
    void on_fork_child_stop(int child, int status);
    struct ForkChild;
    void adopt_fork_child(Process& parent, Thread& reporter, int child, int status, ForkChild fc);
    void release_fork_child(int child, int status, const BreakpointTable& inherited);
    void on_exec(Process& p, Thread& t);

    // all_stop.cpp
    void quiet_stop(Process& p, Thread& t);
    void report(Process& p, Thread& t, StopEvent ev);
    void report_exit(StopEvent ev);
    void stop_all();
    void check_stop_complete();
    std::optional<StopEvent> take_primary();
    void emit(StopEvent ev);
    Result<void> restart(Process& p, Thread& t, ResumeKind kind, int sig);
    void drop_stale_breakpoint_event(Process& p, Thread& t);
    bool anything_running() const;
    bool reportable_thread(Ptid id) const;
    std::optional<Ptid> any_thread(int pid) const;
    bool passes(int sig) const { return pass_signals_.contains(sig); }

    // non_stop.cpp
    void ns_report(Process& p, Thread& t, StopEvent ev);
    void ns_quiet_stop(Process& p, Thread& t);
    Result<void> ns_resume(std::span<const ThreadResume> actions);
    Result<void> ns_continue(Process& p, Thread& t, ResumeKind kind, int sig);
    void ns_request_stop(Process& p, Thread& t, int report_signal);
    void report_requested_stop(Process& p, Thread& t);
    void ns_interrupt();
    Result<void> leave_non_stop();
    bool needs_step_over(Process& p, Thread& t);

    // step_over.cpp
    // The pid whose memory p runs in: p's own, or its vfork parent's while it shares it.
    static int address_space(const Process& p);
    std::vector<int> sharing_memory(const Process& p) const; // pids of that address space
    StepOver* step_over_of(const Process& p);
    bool is_stepping_over(const Process& p, const Thread& t) {
        const StepOver* so = step_over_of(p);
        return so && so->tid == t.tid;
    }
    void begin_step_over(Process& p, Thread& t, std::uint64_t addr, ResumeKind kind, int sig);
    void hold_stopped(Process& p, Thread& t);
    void forget_step_over_thread(Process& p, Thread& t);
    void leave_step_over(Process& p);
    void step_when_paused(Process& p);
    void on_step_over_stop(Process& p, Thread& t, int sig, int event);
    void carry_on_after_step(Process& p, Thread& t, ResumeKind kind);
    void give_up_step_over(Process& p, bool report_hit);
    void give_up_unstarted_step_overs();
    void release_held(const std::vector<int>& pids);

    // debug_register_update.cpp
    void on_debug_register_stop(Process& p, Thread& t);
    void forget_debug_register_thread(int pid, int tid);
    void finish_debug_register_update(int pid);

    // thread_events.cpp
    bool report_thread_created(Process& p, Thread& t);
    void report_thread_exited(Process& p, int tid, int status);
    void check_no_resumed(bool exited_was_resumed);
    bool exit_under_way(const Process& p) const;

    // breakpoint_actions.cpp
    bool hit_wants_report(Process& p, Thread& t, std::uint64_t addr);

    // inferior_call.cpp
    void on_call_stop(Process& p, Thread& t, int sig, int event);
    void start_call(Process& p, Thread& t);
    void finish_call(Process& p, Thread& t, Result<std::uint64_t> result, bool restore);

    // process_launch.cpp
    void finish_launch(Process& p, Result<int> result);
    Error launch_error(Process& p, int status);

    // attach_detach.cpp
    void check_attach_complete(Process& p);
    void on_stop_while_detaching(Process& p, Thread& t, int sig, int event);
    void detach_thread(Process& p, int tid);
    void finish_detach_if_done(Process& p);
    void release_at_exit(Process& p);

    boost::asio::io_context& io_;
    EventHandler handler_;
    std::function<void(std::string_view)> agent_output_;
    std::unordered_map<int, std::unique_ptr<Process>> processes_;
    // Candidates for expected_stops(), a superset that it prunes: with 1000 threads, scanning
    // them all at every wait status made starting them O(n^2). A missed expect_stop() only
    // sends that thread's status to the reaper's sweep.
    std::vector<int> stops_due_;
    std::vector<int> order_; // pids, oldest first
    // Stops of tids nobody named yet: a new clone's first stop can come before its parent's
    // PTRACE_EVENT_CLONE, a fork child's before PTRACE_EVENT_FORK.
    std::unordered_map<int, int> orphans_;
    struct ForkChild {
        int parent = 0;
        int parent_tid = 0; // the thread that forked
        bool vfork = false;
        bool keep = false;  // reported to the client and kept under control
        // The breakpoints the child's copy of memory holds (fork; a vfork child shares ours).
        BreakpointTable inherited;
    };
    // Announced, first stop not yet seen; kept past the parent's end, so that the child is
    // still let go (without our breakpoints) when its stop comes.
    std::unordered_map<int, ForkChild> fork_children_;
    bool report_fork_ = false;
    bool report_vfork_ = false;

    Phase phase_ = Phase::idle;
    bool non_stop_ = false;
    bool thread_events_ = false;
    std::unordered_map<int, StepOver> step_overs_; // by address_space: at most one in each
    std::unordered_map<int, DebugRegisterUpdate> dr_updates_; // by pid
    std::optional<StopEvent> primary_;    // the event this stop-all will report
    std::deque<StopEvent> pending_exits_; // exits that came while another event was reported
    std::set<int> pass_signals_;
    Ptid last_reporter_;
    int events_in_flight_ = 0; // emitted, not yet handed to the handler
    std::uint64_t next_seq_ = 0;
    std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
    Reaper reaper_; // last: its handler uses everything above
};

} // namespace target::linux
