// LinuxTarget in non-stop mode, against real inferiors: each thread stops, is reported and
// resumed on its own; vCont;t stops exactly the named threads; a thread resumed from its
// breakpoint steps off it without letting another thread pass it (in a vfork child's shared
// memory too: test_linux_vfork_step_over.cpp); thread events and the
// "no resumed thread left" event; hardware watchpoints set and cleared in running threads.
#include "linux_fixture.hpp"

namespace {

using namespace linux_test;

// 3 threads count forever; main calls ready() once they all have counted.
const char* const counters_src = R"(
#include <pthread.h>
volatile unsigned long counts[3];
__attribute__((noinline)) void ready(void) { __asm__ volatile(""); }
void *count(void *arg) {
    for (;;) counts[(long)arg]++;
    return arg;
}
int main(void) {
    pthread_t t[3];
    for (long i = 0; i < 3; i++) pthread_create(&t[i], 0, count, (void *)i);
    while (!counts[0] || !counts[1] || !counts[2]) {}
    ready();
    for (;;) {}
}
)";

// main starts one worker and calls ready() once it runs, then joins it; the worker stores 11
// into `watched` once go >= 1, 22 once go >= 2, and returns once go >= 3. Exit 6.
const char* const one_worker_src = R"(
#include <pthread.h>
volatile int go, started;
volatile long watched;
__attribute__((noinline)) void ready(void) { __asm__ volatile(""); }
void *work(void *arg) {
    started = 1;
    while (go < 1) {}
    watched = 11;
    while (go < 2) {}
    watched = 22;
    while (go < 3) {}
    return arg;
}
int main(void) {
    pthread_t t;
    pthread_create(&t, 0, work, 0);
    while (!started) {}
    ready();
    pthread_join(t, 0);
    return 6;
}
)";

// Launches prog, runs it to ready() (all-stop), then switches to non-stop.
int run_to_ready(Session& s, const std::string& prog) {
    int pid = s.launch({prog});
    std::uint64_t ready = symbol(prog, "ready");
    s.run_to(pid, ready);
    s.remove_breakpoint(pid, ready);
    BOOST_REQUIRE(s.target.set_non_stop(true).ok());
    return pid;
}

// one_worker run to ready() in non-stop mode, every thread stopped.
struct OneWorker {
    std::uint64_t go = 0, watched = 0;
    int pid = 0;
    Ptid main, worker;
};

OneWorker start_one_worker(Session& s) {
    std::string prog = program("one_worker", one_worker_src);
    OneWorker w;
    w.go = symbol(prog, "go");
    w.watched = symbol(prog, "watched");
    w.pid = run_to_ready(s, prog);
    auto threads = s.target.thread_ids(w.pid);
    BOOST_REQUIRE_EQUAL(threads.size(), 2u);
    w.main = threads[0];
    w.worker = threads[1];
    return w;
}

} // namespace

BOOST_AUTO_TEST_SUITE(linux_non_stop)

// Every hit is its own event, the other threads run on; the thread is resumed right from
// its breakpoint, breakpoint still inserted (no client-side step-over): the target steps it
// off with the others paused. 160 hits, none lost, none doubled, and the program's own count.
BOOST_AUTO_TEST_CASE(threads_resumed_from_an_inserted_breakpoint_step_off_it) {
    Session s;
    run_hammer(s, true, [&](int, std::uint64_t hit, const StopEvent& ev) {
        BOOST_REQUIRE_EQUAL(s.pc(ev.thread), hit);
        BOOST_REQUIRE(s.target.thread_stopped(ev.thread));
        s.resume_one(ev.thread, ResumeKind::cont); // breakpoint still inserted
    });
}


// vCont;t: exactly the named thread stops (signal 0), the others keep counting; a stop of a
// stopped thread is ignored; ^C stops one running thread with SIGINT; back to all-stop,
// everything stops.
BOOST_AUTO_TEST_CASE(stop_requests_stop_exactly_the_named_threads) {
    Session s;
    std::string prog = program("counters_ns", counters_src);
    std::uint64_t counts = symbol(prog, "counts");
    int pid = run_to_ready(s, prog);
    auto threads = s.target.thread_ids(pid);
    BOOST_REQUIRE_EQUAL(threads.size(), 4u);
    s.resume_all(pid);
    for (Ptid t : threads)
        BOOST_CHECK(!s.target.thread_stopped(t));

    Ptid second = threads[2]; // counts[1]
    s.resume_one(second, ResumeKind::stop);
    StopEvent ev = s.next_event();
    BOOST_CHECK(ev.thread == second);
    BOOST_CHECK_EQUAL(ev.signal, 0);
    BOOST_CHECK(s.target.thread_stopped(second));
    std::uint64_t mine = read_u64(s, pid, counts + 8), other = read_u64(s, pid, counts);
    s.run_for(100ms);
    BOOST_CHECK_EQUAL(read_u64(s, pid, counts + 8), mine);
    BOOST_CHECK_GT(read_u64(s, pid, counts), other);
    BOOST_CHECK(s.target.read_registers(second).ok());
    BOOST_CHECK(!s.target.read_registers(threads[1]).ok()); // running: no registers

    s.resume_one(second, ResumeKind::stop); // stopped already: ignored
    s.run_for(50ms);
    BOOST_CHECK(s.events.empty());

    s.target.interrupt();
    ev = s.next_event();
    BOOST_CHECK_EQUAL(ev.signal, SIGINT);
    BOOST_CHECK(!(ev.thread == second));
    s.run_for(50ms);
    BOOST_CHECK(s.events.empty());

    BOOST_REQUIRE(s.target.set_non_stop(false).ok());
    s.run_for(100ms);
    BOOST_CHECK(s.events.empty()); // stopped quietly
    std::uint64_t frozen = read_u64(s, pid, counts);
    s.run_for(50ms);
    BOOST_CHECK_EQUAL(read_u64(s, pid, counts), frozen);
    BOOST_REQUIRE(s.target.kill(pid).ok());
    s.resume_all(pid);
    BOOST_CHECK(s.next_event().kind == StopKind::terminated);
}

// The only resumed thread exits while main stays stopped: with thread events on its exit is an
// event; and since no resumed thread is left, the target says so (no_resumed), in non-stop
// and in all-stop, unless the exit event itself ended an all-stop wait.
BOOST_AUTO_TEST_CASE(thread_exit_events_and_no_resumed_thread_left) {
    struct Case {
        bool non_stop, thread_events;
        std::vector<StopKind> events;
    };
    const Case cases[] = {
        {true, true, {StopKind::thread_exited, StopKind::no_resumed}},
        {true, false, {StopKind::no_resumed}},
        {false, true, {StopKind::thread_exited}},
        {false, false, {StopKind::no_resumed}},
    };
    for (const Case& c : cases) {
        BOOST_TEST_CONTEXT("non-stop " << c.non_stop << ", thread events " << c.thread_events) {
            Session s;
            auto [go, watched, pid, main, worker] = start_one_worker(s);
            BOOST_REQUIRE(s.target.set_non_stop(c.non_stop).ok());
            write_u32(s, pid, go, 3);
            s.target.set_thread_events(c.thread_events);
            s.resume_one(worker, ResumeKind::cont); // main stays stopped
            for (StopKind kind : c.events) {
                StopEvent ev = s.next_event();
                BOOST_CHECK(ev.kind == kind);
                BOOST_CHECK_EQUAL(ev.thread.pid, pid);
                if (kind == StopKind::thread_exited) BOOST_CHECK(ev.thread == worker);
            }
            s.run_for(50ms);
            BOOST_CHECK(s.events.empty());
            BOOST_CHECK_EQUAL(s.target.thread_ids(pid).size(), 1u);
            s.target.set_thread_events(false);
            s.resume_all(pid);
            s.expect_exit(6);
        }
    }
}

BOOST_AUTO_TEST_CASE(new_threads_report_themselves_with_thread_events_on) {
    Session s;
    std::string prog = program("hammer", hammer_src);
    int pid = s.launch({prog});
    BOOST_REQUIRE(s.target.set_non_stop(true).ok());
    s.target.set_thread_events(true);
    s.resume_all(pid);
    int created = 0, exited = 0;
    StopEvent ev;
    for (;;) {
        ev = s.next_event();
        if (ev.kind == StopKind::exited) break;
        if (ev.kind == StopKind::thread_exited) {
            ++exited;
            continue;
        }
        BOOST_REQUIRE(ev.reason == StopReason::thread_created);
        BOOST_REQUIRE(s.target.thread_stopped(ev.thread)); // waits for the client
        ++created;
        s.resume_one(ev.thread, ResumeKind::cont);
    }
    BOOST_CHECK_EQUAL(created, 8);
    BOOST_CHECK_EQUAL(exited, 8);
    BOOST_CHECK_EQUAL(ev.exit_status, 0);
}

// The worker's stop is emitted but not yet handed to the client (the event is posted) when a
// resume of every thread comes, as a wildcard vCont;c read meanwhile does: the worker must
// stay stopped, since the client is about to learn of its stop and read its registers.
BOOST_AUTO_TEST_CASE(a_resume_of_all_threads_leaves_a_stop_in_flight_stopped) {
    Session s;
    auto [go, watched, pid, main, worker] = start_one_worker(s);
    BOOST_REQUIRE(s.target.insert_breakpoint(pid, BreakpointType::write_watch, watched, 8).ok());
    write_u32(s, pid, go, 1);
    s.resume_one(worker, ResumeKind::cont); // main stays stopped in ready()
    // One handler at a time: stop right after the one that saw the watchpoint hit.
    BOOST_REQUIRE(s.run_until([&, worker = worker] { return s.target.thread_stopped(worker); }));
    BOOST_REQUIRE(s.events.empty()); // the race: reported, not yet delivered
    s.resume_all(pid);
    StopEvent ev = s.next_event();
    BOOST_CHECK(ev.thread == worker);
    BOOST_CHECK(ev.reason == StopReason::watch);
    BOOST_CHECK(s.target.thread_stopped(worker));
    BOOST_CHECK(s.target.read_registers(worker).ok()); // not running on (EBUSY) nor gone
    BOOST_CHECK_EQUAL(read_u64(s, pid, watched), 11u);

    BOOST_REQUIRE(s.target.remove_breakpoint(pid, BreakpointType::write_watch, watched, 8).ok());
    write_u32(s, pid, go, 3);
    s.resume_one(worker, ResumeKind::cont);
    s.expect_exit(6);
}

// A watchpoint inserted and removed while the thread that writes runs: once settled, the
// running thread has it (its next store is reported, by it, at the watched address), and
// then has it no more (its next store goes through). The pauses are never reported.
BOOST_AUTO_TEST_CASE(watchpoints_reach_running_threads_before_they_are_settled) {
    Session s;
    auto [go, watched, pid, main, worker] = start_one_worker(s);
    s.resume_one(worker, ResumeKind::cont); // main stays stopped in ready()
    auto settle = [&, pid = pid] {
        std::optional<target::Result<void>> settled;
        s.target.settle_breakpoints(pid, [&](target::Result<void> r) { settled = r; });
        BOOST_REQUIRE(s.run_until([&] { return settled.has_value(); }));
        BOOST_REQUIRE_MESSAGE(settled->ok(), why(*settled));
    };

    BOOST_REQUIRE(s.target.insert_breakpoint(pid, BreakpointType::write_watch, watched, 8).ok());
    settle();
    s.run_for(50ms);
    BOOST_CHECK(s.events.empty()); // paused and resumed unseen
    BOOST_CHECK(!s.target.thread_stopped(worker));
    write_u32(s, pid, go, 1);
    StopEvent ev = s.next_event();
    BOOST_CHECK(ev.thread == worker);
    BOOST_CHECK(ev.reason == StopReason::watch);
    BOOST_CHECK_EQUAL(ev.address, watched);
    BOOST_CHECK_EQUAL(read_u64(s, pid, watched), 11u);

    s.resume_one(worker, ResumeKind::cont);
    BOOST_REQUIRE(s.target.remove_breakpoint(pid, BreakpointType::write_watch, watched, 8).ok());
    settle();
    write_u32(s, pid, go, 2);
    for (int i = 0; i < 500 && read_u64(s, pid, watched) != 22; ++i)
        s.run_for(10ms);
    BOOST_CHECK_EQUAL(read_u64(s, pid, watched), 22u);
    s.run_for(50ms);
    BOOST_CHECK(s.events.empty()); // the removed watchpoint did not fire
    write_u32(s, pid, go, 3);
    s.resume_one(main, ResumeKind::cont);
    s.expect_exit(6);
}

BOOST_AUTO_TEST_SUITE_END()
