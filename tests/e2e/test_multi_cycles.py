#!/usr/bin/env python3
"""500 clients come and go against one `rspd --multi` with no program: each
exchanges qSupported, then leaves in one of four ways (closes; closes in the
middle of a packet; closes with a request unanswered; resets the connection).
rspd must serve them all, and its open file descriptors and resident memory
must stay flat: the same fd count as after 50 warm-up clients, and VmRSS
growth under 1 MiB (not asserted under ASan, whose quarantine keeps freed
memory resident)."""
import os
import socket
import struct

import rspd_e2e as e2e

WARM_UP = 50
CYCLES = 500


def one_client(server, i):
    c = e2e.RspClient(server.target, timeout=10)
    reply = c.exchange("qSupported")
    if "PacketSize=" not in reply:
        raise e2e.TestFailure(f"client {i}: qSupported got {reply!r}")
    way = i % 4
    if way == 1:
        c.send_raw(b"$m1234,")
    elif way == 2:
        c.send_raw(e2e.frame("qC"))
    elif way == 3:  # RST instead of FIN
        c.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    c.close()


def settled_fds(server, expected=None):
    """The fd count once rspd has caught up with the last disconnect."""
    if expected is not None:
        e2e.wait_until(lambda: e2e.fd_count(server.pid) == expected, 5)
    else:
        e2e.wait_until(lambda: False, 0.3)
    return e2e.fd_count(server.pid)


def test():
    e2e.require_rspd("--multi with no program")
    server = e2e.Server(multi=True)
    for i in range(WARM_UP):
        one_client(server, i)
    fds_before = settled_fds(server)
    rss_before = e2e.status_kib(server.pid, "VmRSS")
    for i in range(CYCLES):
        one_client(server, i)
        if server.popen.poll() is not None:
            raise e2e.TestFailure(f"rspd --multi exited ({server.popen.poll()}) after client {i}")
    fds_after = settled_fds(server, fds_before)
    rss_after = e2e.status_kib(server.pid, "VmRSS")
    if fds_after != fds_before:
        raise e2e.TestFailure(f"open fds went from {fds_before} to {fds_after} over {CYCLES} clients: "
                              f"{sorted(os.listdir(f'/proc/{server.pid}/fd'), key=int)}")
    growth = rss_after - rss_before
    sanitized = os.environ.get("RSPD_E2E_SANITIZED") == "1"
    if growth >= 1024 and not sanitized:
        raise e2e.TestFailure(f"VmRSS grew by {growth} KiB over {CYCLES} clients ({rss_before} -> {rss_after} KiB)")
    one_client(server, 0)  # still serving
    return f"{CYCLES} clients: fds {fds_before} -> {fds_after}, VmRSS {rss_before} -> {rss_after} KiB" + \
        (" (not asserted: ASan)" if sanitized else "")


if __name__ == "__main__":
    e2e.run(test, timeout=80)
