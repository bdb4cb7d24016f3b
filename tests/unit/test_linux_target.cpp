// LinuxTarget against real inferiors: small C programs compiled at test time into a private
// temporary directory, driven through one io_context that never runs without a deadline.
#include <map>
#include <set>
#include <string>

#include "linux_fixture.hpp"

namespace {

using namespace linux_test;

// ---- inferiors -------------------------------------------------------------------------

const char* const threads_src = R"(
#include <pthread.h>
#define N 4
pthread_barrier_t barrier;
__attribute__((noinline)) void hit(long i) { __asm__ volatile("" ::"r"(i)); }
__attribute__((noinline)) void ready(void) { __asm__ volatile(""); }
void *worker(void *arg) {
    pthread_barrier_wait(&barrier);
    hit((long)arg);
    return 0;
}
int main(void) {
    pthread_t t[N];
    pthread_barrier_init(&barrier, 0, N + 1);
    for (long i = 0; i < N; i++) pthread_create(&t[i], 0, worker, (void *)i);
    ready();
    pthread_barrier_wait(&barrier);
    for (int i = 0; i < N; i++) pthread_join(t[i], 0);
    return 0;
}
)";

const char* const sigusr1_src = R"(
#include <signal.h>
volatile sig_atomic_t handled;
void on_usr1(int s) { handled = 1; }
int main(void) {
    signal(SIGUSR1, on_usr1);
    raise(SIGUSR1);
    return handled ? 5 : 1;
}
)";

const char* const selfstop_src = R"(
#include <signal.h>
int main(void) { raise(SIGSTOP); return 4; }
)";

const char* const exec_src = R"(
#include <unistd.h>
int main(void) { execl("/bin/true", "true", (char *)0); return 1; }
)";

const char* const churn_src = R"(
#include <pthread.h>
void *noop(void *arg) { return arg; }
void *spawner(void *arg) {
    for (;;) {
        pthread_t t;
        if (pthread_create(&t, 0, noop, 0) == 0) pthread_join(t, 0);
    }
}
int main(void) {
    pthread_t t[3];
    for (int i = 0; i < 3; i++) pthread_create(&t[i], 0, spawner, 0);
    for (;;) {
        pthread_t d;
        if (pthread_create(&d, 0, noop, 0) == 0) pthread_detach(d);
    }
}
)";

// Workers calling hit() forever: a breakpoint there is hit by several at once.
const char* const spin_hit_src = R"(
#include <pthread.h>
#define N 8
volatile long total;
__attribute__((noinline)) void hit(long i) { __sync_fetch_and_add(&total, i); }
void *worker(void *arg) {
    for (;;) hit(1);
    return arg;
}
int main(void) {
    pthread_t t[N];
    for (int i = 0; i < N; i++) pthread_create(&t[i], 0, worker, 0);
    for (;;) hit(1);
}
)";

const char* const thread_exec_src = R"(
#include <pthread.h>
#include <unistd.h>
void *run(void *arg) {
    execl("/bin/true", "true", (char *)0);
    return arg;
}
int main(void) {
    pthread_t t;
    pthread_create(&t, 0, run, 0);
    for (;;) pause();
}
)";

const char* const exec_later_src = R"(
#include <unistd.h>
__attribute__((noinline)) int never(void) { return 3; }
int main(int argc, char **argv) {
    if (argc > 5) never();
    execl("/bin/true", "true", (char *)0);
    return 1;
}
)";

const char* const sleepers_src = R"(
#include <pthread.h>
#include <unistd.h>
void *nap(void *arg) {
    for (;;) usleep(1000);
    return arg;
}
int main(void) {
    pthread_t t[3];
    for (int i = 0; i < 3; i++) pthread_create(&t[i], 0, nap, 0);
    for (;;) usleep(1000);
}
)";

const char* const leader_exit_src = R"(
#include <pthread.h>
volatile unsigned long counter;
void *spin(void *arg) {
    for (;;) counter++;
    return arg;
}
int main(void) {
    pthread_t t;
    pthread_create(&t, 0, spin, 0);
    pthread_exit(0);
}
)";

} // namespace

BOOST_AUTO_TEST_SUITE(linux_target)

BOOST_AUTO_TEST_CASE(parse_stat_processor_counts_from_last_paren) {
    using target::linux::parse_stat_processor;
    std::string fields;
    for (int f = 3; f <= 52; ++f)
        fields += " " + std::to_string(f == 39 ? 3 : f);
    BOOST_CHECK_EQUAL(parse_stat_processor("1234 (a) b) c)" + fields), 3);
    BOOST_CHECK_EQUAL(parse_stat_processor("1234 (plain)" + fields), 3);
    BOOST_CHECK_EQUAL(parse_stat_processor("garbage"), -1);
    BOOST_CHECK_EQUAL(parse_stat_processor("1 (x) R 1 2"), -1);
}

BOOST_AUTO_TEST_CASE(parse_stat_comm_and_pending_signals) {
    using target::linux::parse_stat_comm;
    using target::linux::status_has_pending;
    BOOST_CHECK_EQUAL(parse_stat_comm("1234 (a) b) c) S 1"), "a) b) c");
    BOOST_CHECK_EQUAL(parse_stat_comm("1234 (worker-3) R 1"), "worker-3");
    BOOST_CHECK_EQUAL(parse_stat_comm("garbage"), "");
    std::string status = "Name:\tx\nSigQ:\t0/1\nSigPnd:\t0000000000000100\nShdPnd:\t0000000000000000\n";
    BOOST_CHECK(status_has_pending(status, SIGKILL)); // bit 8: signal 9
    BOOST_CHECK(!status_has_pending(status, SIGTERM));
    BOOST_CHECK(status_has_pending("SigPnd:\t0\nShdPnd:\t0000000000004000\n", SIGTERM));
    BOOST_CHECK(!status_has_pending("nothing", SIGKILL));
}

BOOST_AUTO_TEST_CASE(launch_runs_to_exit) {
    Session s;
    int pid = s.launch({"/bin/true"});
    BOOST_CHECK_GT(pid, 0);
    BOOST_CHECK(s.target.processes() == std::vector<int>{pid});
    BOOST_CHECK(!s.target.was_attached(pid));
    BOOST_CHECK(s.events.empty()); // stopped at the first instruction, nothing reported
    s.resume_all(pid);
    s.expect_exit(0);
    BOOST_CHECK(s.target.processes().empty());
}

BOOST_AUTO_TEST_CASE(launch_reports_exit_code_and_searches_path) {
    Session s;
    int pid = s.launch({program("exit_code", exit_code_src)});
    s.resume_all(pid);
    s.expect_exit(7);
    pid = s.launch({"true"}); // no '/': found through PATH
    s.resume_all(pid);
    s.expect_exit(0);
}

BOOST_AUTO_TEST_CASE(launch_of_missing_program_fails) {
    Session s;
    std::optional<target::Result<int>> result;
    s.target.launch({"/nonexistent/prog"}, [&](target::Result<int> r) { result = std::move(r); });
    BOOST_REQUIRE(s.run_until([&] { return result.has_value(); }));
    BOOST_REQUIRE(!result->ok());
    BOOST_CHECK_EQUAL(result->error().code, ENOENT);
    BOOST_CHECK_EQUAL(result->error().message,
                      "Cannot exec /nonexistent/prog: No such file or directory");
    BOOST_CHECK(s.target.processes().empty());
}

BOOST_AUTO_TEST_CASE(launch_stops_at_first_instruction_without_aslr) {
    Session s;
    int pid = s.launch({program("exit_code", exit_code_src)});
    Ptid leader{pid, pid};
    // At the first instruction the PC is the dynamic loader's entry, not the program's main.
    BOOST_CHECK_NE(s.pc(leader), symbol(program("exit_code", exit_code_src), "main"));
    BOOST_CHECK_EQUAL(proc_status_field(pid, "TracerPid").find(std::to_string(::getpid())) !=
                          std::string::npos,
                      true);
    auto personality = target::linux::read_proc_file(pid, "personality");
    BOOST_REQUIRE(personality.ok());
    BOOST_CHECK_EQUAL(std::stoul(*personality, nullptr, 16) & 0x0040000, 0x0040000u);
    auto exe = s.target.exec_file(pid);
    BOOST_REQUIRE(exe.ok());
    BOOST_CHECK_EQUAL(*exe, program("exit_code", exit_code_src));
    auto auxv = s.target.auxv(pid);
    BOOST_REQUIRE(auxv.ok());
    BOOST_CHECK_GT(auxv->size(), 16u);
    BOOST_CHECK(s.target.kill(pid).ok());
    StopEvent ev = s.next_event();
    BOOST_CHECK(ev.kind == StopKind::terminated);
    BOOST_CHECK_EQUAL(ev.signal, SIGKILL);
}

BOOST_AUTO_TEST_CASE(software_breakpoint_stop_rewinds_pc_and_hides_int3) {
    Session s;
    std::string prog = program("breakpoint", breakpoint_src);
    std::uint64_t fn = symbol(prog, "target_fn");
    int pid = s.launch({prog});
    Ptid leader{pid, pid};

    std::uint8_t before[16], after[16];
    BOOST_REQUIRE_EQUAL(*s.target.read_memory(pid, fn - 8, before), 16u);
    BOOST_REQUIRE(s.target.insert_breakpoint(pid, BreakpointType::software, fn, 1).ok());
    BOOST_REQUIRE(s.target.insert_breakpoint(pid, BreakpointType::software, fn, 1).ok()); // idempotent
    BOOST_REQUIRE_EQUAL(*s.target.read_memory(pid, fn - 8, after), 16u);
    BOOST_CHECK_EQUAL_COLLECTIONS(before, before + 16, after, after + 16);

    s.resume_all(pid);
    StopEvent ev = s.next_event();
    BOOST_REQUIRE(ev.kind == StopKind::stopped);
    BOOST_CHECK(ev.reason == StopReason::sw_breakpoint);
    BOOST_CHECK_EQUAL(ev.signal, SIGTRAP);
    BOOST_CHECK(ev.thread == leader);
    BOOST_CHECK_GE(ev.core, 0);
    BOOST_CHECK_EQUAL(s.pc(leader), fn);

    // The g packet agrees with the single register read.
    const auto& desc = s.target.description(pid);
    auto g = s.target.read_registers(leader);
    BOOST_REQUIRE(g.ok());
    BOOST_REQUIRE_EQUAL(g->size(), desc.g_packet_size());
    std::uint64_t g_pc = 0;
    for (std::size_t i = 8; i-- > 0;)
        g_pc = (g_pc << 8) | (*g)[desc.pc()->offset + i];
    BOOST_CHECK_EQUAL(g_pc, fn);

    auto si = s.target.siginfo(leader);
    BOOST_REQUIRE(si.ok());
    BOOST_CHECK_EQUAL(si->size(), 128u);
    int signo = 0;
    std::memcpy(&signo, si->data(), sizeof signo);
    BOOST_CHECK_EQUAL(signo, SIGTRAP);

    // Two inserts were one: one remove lifts it; the program then finishes normally from
    // the rewound PC.
    BOOST_REQUIRE(s.target.remove_breakpoint(pid, BreakpointType::software, fn, 1).ok());
    BOOST_CHECK(!s.target.remove_breakpoint(pid, BreakpointType::software, fn, 1).ok());
    s.resume_all(pid);
    s.expect_exit(0);
}

// Z1 through DR0/DR7: the thread stops before the instruction runs, PC at the address, and
// goes on (the kernel's RF flag) once the breakpoint is removed.
BOOST_AUTO_TEST_CASE(hardware_breakpoint_stops_at_the_address) {
    Session s;
    std::string prog = program("breakpoint", breakpoint_src);
    std::uint64_t fn = symbol(prog, "target_fn");
    int pid = s.launch({prog});
    Ptid leader{pid, pid};
    BOOST_REQUIRE(s.target.insert_breakpoint(pid, BreakpointType::hardware, fn, 1).ok());
    s.resume_all(pid);
    StopEvent ev = s.next_event();
    BOOST_REQUIRE(ev.kind == StopKind::stopped);
    BOOST_CHECK(ev.reason == StopReason::hw_breakpoint);
    BOOST_CHECK_EQUAL(ev.signal, SIGTRAP);
    BOOST_CHECK_EQUAL(s.pc(leader), fn);
    BOOST_REQUIRE(s.target.remove_breakpoint(pid, BreakpointType::hardware, fn, 1).ok());
    BOOST_CHECK_EQUAL(s.target.remove_breakpoint(pid, BreakpointType::hardware, fn, 1).error().code,
                      ENOENT);
    // x86 cannot watch reads only: refused as unsupported, for gdb to fall back.
    BOOST_CHECK_EQUAL(s.target.insert_breakpoint(pid, BreakpointType::read_watch, fn, 4).error().code,
                      ENOSYS);
    s.resume_all(pid);
    s.expect_exit(0);
}

BOOST_AUTO_TEST_CASE(memory_writes_keep_breakpoints_and_unmapped_reads_fail) {
    Session s;
    std::string prog = program("breakpoint", breakpoint_src);
    std::uint64_t fn = symbol(prog, "target_fn");
    int pid = s.launch({prog});
    std::uint8_t original[4];
    BOOST_REQUIRE_EQUAL(*s.target.read_memory(pid, fn, original), 4u);
    BOOST_REQUIRE(s.target.insert_breakpoint(pid, BreakpointType::software, fn, 1).ok());
    // Writing the same bytes over the breakpoint (as a client restoring code would) keeps it.
    BOOST_REQUIRE(s.target.write_memory(pid, fn, original).ok());
    std::uint8_t again[4];
    BOOST_REQUIRE_EQUAL(*s.target.read_memory(pid, fn, again), 4u);
    BOOST_CHECK_EQUAL_COLLECTIONS(original, original + 4, again, again + 4);

    std::uint8_t buf[16];
    auto bad = s.target.read_memory(pid, 0, buf);
    BOOST_REQUIRE(!bad.ok());
    BOOST_CHECK(bad.error().code == EIO || bad.error().code == EFAULT);

    // A read running off the end of a mapping returns what was readable.
    std::ifstream maps("/proc/" + std::to_string(pid) + "/maps");
    std::string line;
    std::vector<std::pair<std::uint64_t, std::uint64_t>> ranges;
    while (std::getline(maps, line)) {
        auto dash = line.find('-');
        ranges.emplace_back(std::stoull(line.substr(0, dash), nullptr, 16),
                            std::stoull(line.substr(dash + 1), nullptr, 16));
    }
    bool tried = false;
    for (std::size_t i = 0; i + 1 < ranges.size() && !tried; ++i) {
        if (ranges[i].second == ranges[i + 1].first) continue;
        std::vector<std::uint8_t> big(8192);
        auto n = s.target.read_memory(pid, ranges[i].second - 100, big);
        if (!n.ok()) continue; // e.g. a guard page without read permission
        BOOST_CHECK_EQUAL(*n, 100u);
        tried = true;
    }
    BOOST_CHECK(tried);

    // A large read (process_vm_readv) sees the breakpoint shadowed too.
    std::vector<std::uint8_t> page(8192);
    std::uint64_t base = fn & ~std::uint64_t{4095};
    auto n = s.target.read_memory(pid, base, page);
    BOOST_REQUIRE(n.ok());
    BOOST_REQUIRE_GT(*n, fn - base);
    BOOST_CHECK_EQUAL(page[fn - base], original[0]);

    s.resume_all(pid);
    StopEvent ev = s.next_event();
    BOOST_CHECK(ev.reason == StopReason::sw_breakpoint);
    BOOST_REQUIRE(s.target.remove_breakpoint(pid, BreakpointType::software, fn, 1).ok());
    s.resume_all(pid);
    s.expect_exit(0);
}

BOOST_AUTO_TEST_CASE(registers_write_through) {
    Session s;
    int pid = s.launch({program("exit_code", exit_code_src)});
    Ptid leader{pid, pid};
    const auto& desc = s.target.description(pid);
    const arch::Register* rax = desc.by_name("rax");
    BOOST_REQUIRE(rax);
    std::vector<std::uint8_t> value{1, 2, 3, 4, 5, 6, 7, 8};
    BOOST_REQUIRE(s.target.write_register(leader, rax->regnum, value).ok());
    auto back = s.target.read_register(leader, rax->regnum);
    BOOST_REQUIRE(back.ok());
    BOOST_CHECK_EQUAL_COLLECTIONS(back->begin(), back->end(), value.begin(), value.end());

    if (const arch::Register* ymm = desc.by_name("ymm0h")) {
        std::vector<std::uint8_t> hi(ymm->size());
        for (std::size_t i = 0; i < hi.size(); ++i)
            hi[i] = static_cast<std::uint8_t>(0xa0 + i);
        BOOST_REQUIRE(s.target.write_register(leader, ymm->regnum, hi).ok());
        auto g = s.target.read_registers(leader);
        BOOST_REQUIRE(g.ok());
        BOOST_CHECK_EQUAL_COLLECTIONS(g->begin() + ymm->offset,
                                      g->begin() + ymm->offset + ymm->size(), hi.begin(), hi.end());
        // The whole image written back unchanged reads back unchanged.
        BOOST_REQUIRE(s.target.write_registers(leader, *g).ok());
        auto g2 = s.target.read_registers(leader);
        BOOST_REQUIRE(g2.ok());
        BOOST_CHECK(*g == *g2);
    }
    BOOST_CHECK(s.target.kill(pid).ok());
    BOOST_CHECK(s.next_event().kind == StopKind::terminated);
}

BOOST_AUTO_TEST_CASE(threads_stop_together_and_pending_hits_are_reported_one_by_one) {
    Session s;
    std::string prog = program("threads", threads_src);
    std::uint64_t ready = symbol(prog, "ready");
    std::uint64_t hit = symbol(prog, "hit");
    int pid = s.launch({prog});
    BOOST_REQUIRE(s.target.insert_breakpoint(pid, BreakpointType::software, ready, 1).ok());
    s.resume_all(pid);
    StopEvent ev = s.next_event();
    BOOST_REQUIRE(ev.reason == StopReason::sw_breakpoint);
    BOOST_CHECK(ev.thread == (Ptid{pid, pid}));
    auto threads = s.target.threads(pid);
    BOOST_REQUIRE_EQUAL(threads.size(), 5u);
    BOOST_CHECK(threads.front().id == (Ptid{pid, pid}));
    for (const auto& t : threads) {
        BOOST_CHECK_EQUAL(task_state(pid, t.id.tid), 't'); // every one in a ptrace-stop
        BOOST_CHECK(s.target.thread_alive(t.id));
        BOOST_CHECK(!t.name.empty());
    }

    BOOST_REQUIRE(s.target.remove_breakpoint(pid, BreakpointType::software, ready, 1).ok());
    BOOST_REQUIRE(s.target.insert_breakpoint(pid, BreakpointType::software, hit, 1).ok());
    s.resume_all(pid);
    std::set<int> hitters;
    for (;;) {
        ev = s.next_event();
        if (ev.kind == StopKind::exited) break;
        BOOST_REQUIRE(ev.kind == StopKind::stopped);
        BOOST_REQUIRE(ev.reason == StopReason::sw_breakpoint);
        BOOST_CHECK_EQUAL(s.pc(ev.thread), hit);
        BOOST_CHECK(hitters.insert(ev.thread.tid).second); // each worker once
        // Step the reporter over the breakpoint alone, as gdb does, then let all run.
        BOOST_REQUIRE(s.target.remove_breakpoint(pid, BreakpointType::software, hit, 1).ok());
        s.resume_one(ev.thread, ResumeKind::step);
        StopEvent step = s.next_event();
        BOOST_CHECK(step.reason == StopReason::single_step);
        BOOST_CHECK(step.thread == ev.thread);
        BOOST_REQUIRE(s.target.insert_breakpoint(pid, BreakpointType::software, hit, 1).ok());
        s.resume_all(pid);
    }
    BOOST_CHECK_EQUAL(ev.exit_status, 0);
    BOOST_CHECK_EQUAL(hitters.size(), 4u);
}

// gdb's way through a breakpoint many threads hit at once: report one, step it over alone,
// reinsert, resume all; the others' hits come out of their pending events one by one.
BOOST_AUTO_TEST_CASE(many_threads_hammering_one_breakpoint) {
    Session s;
    run_hammer(s, false, [&](int pid, std::uint64_t hit, const StopEvent& ev) {
        for (const auto& t : s.target.threads(pid))
            BOOST_REQUIRE_EQUAL(task_state(pid, t.id.tid), 't');
        BOOST_REQUIRE(s.target.remove_breakpoint(pid, BreakpointType::software, hit, 1).ok());
        s.resume_one(ev.thread, ResumeKind::step);
        StopEvent step = s.next_event();
        BOOST_REQUIRE(step.reason == StopReason::single_step);
        BOOST_REQUIRE(s.target.insert_breakpoint(pid, BreakpointType::software, hit, 1).ok());
        s.resume_all(pid);
    });
}

// Hits kept pending for a breakpoint the client then removed are dropped at the next resume;
// their PCs were already moved back, so each thread re-executes the original instruction
// (the program checks its sum).
BOOST_AUTO_TEST_CASE(pending_hits_of_a_removed_breakpoint_are_dropped) {
    Session s;
    std::string prog = program("hammer", hammer_src);
    std::uint64_t hit = symbol(prog, "hit");
    int pid = s.launch({prog});
    BOOST_REQUIRE(s.target.insert_breakpoint(pid, BreakpointType::software, hit, 1).ok());
    s.resume_all(pid);
    StopEvent ev = s.next_event();
    BOOST_REQUIRE(ev.reason == StopReason::sw_breakpoint);
    BOOST_REQUIRE(s.target.remove_breakpoint(pid, BreakpointType::software, hit, 1).ok());
    s.resume_all(pid);
    s.expect_exit(0);
}

// Found by the bad-input e2e test (a worker of `threads` died of SIGSEGV): a thread can
// execute the int3 just as our interrupt stops it; the kernel reports the interrupt's stop
// first and keeps the SIGTRAP queued. If the client removes the breakpoint meanwhile, the
// trap arrives at the next resume with the PC one past an address that holds the original
// instruction again: it must be taken back (PC moved back, thread resumed), not reported as
// a SIGTRAP from the middle of an instruction that the thread would then run from.
BOOST_AUTO_TEST_CASE(queued_traps_of_a_removed_breakpoint_are_taken_back) {
    Session s;
    std::string prog = program("spin_hit", spin_hit_src);
    std::uint64_t hit = symbol(prog, "hit");
    int pid = s.launch({prog});
    for (int round = 0; round < 100; ++round) {
        BOOST_REQUIRE(s.target.insert_breakpoint(pid, BreakpointType::software, hit, 1).ok());
        s.resume_all(pid);
        StopEvent ev = s.next_event();
        BOOST_REQUIRE(ev.reason == StopReason::sw_breakpoint);
        BOOST_REQUIRE(s.target.remove_breakpoint(pid, BreakpointType::software, hit, 1).ok());
        s.resume_all(pid);
        s.run_for(2ms);
        s.target.interrupt();
        ev = s.next_event();
        BOOST_REQUIRE(ev.kind == StopKind::stopped);
        BOOST_REQUIRE_MESSAGE(ev.signal == SIGINT, "round " << round << ": thread " << ev.thread.tid
                                                            << " stopped with signal " << ev.signal);
    }
    BOOST_REQUIRE(s.target.kill(pid).ok());
    BOOST_CHECK(s.next_event().kind == StopKind::terminated);
}

BOOST_AUTO_TEST_CASE(shared_library_list) {
    Session s;
    std::string prog = program("breakpoint", breakpoint_src);
    std::uint64_t fn = symbol(prog, "target_fn");
    int pid = s.launch({prog});
    BOOST_REQUIRE(s.target.insert_breakpoint(pid, BreakpointType::software, fn, 1).ok());
    s.resume_all(pid);
    BOOST_REQUIRE(s.next_event().reason == StopReason::sw_breakpoint);
    auto xml = s.target.libraries_svr4(pid);
    BOOST_REQUIRE_MESSAGE(xml.ok(), why(xml));
    BOOST_CHECK_NE(xml->find("libc.so"), std::string::npos);
    BOOST_REQUIRE(s.target.kill(pid).ok());
    BOOST_CHECK(s.next_event().kind == StopKind::terminated);
}

// Threads come and go all the time; every interrupt still yields one stop with every
// known thread stopped.
BOOST_AUTO_TEST_CASE(interrupt_during_thread_churn) {
    Session s;
    int pid = s.launch({program("churn", churn_src)});
    // Main and its three spawners first: on a loaded machine 5 ms may not see them all born.
    s.resume_all(pid);
    BOOST_REQUIRE(s.run_until([&] { return s.target.thread_ids(pid).size() >= 4; }));
    s.target.interrupt();
    BOOST_REQUIRE_EQUAL(s.next_event().signal, SIGINT);
    for (int round = 0; round < 20; ++round) {
        s.resume_all(pid);
        s.run_for(std::chrono::milliseconds(5 + round));
        BOOST_REQUIRE(s.events.empty());
        s.target.interrupt();
        StopEvent ev = s.next_event();
        BOOST_REQUIRE(ev.kind == StopKind::stopped);
        BOOST_CHECK_EQUAL(ev.signal, SIGINT);
        auto threads = s.target.threads(pid);
        BOOST_CHECK_GE(threads.size(), 4u);
        for (const auto& t : threads)
            BOOST_REQUIRE_EQUAL(task_state(pid, t.id.tid), 't');
        s.run_for(5ms);
        BOOST_REQUIRE(s.events.empty()); // exactly one event per stop
    }
    BOOST_REQUIRE(s.target.kill(pid).ok());
    StopEvent ev = s.next_event();
    BOOST_CHECK(ev.kind == StopKind::terminated);
}

// main() calls pthread_exit: the leader is a zombie until the process ends, it can never
// stop again, and a stop-all must not wait for it.
BOOST_AUTO_TEST_CASE(interrupt_after_the_leader_exited) {
    Session s;
    int pid = s.launch({program("leader_exit", leader_exit_src)});
    s.resume_all(pid);
    s.run_for(100ms);
    BOOST_REQUIRE(s.events.empty());
    s.target.interrupt();
    StopEvent ev = s.next_event(2s);
    BOOST_REQUIRE(ev.kind == StopKind::stopped);
    BOOST_CHECK_EQUAL(ev.signal, SIGINT);
    BOOST_CHECK_NE(ev.thread.tid, pid);
    auto threads = s.target.threads(pid);
    BOOST_REQUIRE_EQUAL(threads.size(), 1u);
    BOOST_CHECK(threads[0].id == ev.thread);
    BOOST_CHECK(!s.target.thread_alive({pid, pid}));
    s.resume_all(pid);
    s.run_for(20ms);
    s.target.interrupt();
    BOOST_CHECK_EQUAL(s.next_event(2s).signal, SIGINT);
    BOOST_REQUIRE(s.target.kill(pid).ok());
    ev = s.next_event();
    BOOST_CHECK(ev.kind == StopKind::terminated);
}

BOOST_AUTO_TEST_CASE(interrupt_stops_a_spinning_program) {
    Session s;
    int pid = s.launch({program("spin", spin_src)});
    s.resume_all(pid);
    s.run_for(100ms);
    BOOST_CHECK(s.events.empty());
    s.target.interrupt();
    StopEvent ev = s.next_event();
    BOOST_REQUIRE(ev.kind == StopKind::stopped);
    BOOST_CHECK_EQUAL(ev.signal, SIGINT);
    BOOST_CHECK(ev.thread == (Ptid{pid, pid}));
    BOOST_CHECK_EQUAL(task_state(pid, pid), 't');
    // Resumes and stops again; then kill.
    s.resume_all(pid);
    s.run_for(50ms);
    s.target.interrupt();
    BOOST_CHECK_EQUAL(s.next_event().signal, SIGINT);
    BOOST_REQUIRE(s.target.kill(pid).ok());
    ev = s.next_event();
    BOOST_CHECK(ev.kind == StopKind::terminated);
    BOOST_CHECK_EQUAL(ev.signal, SIGKILL);
    BOOST_CHECK(s.target.processes().empty());
}

BOOST_AUTO_TEST_CASE(signals_are_reported_or_passed) {
    Session s;
    std::string prog = program("sigusr1", sigusr1_src);
    int pid = s.launch({prog});
    s.resume_all(pid);
    StopEvent ev = s.next_event();
    BOOST_REQUIRE(ev.kind == StopKind::stopped);
    BOOST_CHECK_EQUAL(ev.signal, SIGUSR1);
    BOOST_CHECK(ev.reason == StopReason::none);
    s.resume_all(pid, ResumeKind::cont, SIGUSR1); // deliver it: the handler runs
    s.expect_exit(5);

    s.target.set_pass_signals({SIGUSR1});
    pid = s.launch({prog});
    s.resume_all(pid);
    s.expect_exit(5); // passed without a stop
}

BOOST_AUTO_TEST_CASE(group_stop_does_not_hang) {
    Session s;
    int pid = s.launch({program("selfstop", selfstop_src)});
    s.resume_all(pid);
    StopEvent ev = s.next_event();
    BOOST_REQUIRE(ev.kind == StopKind::stopped);
    BOOST_CHECK_EQUAL(ev.signal, SIGSTOP);
    s.resume_all(pid, ResumeKind::cont, SIGSTOP); // what gdb does: pass SIGSTOP on
    s.expect_exit(4);
}

BOOST_AUTO_TEST_CASE(fork_children_run_free_of_breakpoints) {
    Session s;
    std::string prog = program("fork", fork_src);
    std::uint64_t f = symbol(prog, "f");
    s.target.set_pass_signals({SIGCHLD}); // as gdb does by default
    int pid = s.launch({prog});
    BOOST_REQUIRE(s.target.insert_breakpoint(pid, BreakpointType::software, f, 1).ok());
    s.resume_all(pid);
    // Only the parent's call (after the child exited 3 unharmed) stops.
    StopEvent ev = s.next_event();
    BOOST_REQUIRE(ev.kind == StopKind::stopped);
    BOOST_CHECK(ev.reason == StopReason::sw_breakpoint);
    BOOST_CHECK(ev.thread == (Ptid{pid, pid}));
    BOOST_REQUIRE(s.target.remove_breakpoint(pid, BreakpointType::software, f, 1).ok());
    s.resume_all(pid);
    s.expect_exit(0);
}

BOOST_AUTO_TEST_CASE(vfork_child_runs_without_breakpoints) {
    Session s;
    std::string prog = program("vfork", vfork_src);
    std::uint64_t f = symbol(prog, "f");
    s.target.set_pass_signals({SIGCHLD});
    int pid = s.launch({prog});
    BOOST_REQUIRE(s.target.insert_breakpoint(pid, BreakpointType::software, f, 1).ok());
    s.resume_all(pid);
    StopEvent ev = s.next_event(); // the parent's call, after the vfork child exec'd
    BOOST_REQUIRE(ev.kind == StopKind::stopped);
    BOOST_CHECK(ev.reason == StopReason::sw_breakpoint);
    BOOST_REQUIRE(s.target.remove_breakpoint(pid, BreakpointType::software, f, 1).ok());
    s.resume_all(pid);
    s.expect_exit(0);
}

BOOST_AUTO_TEST_CASE(exec_from_a_thread_leaves_only_the_leader) {
    Session s;
    int pid = s.launch({program("thread_exec", thread_exec_src)});
    s.resume_all(pid);
    StopEvent ev = s.next_event();
    BOOST_REQUIRE(ev.kind == StopKind::stopped);
    BOOST_CHECK(ev.reason == StopReason::exec);
    BOOST_CHECK(ev.thread == (Ptid{pid, pid}));
    BOOST_CHECK_EQUAL(s.target.threads(pid).size(), 1u);
    s.resume_all(pid);
    s.expect_exit(0);
}

// kill -STOP: reported once, at its signal-delivery-stop; passing it on (as gdb does) must
// let every thread run again, and later interrupts must not turn into phantom SIGSTOPs
// although the job-control stop lingers until SIGCONT.
BOOST_AUTO_TEST_CASE(stop_signal_from_outside_does_not_hang) {
    Session s;
    int pid = s.launch({program("sleepers", sleepers_src)});
    s.resume_all(pid);
    s.run_for(30ms);
    ::kill(pid, SIGSTOP);
    StopEvent ev = s.next_event();
    BOOST_REQUIRE(ev.kind == StopKind::stopped);
    BOOST_CHECK_EQUAL(ev.signal, SIGSTOP);
    std::vector<ThreadResume> actions;
    for (const auto& t : s.target.threads(pid))
        actions.push_back({t.id, ResumeKind::cont, t.id == ev.thread ? SIGSTOP : 0});
    BOOST_REQUIRE(s.target.resume(actions).ok());
    for (int round = 0; round < 3; ++round) {
        s.run_for(50ms);
        BOOST_REQUIRE(s.events.empty());
        BOOST_CHECK_NE(task_state(pid, pid), 't');
        s.target.interrupt();
        ev = s.next_event();
        BOOST_CHECK_EQUAL(ev.signal, SIGINT);
        s.resume_all(pid);
    }
    s.run_for(20ms);
    BOOST_CHECK(s.events.empty());
    BOOST_REQUIRE(s.target.kill(pid).ok());
    BOOST_CHECK(s.next_event().kind == StopKind::terminated);
}

// Without exec-events the client does not know that the old image's breakpoints are gone:
// its removal after the exec succeeds; then ENOENT as usual. Z packets are idempotent: two
// insertions at one address are one breakpoint, taken back by one removal.
BOOST_AUTO_TEST_CASE(removing_breakpoints_lost_at_exec_succeeds) {
    Session s;
    std::string prog = program("exec_later", exec_later_src);
    int pid = s.launch({prog});
    std::uint64_t never = symbol(prog, "never");
    for (int twice = 0; twice < 2; ++twice) s.insert_breakpoint(pid, never);
    s.resume_all(pid);
    StopEvent ev = s.next_event();
    BOOST_REQUIRE(ev.reason == StopReason::exec);
    BOOST_CHECK(s.target.remove_breakpoint(pid, BreakpointType::software, never, 1).ok());
    BOOST_CHECK_EQUAL(s.target.remove_breakpoint(pid, BreakpointType::software, never, 1).error().code,
                      ENOENT);
    s.resume_all(pid);
    s.expect_exit(0);
}

// SIGKILL from outside while everything is stopped: an idle all-stop client cannot be told,
// so nothing is reported; the threads wait at their exit stop, registers still readable, and
// the next resume reports the death. Our own kill needs no resume.
BOOST_AUTO_TEST_CASE(sigkill_while_stopped_is_reported_at_the_next_resume) {
    for (bool resume : {true, false}) {
        Session s;
        int pid = s.launch({program("sleepers", sleepers_src)});
        s.resume_all(pid);
        s.run_for(30ms);
        s.target.interrupt();
        BOOST_REQUIRE_EQUAL(s.next_event().signal, SIGINT);
        ::kill(pid, SIGKILL);
        s.run_for(100ms);
        BOOST_CHECK(s.events.empty());
        BOOST_CHECK_EQUAL(s.target.threads(pid).size(), 4u);
        BOOST_CHECK(s.target.read_registers({pid, pid}).ok());
        if (resume) {
            s.resume_one({pid, pid}, ResumeKind::step); // one thread named: all go
        } else {
            BOOST_REQUIRE(s.target.kill(pid).ok());
        }
        StopEvent ev = s.next_event();
        BOOST_CHECK(ev.kind == StopKind::terminated);
        BOOST_CHECK_EQUAL(ev.signal, SIGKILL);
        BOOST_CHECK(s.target.processes().empty());
    }
}

BOOST_AUTO_TEST_CASE(exec_is_reported) {
    Session s;
    int pid = s.launch({program("exec", exec_src)});
    s.resume_all(pid);
    StopEvent ev = s.next_event();
    BOOST_REQUIRE(ev.kind == StopKind::stopped);
    BOOST_CHECK(ev.reason == StopReason::exec);
    BOOST_CHECK(ev.exec_path == "/bin/true" || ev.exec_path == "/usr/bin/true");
    s.resume_all(pid);
    s.expect_exit(0);
}

BOOST_AUTO_TEST_CASE(attach_to_a_sleeping_child_and_detach) {
    int pid = spawn_sleeper();
    {
        Session s;
        std::optional<target::Result<void>> result;
        s.target.attach(pid, [&](target::Result<void> r) { result = std::move(r); });
        BOOST_REQUIRE(s.run_until([&] { return result.has_value(); }));
        BOOST_REQUIRE_MESSAGE(result->ok(), why(*result));
        BOOST_CHECK(s.target.was_attached(pid));
        BOOST_CHECK(s.target.processes() == std::vector<int>{pid});
        BOOST_CHECK_EQUAL(s.target.threads(pid).size(), 1u);
        BOOST_CHECK_EQUAL(task_state(pid, pid), 't');
        BOOST_CHECK(s.events.empty());
        auto again = std::optional<target::Result<void>>();
        s.target.attach(pid, [&](target::Result<void> r) { again = std::move(r); });
        BOOST_REQUIRE(s.run_until([&] { return again.has_value(); }));
        BOOST_CHECK(!again->ok());

        // Run it a little, interrupt, then detach: it must go on sleeping, untraced.
        s.resume_all(pid);
        s.run_for(50ms);
        s.target.interrupt();
        BOOST_CHECK_EQUAL(s.next_event().signal, SIGINT);
        BOOST_REQUIRE(s.target.detach(pid).ok());
        BOOST_CHECK(s.target.processes().empty());
        BOOST_CHECK_EQUAL(proc_status_field(pid, "TracerPid"), "\t0");
        s.run_for(20ms);
        BOOST_CHECK_NE(task_state(pid, pid), 't');
    }
    reap(pid);
}

BOOST_AUTO_TEST_CASE(attach_to_every_thread) {
    std::string prog = program("sleepers", sleepers_src);
    pid_t pid = ::fork();
    if (pid == 0) {
        ::execl(prog.c_str(), prog.c_str(), static_cast<char*>(nullptr));
        ::_exit(127);
    }
    for (int i = 0; i < 400; ++i) {
        auto tasks = target::linux::task_ids(pid);
        if (tasks.ok() && tasks->size() == 4) break;
        std::this_thread::sleep_for(5ms);
    }
    {
        Session s;
        std::optional<target::Result<void>> result;
        s.target.attach(pid, [&](target::Result<void> r) { result = std::move(r); });
        BOOST_REQUIRE(s.run_until([&] { return result.has_value(); }));
        BOOST_REQUIRE_MESSAGE(result->ok(), why(*result));
        auto threads = s.target.threads(pid);
        BOOST_CHECK_EQUAL(threads.size(), 4u);
        for (const auto& t : threads)
            BOOST_CHECK_EQUAL(task_state(pid, t.id.tid), 't');
        for (const auto& t : threads)
            BOOST_CHECK(s.target.read_registers(t.id).ok());
        s.resume_all(pid);
        s.run_for(30ms);
        s.target.interrupt();
        BOOST_CHECK_EQUAL(s.next_event().signal, SIGINT);
        BOOST_REQUIRE(s.target.detach(pid).ok());
        BOOST_CHECK_EQUAL(proc_status_field(pid, "TracerPid"), "\t0");
    }
    reap(pid);
}

BOOST_AUTO_TEST_CASE(attach_to_missing_process_fails) {
    Session s;
    std::optional<target::Result<void>> result;
    s.target.attach(999999999, [&](target::Result<void> r) { result = std::move(r); });
    BOOST_REQUIRE(s.run_until([&] { return result.has_value(); }));
    BOOST_CHECK(!result->ok());
}

BOOST_AUTO_TEST_CASE(detach_leaves_a_launched_program_running) {
    int pid = 0;
    {
        Session s;
        pid = s.launch({program("spin", spin_src)});
        s.resume_all(pid);
        s.run_for(20ms);
        s.target.interrupt();
        BOOST_REQUIRE_EQUAL(s.next_event().signal, SIGINT);
        BOOST_REQUIRE(s.target.detach(pid).ok());
        s.run_for(50ms);
        BOOST_CHECK(s.events.empty());
        BOOST_CHECK_EQUAL(proc_status_field(pid, "TracerPid"), "\t0");
        BOOST_CHECK_EQUAL(task_state(pid, pid), 'R');
    }
    reap(pid);
}

BOOST_AUTO_TEST_CASE(destructor_kills_launched_programs) {
    int pid = 0;
    {
        Session s;
        pid = s.launch({program("spin", spin_src)});
        s.resume_all(pid);
        s.run_for(20ms);
    }
    int status = 0;
    BOOST_REQUIRE_EQUAL(::waitpid(pid, &status, __WALL), pid);
    BOOST_CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
}

BOOST_AUTO_TEST_SUITE_END()

// ---- conditions, commands and watchpoints evaluated in the target ---------------------------

namespace {

const char* const forever_src = R"(
#include <pthread.h>
volatile long total;
__attribute__((noinline)) void hit(long i) { __sync_fetch_and_add(&total, i); }
void *worker(void *arg) { for (;;) hit(1); }
int main(void) {
    pthread_t t;
    pthread_create(&t, 0, worker, 0);
    for (;;) hit(1);
}
)";

const char* const watch_threads_src = R"(
#include <pthread.h>
int value;
void *worker(void *arg) { value = 5; return 0; }
int main(void) {
    pthread_t t;
    pthread_create(&t, 0, worker, 0);
    pthread_join(t, 0);
    return value == 5 ? 0 : 1;
}
)";

// Agent bytecode: `const8 v; end`, and `reg N; const8 v; equal; end`.
std::vector<std::uint8_t> constant(std::uint8_t v) { return {0x22, v, 0x27}; }
std::vector<std::uint8_t> register_equals(std::uint16_t regnum, std::uint8_t v) {
    return {0x26, static_cast<std::uint8_t>(regnum >> 8), static_cast<std::uint8_t>(regnum & 0xff),
            0x22, v, 0x13, 0x27};
}

int regnum_of(const char* name) {
    for (const auto& reg : arch::native().description().registers())
        if (reg.name == name) return reg.regnum;
    BOOST_FAIL("no register " << name);
    return -1;
}

} // namespace

BOOST_AUTO_TEST_SUITE(linux_target_actions)

// Launches src (as name) with a breakpoint on hit() that has these conditions, in all-stop or
// non-stop, and resumes every thread. Returns the pid and hit's address.
std::pair<int, std::uint64_t> run_conditional_hit(Session& s, const char* name, const char* src,
                                                  std::vector<std::vector<std::uint8_t>> conditions,
                                                  bool non_stop = false) {
    std::string prog = program(name, src);
    std::uint64_t hit = symbol(prog, "hit");
    int pid = s.launch({prog});
    BOOST_REQUIRE(s.target.set_non_stop(non_stop).ok());
    BOOST_REQUIRE(s.target.insert_breakpoint(pid, BreakpointType::software, hit, 1).ok());
    target::BreakpointActions actions;
    actions.conditions = std::move(conditions);
    BOOST_REQUIRE(s.target.set_breakpoint_actions(pid, hit, actions).ok());
    s.resume_all(pid);
    return {pid, hit};
}

// 8 threads, 20 hits each, a condition that is never true: no stop at all, and every hit's
// instruction ran exactly once (the program checks its total) while the others were held.
// The same step-over serves non-stop, where each hit holds the others for its one step only.
BOOST_AUTO_TEST_CASE(false_conditions_are_stepped_over_without_a_report) {
    for (bool non_stop : {false, true}) {
        Session s;
        run_conditional_hit(s, "hammer", hammer_src, {constant(0), constant(0)}, non_stop);
        s.expect_exit(0);
    }
}

// Conditions are OR'ed; a true one reports the hit of exactly the thread it names.
BOOST_AUTO_TEST_CASE(a_true_condition_reports_its_thread_only) {
    Session s;
    auto [pid, hit] = run_conditional_hit(s, "threads", threads_src,
                                          {constant(0), register_equals(regnum_of("rdi"), 2)});
    StopEvent ev = s.next_event();
    BOOST_REQUIRE(ev.kind == StopKind::stopped);
    BOOST_CHECK(ev.reason == StopReason::sw_breakpoint);
    BOOST_CHECK_EQUAL(s.pc(ev.thread), hit);
    auto rdi = s.target.read_register(ev.thread, regnum_of("rdi"));
    BOOST_REQUIRE(rdi.ok());
    BOOST_CHECK_EQUAL((*rdi)[0], 2);
    BOOST_REQUIRE(s.target.remove_breakpoint(pid, BreakpointType::software, hit, 1).ok());
    s.resume_all(pid);
    s.expect_exit(0);
}

// Commands run at each hit (a printf, dprintf-style) instead of a report.
BOOST_AUTO_TEST_CASE(breakpoint_commands_print_and_do_not_stop) {
    Session s;
    std::string printed;
    s.target.set_agent_output([&](std::string_view text) { printed += text; });
    std::string prog = program("hammer", hammer_src);
    std::uint64_t hit = symbol(prog, "hit");
    int pid = s.launch({prog});
    BOOST_REQUIRE(s.target.insert_breakpoint(pid, BreakpointType::software, hit, 1).ok());
    // printf("i=%d\n", $rdi): reg, function 0, channel 0, printf 1 "i=%d\n".
    std::uint16_t rdi = static_cast<std::uint16_t>(regnum_of("rdi"));
    std::vector<std::uint8_t> print{0x26, static_cast<std::uint8_t>(rdi >> 8), static_cast<std::uint8_t>(rdi),
                                    0x22, 0, 0x22, 0, 0x34, 1, 0, 7, 'i', '=', '%', 'd', '\\', 'n', 0, 0x27};
    target::BreakpointActions actions;
    actions.commands = {print};
    BOOST_REQUIRE(s.target.set_breakpoint_actions(pid, hit, actions).ok());
    s.resume_all(pid);
    s.expect_exit(0);
    std::string expected;
    for (int i = 0; i < 8 * 20; ++i) expected += "i=1\n";
    BOOST_CHECK_EQUAL(printed, expected);
}

// Non-stop: a true condition stops its thread alone; the others step over their false ones
// and run to their end meanwhile. Resumed from its breakpoint (still inserted), the thread
// steps off it through the same step-over, and the program ends.
BOOST_AUTO_TEST_CASE(a_true_condition_in_non_stop_stops_its_thread_only) {
    Session s;
    auto [pid, hit] = run_conditional_hit(s, "threads", threads_src,
                                          {register_equals(regnum_of("rdi"), 2)}, true);
    StopEvent ev = s.next_event();
    BOOST_REQUIRE(ev.kind == StopKind::stopped);
    BOOST_CHECK(ev.reason == StopReason::sw_breakpoint);
    BOOST_CHECK_EQUAL(s.pc(ev.thread), hit);
    BOOST_CHECK_EQUAL((*s.target.read_register(ev.thread, regnum_of("rdi")))[0], 2);
    // The three other workers are gone: main (joining) and the stopped one are left.
    BOOST_REQUIRE(s.run_until([&] { return s.target.thread_ids(pid).size() == 2; }));
    BOOST_CHECK(s.events.empty());
    s.resume_one(ev.thread, ResumeKind::cont);
    s.expect_exit(0);
}

// Ctrl-C while two threads keep stepping over a false condition: the interrupt wins.
BOOST_AUTO_TEST_CASE(interrupt_during_step_overs) {
    Session s;
    auto [pid, hit] = run_conditional_hit(s, "forever", forever_src, {constant(0)});
    s.run_for(300ms);
    BOOST_REQUIRE(s.events.empty());
    s.target.interrupt();
    StopEvent ev = s.next_event();
    BOOST_REQUIRE(ev.kind == StopKind::stopped);
    BOOST_CHECK_EQUAL(ev.signal, SIGINT);
    for (const auto& t : s.target.threads(pid)) BOOST_CHECK_EQUAL(task_state(pid, t.id.tid), 't');
    // The breakpoint is in memory (hidden from reads), and it still works when made plain.
    BOOST_REQUIRE(s.target.set_breakpoint_actions(pid, hit, {}).ok());
    s.resume_all(pid);
    ev = s.next_event();
    BOOST_CHECK(ev.reason == StopReason::sw_breakpoint);
    BOOST_CHECK(s.target.kill(pid).ok());
    while (ev.kind == StopKind::stopped) ev = s.next_event();
    BOOST_CHECK(ev.kind == StopKind::terminated);
}

// A watchpoint set before the thread exists reaches it (the kernel does not copy debug
// registers into a clone); the write is reported from that thread, with the address.
BOOST_AUTO_TEST_CASE(watchpoint_reaches_threads_created_later) {
    Session s;
    std::string prog = program("watch_threads", watch_threads_src);
    std::uint64_t value = symbol(prog, "value");
    int pid = s.launch({prog});
    BOOST_REQUIRE(s.target.insert_breakpoint(pid, BreakpointType::write_watch, value, 4).ok());
    BOOST_REQUIRE(s.target.insert_breakpoint(pid, BreakpointType::write_watch, value, 4).ok()); // idempotent
    s.resume_all(pid);
    StopEvent ev = s.next_event();
    BOOST_REQUIRE(ev.kind == StopKind::stopped);
    BOOST_CHECK(ev.reason == StopReason::watch);
    BOOST_CHECK_EQUAL(ev.address, value);
    BOOST_CHECK_NE(ev.thread.tid, pid);
    std::uint8_t now[4];
    BOOST_REQUIRE(s.target.read_memory(pid, value, now).ok());
    BOOST_CHECK_EQUAL(now[0], 5); // reported after the write
    BOOST_REQUIRE(s.target.remove_breakpoint(pid, BreakpointType::write_watch, value, 4).ok());
    s.resume_all(pid);
    s.expect_exit(0);
}

BOOST_AUTO_TEST_SUITE_END()
