#!/usr/bin/env python3
"""Non-stop through gdb/MI and the CLI: 8 workers tick a shared counter. Every
thread runs in the background; one worker is interrupted; `info threads` shows
exactly it stopped and the 8 others running; it is inspected and stepped line
by line while the others keep counting (the counter grows, its own tick count
only by the one line it stepped); then the whole process is stopped (each
thread reported once, the counter frozen) and let go to exit code 5.

Argument `extended`: the same over `target extended-remote`."""
import re
import sys
import time

import rspd_e2e as e2e
from rspd_e2e.mi import Mi

SRC = "counters.c"
WORKER = "5"   # gdb's thread 5: the 4th worker created, its id is 3
WORKER_ID = 3


def wait_stop_of(mi, thread, what, reason=None):
    return mi.wait_stopped(lambda r: r.get("thread-id") == thread and
                           (reason is None or r.get("reason") == reason), what=what)


def test():
    extended = "extended" in sys.argv[1:]
    prog = e2e.program("counters")
    server = e2e.Server(prog)
    mi = Mi(prog)
    mi.connect_non_stop(server.target, extended)
    mi.command("-break-insert all_started")
    mi.command("-exec-continue")
    stop = mi.wait_stopped(lambda r: r.get("reason") == "breakpoint-hit", what="all_started hit")
    e2e.check(stop["frame"]["func"] == "all_started" and stop["thread-id"] == "1",
           "expected thread 1 in all_started, got %r" % stop)
    mi.command("-break-delete")

    # Everything runs in the background.
    mi.command("-exec-continue")
    mi.wait_async("exec", "running", lambda r: r.get("thread-id") in ("1", "all"), what="*running of thread 1")
    states = e2e.wait_until(lambda: (lambda s: s if set(s.values()) == {"running"} else None)(
        mi.thread_states()), 5)
    e2e.check(states and len(states) == 9, "expected 9 running threads, got %r" % mi.thread_states())

    # Interrupt one worker: only it stops.
    mi.command("-exec-interrupt --thread %s" % WORKER)
    stop = wait_stop_of(mi, WORKER, "the interrupted worker's stop")
    e2e.check(stop.get("signal-name") == "0", "an interrupted thread stops with signal 0: %r" % stop)
    states = mi.thread_states()
    stopped = sorted(t for t, s in states.items() if s == "stopped")
    e2e.check(stopped == [WORKER] and len(states) == 9,
           "expected only thread %s stopped of 9, got %r" % (WORKER, states))
    info = mi.console("info threads")
    lines = [l for l in info.splitlines() if re.match(r"^[* ] +\d+ +Thread ", l)]
    e2e.check(len(lines) == 9 and sum("(running)" in l for l in lines) == 8,
           "info threads: expected 8 of 9 threads running:\n%s" % info)
    e2e.check(not re.search(r"^[* ] +%s +Thread .*\(running\)" % WORKER, info, re.M),
           "info threads shows thread %s running:\n%s" % (WORKER, info))

    # Inspect it: its backtrace reaches worker(), whose id is 3; its own tick count stands
    # still while the shared counter grows.
    _, res = mi.command("-stack-list-frames --thread %s" % WORKER)
    levels = [f["level"] for f in res["stack"] if f.get("func") == "worker"]
    e2e.check(len(levels) == 1, "no worker frame in thread %s: %r" % (WORKER, res["stack"]))
    got_id = mi.command("-data-evaluate-expression --thread %s --frame %s id" % (WORKER, levels[0]))[1]["value"]
    e2e.check(got_id == str(WORKER_ID), "worker id is %s, expected %d" % (got_id, WORKER_ID))
    own1, c1 = int(mi.evaluate("ticks[%d]" % WORKER_ID)), int(mi.evaluate("counter"))
    time.sleep(0.4)
    own2, c2 = int(mi.evaluate("ticks[%d]" % WORKER_ID)), int(mi.evaluate("counter"))
    e2e.check(own2 == own1, "the stopped worker ticked: %d -> %d" % (own1, own2))
    e2e.check(c2 > c1, "the other workers stopped counting: counter %d -> %d" % (c1, c2))

    # Step it, line by line through tick(), while the others run.
    mi.command("-break-insert -p %s tick" % WORKER)
    mi.command("-exec-continue --thread %s" % WORKER)
    mi.wait_async("exec", "running", lambda r: r.get("thread-id") == WORKER, what="*running of thread %s" % WORKER)
    stop = wait_stop_of(mi, WORKER, "thread %s at tick" % WORKER, "breakpoint-hit")
    mi.command("-break-delete")
    line = e2e.line_of(SRC, "tick_first")
    e2e.check(stop["frame"]["func"] == "tick" and stop["frame"]["line"] == str(line),
           "expected tick at line %d, got %r" % (line, stop["frame"]))
    own_before = int(mi.evaluate("ticks[%d]" % WORKER_ID))
    for marker in ("tick_add", "tick_own", "tick_return"):
        mi.command("-exec-next --thread %s" % WORKER)
        stop = wait_stop_of(mi, WORKER, "step to %s" % marker, "end-stepping-range")
        want = e2e.line_of(SRC, marker)
        e2e.check(stop["frame"]["line"] == str(want), "step: expected line %d, got %r" % (want, stop["frame"]))
    own_after = int(mi.evaluate("ticks[%d]" % WORKER_ID))
    e2e.check(own_after == own_before + 1, "ticks[%d] went %d -> %d over one tick()" % (WORKER_ID, own_before, own_after))
    c3 = int(mi.evaluate("counter"))
    time.sleep(0.4)
    c4 = int(mi.evaluate("counter"))
    e2e.check(c4 > c3, "others stopped counting while thread %s was stepped: %d -> %d" % (WORKER, c3, c4))
    states = mi.thread_states()
    e2e.check(sorted(t for t, s in states.items() if s == "stopped") == [WORKER],
           "after stepping, expected only thread %s stopped: %r" % (WORKER, states))

    # Stop them all: each of the 8 running threads reported exactly once.
    since = mi.mark()
    mi.command("-exec-interrupt --thread-group i1")
    seen = [wait_stop_of_any(mi) for _ in range(8)]
    time.sleep(0.5)
    later = [r.get("thread-id") for r in mi.stops_since(since)]
    e2e.check(sorted(seen) == sorted(set(seen)) == sorted(t for t in states if t != WORKER) and len(later) == 8,
           "stop all: threads reported %r (all stops %r)" % (seen, later))
    states = mi.thread_states()
    e2e.check(set(states.values()) == {"stopped"}, "after stopping all: %r" % states)
    c5 = int(mi.evaluate("counter"))
    time.sleep(0.3)
    c6 = int(mi.evaluate("counter"))
    e2e.check(c5 == c6, "counter moved with every thread stopped: %d -> %d" % (c5, c6))

    # Let it finish: exit code 5 means every worker ticked and no tick was lost.
    mi.command("-gdb-set var stop=1")
    mi.command("-exec-continue --all")
    mi.expect_exit(5)
    server.wait_for(r"counters: \d+ ticks", 10)
    mi.close()
    if e2e.server_flavor() == "rspd":
        status = server.wait(15)  # the client gone and nothing left to debug: rspd ends
        e2e.check(status == 5, "rspd exited with %r, expected the program's 5" % status)


def wait_stop_of_any(mi):
    return mi.wait_stopped(what="a stop after interrupting all")["thread-id"]


if __name__ == "__main__":
    e2e.run(test, timeout=80)
