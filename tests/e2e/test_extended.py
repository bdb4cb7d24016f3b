#!/usr/bin/env python3
"""`target extended-remote` to `rspd --multi`: run, run again (restart), kill, run with the
previous arguments, a program that does not exist (an error gdb shows; rspd serves on), then
a second gdb session on the same server that attaches to a running process and detaches."""
import os
import re

import rspd_e2e as e2e


def inferior_pid(t, key):
    m = t.expect(r"process (\d+)", key, "a process id")
    return int(m.group(1))


def test():
    prog = e2e.program("showenv")
    server = e2e.Server(multi=True)
    missing = "/nonexistent/rspd-e2e-program"
    t = e2e.run_gdb([
        f"target extended-remote {server.target}",
        # gdb 13 sends vRun no program name unless told which (it does not send its own).
        f"set remote exec-file {prog}",
        "break checkpoint",
        ("run1", "run first"),
        ("up1", "up"),
        ("argc1", "print argc"),
        ("argv1", "print argv[1]"),
        ("info1", "info inferiors"),
        ("run2", "run second 'third word'"),
        ("up2", "up"),
        ("argc2", "print argc"),
        ("argv2", "print argv[2]"),
        ("info2", "info inferiors"),
        ("kill", "kill"),
        ("run3", "run"),
        ("up3", "up"),
        ("argc3", "print argc"),
        ("cont3", "continue"),
        ("exec-missing", f"set remote exec-file {missing}"),
        ("run-missing", "run"),
        ("exec-back", f"set remote exec-file {prog}"),
        ("run4", "run fourth"),
        ("up4", "up"),
        ("argv4", "print argv[1]"),
        ("kill4", "kill"),
    ], prog)

    t.expect(r"^Breakpoint 1, checkpoint \(\) at \S*showenv\.c:\d+", "run1")
    t.expect_value("argc1", "2")
    t.expect(r'^\$\d+ = 0x[0-9a-f]+ "first"$', "argv1")
    first = inferior_pid(t, "info1")
    # `run` again: gdb kills the first process (vKill) and starts a new one (vRun).
    t.expect(r"^Breakpoint 1, checkpoint \(\)", "run2")
    t.expect_value("argc2", "3")
    t.expect(r'^\$\d+ = 0x[0-9a-f]+ "third word"$', "argv2")
    second = inferior_pid(t, "info2")
    if second == first:
        raise e2e.TestFailure(f"run again kept process {first}")
    e2e.assert_process_gone(first, "the first process after run again")
    t.expect(rf"^\[Inferior 1 \(process {second}\) killed\]$", "kill")
    e2e.assert_process_gone(second, "the killed process")
    # `run` without arguments reuses the last ones.
    t.expect_value("argc3", "3")
    t.expect(r"^\[Inferior 1 \(process \d+\) exited with code 03\]$", "cont3")
    t.expect(rf'^Running "{re.escape(missing)}" on the remote target failed', "run-missing")
    t.expect(r"^Breakpoint 1, checkpoint \(\)", "run4", "rspd still serving after the failed run")
    t.expect(r'^\$\d+ = 0x[0-9a-f]+ "fourth"$', "argv4")
    t.expect(r"^\[Inferior 1 \(process \d+\) killed\]$", "kill4")
    if e2e.server_flavor() == "rspd":
        server.wait_for(rf"Cannot exec {re.escape(missing)}: No such file or directory", 5, "stderr")

    # The server outlives that session: a second gdb attaches to a running process.
    loop = e2e.program("loop")
    stopfile = os.path.join(e2e.temp_dir(), "stop")
    inferior = e2e.start_inferior(loop, ["sleep", 45, stopfile])
    t2 = e2e.run_gdb([
        f"target extended-remote {server.target}",
        ("attach", f"attach {inferior.pid}"),
        ("magic", "print loop_magic"),
        ("info", "info inferiors"),
        ("detach", "detach"),
    ], loop)
    t2.expect(rf"^\* 1 +process {inferior.pid} ", "info", "the attached process as inferior 1")
    t2.expect_value("magic", "24301")
    t2.expect(rf"^\[Inferior 1 \(process {inferior.pid}\) detached\]$", "detach")
    open(stopfile, "w").close()
    code = inferior.wait(10)
    if code != 8:
        raise e2e.TestFailure(f"the detached process exited with {code}, expected 8")
    if server.popen.poll() is not None:
        raise e2e.TestFailure(f"rspd --multi exited ({server.popen.poll()}) after its clients left")


if __name__ == "__main__":
    e2e.run(test)
