#!/usr/bin/env python3
"""Threads are created and exit while rspd stops them: `churn` makes and ends
threads in a tight loop from three parents, and gdb interrupts it 50 times
(SIGINT to gdb during `continue`).

Each time: the interrupt stops the program (gdb reports SIGINT, and nothing
else: no stray SIGTRAP/SIGSTOP, no lost event, no hang), every thread left is
in a ptrace-stop, none is a zombie nobody reaped, and the birth counter (read
from the inferior's memory through /proc) grew while it ran. At the end `kill`
leaves no process behind."""
import os
import re
import time

import rspd_e2e as e2e

ROUNDS = 50


def births(pid, addr):
    return int.from_bytes(e2e.read_memory(pid, addr, 8), "little")


def check_all_stopped(pid, round_no):
    states = e2e.task_states(pid)
    zombies = e2e.zombies_under(pid)
    if zombies:
        raise e2e.TestFailure(f"stop {round_no}: zombies left unreaped: {zombies}")
    running = {tid: s for tid, s in states.items() if s != "t"}
    if running:
        raise e2e.TestFailure(f"stop {round_no}: threads not in a ptrace-stop: {running} (of {len(states)})")
    return len(states)


def test():
    prog = e2e.program("churn")
    server = e2e.Server(prog)
    pid = server.inferior_pid()
    gate = e2e.temp_dir()
    commands = [f"target remote {server.target}"]
    for n in range(1, ROUNDS + 1):
        commands += [(f"cont{n}", "continue"),
                     (f"gate{n}", f"shell while [ ! -e {gate}/go{n} ]; do sleep 0.01; done")]
    commands.append(("kill", "kill"))
    gdb = e2e.Gdb(commands, prog)

    addr = None
    last = 0
    thread_counts = []
    for n in range(1, ROUNDS + 1):
        gdb.wait_command(f"cont{n}", 30)
        if addr is None:
            addr = e2e.symbol_address(pid, prog, "births")
        # Interrupt only once it demonstrably runs: new threads were born since the last stop.
        if not e2e.wait_until(lambda: births(pid, addr) > last, 10, interval=0.005):
            raise e2e.TestFailure(f"round {n}: no thread born within 10s of `continue` (births {last})")
        time.sleep(0.01 * (n % 5))
        gdb.interrupt()
        # Counted, not matched with a repeated regex: that backtracks exponentially.
        if not e2e.wait_until(lambda: gdb.stdout().count("received signal SIGINT, Interrupt.") >= n, 20):
            raise e2e.TestFailure(f"interrupt {n} did not stop the program within 20s")
        gdb.wait_command(f"gate{n}", 20)
        thread_counts.append(check_all_stopped(pid, n))
        now = births(pid, addr)
        if now <= last:
            raise e2e.TestFailure(f"stop {n}: births {now}, not more than {last} at the previous stop")
        last = now
        open(os.path.join(gate, f"go{n}"), "w").close()

    t = gdb.finish(30)
    stops = re.findall(r"received signal (\w+)", t.text)
    if stops != ["SIGINT"] * ROUNDS:
        others = sorted(set(stops) - {"SIGINT"})
        raise e2e.TestFailure(f"{len(stops)} stops reported, expected {ROUNDS} SIGINT ones; others: {others}")
    t.expect(rf"^\[Inferior 1 \(process {pid}\) killed\]$", "kill")
    e2e.assert_process_gone(pid, "churn after kill")
    server.wait(15)
    return f"{ROUNDS} interrupts, {last} threads born, {min(thread_counts)}-{max(thread_counts)} threads at a stop"


if __name__ == "__main__":
    e2e.run(test, timeout=80)
