#!/usr/bin/env python3
"""Range stepping: `next` over a one-line loop of 10,000 iterations (some
70,000 instructions) is one vCont;r packet and one stop reply, not one round
trip per instruction; the loop's total is then 149985000; exit code 5."""
import re

import rspd_e2e as e2e

SRC = "watch.c"


def test():
    prog = e2e.program("watch")
    server = e2e.Server(prog)
    loop = e2e.line_of(SRC, "long_loop")
    t = e2e.run_gdb([
        f"target remote {server.target}",
        f"break {SRC}:{loop}",
        ("cont-loop", "continue"),
        "print loop_total",
        "set debug remote 1",
        ("next", "next"),
        "set debug remote 0",
        ("total", "print loop_total"),
        "delete",
        ("cont-exit", "continue"),
    ], prog)

    t.expect(rf"^Breakpoint 1, main \(\) at \S*{SRC}:{loop}\n", "cont-loop")
    t.expect_value("print loop_total", "0")
    t.expect(rf"^{loop + 1}\t", "next", "next stops on the line after the loop")
    t.expect_value("total", "149985000")
    packets = re.findall(r"Sending packet: \$(\w+)", t["next"])
    ranges = [p for p in re.findall(r"Sending packet: \$(vCont;[^#]*)", t["next"]) if ";r" in p]
    stops = re.findall(r"Packet received: T", t["next"])
    if not ranges:
        raise e2e.TestFailure(f"gdb did not range-step (no vCont;r): {packets}")
    if len(stops) > 3 or len(packets) > 30:
        raise e2e.TestFailure(f"`next` over the loop took {len(packets)} packets and {len(stops)} stops: "
                              "the range was not stepped inside the stub")
    e2e.expect_exit_code(t, "cont-exit", 5)


if __name__ == "__main__":
    e2e.run(test)
