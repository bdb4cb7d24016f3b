#!/usr/bin/env python3
"""lldb's `watchpoint set variable` on a launched `basic 7`.

Hardware watchpoints (Z2-Z4) come with issue 5. Until then rspd answers Z2 with the empty
reply ("not supported") and this test asserts lldb's exact refusal. Once rspd supports
them, the same test asserts the watchpoint hit instead: global_counter going from 42 to 70
in main, then exit status 7."""
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
        ("watch", "watchpoint set variable global_counter"),
        ("cont-watch", "continue"),
        ("cont-exit", "continue"),
    ], prog)

    if re.search(r"^Watchpoint created: Watchpoint 1: addr = 0x[0-9a-f]+ size = 4 state = enabled "
                 r"type = w$", t["watch"], re.M):
        t.expect(r"stop reason = watchpoint 1$", "cont-watch")
        t.expect(r"^old value: 42$", "cont-watch")
        t.expect(r"^new value: 70$", "cont-watch")
        t.expect(rf"frame #0: 0x[0-9a-f]+ basic`main\(.*\) at {SRC}:", "cont-watch")
        e2e.expect_exit_status(t, "cont-exit", 7)
        return "hardware watchpoint hit"
    # No hardware watchpoints yet (issue 5): lldb's exact refusal, and nothing runs on.
    t.expect(r"^error: Watchpoint creation failed \(addr=0x[0-9a-f]+, size=4, "
             r"variable expression='global_counter'\)\.$", "watch")
    t.expect(r"^error: sending gdb watchpoint packet failed$", "watch")
    if t.sections[t.index("cont-watch")] is not None:
        raise e2e.TestFailure("lldb went on after the watchpoint error")
    return "watchpoints not supported yet (issue 5): lldb's refusal checked"


if __name__ == "__main__":
    e2e.run(test)
