#!/usr/bin/env python3
"""8 worker threads + main: a breakpoint in worker after the barrier sees
exactly 9 threads, worker in 8 backtraces and main in 1; exit code 3."""
import re

import rspd_e2e as e2e

SRC = "threads.c"


def test():
    prog = e2e.program("threads")
    server = e2e.Server(prog)
    line = e2e.line_of(SRC, "worker_after_barrier")
    t = e2e.run_gdb([
        f"target remote {server.target}",
        f"break {SRC}:{line}",
        ("cont-worker", "continue"),
        "info threads",
        "thread apply all bt",
        "print id",
        "delete",
        ("cont-exit", "continue"),
        "print $_exitcode",
    ], prog)

    t.expect(rf"^Thread \d+( \"threads\")? hit Breakpoint 1, worker \(arg=0x[0-9a-f]+[^)]*\) at \S*{SRC}:{line}\n",
             "cont-worker", "a worker thread hits the breakpoint")
    rows = re.findall(r"^[* ] +(\d+) +Thread .*$", t["info threads"], re.M)
    if len(rows) != 9:
        raise e2e.TestFailure(f"info threads lists {len(rows)} threads, expected 9: {t['info threads']!r}")
    current = re.findall(r"^\* +\d+ +Thread .* worker \(arg=0x[0-9a-f]+[^)]*\) at \S*" + re.escape(SRC) + f":{line}$",
                         t["info threads"], re.M)
    if len(current) != 1:
        raise e2e.TestFailure(f"the current thread (*) is not the worker at line {line}: {t['info threads']!r}")

    # Split `thread apply all bt` per thread: "Thread N (Thread ...):" headers.
    parts = re.split(r"^Thread \d+ \(.*\):$", t["thread apply all bt"], flags=re.M)[1:]
    if len(parts) != 9:
        raise e2e.TestFailure(f"thread apply all bt shows {len(parts)} threads, expected 9")
    e2e.expect_in_backtraces([e2e.backtrace_functions(p) for p in parts], {"worker": 8, "main": 1})
    worker_id = int(t.value("print id"))
    if not 0 <= worker_id < 8:
        raise e2e.TestFailure(f"worker id is {worker_id}, expected 0..7")
    e2e.expect_exit_code(t, "cont-exit", 3)
    t.expect_value("print $_exitcode", "3")
    server.wait_for(r"threads: ok", 10)


if __name__ == "__main__":
    e2e.run(test)
