#!/usr/bin/env python3
"""lldb on the 9-thread `threads` program: a breakpoint in worker after the barrier stops
a worker; `thread list` shows exactly 9 threads, `thread backtrace all` names worker in 8
backtraces and main in 1; the process then exits with code 3."""
import re

import rspd_e2e as e2e

SRC = "threads.c"


def test():
    e2e.require_rspd("LLDB's protocol extensions")
    prog = e2e.program("threads")
    server = e2e.Server(prog)
    line = e2e.line_of(SRC, "worker_after_barrier")
    t = e2e.run_lldb([
        f"gdb-remote {server.target}",
        f"breakpoint set -f {SRC} -l {line}",
        ("cont-worker", "continue"),
        "thread list",
        ("bt-all", "thread backtrace all"),
        "breakpoint delete 1",
        ("cont-exit", "continue"),
    ], prog)

    e2e.expect_stop(t, "cont-worker", "breakpoint 1.1", "worker", SRC, line)
    rows = re.findall(r"^[* ] thread #(\d+): tid = (\d+), 0x[0-9a-f]+ .*$", t["thread list"], re.M)
    if len(rows) != 9:
        raise e2e.TestFailure(f"thread list shows {len(rows)} threads, expected 9: {t['thread list']!r}")
    current = re.findall(rf"^\* thread #\d+: tid = \d+, .*`worker\(.*\) at {SRC}:{line}:\d+, "
                         r"name = 'threads', stop reason = breakpoint 1\.1$", t["thread list"], re.M)
    if len(current) != 1:
        raise e2e.TestFailure(f"the selected thread (*) is not the worker at the breakpoint: {t['thread list']!r}")

    # One "thread #N" header per thread, its frames after it.
    parts = re.split(r"^[* ] thread #\d+.*$", t["bt-all"], flags=re.M)[1:]
    if len(parts) != 9:
        raise e2e.TestFailure(f"thread backtrace all shows {len(parts)} threads, expected 9")
    e2e.expect_in_backtraces([e2e.frame_functions(p) for p in parts], {"worker": 8, "main": 1})
    e2e.expect_exit_status(t, "cont-exit", 3)
    server.wait_for(r"threads: ok", 10)


if __name__ == "__main__":
    e2e.run(test)
