// LinuxTarget against real inferiors (linux_fixture.hpp, linux_programs.hpp). Actions evaluated in
// the target: breakpoint conditions and commands, step-overs, watchpoints.
#include <string>

#include "linux_fixture.hpp"
#include "linux_programs.hpp"

namespace {

using namespace linux_test;

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
    s.finish(pid, hit);
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
    BOOST_REQUIRE(s.run_until([&, pid = pid] { return s.target.thread_ids(pid).size() == 2; }));
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
    s.interrupt();
    for (const auto& t : s.target.threads(pid)) BOOST_CHECK_EQUAL(task_state(pid, t.id.tid), 't');
    // The breakpoint is in memory (hidden from reads), and it still works when made plain.
    BOOST_REQUIRE(s.target.set_breakpoint_actions(pid, hit, {}).ok());
    s.resume_all(pid);
    StopEvent ev = s.next_event();
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
    StopEvent ev = s.resume_to_stop(pid);
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
