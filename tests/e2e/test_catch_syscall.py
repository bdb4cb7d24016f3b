#!/usr/bin/env python3
"""QCatchSyscalls: `catch syscall write` stops at each entry and return of the program's two
write calls (the return value seen in $rax), then `catch syscall` with a list of two names
skips the writes and stops at getpid and getppid only."""
import rspd_e2e as e2e


def test():
    prog = e2e.program("syscalls")
    server = e2e.Server(multi=True)
    prelude = [f"target extended-remote {server.target}", f"set remote exec-file {prog}"]

    t = e2e.run_gdb(prelude + [
        ("catch", "catch syscall write"),
        ("call1", "run"),
        ("ret1", "continue"),
        ("rax1", "print $rax"),
        ("call2", "continue"),
        ("ret2", "continue"),
        ("exit", "continue"),
    ], prog)
    t.expect(r"^Catchpoint 1 \(syscall 'write' \[1\]\)$", "catch")
    for key, what in (("call1", "call to"), ("ret1", "returned from"), ("call2", "call to"),
                      ("ret2", "returned from")):
        t.expect(rf"^Catchpoint 1 \({what} syscall write\), ", key)
    t.expect_value("rax1", "3")
    e2e.expect_exit_code(t, "exit", 5)

    t = e2e.run_gdb(prelude + [
        ("catch", "catch syscall getpid getppid"),
        ("call1", "run"),
        ("ret1", "continue"),
        ("rax1", "print $rax"),
        ("info", "info inferiors"),
        ("call2", "continue"),
        ("ret2", "continue"),
        ("exit", "continue"),
    ], prog)
    t.expect(r"^Catchpoint 1 \(syscalls 'getpid' \[39\] 'getppid' \[110\]\)$", "catch")
    t.expect(r"^Catchpoint 1 \(call to syscall getpid\), ", "call1")
    t.expect(r"^Catchpoint 1 \(returned from syscall getpid\), ", "ret1")
    pid = t.expect(r"process (\d+)", "info").group(1)
    t.expect_value("rax1", pid)  # getpid's return value: the program's own pid
    t.expect(r"^Catchpoint 1 \(call to syscall getppid\), ", "call2")
    t.expect(r"^Catchpoint 1 \(returned from syscall getppid\), ", "ret2")
    e2e.expect_exit_code(t, "exit", 5)


if __name__ == "__main__":
    e2e.run(test)
