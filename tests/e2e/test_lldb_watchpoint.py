#!/usr/bin/env python3
"""lldb's `watchpoint set variable` on a launched `basic 7`: qWatchpointSupportInfo answers
the debug registers' count (4), the watchpoint (Z2, a debug register) is hit where main writes
global_counter (42 -> 70), lldb hears it as reason:watchpoint, and the program exits with 7."""
import re

import rspd_e2e as e2e

SRC = "basic.c"


def test():
    e2e.require_rspd("LLDB's protocol extensions")
    prog = e2e.program("basic")
    server = e2e.Server(prog, ["7"])
    t = e2e.run_lldb([
        f"gdb-remote {server.target}",
        "breakpoint set -n main",
        "continue",
        ("slots", "process plugin packet send qWatchpointSupportInfo:"),
        ("watch", "watchpoint set variable global_counter"),
        ("cont-watch", "continue"),
        ("cont-exit", "continue"),
    ], prog)

    t.expect(r"^response: num:4;$", "slots")
    t.expect(r"^Watchpoint created: Watchpoint 1: addr = 0x[0-9a-f]+ size = 4 state = enabled "
             r"type = w$", "watch")
    t.expect(r"stop reason = watchpoint 1$", "cont-watch")
    t.expect(r"^old value: 42$", "cont-watch")
    t.expect(r"^new value: 70$", "cont-watch")
    t.expect(rf"frame #0: 0x[0-9a-f]+ basic`main\(.*\) at {SRC}:", "cont-watch")
    e2e.expect_exit_status(t, "cont-exit", 7)
    return "hardware watchpoint hit, 4 slots"


if __name__ == "__main__":
    e2e.run(test)
