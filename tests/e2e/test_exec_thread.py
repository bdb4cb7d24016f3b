#!/usr/bin/env python3
"""A thread that is not the main one calls execve: gdb follows into the new
program. gdb reports the exec ("process N is executing new program"), the
breakpoint set in the old image is re-set in the new one and hit there
(after_exec, main's argc now 2), the process is left with one thread under
its original pid, and it exits 42. `catch exec` in a second session stops at
the exec itself, again with a single thread."""
import re

import rspd_e2e as e2e


def one_thread(t, key, pid):
    rows = re.findall(r"^[* ] +\d+ +Thread (\d+)\.(\d+)", t[key], re.M)
    if rows != [(str(pid), str(pid))]:
        raise e2e.TestFailure(f"after the exec `info threads` shows {rows}, expected only {pid}.{pid}")


def session(prog, commands):
    """gdb through a fresh rspd on prog, `commands` after connecting. Each session shows
    one thread left at "threads" and ends with the exit code 42 at "cont-exit".
    Returns the server, the inferior's pid and the transcript."""
    server = e2e.Server(prog)
    pid = server.inferior_pid()
    t = e2e.run_gdb([f"target remote {server.target}", *commands], prog)
    one_thread(t, "threads", pid)
    e2e.expect_exit_code(t, "cont-exit", 42)
    return server, pid, t


def test():
    prog = e2e.program("exec_thread")
    server, pid, t = session(prog, [
        "break after_exec",
        ("cont-bp", "continue"),
        ("threads", "info threads"),
        "bt",
        "up",
        ("argc", "print argc"),
        ("cont-exit", "continue"),
    ])
    t.expect(rf"^process {pid} is executing new program: \S*/exec_thread$", "cont-bp", "the exec reported")
    t.expect(r"^Breakpoint 1, after_exec \(\) at \S*exec_thread\.c:\d+$", "cont-bp", "breakpoint in the new image")
    t.expect_not(r"Cannot remove breakpoints|Further execution is probably impossible", None)
    e2e.expect_backtrace(t, "bt", ["after_exec", "main"])
    t.expect_value("argc", "2")  # main of the new image, run as `exec_thread after`
    server.wait_for(rf"^exec_thread: before exec pid={pid}$", 5)
    server.wait_for(rf"^exec_thread: after exec pid={pid}$", 5)
    server.wait(15)

    server, pid, t = session(prog, [
        "catch exec",
        ("cont-exec", "continue"),
        ("threads", "info threads"),
        ("cont-exit", "continue"),
    ])
    t.expect(r"^Catchpoint 1 \(exec'd \S*/exec_thread\), ", "cont-exec", "stop at the exec")
    server.wait(15)


if __name__ == "__main__":
    e2e.run(test)
