#!/usr/bin/env python3
"""A NULL write: gdb reports SIGSEGV in crash() on the marked line; the
program then dies of the signal."""
import rspd_e2e as e2e

SRC = "segv.c"


def test():
    prog = e2e.program("segv")
    server = e2e.Server(prog)
    t = e2e.run_gdb([
        f"target remote {server.target}",
        ("cont-segv", "continue"),
        "bt",
        "print before_crash",
        "print p",
        ("cont-die", "continue"),
    ], prog)

    t.expect(r"^Program received signal SIGSEGV, Segmentation fault\.$", "cont-segv")
    e2e.expect_stop_at(t, "cont-segv", "crash", SRC, e2e.line_of(SRC, "crash"))
    t.expect(r"crash \(p=0x0\)", "cont-segv", "crash(NULL)")
    e2e.expect_backtrace(t, "bt", ["crash", "main"])
    t.expect(rf"^#1 .* in main \(argc=1, argv=0x[0-9a-f]+\) at \S*{SRC}:{e2e.line_of(SRC, 'main_call')}$", "bt")
    t.expect_value("print before_crash", "1")
    t.expect_value("print p", "(int *) 0x0")
    t.expect(r"^Program terminated with signal SIGSEGV, Segmentation fault\.$", "cont-die")
    t.expect(r"^The program no longer exists\.$", "cont-die")
    server.wait(15)


if __name__ == "__main__":
    e2e.run(test)
