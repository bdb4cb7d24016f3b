#!/usr/bin/env python3
"""$_siginfo after a SIGSEGV at a known bad address (segv 0xdead0): signo 11,
code SEGV_MAPERR, si_addr 0xdead0. Written back (qXfer:siginfo:write, as gdbserver takes
it): `set $_siginfo...` reaches the thread's siginfo, and a fresh read shows the new values."""
import rspd_e2e as e2e

SRC = "segv.c"


def test():
    prog = e2e.program("segv")
    server = e2e.Server(prog, ["0xdead0"])
    t = e2e.run_gdb([
        f"target remote {server.target}",
        ("cont-segv", "continue"),
        "print $_siginfo.si_signo",
        "print $_siginfo.si_code",
        "print $_siginfo._sifields._sigfault.si_addr",
        "print $_siginfo",
        ("set-addr", "set $_siginfo._sifields._sigfault.si_addr = (void *) 0x1234"),
        ("set-code", "set $_siginfo.si_code = 2"),
        "flushregs",
        ("addr-after", "print $_siginfo._sifields._sigfault.si_addr"),
        ("code-after", "print $_siginfo.si_code"),
        ("signo-after", "print $_siginfo.si_signo"),
        "kill",
    ], prog)

    t.expect(r"^Program received signal SIGSEGV, Segmentation fault\.$", "cont-segv")
    e2e.expect_stop_at(t, "cont-segv", "crash", SRC, e2e.line_of(SRC, "crash"))
    t.expect_value("print $_siginfo.si_signo", "11")
    t.expect_value("print $_siginfo.si_code", "1")  # SEGV_MAPERR
    t.expect_value("print $_siginfo._sifields._sigfault.si_addr", "(void *) 0xdead0")
    t.expect(r"si_signo = 11, si_errno = 0, si_code = 1,", "print $_siginfo", "whole $_siginfo")
    t.expect(r"_sigfault = \{si_addr = 0xdead0", "print $_siginfo", "whole $_siginfo")
    for key in ("set-addr", "set-code"):
        t.expect_not(r"Unable to write siginfo", key)
    t.expect_value("addr-after", "(void *) 0x1234")
    t.expect_value("code-after", "2")  # SEGV_ACCERR
    t.expect_value("signo-after", "11")
    t.expect(r"^\[Inferior 1 \(process \d+\) killed\]$", "kill")
    server.wait(15)


if __name__ == "__main__":
    e2e.run(test)
