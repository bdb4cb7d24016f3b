#!/usr/bin/env python3
"""lldb connects to `rspd --attach` on a running `loop sleep`: reads a global and the
backtrace, detaches; the process is no longer traced and exits with its own code (8)."""

import rspd_e2e as e2e


def test():
    e2e.require_rspd("LLDB's protocol extensions")
    prog, inferior, stopfile = e2e.start_sleeping_loop()
    server = e2e.Server(attach_pid=inferior.pid)
    t = e2e.run_lldb([
        f"gdb-remote {server.target}",
        "expression loop_magic",
        "expression ticks > 0",
        "thread list",
        "bt",
        "process detach",
    ], prog)

    t.expect(rf"^Process {inferior.pid} stopped$", f"gdb-remote {server.target}")
    t.expect(r"^\(int\) \$\d+ = 24301$", "expression loop_magic")
    t.expect(r"^\(bool\) \$\d+ = true$", "expression ticks > 0")
    rows = [l for l in t["thread list"].splitlines() if l.startswith("* thread #")]
    if len(rows) != 1 or f"tid = {inferior.pid}," not in rows[0]:
        raise e2e.TestFailure(f"thread list should show the one thread of pid {inferior.pid}: {t['thread list']!r}")
    names = e2e.frame_functions(t["bt"])
    if not names or "main" not in names:
        raise e2e.TestFailure(f"backtrace {names} does not reach main")
    t.expect(rf"^Process {inferior.pid} detached$", "process detach")
    server.wait(15)
    e2e.expect_detached(inferior, stopfile, 8)


if __name__ == "__main__":
    e2e.run(test)
