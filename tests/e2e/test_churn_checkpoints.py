#!/usr/bin/env python3
"""All-stop, gdb CLI: threads are created and exit without pause while main
hits checkpoint(n) ten times. Every stop is reported once and in order
(n = 0..9, no checkpoint lost or repeated); at a stop every thread gdb lists
has registers and a backtrace (none is a thread that already exited), and
there are between 5 (main + 4 spawners) and 9 of them; while stopped, an
inferior call creates a thread, which runs and exits (make_thread(21) == 42);
exit code 4.
Argument `target-non-stop`: the same with gdb driving the non-stop protocol.
"""
import re
import sys

import rspd_e2e as e2e

SRC = "churn_checkpoints.c"
CHECKPOINTS = 10


def test():
    prog = e2e.program("churn_checkpoints")
    server = e2e.Server(prog)
    line = e2e.line_of(SRC, "checkpoint")
    commands = [f"target remote {server.target}", f"break {SRC}:{line}"]
    for n in range(CHECKPOINTS):
        commands += [(f"cont{n}", "continue"), (f"n{n}", "print n")]
        if n in (3, 7):
            commands += [(f"threads{n}", "info threads"), (f"bt{n}", "thread apply all bt 1")]
        if n == 5:
            commands += [("call", "print make_thread(21)")]
    commands += ["delete", ("exit", "continue")]
    # target-non-stop: gdb shows all-stop but drives the non-stop protocol, stopping every
    # thread itself with thread events on (QThreadEvents, w and N replies, create stops).
    extra = ["-iex", "maint set target-non-stop on"] if "target-non-stop" in sys.argv[1:] else []
    t = e2e.run_gdb(commands, prog, timeout=100, extra_args=extra)

    got = [int(t.value(f"n{n}")) for n in range(CHECKPOINTS)]
    if got != list(range(CHECKPOINTS)):
        raise e2e.TestFailure(f"checkpoints reported as n = {got}, expected 0..{CHECKPOINTS - 1}")
    for n in range(CHECKPOINTS):
        t.expect(rf"Breakpoint 1, checkpoint \(n={n}\) at \S*{SRC}:{line}", f"cont{n}", f"checkpoint {n}")
    for n in (3, 7):
        rows = re.findall(r"^[* ] +(\d+) +Thread ", t[f"threads{n}"], re.M)
        if not 5 <= len(rows) <= 9:
            raise e2e.TestFailure(f"info threads lists {len(rows)} threads at checkpoint {n}: {t[f'threads{n}']!r}")
        t.expect_not(r"Cannot|No such process|unavailable|Couldn't", f"bt{n}", "a listed thread without registers")
        frames = re.findall(r"^#0 ", t[f"bt{n}"], re.M)
        if len(frames) != len(rows):
            raise e2e.TestFailure(f"{len(rows)} threads listed but {len(frames)} backtraces: {t[f'bt{n}']!r}")
    t.expect_value("call", "42")
    e2e.expect_exit_code(t, "exit", 4)
    server.wait_for(r"churn_checkpoints: done", 10)


if __name__ == "__main__":
    e2e.run(test, timeout=120)
