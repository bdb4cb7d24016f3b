#pragma once
// The tracer: every traced process and thread, the all-stop state machine, and the consumer
// of the Reaper's wait statuses. LinuxTarget is its face towards rsp/. One class, split by
// job over several files:
//   tracer.cpp         bookkeeping, lookups, dispatch of a wait status by kind of stop
//   stop_events.cpp    one handler per kind of ptrace-stop (signal, trap, clone, fork, exec, exit)
//   all_stop.cpp       stop everything, report one event, resume, interrupt
//   step_over.cpp      step a thread over a breakpoint the client need not hear of
//   breakpoint_actions.cpp  conditions and commands of a breakpoint hit
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
#include <utility>
#include <vector>

#include "common/asio.hpp"
#include "target/linux/linux_target.hpp"
#include "target/linux/process.hpp"
#include "target/linux/reaper.hpp"
#include "target/target.hpp"

namespace target::linux {

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

    // inferior_call.cpp: runs system call `number` in a stopped thread of an idle process and
    // puts everything back; done(the call's return value) comes later, from the loop.
    void call_syscall(Ptid thread, long number, std::array<std::uint64_t, 6> args,
                      std::function<void(Result<std::uint64_t>)> done);

  private:
    enum class Phase {
        idle,     // nothing of any ready process runs
        running,  // the client resumed threads; none has reported yet
        stopping, // one reported (or needs a step-over): interrupting the rest, collecting
        stepping_over, // everything else parked, one thread steps over a lifted breakpoint
    };

    // A thread to be moved past the breakpoint it hit without a report: its own request is
    // kept to be carried on once the breakpoint is back in place.
    struct StepOver {
        int pid = 0;
        int tid = 0;
        std::uint64_t addr = 0;
        ResumeKind kind = ResumeKind::cont;
        std::uint64_t range_start = 0, range_end = 0;
    };

    // tracer.cpp
    void on_wait_status(int tid, int status);
    void dispatch_stop(Process& p, Thread& t, int sig, int event);
    void on_unknown_status(int tid, int status);
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
    void on_clone(Process& p, Thread& t);
    void on_fork(Process& p, Thread& t, bool vfork);
    void on_vfork_done(Process& p, Thread& t);
    void on_fork_child_stop(int child, int status);
    struct ForkChild;
    void adopt_fork_child(Process& parent, Thread& reporter, int child, int status, ForkChild fc);
    void on_syscall_stop(Process& p, Thread& t);
    void on_exec(Process& p, Thread& t);
    void on_thread_exit(Process& p, int tid);
    void on_process_exit(Process& p, int status);
    void release_fork_child(int child, int status, const BreakpointTable& inherited);

    // all_stop.cpp
    void quiet_stop(Process& p, Thread& t);
    void report(Process& p, Thread& t, StopEvent ev);
    void report_exit(StopEvent ev);
    void stop_all(bool park = false);
    void check_stop_complete();
    std::optional<StopEvent> take_primary();
    void emit(StopEvent ev);
    Result<void> restart(Process& p, Thread& t, ResumeKind kind, int sig);
    void drop_stale_breakpoint_event(Process& p, Thread& t);
    bool anything_running() const;
    bool reportable_thread(Ptid id) const;
    std::optional<Ptid> any_thread(int pid) const;
    bool passes(int sig) const { return pass_signals_.contains(sig); }

    // step_over.cpp
    void begin_step_over(Process& p, Thread& t, std::uint64_t addr);
    bool start_step_over();
    void on_step_over_stop(Process& p, Thread& t, int sig, int event);
    void end_step_over(Process* p, const StepOver& so);
    bool has_news() const;
    void resume_parked();
    void clear_parked();

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
    std::optional<StopEvent> primary_;    // the event this stop-all will report
    std::optional<StepOver> step_over_;   // stopping or stepping_over for a step-over
    std::deque<StopEvent> pending_exits_; // exits that came while another event was reported
    std::set<int> pass_signals_;
    Ptid last_reporter_;
    int events_in_flight_ = 0; // emitted, not yet handed to the handler
    std::uint64_t next_seq_ = 0;
    std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
    Reaper reaper_; // last: its handler uses everything above
};

} // namespace target::linux
