#!/usr/bin/env python3
"""Non-stop gdb/MI: watchpoints inserted and removed while the thread that
writes the watched global runs. main stops at ready() (one thread stopped), the
writer keeps running, polling `go`. `watch watched` goes in while it runs; gdb
then lets it store (go = 1): the watchpoint triggers in the writer, old 0, new
11. Resumed, it stores again (go = 2): old 11, new 22. The watchpoint is
deleted while it runs; its next store (go = 3) must not stop it. Exit code 7.

Without the running threads' debug registers written before Z2's reply (and
z2's), the first store slips by unseen and the last one stops the writer."""
import time

import rspd_e2e as e2e
from rspd_e2e.mi import Mi

SRC = "nswatch.c"
MAIN, WRITER = "1", "2"


def set_go(mi, n):
    mi.command("-gdb-set var go=%d" % n)


def expect_trigger(mi, old, new):
    stop = mi.wait_stopped(lambda r: r.get("reason") == "watchpoint-trigger",
                           what="the watchpoint trigger %d -> %d" % (old, new), timeout=10)
    e2e.check(stop.get("thread-id") == WRITER, "expected the writer (thread 2) to trigger: %r" % stop)
    e2e.check(stop.get("value") == {"old": str(old), "new": str(new)},
              "expected old %d new %d: %r" % (old, new, stop.get("value")))
    e2e.check(stop["wpt"]["exp"] == "watched", "the watchpoint on `watched`: %r" % stop)
    e2e.check(stop["frame"]["func"] == "writer", "the trigger is in writer(): %r" % stop["frame"])
    states = mi.thread_states()
    e2e.check(states == {MAIN: "stopped", WRITER: "stopped"}, "threads after the trigger: %r" % states)


def wait_running(mi, thread):
    states = e2e.wait_until(lambda: (lambda s: s if s.get(thread) == "running" else None)(
        mi.thread_states()), 5)
    e2e.check(states and states.get(MAIN) == "stopped",
              "expected main stopped and the writer running: %r" % mi.thread_states())


def test():
    prog = e2e.program("nswatch")
    server = e2e.Server(prog)
    mi = Mi(prog)
    mi.connect_non_stop(server.target)
    mi.command("-break-insert ready")
    mi.command("-exec-continue")
    stop = mi.wait_stopped(lambda r: r.get("reason") == "breakpoint-hit", what="ready() hit")
    e2e.check(stop["thread-id"] == MAIN and stop["frame"]["func"] == "ready", "expected main in ready(): %r" % stop)
    mi.command("-break-delete")
    wait_running(mi, WRITER)

    # Inserted while the writer runs: its first store after the reply is caught.
    since = mi.mark()
    _, res = mi.command("-break-watch watched")
    e2e.check(res["wpt"]["exp"] == "watched", "watch: %r" % res)
    time.sleep(0.2)  # the writer keeps polling: nothing stops it before it stores
    e2e.check(mi.stops_since(since) == [], "a stop before any store: %r" % mi.stops_since(since))
    set_go(mi, 1)
    expect_trigger(mi, 0, 11)
    e2e.check(mi.evaluate("n", thread=WRITER) == "1", "the writer stored for go == 1")

    mi.command("-exec-continue --thread %s" % WRITER)
    wait_running(mi, WRITER)
    set_go(mi, 2)
    expect_trigger(mi, 11, 22)

    # Deleted while the writer runs: its next store goes through without a stop.
    mi.command("-exec-continue --thread %s" % WRITER)
    wait_running(mi, WRITER)
    since = mi.mark()
    mi.command("-break-delete")
    set_go(mi, 3)
    stored = e2e.wait_until(lambda: mi.evaluate("watched") == "33", 5)
    time.sleep(0.2)
    e2e.check(stored, "the writer did not store 33: watched = %s" % mi.evaluate("watched"))
    e2e.check(mi.stops_since(since) == [], "a stop after the watchpoint was deleted: %r" % mi.stops_since(since))
    e2e.check(mi.thread_states().get(WRITER) == "running", "the writer stopped: %r" % mi.thread_states())

    set_go(mi, -1)
    mi.command("-exec-continue --thread %s" % MAIN)
    mi.expect_exit(7)
    server.wait_for(r"nswatch: 33", 10)
    mi.close()


if __name__ == "__main__":
    e2e.run(test, timeout=60)
