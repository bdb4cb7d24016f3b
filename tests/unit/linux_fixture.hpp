#pragma once
// LinuxTarget against real inferiors: small C programs compiled at test time into a private
// temporary directory, driven through one io_context that never runs without a deadline.
// The fixture and helpers every test_linux_*.cpp shares.
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

#include "arch/arch.hpp"
#include "common/asio.hpp"
#include "common/log.hpp"
#include "target/linux/linux_target.hpp"
#include "target/linux/procfs.hpp"

namespace linux_test {

using namespace std::chrono_literals;
using target::BreakpointType;
using target::Ptid;
using target::ResumeKind;
using target::StopEvent;
using target::StopKind;
using target::StopReason;
using target::ThreadResume;
using target::linux::LinuxTarget;

// ---- inferiors more than one test file runs ------------------------------------------------

inline const char* const exit_code_src = R"(
int main(int argc, char **argv) { return argc > 1 ? argv[1][0] - '0' : 7; }
)";

inline const char* const breakpoint_src = R"(
#include <stdio.h>
__attribute__((noinline)) int target_fn(int x) { return x * 2; }
int main(void) {
    volatile int r = target_fn(21);
    return r == 42 ? 0 : 1;
}
)";

inline const char* const spin_src = R"(
volatile unsigned long counter;
int main(void) { for (;;) counter++; }
)";

// fork; the child calls f and exits 3; the parent checks that, then returns f(-1) == 0.
inline const char* const fork_src = R"(
#include <sys/wait.h>
#include <unistd.h>
__attribute__((noinline)) int f(int x) { return x + 1; }
int main(void) {
    pid_t child = fork();
    if (child == 0) _exit(f(2));
    int status = 0;
    waitpid(child, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 3) return 1;
    return f(-1);
}
)";

// vfork; the child calls f (which must not trap) and execs /bin/true; the parent checks its
// exit, then returns f(-1) == 0.
inline const char* const vfork_src = R"(
#include <sys/wait.h>
#include <unistd.h>
__attribute__((noinline)) int f(int x) { return x + 1; }
int main(void) {
    pid_t child = vfork();
    if (child == 0) {
        if (f(0) != 1) _exit(9); /* must not trap: the breakpoint is lifted */
        execl("/bin/true", "true", (char *)0);
        _exit(9);
    }
    int status = 0;
    waitpid(child, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) return 1;
    return f(-1);
}
)";

template <class R> std::string why(const R& r) {
    return r.ok() ? std::string() : r.error().message;
}

// 8 threads call hit() 20 times each; exit 0 when all 160 calls happened.
inline const char* const hammer_src = R"(
#include <pthread.h>
#define N 8
#define HITS 20
volatile long total;
__attribute__((noinline)) void hit(long i) { __sync_fetch_and_add(&total, i); }
void *worker(void *arg) {
    for (int k = 0; k < HITS; k++) hit(1);
    return 0;
}
int main(void) {
    pthread_t t[N];
    for (int i = 0; i < N; i++) pthread_create(&t[i], 0, worker, 0);
    for (int i = 0; i < N; i++) pthread_join(t[i], 0);
    return total == N * HITS ? 0 : 1;
}
)";

inline std::string work_dir() {
    static const std::string dir = [] {
        char tmpl[] = "/tmp/rspd-linux-target-XXXXXX";
        const char* d = ::mkdtemp(tmpl);
        BOOST_REQUIRE(d);
        return std::string(d);
    }();
    return dir;
}

// Compiles source once per test run; non-PIE so that symbol addresses are absolute.
inline std::string program(const std::string& name, const char* source) {
    static std::map<std::string, std::string> built;
    if (auto it = built.find(name); it != built.end()) return it->second;
    std::string base = work_dir() + "/" + name;
    std::ofstream(base + ".c") << source;
    std::string cmd = "cc -g -O0 -no-pie -pthread -o " + base + " " + base + ".c";
    BOOST_REQUIRE_MESSAGE(std::system(cmd.c_str()) == 0, cmd);
    return built[name] = base;
}

// Through a file rather than popen: the target's SIGCHLD handler (installed without
// SA_RESTART) may interrupt a read from a pipe; system() blocks SIGCHLD while it waits.
inline std::uint64_t symbol(const std::string& binary, const std::string& name) {
    std::string listing = binary + ".nm";
    std::string cmd = "nm -P " + binary + " > " + listing;
    BOOST_REQUIRE_MESSAGE(std::system(cmd.c_str()) == 0, cmd);
    std::ifstream in(listing);
    std::string sym, type, value, line;
    while (std::getline(in, line)) {
        std::istringstream fields(line);
        fields >> sym >> type >> value;
        if (sym == name) return std::stoull(value, nullptr, 16);
    }
    BOOST_FAIL("no symbol " << name << " in " << binary);
    return 0;
}

inline std::string proc_status_field(int pid, const std::string& field) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind(field + ":", 0) == 0) return line.substr(field.size() + 1);
    return {};
}

inline char task_state(int pid, int tid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/task/" + std::to_string(tid) + "/stat");
    std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto close = stat.rfind(')');
    return close != std::string::npos && close + 2 < stat.size() ? stat[close + 2] : '?';
}

// ---- fixture ------------------------------------------------------------------------------

struct Session {
    boost::asio::io_context io;
    LinuxTarget target{io};
    std::vector<StopEvent> events;

    Session() {
        if (std::getenv("RSPD_TEST_DEBUG")) common::log_settings().debug = true;
        target.set_event_handler([this](const StopEvent& ev) { events.push_back(ev); });
    }

    // Runs the loop until pred holds or the deadline passes.
    bool run_until(const std::function<bool()>& pred, std::chrono::milliseconds timeout = 10s) {
        auto deadline = std::chrono::steady_clock::now() + timeout;
        while (!pred()) {
            auto now = std::chrono::steady_clock::now();
            if (now >= deadline) return false;
            io.restart();
            io.run_one_for(deadline - now);
        }
        return true;
    }

    void run_for(std::chrono::milliseconds d) {
        io.restart();
        io.run_for(d);
    }

    int launch(std::vector<std::string> argv) {
        std::optional<target::Result<int>> result;
        target.launch(std::move(argv), [&](target::Result<int> r) { result = std::move(r); });
        BOOST_REQUIRE(run_until([&] { return result.has_value(); }));
        BOOST_REQUIRE_MESSAGE(result->ok(), why(*result));
        return **result;
    }

    StopEvent next_event(std::chrono::milliseconds timeout = 10s) {
        BOOST_REQUIRE_MESSAGE(run_until([&] { return !events.empty(); }, timeout),
                              "no stop event in time");
        StopEvent ev = events.front();
        events.erase(events.begin());
        return ev;
    }

    void resume_all(int pid, ResumeKind kind = ResumeKind::cont, int sig = 0) {
        std::vector<ThreadResume> actions;
        for (const auto& t : target.threads(pid))
            actions.push_back({t.id, kind, sig});
        auto r = target.resume(actions);
        BOOST_REQUIRE_MESSAGE(r.ok(), why(r));
    }

    void insert_breakpoint(int pid, std::uint64_t addr) {
        auto r = target.insert_breakpoint(pid, target::BreakpointType::software, addr, 1);
        BOOST_REQUIRE_MESSAGE(r.ok(), why(r));
    }

    void remove_breakpoint(int pid, std::uint64_t addr) {
        auto r = target.remove_breakpoint(pid, target::BreakpointType::software, addr, 1);
        BOOST_REQUIRE_MESSAGE(r.ok(), why(r));
    }

    // Resumes every thread of pid: the next event must be a stop (not an exit).
    StopEvent resume_to_stop(int pid) {
        resume_all(pid);
        StopEvent ev = next_event();
        BOOST_REQUIRE(ev.kind == StopKind::stopped);
        return ev;
    }

    // Inserts a software breakpoint at addr (left in) and resumes every thread of pid: the
    // stop that comes must be a hit of it.
    StopEvent run_to(int pid, std::uint64_t addr) {
        insert_breakpoint(pid, addr);
        StopEvent ev = resume_to_stop(pid);
        BOOST_REQUIRE(ev.reason == StopReason::sw_breakpoint);
        return ev;
    }

    // Builds program name from source, launches it and runs it to the function sym: the
    // process, sym's address (its breakpoint left in) and the stop there.
    struct AtSymbol {
        int pid;
        std::uint64_t addr;
        StopEvent stop;
    };
    AtSymbol launch_to(const std::string& name, const char* source, const std::string& sym) {
        std::string prog = program(name, source);
        std::uint64_t addr = symbol(prog, sym);
        int pid = launch({prog});
        return {pid, addr, run_to(pid, addr)};
    }

    // Removes the software breakpoint at addr; pid, resumed, must then exit with code.
    void finish(int pid, std::uint64_t addr, int code = 0) {
        remove_breakpoint(pid, addr);
        resume_all(pid);
        expect_exit(code);
    }

    // Kills pid: its end is the next event, returned.
    StopEvent kill_process(int pid) {
        auto r = target.kill(pid);
        BOOST_REQUIRE_MESSAGE(r.ok(), why(r));
        StopEvent ev = next_event();
        BOOST_CHECK(ev.kind == StopKind::terminated);
        return ev;
    }

    // Interrupts everything: the next event must be the SIGINT stop that causes.
    StopEvent interrupt(std::chrono::milliseconds timeout = 10s) {
        target.interrupt();
        StopEvent ev = next_event(timeout);
        BOOST_REQUIRE(ev.kind == StopKind::stopped);
        BOOST_REQUIRE_EQUAL(ev.signal, SIGINT);
        return ev;
    }

    void resume_one(Ptid thread, ResumeKind kind, int sig = 0) {
        ThreadResume action{thread, kind, sig};
        auto r = target.resume(std::span(&action, 1));
        BOOST_REQUIRE_MESSAGE(r.ok(), why(r));
    }

    std::uint64_t pc(Ptid thread) {
        const auto* reg = arch::native().description().pc();
        auto bytes = target.read_register(thread, reg->regnum);
        BOOST_REQUIRE(bytes.ok());
        std::uint64_t v = 0;
        for (std::size_t i = bytes->size(); i-- > 0;)
            v = (v << 8) | (*bytes)[i];
        return v;
    }

    void expect_exit(int code) {
        StopEvent ev = next_event();
        BOOST_REQUIRE(ev.kind == StopKind::exited);
        BOOST_CHECK_EQUAL(ev.exit_status, code);
    }
};

// The hammer program with a breakpoint on hit(), in all-stop or non-stop: on_hit(pid, hit, ev)
// sees each breakpoint stop and resumes what it wants. The program must run to its end (exit
// 0) with every one of its 8 x 20 hits reported.
inline void run_hammer(Session& s, bool non_stop,
                       const std::function<void(int, std::uint64_t, const StopEvent&)>& on_hit) {
    std::string prog = program("hammer", hammer_src);
    std::uint64_t hit = symbol(prog, "hit");
    int pid = s.launch({prog});
    BOOST_REQUIRE(s.target.set_non_stop(non_stop).ok());
    BOOST_REQUIRE(s.target.insert_breakpoint(pid, BreakpointType::software, hit, 1).ok());
    s.resume_all(pid);
    int hits = 0;
    StopEvent ev;
    for (;;) {
        ev = s.next_event();
        if (ev.kind != StopKind::stopped) break;
        BOOST_REQUIRE(ev.reason == StopReason::sw_breakpoint);
        ++hits;
        on_hit(pid, hit, ev);
    }
    BOOST_REQUIRE(ev.kind == StopKind::exited);
    BOOST_CHECK_EQUAL(ev.exit_status, 0);
    BOOST_CHECK_EQUAL(hits, 8 * 20);
}

// A child of the test process that sleeps until killed, for attach tests.
inline int spawn_sleeper() {
    pid_t pid = ::fork();
    if (pid == 0) {
        ::execl("/bin/sleep", "sleep", "100", static_cast<char*>(nullptr));
        ::_exit(127);
    }
    // Let it reach sleep(1) so that /proc shows the program we attach to.
    auto is_sleep = [pid] {
        auto exe = target::linux::exe_path(pid);
        return exe.ok() && exe->find("sleep") != std::string::npos;
    };
    for (int i = 0; i < 200 && !is_sleep(); ++i)
        std::this_thread::sleep_for(5ms);
    return pid;
}

inline void reap(int pid) {
    ::kill(pid, SIGKILL);
    int status;
    ::waitpid(pid, &status, __WALL);
}


// A word of the inferior's memory, little-endian (asserts that the access works).
inline std::uint64_t read_u64(Session& s, int pid, std::uint64_t addr) {
    std::uint8_t bytes[8] = {};
    auto n = s.target.read_memory(pid, addr, bytes);
    BOOST_REQUIRE(n.ok() && *n == 8);
    std::uint64_t v = 0;
    for (int i = 7; i >= 0; --i)
        v = (v << 8) | bytes[i];
    return v;
}

inline void write_u32(Session& s, int pid, std::uint64_t addr, std::uint32_t v) {
    std::uint8_t bytes[4] = {std::uint8_t(v), std::uint8_t(v >> 8), std::uint8_t(v >> 16),
                             std::uint8_t(v >> 24)};
    BOOST_REQUIRE(s.target.write_memory(pid, addr, bytes).ok());
}

} // namespace linux_test
