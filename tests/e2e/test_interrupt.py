#!/usr/bin/env python3
"""Ctrl-C: SIGINT to gdb during `continue` stops a spinning `loop spin` with
SIGINT in main; counter > 0; continue, interrupt again (counter grew), kill:
the inferior is gone.

Argument `non-stop`: the same with gdb in non-stop mode, where Ctrl-C reaches
the stub as vCtrlC; `info threads` then shows the one thread stopped (none
running), and the session ends with `detach` (gdb -batch crashes on `kill` in
non-stop mode), leaving the program running."""
import sys
import time

import rspd_e2e as e2e

SRC = "loop.c"


def test():
    non_stop = "non-stop" in sys.argv[1:]
    prog = e2e.program("loop")
    server = e2e.Server(prog, ["spin"])
    inferior = server.inferior_pid()
    ending = [("threads", "info threads"), "detach"] if non_stop else ["bt", "kill"]
    gdb = e2e.Gdb([
        f"target remote {server.target}",
        ("cont1", "continue"),
        ("counter1", "print counter"),
        ("cont2", "continue"),
        ("counter2", "print counter"),
    ] + ending, prog, extra_args=["-iex", "set non-stop on"] if non_stop else [])
    # Interrupt only once gdb has resumed the inferior and it has spun a while.
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
        t.expect(rf"\bmain \(argc=2, argv=0x[0-9a-f]+\) at \S*{SRC}:(\d+)\n", cont, "stop in main's loop")
        t.expect(rf"^{spin}\t", cont, f"stopped on the spin line {spin}")
    first, second = int(t.value("counter1")), int(t.value("counter2"))
    if not 0 < first < second:
        raise e2e.TestFailure(f"counter was {first} then {second}: expected 0 < first < second")
    if non_stop:
        t.expect(r"^\* 1 +Thread \d+\.\d+ \"loop\" .*main \(", "threads", "thread 1 stopped in main")
        t.expect_not(r"\(running\)", "threads", "a running thread")
        t.expect(rf"\[Inferior 1 \(process {inferior}\) detached\]", "detach")
        return
    e2e.expect_backtrace(t, "bt", ["main"])
    t.expect(rf"^\[Inferior 1 \(process {inferior}\) killed\]$", "kill")
    e2e.assert_process_gone(inferior, "inferior after kill")
    server.wait(15)


if __name__ == "__main__":
    e2e.run(test)
