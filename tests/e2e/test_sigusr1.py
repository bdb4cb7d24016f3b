#!/usr/bin/env python3
"""A handled SIGUSR1: gdb stops with it, continue delivers it, the handler
runs (breakpoint in it, handled == 1 afterwards) and the exit code is 5."""
import rspd_e2e as e2e

SRC = "sigusr1.c"


def test():
    prog = e2e.program("sigusr1")
    server = e2e.Server(prog)
    after = e2e.line_of(SRC, "main_after_raise")
    t = e2e.run_gdb([
        f"target remote {server.target}",
        "break on_usr1",
        f"break {SRC}:{after}",
        ("cont-signal", "continue"),
        ("handled-before", "print handled"),
        ("cont-handler", "continue"),
        ("bt-handler", "bt"),
        ("cont-after", "continue"),
        ("handled-after", "print handled"),
        "print handled_signo",
        ("cont-exit", "continue"),
    ], prog)

    t.expect(r"^Program received signal SIGUSR1, User defined signal 1\.$", "cont-signal")
    t.expect_value("handled-before", "0")
    e2e.expect_stop_at(t, "cont-handler", "on_usr1", SRC, e2e.line_of(SRC, "handler_body"))
    t.expect(r"^Breakpoint 1, on_usr1 \(signo=10\)", "cont-handler")
    t.expect(r"^#\d+ +<signal handler called>$", "bt-handler")
    names = e2e.backtrace_functions(t["bt-handler"])
    if names[0] != "on_usr1" or names[-1] != "main":
        raise e2e.TestFailure(f"handler backtrace is {names}, expected on_usr1 ... main")
    e2e.expect_stop_at(t, "cont-after", "main", SRC, after)
    t.expect_value("handled-after", "1")
    t.expect_value("print handled_signo", "10")
    e2e.expect_exit_code(t, "cont-exit", 5)
    server.wait_for(r"sigusr1: handled=1", 10)


if __name__ == "__main__":
    e2e.run(test)
