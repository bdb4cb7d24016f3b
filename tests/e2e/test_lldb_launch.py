#!/usr/bin/env python3
"""lldb launches `basic 5` itself, with rspd as its debugserver (LLDB_DEBUGSERVER_PATH):
the program's streams on lldb's own terminal (QSetSTDIN/OUT/ERR), ASLR off
(QSetDisableASLR), the A packet and qLaunchSuccess; then break main, a frame variable,
the program's output shown by lldb, and exit status 5."""
import os
import re
import shlex

import rspd_e2e as e2e

SRC = "basic.c"


def test():
    e2e.require_rspd("LLDB's A packet")
    rspd = shlex.split(e2e.server_template())[0]
    prog = e2e.program("basic")
    wrapper = os.path.join(os.path.dirname(os.path.abspath(__file__)), "lldb_debugserver.sh")
    main_first = e2e.line_of(SRC, "main_first")
    t = e2e.run_lldb([
        "breakpoint set -n main",
        ("launch", "process launch -- 5"),
        "frame variable argc",
        ("pc", "register read rip"),
        ("cont-exit", "continue"),
    ], prog, env={"LLDB_DEBUGSERVER_PATH": wrapper, "RSPD_BINARY": rspd})

    e2e.expect_stop(t, "launch", "breakpoint 1.1", "main", SRC, main_first)
    t.expect(rf"^Process \d+ launched: '{re.escape(prog)}' \(x86_64\)$", "launch")
    t.expect(r"^\(int\) argc = 2$", "frame variable argc")
    # ASLR off: a PIE program's code at the usual 0x5555... address.
    t.expect(r"rip = 0x0000555555[0-9a-f]{6}  basic`main", "pc", "ASLR disabled")
    # The program wrote to lldb's terminal (QSetSTDOUT), which lldb shows.
    t.expect(r"^basic: local_b=28 global_counter=70 code=5\r?$", "cont-exit", "the program's output")
    e2e.expect_exit_status(t, "cont-exit", 5)


if __name__ == "__main__":
    e2e.run(test)
