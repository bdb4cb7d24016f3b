#!/usr/bin/env python3
"""Unix socket transport (rspd only: gdbserver has none): COMM is a socket
path; gdb 13 connects with `target remote /path`. Break, finish, exit 7."""
import os

import rspd_e2e as e2e

SRC = "basic.c"


def test():
    e2e.require_rspd("a Unix socket COMM")
    prog = e2e.program("basic")
    path = os.path.join(e2e.temp_dir(), "rspd.sock")
    server = e2e.Server(prog, ["7"], comm=path)
    t = e2e.run_gdb([
        f"target remote {path}",
        "break square",
        ("cont-square", "continue"),
        "bt",
        "finish",
        ("cont-exit", "continue"),
    ], prog)

    e2e.expect_stop_at(t, "cont-square", "square", SRC, e2e.line_of(SRC, "square_body"))
    t.expect(r"^Breakpoint 1, square \(x=5\)", "cont-square")
    e2e.expect_backtrace(t, "bt", ["square", "compute", "main"])
    t.expect(r"^Value returned is \$1 = 25$", "finish")
    e2e.expect_exit_code(t, "cont-exit", 7)
    server.wait_for(r"basic: local_b=28 global_counter=70 code=7", 10)
    server.wait(15)


if __name__ == "__main__":
    e2e.run(test)
