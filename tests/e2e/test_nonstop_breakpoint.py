#!/usr/bin/env python3
"""Non-stop: 8 workers leave a barrier together and hit the same breakpoint at
once. Each hit is reported exactly once (8 *stopped records, 8 distinct
threads, ids 0..7, hit count 8) while main runs on; `info threads` (CLI) shows
the 8 workers stopped at that line and main running; then all continue to exit
code 3.

Argument `extended`: the same over `target extended-remote`."""
import re
import sys
import time

import rspd_e2e as e2e
from rspd_e2e.mi import Mi

SRC = "threads.c"


def test():
    extended = "extended" in sys.argv[1:]
    prog = e2e.program("threads")
    server = e2e.Server(prog)
    line = e2e.line_of(SRC, "worker_after_barrier")
    mi = Mi(prog)
    mi.connect_non_stop(server.target, extended)
    mi.command("-break-insert %s:%d" % (SRC, line))
    since = mi.mark()
    mi.command("-exec-continue")
    hits = [mi.wait_stopped(lambda r: r.get("reason") == "breakpoint-hit", timeout=30,
                            what="breakpoint hit %d of 8" % (n + 1)) for n in range(8)]
    time.sleep(0.5)  # a ninth report would be a duplicate
    stops = mi.stops_since(since)
    threads = sorted(int(h["thread-id"]) for h in hits)
    e2e.check(len(stops) == 8 and threads == list(range(2, 10)),
           "expected one breakpoint stop per worker (threads 2-9), got %r" % [s.get("thread-id") for s in stops])
    e2e.check(all(h["frame"]["line"] == str(line) and h["frame"]["func"] == "worker" for h in hits),
           "a stop elsewhere than worker at line %d: %r" % (line, [h["frame"] for h in hits]))
    ids = sorted(int(mi.evaluate("id", thread=t)) for t in threads)
    e2e.check(ids == list(range(8)), "the stopped workers' ids are %r, expected 0..7" % ids)
    _, info = mi.command("-break-info 1")
    times = info["BreakpointTable"]["body"][0]["times"]
    e2e.check(times == "8", "breakpoint hit count %s, expected 8" % times)

    states = mi.thread_states()
    e2e.check(states.get("1") == "running" and sorted(t for t, s in states.items() if s == "stopped")
           == [str(t) for t in sorted(threads, key=str)],
           "expected the 8 workers stopped and main running: %r" % states)
    text = mi.console("info threads")
    at_line = re.findall(r"^[* ] +\d+ +Thread .* worker \(arg=0x[0-9a-f]+[^)]*\) at \S*%s:%d$" % (re.escape(SRC), line),
                         text, re.M)
    running = re.findall(r"^[* ] +1 +Thread .*\(running\)$", text, re.M)
    e2e.check(len(at_line) == 8 and len(running) == 1,
           "info threads: expected 8 workers at line %d and thread 1 running:\n%s" % (line, text))

    mi.command("-break-delete")
    mi.command("-exec-continue --all")
    mi.expect_exit(3)
    server.wait_for(r"threads: ok", 10)
    mi.close()


if __name__ == "__main__":
    e2e.run(test, timeout=60)
