#!/usr/bin/env python3
"""The README's demo program: conditional breakpoint, a struct argument,
finish, normal exit."""
import rspd_e2e as e2e

SRC = "demo.c"


def test():
    prog = e2e.program("demo")
    server = e2e.Server(prog)
    t = e2e.run_gdb([
        f"target remote {server.target}",
        "break fib if n == 7",
        ("cont-fib", "continue"),
        ("bt-fib", "bt"),
        "print greeting",
        "delete",
        "break manhattan",
        ("cont-manhattan", "continue"),
        "print p",
        "finish",
        ("cont-exit", "continue"),
    ], prog)

    t.expect(rf"^Breakpoint 1, fib \(n=7\) at \S*{SRC}:\d+\n", "cont-fib")
    # fib(7) is first called from main's loop (i == 7), not from a recursion.
    e2e.expect_backtrace(t, "bt-fib", ["fib", "main"])
    t.expect(rf"^#1 .* in main \(\) at \S*{SRC}:{e2e.line_of(SRC, 'main_loop')}$", "bt-fib")
    t.expect(r'^\$1 = 0x[0-9a-f]+ "hello from rspd"$', "print greeting")
    t.expect(r"^Breakpoint 2, manhattan \(p=\.\.\.\) at ", "cont-manhattan")
    t.expect_value("print p", "{x = 3, y = -4}")
    t.expect(r"^Value returned is \$3 = 7$", "finish")
    e2e.expect_exit_code(t, "cont-exit", 0)
    server.wait_for(r"hello from rspd: sum of fib\(0\.\.10\) = 143, \|p\| = 7", 10)


if __name__ == "__main__":
    e2e.run(test)
