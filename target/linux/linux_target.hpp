#pragma once
// The Linux ptrace target: target::Target over ptrace(2), /proc and one Asio event loop.
// All-stop by default: when a thread reports, every other thread is stopped (their own events
// kept pending) before one StopEvent goes out. Non-stop on request (set_non_stop): each
// thread stops, is reported and resumed on its own.
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "target/capabilities.hpp"
#include "target/host_io.hpp"
#include "target/process_events.hpp"
#include "target/process_launcher.hpp"
#include "target/target.hpp"

namespace boost::asio {
class io_context;
}

namespace target::linux {

class Tracer;
class AttachWaiter;

struct LaunchOptions {
    bool disable_aslr = true; // personality(ADDR_NO_RANDOMIZE), gdb's default
    // execve calls before the program proper runs: 1, or 2 when argv starts a shell that
    // execs the program (startup-with-shell), one more for a wrapper.
    int execs = 1;
    // The client talks over rspd's stdin/stdout (COMM "-"): the program reads /dev/null and
    // writes to stderr, so its output never mixes with packets.
    bool keep_stdio_free = false;
    // The file to exec (argv[0] resolved); empty: argv[0], searched in PATH.
    std::string exec_path;
    // The program's whole environment ("NAME=value"); nullopt: rspd's own.
    std::optional<std::vector<std::string>> environment;
    std::string working_dir;                          // empty: rspd's own
    std::string stdin_path, stdout_path, stderr_path; // empty: inherited
    std::string program; // for messages ("Cannot exec PROGRAM: ..."); empty: argv[0]
};

// Where --hostio / --hostio-root leave vFile access (target/linux/host_files.cpp).
struct HostIoPolicy {
    // false: reads only of what the inferiors map or execute, their separate debug files
    // (/usr/lib/debug), their own /proc entries, and files under roots; nothing else.
    bool full = false;
    std::vector<std::string> roots;
};

class LinuxTarget final : public target::Target,
                          public target::ProcessLauncher,
                          public target::ProcessEvents,
                          public HostQueries,
                          public MemoryMaps,
                          public MemoryAllocation,
                          public ModuleFiles,
                          public AttachWaiting {
  public:
    explicit LinuxTarget(boost::asio::io_context& io);
    // Kills what we launched, detaches from what we attached: no inferior is left stuck.
    ~LinuxTarget() override;
    LinuxTarget(const LinuxTarget&) = delete;
    LinuxTarget& operator=(const LinuxTarget&) = delete;

    // Launch argv (argv[0] is the program; PATH searched only when it has no '/'), stopped at
    // its first instruction (after execve); stdin/stdout/stderr inherited. `done` runs on the
    // loop with the pid, or an error ("Cannot exec PROG: No such file or directory").
    void launch(std::vector<std::string> argv, std::function<void(target::Result<int>)> done,
                LaunchOptions options = {});
    // Attach to every thread of pid and stop them all; done(ok) once all are stopped.
    void attach(int pid, std::function<void(target::Result<void>)> done) override;

    // ProcessLauncher: a request resolved into shell, wrapper, environment and the file to
    // exec; a program that is missing or not executable fails before anything is forked.
    void launch(LaunchRequest request, std::function<void(target::Result<int>)> done) override;
    Result<std::vector<HostProcess>> host_processes() const override;
    // COMM "-": launched programs must leave rspd's stdin and stdout to the protocol.
    void set_stdio_reserved(bool reserved) { stdio_reserved_ = reserved; }

    // ProcessEvents
    void report_forks(bool fork, bool vfork) override;
    Result<void> catch_syscalls(int pid, std::optional<std::vector<int>> numbers) override;

    void set_host_io_policy(HostIoPolicy policy);

    void set_event_handler(EventHandler handler) override;

    std::vector<int> processes() const override;
    bool was_attached(int pid) const override;
    std::vector<Ptid> thread_ids(int pid) const override;
    std::vector<ThreadInfo> threads(int pid) const override;
    bool thread_alive(Ptid thread) const override;
    bool thread_stopped(Ptid thread) const override;
    const arch::Description& description(int pid) const override;

    Result<std::vector<std::uint8_t>> read_registers(Ptid thread) override;
    Result<void> write_registers(Ptid thread, std::span<const std::uint8_t> g) override;
    Result<std::vector<std::uint8_t>> read_register(Ptid thread, int regnum) override;
    Result<void> write_register(Ptid thread, int regnum,
                                std::span<const std::uint8_t> value) override;

    Result<std::size_t> read_memory(int pid, std::uint64_t addr,
                                    std::span<std::uint8_t> out) override;
    Result<void> write_memory(int pid, std::uint64_t addr,
                              std::span<const std::uint8_t> data) override;

    Result<void> insert_breakpoint(int pid, BreakpointType type, std::uint64_t addr,
                                   int kind) override;
    Result<void> remove_breakpoint(int pid, BreakpointType type, std::uint64_t addr,
                                   int kind) override;

    void settle_breakpoints(int pid, std::function<void(Result<void>)> done) override;
    Result<void> set_breakpoint_actions(int pid, std::uint64_t addr,
                                        BreakpointActions actions) override;

    Result<void> resume(std::span<const ThreadResume> actions) override;
    void interrupt() override;
    Result<void> set_non_stop(bool on) override;
    void set_thread_events(bool on) override;
    void set_pass_signals(std::vector<int> host_signals) override;
    Result<void> kill(int pid) override;
    Result<void> detach(int pid) override;

    Result<std::string> auxv(int pid) override;
    Result<std::string> exec_file(int pid) override;
    Result<std::string> siginfo(Ptid thread) override;
    Result<std::size_t> write_siginfo(Ptid thread, std::uint64_t offset,
                                      std::span<const std::uint8_t> data) override;
    Result<std::string> libraries_svr4(int pid) override;

    ProcessLauncher* launcher() override { return this; }
    ProcessEvents* process_events() override { return this; }
    HostIo* host_io() override;

    // Where the printf of breakpoint commands (dprintf, agent style) writes; stdout unless
    // the server says otherwise (stdout carries the protocol with COMM "-").
    void set_agent_output(std::function<void(std::string_view)> output);

    // LLDB's capabilities: linux_capabilities.cpp.
    HostQueries* host_queries() override { return this; }
    MemoryMaps* memory_maps() override { return this; }
    MemoryAllocation* memory_allocation() override { return this; }
    ModuleFiles* module_files() override { return this; }
    AttachWaiting* attach_waiting() override { return this; }

    HostInfo host_info() override;
    Result<ProcessInfo> process_info(int pid) override;
    Result<std::string> working_dir(int pid) override;
    Result<std::vector<MemoryRegion>> memory_map(int pid) override;
    void allocate(Ptid thread, std::uint64_t size, Permissions permissions,
                  std::function<void(Result<std::uint64_t>)> done) override;
    void deallocate(Ptid thread, std::uint64_t addr, std::function<void(Result<void>)> done) override;
    Result<ModuleFile> module_file(std::string_view path) override;
    void attach_wait(std::string name, bool include_running,
                     std::function<void(Result<int>)> done) override;
    void cancel_attach_wait() override;

  private:
    boost::asio::io_context& io_;
    std::unique_ptr<Tracer> tracer_;
    std::unique_ptr<HostIo> host_io_;
    bool stdio_reserved_ = false;
    std::unique_ptr<AttachWaiter> attach_waiter_;
    std::function<void(Result<int>)> attach_wait_done_;
};

} // namespace target::linux
