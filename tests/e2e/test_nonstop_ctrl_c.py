#!/usr/bin/env python3
"""Non-stop, gdb CLI: Ctrl-C during a foreground `continue` (gdb sends vCtrlC)
stops the spinning `loop spin` with SIGINT on its spin line; it runs on with
`continue`, a second Ctrl-C stops it again with the counter grown; `detach`
leaves it running."""
import time

import rspd_e2e as e2e

SRC = "loop.c"


def test():
    prog = e2e.program("loop")
    server = e2e.Server(prog, ["spin"])
    gdb = e2e.Gdb([
        f"target remote {server.target}",
        ("cont1", "continue"),
        ("counter1", "print counter"),
        ("cont2", "continue"),
        ("counter2", "print counter"),
        ("threads", "info threads"),
        ("detach", "detach"),
    ], prog, extra_args=["-iex", "set non-stop on"])
    for n, cont in enumerate(("cont1", "cont2"), 1):
        gdb.wait_command(cont, 30)
        server.wait_for(r"loop: ready", 10)
        time.sleep(1.0)
        gdb.interrupt()
        gdb.wait_for(r"(?:Program received signal SIGINT, Interrupt\.[\s\S]*?){%d}" % n, 15)
    t = gdb.finish(30)

    spin = e2e.line_of(SRC, "spin")
    for cont in ("cont1", "cont2"):
        t.expect(r"^Program received signal SIGINT, Interrupt\.$", cont)
        t.expect(rf"^{spin}\t", cont, f"stopped on the spin line {spin}")
    first, second = int(t.value("counter1")), int(t.value("counter2"))
    if not 0 < first < second:
        raise e2e.TestFailure(f"counter was {first} then {second}: expected 0 < first < second")
    t.expect(r"^\* 1 +Thread \d+\.\d+ \"loop\" .*main \(", "threads", "thread 1 stopped in main")
    t.expect_not(r"\(running\)", "threads", "a running thread")
    t.expect(r"\[Inferior 1 \(process \d+\) detached\]", "detach")


if __name__ == "__main__":
    e2e.run(test)
