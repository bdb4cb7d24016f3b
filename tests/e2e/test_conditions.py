#!/usr/bin/env python3
"""Breakpoint conditions evaluated by the stub (condition-evaluation target):
`break f if i == 4999` stops exactly once, with i == 4999, and the 4999 false
hits cost no packets (one vCont, one stop reply); a condition reading a
register and memory (`$rdi == 7000 && watched == 33`); then a dprintf with
`set dprintf-style agent` prints from the stub for i = 7001..9999 without a
single stop; exit code 5."""
import re

import rspd_e2e as e2e

SRC = "watch.c"


def test():
    prog = e2e.program("watch")
    server = e2e.Server(prog)
    f_body = e2e.line_of(SRC, "f_body")
    t = e2e.run_gdb([
        f"target remote {server.target}",
        "break main",
        ("cont-main", "continue"),
        "set breakpoint condition-evaluation target",
        "break f if i == 4999",
        "set debug remote 1",
        ("hit", "continue"),
        "set debug remote 0",
        "print i",
        "print calls",
        ("info", "info breakpoints 2"),
        "delete",
        "break f if $rdi == 7000 && watched == 33",
        ("hit-reg", "continue"),
        ("i-reg", "print i"),
        "print $rdi",
        "delete",
        "set dprintf-style agent",
        f'dprintf {SRC}:{f_body},"dp i=%d watched=%d\\n", i, watched',
        "break after_loop_marker",
        ("cont-dprintf", "continue"),
        ("calls-after", "print calls"),
        ("info-dprintf", "info breakpoints"),
        "delete",
        ("cont-exit", "continue"),
    ], prog, timeout=60)

    t.expect(rf"^Breakpoint 2, f \(i=4999\) at \S*{SRC}:{f_body}\n", "hit", "stops at i == 4999")
    hits = re.findall(r"^Breakpoint 2, ", t["hit"], re.M)
    if len(hits) != 1:
        raise e2e.TestFailure(f"`break f if i == 4999` reported {len(hits)} stops, expected 1")
    # gdb first steps off main's breakpoint (vCont;s), then continues once.
    resumes = re.findall(r"Sending packet: \$vCont;c", t["hit"])
    after_continue = t["hit"].split("Sending packet: $vCont;c", 1)[-1]
    stops = re.findall(r"Packet received: T", after_continue)
    if len(resumes) != 1 or len(stops) != 1:
        raise e2e.TestFailure(f"{len(resumes)} vCont;c and {len(stops)} stop replies for 5000 hits, expected 1 and 1: "
                              "the false conditions reached gdb")
    t.expect_value("print i", "4999")
    t.expect_value("print calls", "5999")  # hw_target's 1000 + 4999 earlier calls
    t.expect(r"stop only if i == 4999 \(target evals\)", "info", "the stub evaluates the condition")
    t.expect(r"breakpoint already hit 1 time", "info")

    t.expect(rf"^Breakpoint 3, f \(i=7000\) at \S*{SRC}:{f_body}\n", "hit-reg", "register and memory condition")
    t.expect_value("i-reg", "7000")
    t.expect_value("print $rdi", "7000")

    t.expect(r"^Breakpoint 5, ", "cont-dprintf", "the dprintf never stops, the breakpoint after it does")
    t.expect_not(r"^dp i=", "cont-dprintf", "agent-style dprintf output comes from the stub, not gdb")
    t.expect_value("calls-after", "11000")
    t.expect(r"^4 +dprintf .*\n.*\n.*\n", "info-dprintf")
    e2e.expect_exit_code(t, "cont-exit", 5)
    server.wait_for(r"watch: seen=33", 10)
    printed = re.findall(r"^dp i=(\d+) watched=33$", server.stdout(), re.M)
    expected = [str(i) for i in range(7001, 10000)]
    if printed != expected:
        raise e2e.TestFailure(f"the stub printed {len(printed)} dprintf lines "
                              f"({printed[:2]}...{printed[-2:]}), expected i = 7001..9999")


if __name__ == "__main__":
    e2e.run(test)
