#!/usr/bin/env python3
"""A client that stops reading. It sends 1000 memory reads of 32 KiB (62 MiB of
hex replies) and 20 single-steps (stop events of the inferior), and reads
nothing back for a while. rspd must stop taking requests once a bounded
backlog of replies waits, instead of queueing replies without end:

  - rspd's peak memory (VmHWM) grew by less than 32 MiB (not asserted under
    ASan, whose quarantine keeps freed memory resident), and rspd sleeps in
    its event loop (wchan do_epoll_wait), not in a blocked write;
  - once the client reads, every request has exactly one reply: 1000 times the
    memory contents, then a stop reply or a busy error for each step;
  - stuck again, rspd still handles a signal: SIGTERM makes it release the
    inferior (killed) and exit within seconds."""
import os
import signal
import time
from pathlib import Path

import rspd_e2e as e2e

CHUNK = 0x8000  # under every PacketSize rspd has had: the reply is never cut short
READS = 1000
STEPS = 20


def readable_text(pid):
    """(address, path) of an executable mapping of at least CHUNK bytes (ld.so at launch)."""
    for line in Path(f"/proc/{pid}/maps").read_text().splitlines():
        fields = line.split()
        start, end = (int(x, 16) for x in fields[0].split("-"))
        if fields[1].startswith("r") and "x" in fields[1] and end - start >= CHUNK and \
                len(fields) >= 6 and not fields[5].startswith("["):
            return start, fields[5]
    raise e2e.TestFailure(f"no executable mapping of {CHUNK} bytes in process {pid}")


def flood(c, addr):
    """All requests in one go (a few KiB: they fit in the socket buffers), nothing read."""
    c.send_raw(b"".join(e2e.frame(f"m{addr:x},{CHUNK:x}") for _ in range(READS)) +
               b"".join(e2e.frame("s") for _ in range(STEPS)))


def wchan(pid):
    return Path(f"/proc/{pid}/wchan").read_text().strip()


def drain(c, memory_hex):
    kinds = {"memory": 0, "stop": 0, "busy": 0}
    for i in range(READS + STEPS):
        reply = c.receive().decode("latin-1")
        if i < READS and reply == memory_hex:
            kinds["memory"] += 1
        elif i >= READS and reply.startswith("T05"):
            kinds["stop"] += 1
        elif i >= READS and reply.startswith("E"):
            kinds["busy"] += 1
        else:
            raise e2e.TestFailure(f"reply {i + 1}: unexpected {reply[:80]!r} ({len(reply)} bytes)")
    return kinds


def test():
    e2e.require_rspd("bounded reply backlog")
    prog = e2e.program("loop")
    stopfile = os.path.join(e2e.temp_dir(), "stop")
    server = e2e.Server(prog, ["sleep", 60, stopfile])
    pid = server.inferior_pid()
    addr, path = readable_text(pid)
    memory_hex = e2e.read_memory(pid, addr, CHUNK).hex()

    c = e2e.RspClient(server.target, rcvbuf=4096, timeout=20)
    c.exchange("qSupported")
    c.start_no_ack()
    hwm_before = e2e.status_kib(server.pid, "VmHWM")
    flood(c, addr)
    time.sleep(1.0)  # rspd does all it will do until we read
    idle = e2e.wait_until(lambda: wchan(server.pid) in ("do_epoll_wait", "ep_poll"), 3)
    hwm_stuck = e2e.status_kib(server.pid, "VmHWM")
    waiting_in = wchan(server.pid)
    if not idle:
        raise e2e.TestFailure(f"rspd is blocked in {waiting_in!r}, not waiting in its event loop")
    sanitized = os.environ.get("RSPD_E2E_SANITIZED") == "1"
    growth = hwm_stuck - hwm_before
    if growth >= 32 * 1024 and not sanitized:
        raise e2e.TestFailure(f"rspd's VmHWM grew by {growth} KiB while the client did not read "
                              f"({READS} replies of {2 * CHUNK} bytes asked for)")

    kinds = drain(c, memory_hex)
    if kinds["memory"] != READS or kinds["stop"] < 1:
        raise e2e.TestFailure(f"replies {kinds}: expected {READS} memory contents and at least one stop")

    # Stuck again: a signal still gets through the loop.
    flood(c, addr)
    time.sleep(0.5)
    os.kill(server.pid, signal.SIGTERM)
    code = server.wait(10)
    server.wait_for(r"rspd: signal 15, releasing the inferior", 1, stream="stderr")
    e2e.assert_process_gone(pid, "inferior after SIGTERM to rspd")
    c.close()
    return (f"{kinds}, {path} read at {addr:#x}; VmHWM {hwm_before} -> {hwm_stuck} KiB" +
            (" (not asserted: ASan)" if sanitized else "") + f"; exit {code} on SIGTERM")


if __name__ == "__main__":
    e2e.run(test, timeout=80)
