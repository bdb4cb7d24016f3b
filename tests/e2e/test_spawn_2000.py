#!/usr/bin/env python3
"""All-stop, gdb CLI: a program creates and joins 2000 short-lived threads, 8
at a time, each calling child_work() once. With `ignore 1 1995` the breakpoint
stops for the first time at its 1996th hit (gdb counts every hit it is told
of), then four `continue`s stop at hits 1997..2000, each in child_work with
an argument of the last batch (1992..1999), and the next `continue` runs to
exit code 0 (every thread ran exactly once). A lost or duplicated breakpoint
event would shift the counts or the exit.
Argument `target-non-stop`: the same with gdb driving the non-stop protocol.
"""
import re
import sys

import rspd_e2e as e2e

SRC = "spawn.c"


def test():
    prog = e2e.program("spawn")
    server = e2e.Server(prog)
    line = e2e.line_of(SRC, "child_work")
    commands = [f"target remote {server.target}", "set print thread-events off",
                f"break {SRC}:{line}", "ignore 1 1995", ("first", "continue"), ("count1", "info breakpoints")]
    for n in range(2, 6):
        commands += [(f"stop{n}", "continue"), (f"i{n}", "print i")]
    commands += [("count2", "info breakpoints"), "delete", ("exit", "continue")]
    # target-non-stop: gdb shows all-stop but drives the non-stop protocol, stopping every
    # thread itself with thread events on (QThreadEvents, w and N replies, create stops).
    extra = ["-iex", "maint set target-non-stop on"] if "target-non-stop" in sys.argv[1:] else []
    t = e2e.run_gdb(commands, prog, timeout=150, extra_args=extra)

    t.expect(rf"Breakpoint 1, child_work \(i=(\d+)\) at \S*{SRC}:{line}", "first", "first reported hit")
    t.expect(r"breakpoint already hit 1996 times", "count1", "1996 hits after ignoring 1995")
    seen = []
    for n in range(2, 6):
        t.expect(rf"Breakpoint 1, child_work \(i=\d+\) at \S*{SRC}:{line}", f"stop{n}", f"hit {1995 + n}")
        seen.append(int(t.value(f"i{n}")))
    if not all(1992 <= i < 2000 for i in seen) or len(set(seen)) != 4:
        raise e2e.TestFailure(f"the last hits came from i = {seen}, expected 4 distinct values in 1992..1999")
    t.expect(r"breakpoint already hit 2000 times", "count2", "2000 hits in all")
    e2e.expect_exit_code(t, "exit", 0)
    server.wait_for(r"spawn: 2000 threads ran", 10)


if __name__ == "__main__":
    e2e.run(test, timeout=170)
