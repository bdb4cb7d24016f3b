#!/usr/bin/env python3
"""A thread that is not the main one calls execve: gdb follows into the new
program. The exec stops it (SIGTRAP at the new image's first instruction, as
with gdbserver when exec events are not in use), the old image's breakpoint
is removed without an error (it went with the old address space), the
process is left with one thread under the original pid, a breakpoint in the
new image is hit (after_exec, main's argc now 2), and it exits 42."""
import re

import rspd_e2e as e2e


def test():
    prog = e2e.program("exec_thread")
    server = e2e.Server(prog)
    pid = server.inferior_pid()
    t = e2e.run_gdb([
        f"target remote {server.target}",
        "break after_exec",
        ("cont-exec", "continue"),
        ("threads", "info threads"),
        ("cont-bp", "continue"),
        "bt",
        "up",
        ("argc", "print argc"),
        ("cont-exit", "continue"),
    ], prog)

    t.expect(r"^Program received signal SIGTRAP, Trace/breakpoint trap\.$", "cont-exec", "the exec stop")
    t.expect(r"in _start \(\) from /lib64/ld-linux", "cont-exec", "stopped at the new image's entry")
    t.expect_not(r"Cannot remove breakpoints|Further execution is probably impossible", None,
                 "gdb could not remove the old image's breakpoint")
    rows = re.findall(r"^[* ] +\d+ +Thread (\d+)\.(\d+)", t["threads"], re.M)
    if rows != [(str(pid), str(pid))]:
        raise e2e.TestFailure(f"after the exec `info threads` shows {rows}, expected only {pid}.{pid}")
    t.expect(r"^Breakpoint 1, after_exec \(\) at \S*exec_thread\.c:\d+$", "cont-bp", "breakpoint in the new image")
    e2e.expect_backtrace(t, "bt", ["after_exec", "main"])
    t.expect_value("argc", "2")  # main of the new image, run as `exec_thread after`
    e2e.expect_exit_code(t, "cont-exit", 42)
    server.wait_for(rf"^exec_thread: before exec pid={pid}$", 5)
    server.wait_for(rf"^exec_thread: after exec pid={pid}$", 5)
    server.wait(15)


if __name__ == "__main__":
    e2e.run(test)
