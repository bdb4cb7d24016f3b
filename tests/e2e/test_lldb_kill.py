#!/usr/bin/env python3
"""lldb's `kill` through rspd: LLDB waits for a reply to k (gdb expects none); rspd sends the
exit (X09), so lldb reports exit status 9, not "failed to send k packet" with SIGABRT's 6,
and the program is gone."""
import os

import rspd_e2e as e2e


def test():
    e2e.require_rspd("LLDB's protocol extensions")
    prog = e2e.program("basic")
    server = e2e.Server(prog, ["7"])
    pid = server.inferior_pid()
    t = e2e.run_lldb([
        f"gdb-remote {server.target}",
        "breakpoint set -n main",
        ("cont-main", "continue"),
        ("kill", "kill"),
    ], prog)

    t.expect(rf"^Process {pid} stopped$", "cont-main")
    e2e.expect_exit_status(t, "kill", 9)
    if "failed to send k packet" in t["kill"]:
        raise e2e.TestFailure(f"lldb got no reply to k: {t['kill']!r}")
    if not e2e.wait_until(lambda: not os.path.exists(f"/proc/{pid}"), 5):
        raise e2e.TestFailure(f"process {pid} still exists after kill")
    return "k answered X09 to lldb"


if __name__ == "__main__":
    e2e.run(test)
