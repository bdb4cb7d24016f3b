#!/usr/bin/env python3
"""--attach to a running `loop sleep`: gdb reads globals and the backtrace,
detaches; the process is no longer traced, keeps running and exits with its
own code (8, on seeing its stop file)."""

import rspd_e2e as e2e


def test():
    prog, inferior, stopfile = e2e.start_sleeping_loop()
    server = e2e.Server(attach_pid=inferior.pid)
    t = e2e.run_gdb([
        f"target remote {server.target}",
        "print loop_magic",
        "print ticks > 0",
        "info threads",
        "bt",
        "detach",
    ], prog)

    t.expect_value("print loop_magic", "24301")
    t.expect_value("print ticks > 0", "1")
    rows = [l for l in t["info threads"].splitlines() if l.startswith("*")]
    if len(rows) != 1 or f"{inferior.pid}" not in rows[0]:
        raise e2e.TestFailure(f"info threads should show the one thread of pid {inferior.pid}: {t['info threads']!r}")
    names = e2e.backtrace_functions(t["bt"])
    if not names or names[-1] != "main":
        raise e2e.TestFailure(f"backtrace {names} does not end in main")
    t.expect(rf"^\[Inferior 1 \(process {inferior.pid}\) detached\]$", "detach")

    # Detached: not traced any more, not stopped, still alive.
    if not e2e.wait_until(lambda: e2e.tracer_pid(inferior.pid) == 0, 5):
        raise e2e.TestFailure(f"pid {inferior.pid} is still traced by {e2e.tracer_pid(inferior.pid)} after detach")
    state = e2e.proc_stat(inferior.pid)[0]
    if state not in "RS":
        raise e2e.TestFailure(f"pid {inferior.pid} is in state {state!r} after detach, expected running or sleeping")
    server.wait(15)
    open(stopfile, "w").close()
    code = inferior.wait(10)
    if code != 8:
        raise e2e.TestFailure(f"the detached process exited with {code}, expected 8")
    inferior.wait_for(r"loop: stopfile seen after \d+ ticks", 5)


if __name__ == "__main__":
    e2e.run(test)
