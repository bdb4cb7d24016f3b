// LinuxTarget against real inferiors (linux_fixture.hpp, linux_programs.hpp). Threads and signals:
// stop-all, interrupts, signals, job control, SIGKILL, the library list.
#include <set>
#include <string>

#include "linux_fixture.hpp"
#include "linux_programs.hpp"

using namespace linux_test;

BOOST_AUTO_TEST_SUITE(linux_target)

BOOST_AUTO_TEST_CASE(threads_stop_together_and_pending_hits_are_reported_one_by_one) {
    Session s;
    std::string prog = program("threads", threads_src);
    std::uint64_t ready = symbol(prog, "ready");
    std::uint64_t hit = symbol(prog, "hit");
    int pid = s.launch({prog});
    StopEvent ev = s.run_to(pid, ready);
    BOOST_CHECK(ev.thread == (Ptid{pid, pid}));
    auto threads = s.target.threads(pid);
    BOOST_REQUIRE_EQUAL(threads.size(), 5u);
    BOOST_CHECK(threads.front().id == (Ptid{pid, pid}));
    for (const auto& t : threads) {
        BOOST_CHECK_EQUAL(task_state(pid, t.id.tid), 't'); // every one in a ptrace-stop
        BOOST_CHECK(s.target.thread_alive(t.id));
        BOOST_CHECK(!t.name.empty());
    }

    s.remove_breakpoint(pid, ready);
    s.insert_breakpoint(pid, hit);
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

BOOST_AUTO_TEST_CASE(shared_library_list) {
    Session s;
    int pid = s.launch_to("breakpoint", breakpoint_src, "target_fn").pid;
    auto xml = s.target.libraries_svr4(pid);
    BOOST_REQUIRE_MESSAGE(xml.ok(), why(xml));
    BOOST_CHECK_NE(xml->find("libc.so"), std::string::npos);
    s.kill_process(pid);
}

// Threads come and go all the time; every interrupt still yields one stop with every
// known thread stopped.
BOOST_AUTO_TEST_CASE(interrupt_during_thread_churn) {
    Session s;
    int pid = s.launch({program("churn", churn_src)});
    // Main and its three spawners first: on a loaded machine 5 ms may not see them all born.
    s.resume_all(pid);
    BOOST_REQUIRE(s.run_until([&] { return s.target.thread_ids(pid).size() >= 4; }));
    s.interrupt();
    for (int round = 0; round < 20; ++round) {
        s.resume_all(pid);
        s.run_for(std::chrono::milliseconds(5 + round));
        BOOST_REQUIRE(s.events.empty());
        s.interrupt();
        auto threads = s.target.threads(pid);
        BOOST_CHECK_GE(threads.size(), 4u);
        for (const auto& t : threads)
            BOOST_REQUIRE_EQUAL(task_state(pid, t.id.tid), 't');
        s.run_for(5ms);
        BOOST_REQUIRE(s.events.empty()); // exactly one event per stop
    }
    s.kill_process(pid);
}

// main() calls pthread_exit: the leader is a zombie until the process ends, it can never
// stop again, and a stop-all must not wait for it.
BOOST_AUTO_TEST_CASE(interrupt_after_the_leader_exited) {
    Session s;
    int pid = s.launch({program("leader_exit", leader_exit_src)});
    s.resume_all(pid);
    s.run_for(100ms);
    BOOST_REQUIRE(s.events.empty());
    StopEvent ev = s.interrupt(2s);
    BOOST_CHECK_NE(ev.thread.tid, pid);
    auto threads = s.target.threads(pid);
    BOOST_REQUIRE_EQUAL(threads.size(), 1u);
    BOOST_CHECK(threads[0].id == ev.thread);
    BOOST_CHECK(!s.target.thread_alive({pid, pid}));
    s.resume_all(pid);
    s.run_for(20ms);
    s.interrupt(2s);
    s.kill_process(pid);
}

BOOST_AUTO_TEST_CASE(interrupt_stops_a_spinning_program) {
    Session s;
    int pid = s.launch({program("spin", spin_src)});
    s.resume_all(pid);
    s.run_for(100ms);
    BOOST_CHECK(s.events.empty());
    StopEvent ev = s.interrupt();
    BOOST_CHECK(ev.thread == (Ptid{pid, pid}));
    BOOST_CHECK_EQUAL(task_state(pid, pid), 't');
    // Resumes and stops again; then kill.
    s.resume_all(pid);
    s.run_for(50ms);
    s.interrupt();
    ev = s.kill_process(pid);
    BOOST_CHECK_EQUAL(ev.signal, SIGKILL);
    BOOST_CHECK(s.target.processes().empty());
}

BOOST_AUTO_TEST_CASE(signals_are_reported_or_passed) {
    Session s;
    std::string prog = program("sigusr1", sigusr1_src);
    int pid = s.launch({prog});
    StopEvent ev = s.resume_to_stop(pid);
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
    StopEvent ev = s.resume_to_stop(pid);
    BOOST_CHECK_EQUAL(ev.signal, SIGSTOP);
    s.resume_all(pid, ResumeKind::cont, SIGSTOP); // what gdb does: pass SIGSTOP on
    s.expect_exit(4);
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
        s.interrupt();
        s.resume_all(pid);
    }
    s.run_for(20ms);
    BOOST_CHECK(s.events.empty());
    s.kill_process(pid);
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
        s.interrupt();
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

BOOST_AUTO_TEST_SUITE_END()
