#!/usr/bin/env python3
"""stdio transport: `target remote | SERVER - basic 7`; break, bt, finish,
continue to exit code 7; nothing of the server is left afterwards."""
import os

import rspd_e2e as e2e

SRC = "basic.c"


def test():
    prog = e2e.program("basic")
    gdb = e2e.Gdb([
        ("target", f"target remote {e2e.stdio_target(prog, ['7'])}"),
        "break add",
        ("cont-add", "continue"),
        "bt",
        "print a + b",
        "finish",
        ("cont-exit", "continue"),
    ], prog)
    t = gdb.finish(45)

    e2e.expect_stop_at(t, "cont-add", "add", SRC, e2e.line_of(SRC, "add_body"))
    t.expect(r"^Breakpoint 1, add \(a=25, b=3\)", "cont-add")
    e2e.expect_backtrace(t, "bt", ["add", "compute", "main"])
    t.expect_value("print a + b", "28")
    t.expect(r"^Value returned is \$2 = 28$", "finish")
    e2e.expect_exit_code(t, "cont-exit", 7)
    left = e2e.descendants_of(gdb.pid) + e2e.children_of(os.getpid())
    for pid in left:
        e2e.assert_process_gone(pid, "a process started for the stdio session")


if __name__ == "__main__":
    e2e.run(test)
