#!/usr/bin/env python3
"""Benchmarks at the protocol level, with no gdb: what the server itself costs.
A minimal client (rsp_client.py) reads 64 MiB with `m` at each server's own
advertised PacketSize, and times `g` and `vCont;s` round trips, negotiating
QStartNoAckMode when offered, as gdb does. Servers interleave as in gdb_level.
Usage: rsp_level.py [--quick] [-r REPS] [-b BENCH,...] --out FILE SERVER..."""
import array
import os
import subprocess
import time

import loop
import servers
from rsp_client import Client, ProtocolError, checked, stop_thread, unrle

# name: (program, its arguments, N, quick N); {n} is N (MiB for the reads)
BENCHES = {
    "m_zero":       ("bigbuf", ["{n}"],           64, 8),
    "m_rand":       ("bigbuf", ["{n}", "{data}"], 64, 8),
    "g_and_vcont_s": ("spin",  [],             10000, 2000),
}


def symbols(prog):
    """Symbol addresses of a bench program (built -no-pie, so they are final)."""
    out = subprocess.run(["nm", "-P", os.path.join(servers.BIN, prog)], capture_output=True, text=True,
                         check=True).stdout
    return {f[0]: int(f[2], 16) for f in map(str.split, out.splitlines()) if len(f) >= 3}


def expect(ok, what):
    if not ok:
        raise ProtocolError(what)


def run_to(c, addr):
    """Continue to a temporary breakpoint at addr; returns the stop reply."""
    expect(c.ask(b"Z0,%x,1" % addr) == b"OK", "Z0 refused")
    vcont = c.ask(b"vCont?")
    c.send(b"vCont;c" if b";c" in vcont else b"c")
    stop = unrle(checked(c.receive_raw()))
    expect(stop[:3] in (b"T05", b"S05"), "no SIGTRAP stop at the breakpoint: %r" % stop[:40])
    expect(c.ask(b"z0,%x,1" % addr) == b"OK", "z0 refused")
    return stop


def word(c, addr):
    return int.from_bytes(bytes.fromhex(c.ask(b"m%x,8" % addr).decode()), "little")


def bench_m(c, sym, data, quick):
    run_to(c, sym["ready"])
    start, size = word(c, sym["buf"]), word(c, sym["buf_size"])
    chunk = (c.packet_size - 32) // 2          # hex doubles the bytes; leave room for framing
    raws = []
    t0 = time.perf_counter()
    for off in range(0, size, chunk):
        c.send(b"m%x,%x" % (start + off, min(chunk, size - off)))
        raws.append(c.receive_raw())
    dt = time.perf_counter() - t0
    got = bytes.fromhex(b"".join(unrle(checked(r)) for r in raws).decode())
    if data:
        with open(data, "rb") as f:
            want = f.read(size)
    else:
        want = array.array("Q", range(size // 8)).tobytes()
    ok = got == want
    return [dict(value=size / dt / 1e6, unit="MB/s", ok=ok,
                 check="%d x m of %d bytes (PacketSize %#x), content %s"
                       % (len(raws), chunk, c.packet_size, "as written" if ok else "WRONG (%d bytes)" % len(got)))]


def regs(g):
    """rax and rip from an x86-64 `g` reply (hex; rip is the 17th 8-byte register)."""
    return int.from_bytes(bytes.fromhex(g[:16].decode()), "little"), \
        int.from_bytes(bytes.fromhex(g[256:272].decode()), "little")


def bench_g_and_step(c, sym, n):
    top = sym["spin_top"]
    thread = stop_thread(run_to(c, top))
    c.send(b"g")
    first = c.receive_raw()
    raws = []
    t0 = time.perf_counter()
    for _ in range(n):
        c.send(b"g")
        raws.append(c.receive_raw())
    g_rate = n / (time.perf_counter() - t0)
    same = sum(r == first for r in raws)
    first = unrle(checked(first))
    step = b"vCont;s:" + thread if thread else b"vCont;s"
    n &= ~1
    t0 = time.perf_counter()
    bad = 0
    for _ in range(n):
        c.send(step)
        bad += c.receive_raw()[1:4] not in (b"T05", b"S05")
    dt_s = time.perf_counter() - t0
    rax, rip = regs(c.ask(b"g"))
    g_ok = same == len(raws) and regs(first) == (0, top)
    return [dict(metric="g", value=g_rate, unit="round_trips/s", ok=g_ok,
                 check="%d/%d replies alike, %d bytes of registers, rax=0 and pc at spin_top: %s"
                       % (same, len(raws), len(first) // 2, regs(first) == (0, top))),
            dict(metric="vcont_s", value=n / dt_s, unit="round_trips/s", ok=not bad and (rax, rip) == (n // 2, top),
                 check="%s, rax=%d (want %d), pc at spin_top: %s, %d non-SIGTRAP replies"
                       % (step.decode(), rax, n // 2, rip == top, bad))]


def session(label, template, bench, rep, logs, quick):
    prog, pargs, n_full, n_quick = BENCHES[bench]
    n = n_quick if quick else n_full
    data = servers.random_data() if "{data}" in pargs else None
    args = [a.format(n=n, data=data) for a in pargs]
    try:
        srv = servers.Server(template, prog, args, os.path.join(logs, "rsp.%s.%s.%d.server.log" % (bench, label, rep)))
    except (RuntimeError, OSError) as e:
        return [dict(metric=bench, ok=False, error=str(e))]
    c = None
    try:
        c = Client(srv.port)
        c.handshake()
        c.ask(b"?")
        if bench == "g_and_vcont_s":
            results = bench_g_and_step(c, symbols(prog), n)
        else:
            results = bench_m(c, symbols(prog), data, quick)
            results[0]["metric"] = bench
    except (ProtocolError, OSError, ValueError, KeyError) as e:
        results = [dict(metric=bench, ok=False, error="%s: %s" % (type(e).__name__, e))]
    finally:
        if c:
            c.close()
    if not srv.stop():
        for r in results:
            r["warning"] = "server still up 5 s after the client left; killed"
    return results


if __name__ == "__main__":
    loop.run("rsp", loop.arguments(__doc__, BENCHES), BENCHES, session)
