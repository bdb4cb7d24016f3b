#pragma once
// An in-memory target for protocol tests: one process (pid 0x10) with two threads, a page
// of memory at 0x1000, three 8-byte registers per thread, and a log of what was asked of it.
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

class FakeTarget final : public target::Target {
  public:
    static constexpr int pid = 0x10;
    FakeTarget() : description_(*arch::Description::parse({{"target.xml", fake_target_xml}})) {
        threads_ = {{pid, pid}, {pid, pid + 1}};
        for (auto t : threads_) registers_[t.tid] = std::vector<std::uint8_t>(24, 0);
        registers_[pid][16] = 0x34; // rip of the main thread = 0x1234
        registers_[pid][17] = 0x12;
        memory_.assign(0x1000, 0);
        for (std::size_t i = 0; i < 16; ++i) memory_[i] = static_cast<std::uint8_t>(i);
    }

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
    const arch::Description& description(int) const override { return description_; }

    target::Result<std::vector<std::uint8_t>> read_registers(target::Ptid t) override {
        if (!thread_alive(t)) return target::make_error(ESRCH, "no thread");
        return registers_[t.tid];
    }
    target::Result<void> write_registers(target::Ptid t, std::span<const std::uint8_t> g) override {
        registers_[t.tid].assign(g.begin(), g.end());
        return {};
    }
    target::Result<std::vector<std::uint8_t>> read_register(target::Ptid t, int regnum) override {
        if (!thread_alive(t)) return target::make_error(ESRCH, "no thread");
        auto& r = registers_[t.tid];
        return std::vector<std::uint8_t>(r.begin() + regnum * 8, r.begin() + regnum * 8 + 8);
    }
    target::Result<void> write_register(target::Ptid t, int regnum,
                                        std::span<const std::uint8_t> v) override {
        std::copy(v.begin(), v.end(), registers_[t.tid].begin() + regnum * 8);
        return {};
    }
    target::Result<std::size_t> read_memory(int, std::uint64_t addr, std::span<std::uint8_t> out) override {
        if (addr < base || addr >= base + memory_.size()) return target::make_error(EFAULT, "unmapped");
        std::size_t n = std::min<std::size_t>(out.size(), base + memory_.size() - addr);
        std::copy_n(memory_.begin() + (addr - base), n, out.begin());
        return n;
    }
    target::Result<void> write_memory(int, std::uint64_t addr, std::span<const std::uint8_t> data) override {
        if (addr < base || addr + data.size() > base + memory_.size())
            return target::make_error(EFAULT, "unmapped");
        std::copy(data.begin(), data.end(), memory_.begin() + (addr - base));
        return {};
    }
    target::Result<void> insert_breakpoint(int, target::BreakpointType type, std::uint64_t addr, int) override {
        if (type != target::BreakpointType::software) return target::make_error(ENOSYS, "no hw");
        breakpoints.insert(addr);
        return {};
    }
    target::Result<void> remove_breakpoint(int, target::BreakpointType, std::uint64_t addr, int) override {
        if (!breakpoints.erase(addr)) return target::make_error(ENOENT, "no breakpoint");
        return {};
    }
    target::Result<void> resume(std::span<const target::ThreadResume> actions) override {
        last_resume.assign(actions.begin(), actions.end());
        return {};
    }
    void interrupt() override { ++interrupts; }
    void set_pass_signals(std::vector<int> s) override { pass_signals = std::move(s); }
    target::Result<void> kill(int) override { alive_ = false; return {}; }
    target::Result<void> detach(int) override { alive_ = false; detached = true; return {}; }
    target::Result<std::string> auxv(int) override { return std::string("\x06\0\0\0\0\0\0\0", 8); }
    target::Result<std::string> exec_file(int) override { return std::string("/bin/fake"); }
    target::Result<std::string> siginfo(target::Ptid) override { return std::string(128, '\0'); }
    target::Result<std::string> libraries_svr4(int) override {
        return std::string("<library-list-svr4 version=\"1.0\"/>");
    }
    // Optional capabilities, plugged in by the tests that need them (fake_capabilities.hpp).
    target::ProcessLauncher* launcher() override { return launcher_; }
    target::ProcessEvents* process_events() override { return events_; }
    target::HostIo* host_io() override { return host_io_; }
    target::ProcessLauncher* launcher_ = nullptr;
    target::ProcessEvents* events_ = nullptr;
    target::HostIo* host_io_ = nullptr;

    static constexpr std::uint64_t base = 0x1000;
    std::vector<target::ThreadResume> last_resume;
    std::set<std::uint64_t> breakpoints;
    std::vector<int> pass_signals;
    int interrupts = 0;
    bool detached = false;
    bool attached_ = false;

  private:
    arch::Description description_;
    std::vector<target::Ptid> threads_;
    std::map<int, std::vector<std::uint8_t>> registers_;
    std::vector<std::uint8_t> memory_;
    bool alive_ = true;
};

} // namespace test
