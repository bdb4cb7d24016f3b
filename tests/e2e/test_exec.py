#!/usr/bin/env python3
"""exec and vfork (exec-events, vfork-events): `catch exec` then a breakpoint in the new
program; posix_spawn (a vfork, then an exec in the child) followed on the parent's side with
`catch vfork`, and on the child's side into the spawned program."""
import rspd_e2e as e2e


def test():
    execed = e2e.program("execed")
    server = e2e.Server(multi=True)

    def session(prog, commands):
        return e2e.run_gdb([f"target extended-remote {server.target}", f"set remote exec-file {prog}",
                            "set breakpoint pending on"] + commands, prog)

    execer = e2e.program("execer")
    t = session(execer, [
        "catch exec",
        ("run", f"run {execed}"),
        ("break", "break execed_work"),
        ("cont", "continue"),
        ("exit", "continue"),
    ])
    t.expect(r"^process \d+ is executing new program: \S*/execed$", "run")
    t.expect(r"^Catchpoint 1 \(exec'd \S*/execed\), ", "run")
    t.expect(r"^Breakpoint 2 at 0x[0-9a-f]+: file \S*execed\.c, line \d+\.$", "break",
             "symbols of the new program")
    t.expect(r"^Breakpoint 2, execed_work \(argc=2\) at \S*execed\.c:\d+$", "cont")
    e2e.expect_exit_code(t, "exit", 19)

    spawner = e2e.program("spawner")
    t = session(spawner, [
        "catch vfork",
        "break spawned",
        ("run", f"run {execed}"),
        ("cont", "continue"),
        ("pid", "print pid > 0"),
        ("exit", "continue"),
    ])
    m = t.expect(r"^Catchpoint 1 \(vforked process (\d+)\), ", "run")
    t.expect(rf"^\[Detaching after vfork from child process {m.group(1)}\]$", "cont")
    t.expect(r"^Breakpoint 2, spawned \(pid=\d+\) at \S*spawner\.c:\d+$", "cont")
    t.expect_value("pid", "1")
    e2e.expect_exit_code(t, "exit", 21)  # execed: 17 + 3 arguments, spawner adds 1

    t = session(spawner, [
        "set follow-fork-mode child",
        "break execed_work",
        ("run", f"run {execed}"),
        ("argc", "print argc"),
        ("exit", "continue"),
    ])
    m = t.expect(r"^\[New inferior 2 \(process (\d+)\)\]$", "run")
    t.expect(rf"^process {m.group(1)} is executing new program: \S*/execed$", "run")
    t.expect(r"hit Breakpoint 1, execed_work \(argc=3\) at \S*execed\.c:\d+$", "run")
    t.expect_value("argc", "3")
    t.expect(rf"^\[Inferior 2 \(process {m.group(1)}\) exited with code 024\]$", "exit")


if __name__ == "__main__":
    e2e.run(test)
