#!/usr/bin/env python3
"""gdb goes away while the inferior is stopped at a breakpoint.

  test_disconnect.py launch-disconnect   `disconnect`: the launched inferior is killed
  test_disconnect.py launch-gdb-killed   gdb SIGKILLed: the launched inferior is killed
  test_disconnect.py attach-disconnect   `disconnect`: the attached process runs on, exits 8
  test_disconnect.py attach-gdb-killed   gdb SIGKILLed: the attached process runs on, exits 8

"Killed" means its pid is gone: no zombie left behind, no stopped orphan.

A trailing --once runs the server with --once. gdbserver only behaves this
way with --once (by default it keeps the stopped inferior and waits for gdb to
reconnect), so against gdbserver --once is always added; rspd does it by
default (DESIGN.md: kill what we launched, detach what we attached)."""
import os
import signal
import sys
import time

import rspd_e2e as e2e

MODES = ("launch-disconnect", "launch-gdb-killed", "attach-disconnect", "attach-gdb-killed")


def stop_then_leave(server, prog, bp, how):
    """gdb stops the inferior at breakpoint `bp`, then disconnects or is killed."""
    commands = [f"target remote {server.target}", f"break {bp}", ("cont", "continue"), "print $pc != 0"]
    if how == "disconnect":
        t = e2e.run_gdb(commands + ["disconnect"], prog)
        t.expect(r"^Breakpoint 1, ", "cont", f"stop at {bp}")
        return
    gdb = e2e.Gdb(commands + [("hold", "shell sleep 60")], prog)
    gdb.wait_command("hold", 30)
    gdb.wait_for(r"^Breakpoint 1, ", 1)
    os.kill(gdb.pid, signal.SIGKILL)  # gdb dies; the server sees the connection drop
    gdb.wait(10)


def launched(how, options):
    prog = e2e.program("basic")
    server = e2e.Server(prog, ["7"], options=options)
    inferior = server.inferior_pid()
    stop_then_leave(server, prog, "square", how)
    e2e.assert_process_gone(inferior, "launched inferior after gdb left")
    if "basic: local_b=" in server.stdout():
        raise e2e.TestFailure("the launched inferior ran to completion instead of being killed")


def attached(how, options):
    prog = e2e.program("loop")
    stopfile = os.path.join(e2e.temp_dir(), "stop")
    inferior = e2e.start_inferior(prog, ["sleep", 45, stopfile])
    server = e2e.Server(attach_pid=inferior.pid, options=options)
    stop_then_leave(server, prog, "nap", how)
    time.sleep(0.5)
    state = e2e.proc_stat(inferior.pid)
    if state is None or state[0] not in "RS":
        raise e2e.TestFailure(f"attached process after gdb left: state {state}, expected running or sleeping")
    open(stopfile, "w").close()
    code = inferior.wait(10)
    if code != 8:
        raise e2e.TestFailure(f"the attached process exited with {code}, expected 8 (stop file seen)")


def test():
    mode = sys.argv[1] if len(sys.argv) > 1 else ""
    if mode not in MODES or sys.argv[2:] not in ([], ["--once"]):
        raise e2e.TestFailure(f"usage: test_disconnect.py {{{'|'.join(MODES)}}} [--once]")
    once = sys.argv[2:] == ["--once"] or e2e.server_flavor() == "gdbserver"
    kind, how = mode.split("-", 1)
    (launched if kind == "launch" else attached)(how, ["--once"] if once else [])


if __name__ == "__main__":
    e2e.run(test, name=" ".join(["test_disconnect"] + sys.argv[1:]))
