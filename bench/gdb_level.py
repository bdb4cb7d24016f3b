#!/usr/bin/env python3
"""Benchmarks through real gdb (what a user feels): each server serves the same
program to `gdb -batch -nx`, which runs gdb/measure.py. Servers interleave
(rep k starts with server k mod count). Appends JSON lines to --out.
Usage: gdb_level.py [--quick] [-r REPS] [-b BENCH,...] --out FILE SERVER..."""
import os
import shlex

import loop
import servers

# name: (program, its arguments, N, quick N); {n} is N (MiB for the dumps, threads for threads_*)
BENCHES = {
    "stepi":          ("spin",   [],              10000, 2000),
    "bp_hits":        ("hits",   ["{n}"],          3000, 300),
    # Issue #5's sizes: 100,000 calls with `break hit if i == 99999`; evaluated by gdb that
    # takes minutes, so the host side runs 10,000 (its rate is what is compared).
    "bp_cond_target": ("hits",   ["{n}"],        100000, 500),
    "bp_cond_host":   ("hits",   ["{n}"],         10000, 500),
    "next_loop":      ("longloop", ["{n}"],      100000, 1000),
    "watch_hits":     ("writes", ["{n}"],          1000, 100),
    "dump_zero":      ("bigbuf", ["{n}"],            64, 8),
    "dump_rand":      ("bigbuf", ["{n}", "{data}"],  64, 8),
    "session_target": ("hello",  [],                  1, 1),
    "session_local":  ("hello",  [],                  1, 1),
    # progs/barrier.c: N threads in a barrier; a whole session and one stop of all of them
    "threads_100":    ("barrier", ["{n}"],           100, 20),
    "threads_250":    ("barrier", ["{n}"],           250, 50),
    "threads_500":    ("barrier", ["{n}"],           500, 100),
    "threads_1000":   ("barrier", ["{n}"],          1000, 200),
    "threads_2000":   ("barrier", ["{n}"],          2000, 400),
}


def floor_template(bench, rep, logs, quick):
    """The `floor` server: limit_replay answering with the replies rspd gave in a session
    recorded once per bench and run (gdb's `set remotelogfile`). It does no work, so a
    session against it costs only gdb's own time and the round trips: the floor under any
    server. The replay checks that gdb sends the recorded packets byte for byte."""
    recording = os.path.join(logs, "floor.%s.rsplog" % bench)
    if not os.path.exists(recording):
        session("floor-recording", servers.kinds()["rspd"], bench, rep, logs, quick, recording)
    return "%s %s {port}" % (shlex.quote(os.path.join(servers.BIN, "limit_replay")), shlex.quote(recording))


def session(label, template, bench, rep, logs, quick, remotelog=""):
    if template == servers.FLOOR:
        template = floor_template(bench, rep, logs, quick)
    start = loop.Start("gdb", BENCHES, label, template, bench, rep, logs, quick)
    if start.failure:
        return start.failure
    srv, prog, n, data, base = start.srv, start.prog, start.n, start.data, start.base
    env = dict(os.environ, RB_BENCH=bench, RB_N=str(n), RB_TARGET="127.0.0.1:%d" % srv.port,
               RB_SERVER_PID=str(srv.pid), RB_DATA=data, RB_DUMP=os.path.join(servers.WORK, "dump.bin"),
               RB_REMOTELOG=remotelog)
    cmd = ["gdb", "-batch", "-nx", "-iex", "set pagination off", "-iex", "set confirm off",
           "-x", os.path.join(servers.BENCH, "gdb", "measure.py"), os.path.join(servers.BIN, prog)]
    results = loop.client_session(srv, cmd, env, 60 if quick else 600, base, bench, "gdb")
    if bench == "session_local":
        results.append(dict(metric="launch", value=srv.launch_s, unit="s", ok=True,
                            check="spawn until the port listens"))
    return results


if __name__ == "__main__":
    loop.run("gdb", loop.arguments(__doc__, BENCHES), BENCHES, session)
