#pragma once
// An in-memory target for protocol tests and the session fuzzer: one process (pid 0x10) that
// starts with two threads, a page of memory at 0x1000, three 8-byte registers per thread, and
// a log of what was asked of it. Tests drive it like the real target's event source: threads
// come and go (add_thread/remove_thread), the process exits, and the events the target would
// deliver on its own (the stop after an interrupt, the exit after a kill) wait in `pending`.
// Every call checks its arguments the way the ptrace target does, so a fuzzer finds protocol
// bugs rather than the fake's.
#include <algorithm>
#include <csignal>
#include <deque>
#include <map>
#include <set>

#include "target/target.hpp"

namespace test {

inline const char* fake_target_xml = R"(<?xml version="1.0"?>
<!DOCTYPE target SYSTEM "gdb-target.dtd">
<target version="1.0">
  <architecture>i386:x86-64</architecture>
  <feature name="org.gnu.gdb.i386.core">
    <reg name="rbp" bitsize="64" type="data_ptr" regnum="0" generic="fp"/>
    <reg name="rsp" bitsize="64" type="data_ptr" generic="sp"/>
    <reg name="rip" bitsize="64" type="code_ptr" generic="pc"/>
  </feature>
</target>
)";

// Parsed once: the fuzzer builds a fake per input.
inline const arch::Description& fake_description() {
    static const arch::Description description =
        *arch::Description::parse({{"target.xml", fake_target_xml}});
    return description;
}

class FakeTarget : public target::Target {
  public:
    static constexpr int pid = 0x10;
    static constexpr std::size_t register_bytes = 24; // three 8-byte registers
    FakeTarget() {
        add_thread(pid);
        add_thread(pid + 1);
        registers_[pid][16] = 0x34; // rip of the main thread = 0x1234
        registers_[pid][17] = 0x12;
        memory_.assign(0x1000, 0);
        for (std::size_t i = 0; i < 16; ++i) memory_[i] = static_cast<std::uint8_t>(i);
    }

    // --- driven by tests -----------------------------------------------------------
    int add_thread(int tid = 0) {
        if (tid == 0) tid = next_tid_++;
        threads_.push_back({pid, tid});
        registers_[tid] = std::vector<std::uint8_t>(register_bytes, 0);
        return tid;
    }
    void remove_thread(int tid) {
        std::erase(threads_, target::Ptid{pid, tid});
        registers_.erase(tid);
        // The last resumed thread gone: the target reports that nothing is left to wait for.
        if (running_.erase(tid) && running_.empty())
            pending.push_back(event(target::StopKind::no_resumed, tid, 0));
    }
    const std::vector<target::Ptid>& thread_list() const { return threads_; }
    bool alive() const { return alive_; }
    bool running() const { return !running_.empty(); }
    bool running(int tid) const { return running_.contains(tid); }
    // All-stop: one thread's stop stops them all.
    void stop_all() { running_.clear(); }
    // Non-stop: one thread stops on its own.
    void stop(int tid) { running_.erase(tid); }
    // A launch or attach (vRun, vAttach, R) brings the fake's one process back.
    void start_process() {
        alive_ = true;
        running_.clear();
        pending.clear();
    }
    // The process is gone (exited, killed from outside): nothing of it is reported any more.
    void exit_process() {
        alive_ = false;
        running_.clear();
        pending.clear();
    }

    // --- target::Target ------------------------------------------------------------
    void set_event_handler(target::EventHandler) override {}
    std::vector<int> processes() const override { return alive_ ? std::vector<int>{pid} : std::vector<int>{}; }
    bool was_attached(int) const override { return attached_; }
    std::vector<target::Ptid> thread_ids(int p) const override {
        if (alive_ && p == pid) return threads_;
        return {};
    }
    std::vector<target::ThreadInfo> threads(int p) const override {
        std::vector<target::ThreadInfo> out;
        if (alive_ && p == pid)
            for (auto t : threads_) out.push_back({t, "fake", 1});
        return out;
    }
    bool thread_alive(target::Ptid t) const override {
        return alive_ && t.pid == pid && registers_.count(t.tid);
    }
    bool thread_stopped(target::Ptid t) const override {
        return thread_alive(t) && !running_.count(t.tid);
    }
    const arch::Description& description(int) const override { return fake_description(); }

    target::Result<std::vector<std::uint8_t>> read_registers(target::Ptid t) override {
        if (!thread_alive(t)) return target::make_error(ESRCH, "no thread");
        return registers_[t.tid];
    }
    target::Result<void> write_registers(target::Ptid t, std::span<const std::uint8_t> g) override {
        if (!thread_alive(t)) return target::make_error(ESRCH, "no thread");
        if (g.size() != register_bytes) return target::make_error(EINVAL, "wrong size");
        registers_[t.tid].assign(g.begin(), g.end());
        return {};
    }
    target::Result<std::vector<std::uint8_t>> read_register(target::Ptid t, int regnum) override {
        if (!thread_alive(t)) return target::make_error(ESRCH, "no thread");
        if (!valid_regnum(regnum)) return target::make_error(EINVAL, "no register");
        auto& r = registers_[t.tid];
        return std::vector<std::uint8_t>(r.begin() + regnum * 8, r.begin() + regnum * 8 + 8);
    }
    target::Result<void> write_register(target::Ptid t, int regnum,
                                        std::span<const std::uint8_t> v) override {
        if (!thread_alive(t)) return target::make_error(ESRCH, "no thread");
        if (!valid_regnum(regnum) || v.size() != 8) return target::make_error(EINVAL, "bad register");
        std::copy(v.begin(), v.end(), registers_[t.tid].begin() + regnum * 8);
        return {};
    }
    target::Result<std::size_t> read_memory(int p, std::uint64_t addr, std::span<std::uint8_t> out) override {
        if (!alive_ || p != pid) return target::make_error(ESRCH, "no process");
        if (addr < base || addr - base >= memory_.size()) return target::make_error(EFAULT, "unmapped");
        std::size_t n = std::min<std::size_t>(out.size(), memory_.size() - (addr - base));
        std::copy_n(memory_.begin() + (addr - base), n, out.begin());
        return n;
    }
    target::Result<void> write_memory(int p, std::uint64_t addr, std::span<const std::uint8_t> data) override {
        if (!alive_ || p != pid) return target::make_error(ESRCH, "no process");
        if (!mapped(addr, data.size())) return target::make_error(EFAULT, "unmapped");
        std::copy(data.begin(), data.end(), memory_.begin() + (addr - base));
        return {};
    }
    target::Result<void> insert_breakpoint(int p, target::BreakpointType type, std::uint64_t addr, int) override {
        if (!alive_ || p != pid) return target::make_error(ESRCH, "no process");
        if (type != target::BreakpointType::software) return target::make_error(ENOSYS, "no hw");
        breakpoints.insert(addr);
        return {};
    }
    target::Result<void> remove_breakpoint(int p, target::BreakpointType, std::uint64_t addr, int) override {
        if (!alive_ || p != pid) return target::make_error(ESRCH, "no process");
        if (!breakpoints.erase(addr)) return target::make_error(ENOENT, "no breakpoint");
        return {};
    }
    target::Result<void> set_breakpoint_actions(int, std::uint64_t addr,
                                                target::BreakpointActions actions) override {
        if (!breakpoints.count(addr)) return target::make_error(ENOENT, "no breakpoint");
        breakpoint_actions[addr] = std::move(actions);
        return {};
    }
    target::Result<void> resume(std::span<const target::ThreadResume> actions) override {
        for (const auto& a : actions) {
            if (!thread_alive(a.thread)) return target::make_error(ESRCH, "no thread");
            // The protocol layer must never resume a thread that already runs (stopping one,
            // vCont;t in non-stop, is what that action is for).
            if (a.kind != target::ResumeKind::stop && running_.count(a.thread.tid)) ++resumed_running;
        }
        last_resume.assign(actions.begin(), actions.end());
        for (const auto& a : actions) {
            if (a.kind != target::ResumeKind::stop) running_.insert(a.thread.tid);
            // A running thread asked to stop reports a stop without a signal, later.
            else if (running_.count(a.thread.tid)) pending.push_back(event(target::StopKind::stopped, a.thread.tid, 0));
        }
        return {};
    }
    void interrupt() override {
        ++interrupts;
        // The stop comes later, as from the real target; one stop however many requests.
        if (running() && pending.empty())
            pending.push_back(event(target::StopKind::stopped, *running_.begin(), SIGINT));
    }
    target::Result<void> set_non_stop(bool on) override {
        // Leaving non-stop stops every thread quietly, as the real target does (Tracer::
        // leave_non_stop): the client probes the state again with '?'.
        if (non_stop && !on) running_.clear();
        non_stop = on;
        return {};
    }
    void set_thread_events(bool on) override { thread_events = on; }
    void set_pass_signals(std::vector<int> s) override { pass_signals = std::move(s); }
    target::Result<void> kill(int p) override {
        if (!alive_ || p != pid) return target::make_error(ESRCH, "no process");
        exit_process();
        pending.push_back(event(target::StopKind::terminated, pid, SIGKILL));
        return {};
    }
    target::Result<void> detach(int p) override {
        if (!alive_ || p != pid) return target::make_error(ESRCH, "no process");
        exit_process();
        detached = true;
        return {};
    }
    std::string auxv_bytes{"\x06\0\0\0\0\0\0\0", 8};
    target::Result<std::string> auxv(int) override { return auxv_bytes; }
    target::Result<std::string> exec_file(int p) override {
        if (!alive_ || p != pid) return target::make_error(ESRCH, "no process");
        return std::string("/bin/fake");
    }
    target::Result<std::string> siginfo(target::Ptid) override { return std::string(128, '\0'); }
    target::Result<std::string> libraries_svr4(int) override { return libraries_xml; }
    std::string libraries_xml = "<library-list-svr4 version=\"1.0\"/>";
    // Optional capabilities, plugged in by the tests that need them (fake_capabilities.hpp).
    target::ProcessLauncher* launcher() override { return launcher_; }
    target::ProcessEvents* process_events() override { return events_; }
    target::HostIo* host_io() override { return host_io_; }
    target::ProcessLauncher* launcher_ = nullptr;
    target::ProcessEvents* events_ = nullptr;
    target::HostIo* host_io_ = nullptr;
    // LLDB's (fake_lldb_capabilities.hpp)
    target::HostQueries* host_queries() override { return host_queries_; }
    target::MemoryMaps* memory_maps() override { return memory_maps_; }
    target::MemoryAllocation* memory_allocation() override { return memory_allocation_; }
    target::ModuleFiles* module_files() override { return module_files_; }
    target::AttachWaiting* attach_waiting() override { return attach_waiting_; }
    target::HostQueries* host_queries_ = nullptr;
    target::MemoryMaps* memory_maps_ = nullptr;
    target::MemoryAllocation* memory_allocation_ = nullptr;
    target::ModuleFiles* module_files_ = nullptr;
    target::AttachWaiting* attach_waiting_ = nullptr;

    static constexpr std::uint64_t base = 0x1000;
    std::vector<target::ThreadResume> last_resume;
    bool non_stop = false;
    bool thread_events = false;
    std::set<std::uint64_t> breakpoints;
    std::map<std::uint64_t, target::BreakpointActions> breakpoint_actions;
    std::vector<int> pass_signals;
    std::deque<target::StopEvent> pending; // events the target would deliver on its own
    int interrupts = 0;
    int resumed_running = 0; // resume() of a thread that was running: a protocol-layer bug
    bool detached = false;
    bool attached_ = false;

  private:
    static target::StopEvent event(target::StopKind kind, int tid, int signal) {
        target::StopEvent e;
        e.kind = kind;
        e.thread = {pid, tid};
        e.signal = signal;
        return e;
    }
    static bool valid_regnum(int regnum) { return regnum >= 0 && regnum * 8 + 8 <= int(register_bytes); }
    bool mapped(std::uint64_t addr, std::size_t size) const {
        return addr >= base && addr - base <= memory_.size() && size <= memory_.size() - (addr - base);
    }

    std::vector<target::Ptid> threads_;
    std::map<int, std::vector<std::uint8_t>> registers_;
    std::set<int> running_;
    std::vector<std::uint8_t> memory_;
    int next_tid_ = pid + 2;
    bool alive_ = true;
};

} // namespace test
