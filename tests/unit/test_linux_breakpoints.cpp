// LinuxTarget against real inferiors (linux_fixture.hpp, linux_programs.hpp). Breakpoints, memory
// and registers: software and hardware breakpoints, pending and queued hits, steps over a syscall.
#include <string>

#include "linux_fixture.hpp"
#include "linux_programs.hpp"

using namespace linux_test;

BOOST_AUTO_TEST_SUITE(linux_target)

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

    StopEvent ev = s.resume_to_stop(pid);
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
    StopEvent ev = s.resume_to_stop(pid);
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
    s.finish(pid, fn);
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
    s.kill_process(pid);
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
    auto [pid, hit, stop] = s.launch_to("hammer", hammer_src, "hit");
    s.finish(pid, hit);
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
        s.run_to(pid, hit);
        s.remove_breakpoint(pid, hit);
        s.resume_all(pid);
        s.run_for(2ms);
        s.target.interrupt();
        StopEvent ev = s.next_event();
        BOOST_REQUIRE(ev.kind == StopKind::stopped);
        BOOST_REQUIRE_MESSAGE(ev.signal == SIGINT, "round " << round << ": thread " << ev.thread.tid
                                                            << " stopped with signal " << ev.signal);
    }
    s.kill_process(pid);
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

// x86 ends a single-step over a `syscall` instruction with TRAP_BRKPT, not TRAP_TRACE: it
// must still count as the step's end, not as a breakpoint one byte back (that PC would run
// the rest of the instruction as another). Both a client's step from the breakpoint (removed)
// and the target's own step over it (non-stop, resumed with the breakpoint inserted) must
// stop at the next instruction, after_insn.
BOOST_AUTO_TEST_CASE(a_single_step_over_a_syscall_instruction_ends_after_it) {
    std::string prog = program("syscall_insn", syscall_insn_src);
    std::uint64_t sys = symbol(prog, "sys_insn"), after = symbol(prog, "after_insn");
    BOOST_REQUIRE_EQUAL(after, sys + 2);
    for (bool non_stop : {false, true}) {
        BOOST_TEST_CONTEXT((non_stop ? "the target steps over" : "the client steps")) {
            Session s;
            int pid = s.launch({prog});
            BOOST_REQUIRE(s.target.set_non_stop(non_stop).ok());
            s.insert_breakpoint(pid, sys);
            s.resume_all(pid);
            StopEvent ev = s.next_event();
            BOOST_REQUIRE(ev.reason == StopReason::sw_breakpoint);
            BOOST_REQUIRE_EQUAL(s.pc(ev.thread), sys);
            if (non_stop) {
                s.insert_breakpoint(pid, after);
                s.resume_one(ev.thread, ResumeKind::cont);
            } else {
                BOOST_REQUIRE(s.target.remove_breakpoint(pid, BreakpointType::software, sys, 1).ok());
                s.resume_one(ev.thread, ResumeKind::step);
            }
            ev = s.next_event();
            BOOST_CHECK(ev.reason == (non_stop ? StopReason::sw_breakpoint : StopReason::single_step));
            BOOST_CHECK_EQUAL(ev.signal, SIGTRAP);
            BOOST_CHECK_EQUAL(s.pc(ev.thread), after);
            s.resume_all(pid);
            s.expect_exit(0);
        }
    }
}

// A signal the client passes, pending as the target steps a thread over a breakpoint, stops
// the thread before the instruction runs: it must go with the step, and the thread then stop
// at the next breakpoint, not run on from the first and hit it a second time.
BOOST_AUTO_TEST_CASE(a_passed_signal_during_a_step_over_goes_with_the_step) {
    std::string prog = program("syscall_insn", syscall_insn_src);
    std::uint64_t sys = symbol(prog, "sys_insn"), after = symbol(prog, "after_insn");
    Session s;
    int pid = s.launch({prog});
    BOOST_REQUIRE(s.target.set_non_stop(true).ok());
    s.target.set_pass_signals({SIGCHLD});
    s.insert_breakpoint(pid, sys);
    s.resume_all(pid);
    StopEvent ev = s.next_event();
    BOOST_REQUIRE(ev.reason == StopReason::sw_breakpoint);
    BOOST_REQUIRE_EQUAL(::kill(pid, SIGCHLD), 0); // delivered as the step begins
    s.insert_breakpoint(pid, after);
    s.resume_one(ev.thread, ResumeKind::cont); // from the breakpoint: the target steps over it
    ev = s.next_event();
    BOOST_CHECK(ev.reason == StopReason::sw_breakpoint);
    BOOST_CHECK_EQUAL(s.pc(ev.thread), after);
    s.resume_all(pid);
    s.expect_exit(0);
}

BOOST_AUTO_TEST_SUITE_END()
