#!/usr/bin/env python3
"""Four debug registers: `watch watched` (1) + `watch wide` (16 bytes: 2) +
`watch thread_value` (1) fill them; a fifth watch makes the Z2 fail with an
error, gdb says it could not insert it and does not resume; once it is
deleted, the other watchpoints work: 0 -> 11 on `watched`; a `hbreak` too
many fails the same way."""
import rspd_e2e as e2e

SRC = "watch.c"


def test():
    prog = e2e.program("watch")
    server = e2e.Server(prog)
    t = e2e.run_gdb([
        f"target remote {server.target}",
        "watch watched",
        "watch wide",
        "watch thread_value",
        "watch calls",
        ("full", "continue"),
        ("still-there", "print $pc"),
        "delete 4",
        "hbreak hw_target",
        ("full-hbreak", "continue"),
        "delete 5",
        ("w1", "continue"),
        "delete",
        ("cont-exit", "continue"),
    ], prog)

    for key, number in (("full", 4), ("full-hbreak", 5)):
        t.expect(rf"^(Could not|Cannot) insert hardware (watchpoint|breakpoint) {number}\.\n"
                 r"Could not insert hardware breakpoints:\n"
                 r"You may have requested too many hardware breakpoints/watchpoints\.", key,
                 f"no debug register left for {number}")
        t.expect_not(r"exited|Old value", key, "gdb must not resume when a Z fails")
    t.expect(r"^\$\d+ = \(void \(\*\)\(\)\) 0x[0-9a-f]+ <_start>$", "still-there",
             "the program has not moved")
    t.expect(r"^Hardware watchpoint 1: watched\n\nOld value = 0\nNew value = 11\n", "w1",
             "the watchpoints that fit still work")
    t.expect(rf"^main \(\) at \S*{SRC}:{e2e.line_of(SRC, 'write2')}\n", "w1")
    e2e.expect_exit_code(t, "cont-exit", 5)


if __name__ == "__main__":
    e2e.run(test)
