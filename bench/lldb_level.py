#!/usr/bin/env python3
"""Benchmarks through real lldb (gdb-remote): lldb-server and rspd serve the same program to
`lldb --batch`, which runs lldb/measure.py. Servers interleave (rep k starts with server k
mod count). Appends JSON lines to --out.
Usage: lldb_level.py [--quick] [-r REPS] [-b BENCH,...] --out FILE SERVER..."""
import os

import loop
import servers

# name: (program, its arguments, N, quick N); {n} is N (threads, or MiB for the reads)
BENCHES = {
    "connect_bp": ("threads100", ["{n}"],         100, 20),
    "bt_all":     ("threads100", ["{n}"],         100, 20),
    "mem_rand":   ("bigbuf",     ["{n}", "{data}"], 64, 8),
    "mem_zero":   ("bigbuf",     ["{n}"],           64, 8),
}


def session(label, template, bench, rep, logs, quick):
    start = loop.Start("lldb", BENCHES, label, template, bench, rep, logs, quick)
    if start.failure:
        return start.failure
    env = dict(os.environ, RB_BENCH=bench, RB_N=str(start.n), RB_TARGET="127.0.0.1:%d" % start.srv.port,
               RB_DATA=start.data, RB_DUMP=os.path.join(servers.WORK, "lldb-dump.bin"))
    cmd = ["lldb-16", "--batch", "--no-lldbinit", "-o",
           "command script import " + os.path.join(servers.BENCH, "lldb", "measure.py"),
           os.path.join(servers.BIN, start.prog)]
    return loop.client_session(start.srv, cmd, env, 60 if quick else 300, start.base, bench, "lldb")


if __name__ == "__main__":
    loop.run("lldb", loop.arguments(__doc__, BENCHES), BENCHES, session)
