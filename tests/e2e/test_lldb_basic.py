#!/usr/bin/env python3
"""lldb (gdb-remote) on a launched `basic 7`: break main, frame variables, the backtrace
through libc, rip equal to the frame's pc, a memory read of a known array, next/step/
step-out, expressions that call functions in the inferior (JIT memory from _M, registers
saved and restored around the call), the memory map, raw LLDB packets, exit status 7."""
import re

import rspd_e2e as e2e

SRC = "basic.c"


def test():
    e2e.require_rspd("LLDB's protocol extensions")
    prog = e2e.program("basic")
    server = e2e.Server(prog, ["7"])
    main_first = e2e.line_of(SRC, "main_first")
    t = e2e.run_lldb([
        f"gdb-remote {server.target}",
        "breakpoint set -n main",
        ("cont-main", "continue"),
        "frame variable argc",
        ("bt-main", "bt"),
        "register read rip",
        ("array", "memory read --size 4 --format d --count 4 &global_array"),
        ("next1", "next"), ("next2", "next"), ("next3", "next"),
        "frame variable local_a",
        ("step-compute", "step"),
        ("bt-compute", "bt"),
        ("step-square", "step"),
        ("step-out", "thread step-out"),
        ("call-add", "expression add(20, 22)"),
        ("set-global", "expression global_counter = 1000"),
        ("region", "memory region $pc"),
        ("version", "process plugin packet send qGDBServerVersion"),
        ("reginfo", "process plugin packet send qRegisterInfo10"),
        ("cont-exit", "continue"),
    ], prog)

    t.expect(rf"^Breakpoint 1: where = basic`main \+ \d+ at {SRC}:{main_first}:\d+, address = 0x[0-9a-f]+$",
             "breakpoint set -n main")
    e2e.expect_stop(t, "cont-main", "breakpoint 1.1", "main", SRC, main_first)
    t.expect(r"thread #1, name = 'basic', stop reason", "cont-main", "the thread's name")
    t.expect(r"^\(int\) argc = 2$", "frame variable argc")
    e2e.expect_frames(t, "bt-main", ["main", "__libc_start_call_main", "__libc_start_main_impl", "_start"])
    pc = e2e.frame_pc(t["cont-main"])
    rip = int(t.expect(r"^\s+rip = (0x[0-9a-f]+)  basic`main \+ \d+", "register read rip").group(1), 16)
    if rip != pc:
        raise e2e.TestFailure(f"register read rip gives {rip:#x}, the frame's pc is {pc:#x}")
    values = re.findall(r"^0x[0-9a-f]+: (-?\d+)$", t["array"], re.M)
    if values != ["10", "20", "30", "40"]:
        raise e2e.TestFailure(f"global_array reads {values}, expected 10 20 30 40")
    for key, line in (("next1", main_first + 1), ("next2", main_first + 2),
                      ("next3", e2e.line_of(SRC, "main_call"))):
        e2e.expect_stop(t, key, "step over", "main", SRC, line)
    t.expect(r"^\(int\) local_a = 5$", "frame variable local_a")
    e2e.expect_stop(t, "step-compute", "step in", "compute", SRC, e2e.line_of(SRC, "compute_first"))
    t.expect(r"`compute\(n=5\)", "step-compute", "step into compute(5)")
    e2e.expect_frames(t, "bt-compute",
                      ["compute", "main", "__libc_start_call_main", "__libc_start_main_impl", "_start"])
    e2e.expect_stop(t, "step-square", "step in", "square", SRC, e2e.line_of(SRC, "square_body"))
    t.expect(r"^Return value: \(int\) \$\d+ = 25$", "step-out", "square(5) returns 25")
    e2e.expect_stop(t, "step-out", "step out", "compute", SRC, e2e.line_of(SRC, "compute_first"))
    t.expect(r"^\(int\) \$\d+ = 42$", "call-add", "add(20, 22) called in the inferior")
    t.expect(r"^\(int\) \$\d+ = 1000$", "set-global")
    t.expect(rf"^\[0x[0-9a-f]+-0x[0-9a-f]+\) r-x {re.escape(prog)}", "region", "the code's mapping")
    t.expect(r"^response: name:rspd;version:\d+\.\d+\.\d+;$", "version")
    t.expect(r"^response: name:rip;alt-name:pc;bitsize:64;offset:128;encoding:uint;format:hex;"
             r"set:General Purpose Registers;gcc:16;dwarf:16;generic:pc;$", "reginfo")
    e2e.expect_exit_status(t, "cont-exit", 7)
    # The write through the expression reached the real process: 1000 + 28.
    server.wait_for(r"basic: local_b=28 global_counter=1028 code=7", 10)
    server.wait(15)


if __name__ == "__main__":
    e2e.run(test)
