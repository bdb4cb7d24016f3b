// LinuxTarget against real inferiors (linux_fixture.hpp, linux_programs.hpp). Fork, vfork and
// exec: children run free of breakpoints, exec is reported.
#include <string>

#include "linux_fixture.hpp"
#include "linux_programs.hpp"

using namespace linux_test;

BOOST_AUTO_TEST_SUITE(linux_target)

BOOST_AUTO_TEST_CASE(fork_children_run_free_of_breakpoints) {
    Session s;
    std::string prog = program("fork", fork_src);
    std::uint64_t f = symbol(prog, "f");
    s.target.set_pass_signals({SIGCHLD}); // as gdb does by default
    int pid = s.launch({prog});
    // Only the parent's call (after the child exited 3 unharmed) stops.
    StopEvent ev = s.run_to(pid, f);
    BOOST_CHECK(ev.thread == (Ptid{pid, pid}));
    s.finish(pid, f);
}

BOOST_AUTO_TEST_CASE(vfork_child_runs_without_breakpoints) {
    Session s;
    std::string prog = program("vfork", vfork_src);
    std::uint64_t f = symbol(prog, "f");
    s.target.set_pass_signals({SIGCHLD});
    int pid = s.launch({prog});
    s.run_to(pid, f); // the parent's call, after the vfork child exec'd
    s.finish(pid, f);
}

BOOST_AUTO_TEST_CASE(exec_from_a_thread_leaves_only_the_leader) {
    Session s;
    int pid = s.launch({program("thread_exec", thread_exec_src)});
    StopEvent ev = s.resume_to_stop(pid);
    BOOST_CHECK(ev.reason == StopReason::exec);
    BOOST_CHECK(ev.thread == (Ptid{pid, pid}));
    BOOST_CHECK_EQUAL(s.target.threads(pid).size(), 1u);
    s.resume_all(pid);
    s.expect_exit(0);
}

BOOST_AUTO_TEST_CASE(exec_is_reported) {
    Session s;
    int pid = s.launch({program("exec", exec_src)});
    StopEvent ev = s.resume_to_stop(pid);
    BOOST_CHECK(ev.reason == StopReason::exec);
    BOOST_CHECK(ev.exec_path == "/bin/true" || ev.exec_path == "/usr/bin/true");
    s.resume_all(pid);
    s.expect_exit(0);
}

BOOST_AUTO_TEST_SUITE_END()
