# Runs inside lldb (lldb --batch -o 'command script import measure.py' PROG). One benchmark
# per session, chosen by $RB_BENCH; parameters come from the environment (lldb_level.py).
# Only the operation itself is timed; every result carries the check that proves the
# operation did what it should. Output: "RESULT {json}" lines.
import json
import os
import re
import time

import lldb

ENV = os.environ
N = int(ENV.get("RB_N", "0"))


def result(metric, value, unit, ok, check):
    print("RESULT " + json.dumps(dict(metric=metric, value=value, unit=unit, ok=bool(ok), check=check)),
          flush=True)


def fail(metric, why):
    print("RESULT " + json.dumps(dict(metric=metric, ok=False, error=why)), flush=True)


class Lldb:
    def __init__(self, debugger):
        self.debugger = debugger
        self.interp = debugger.GetCommandInterpreter()

    def run(self, cmd):
        # The context of the process gdb-remote made: the interpreter's own one is the one
        # `command script import` started in, from before the connection.
        res = lldb.SBCommandReturnObject()
        process = self.process()
        if process.IsValid():
            context = lldb.SBExecutionContext(process.GetSelectedThread())
            self.interp.HandleCommand(cmd, context, res, False)
        else:
            self.interp.HandleCommand(cmd, res)
        if not res.Succeeded():
            raise RuntimeError("`%s` failed: %s" % (cmd, res.GetError().strip()))
        return res.GetOutput()

    def process(self):
        return self.debugger.GetSelectedTarget().GetProcess()


def connect_to_breakpoint(d):
    d.run("gdb-remote " + ENV["RB_TARGET"])
    d.run("breakpoint set -n ready")
    d.run("continue")


def bench_connect_bp(d):
    t0 = time.perf_counter()
    connect_to_breakpoint(d)
    dt = time.perf_counter() - t0
    p = d.process()
    thread = p.GetSelectedThread()
    at_ready = thread.GetFrameAtIndex(0).GetFunctionName() == "ready"
    result("connect_bp", dt, "s", at_ready and p.GetNumThreads() == N + 1,
           "stopped in ready: %s, %d threads (want %d)" % (at_ready, p.GetNumThreads(), N + 1))


def bench_bt_all(d):
    connect_to_breakpoint(d)
    t0 = time.perf_counter()
    out = d.run("thread backtrace all")
    dt = time.perf_counter() - t0
    threads = len(re.findall(r"^[* ] thread #\d+", out, re.M))
    parked = len(re.findall(r"`parked\b", out))
    deep = len(re.findall(r"`worker\b", out))
    result("bt_all", dt, "s", threads == N + 1 and parked == N and deep == N,
           "%d threads, parked() in %d and worker() in %d backtraces (want %d, %d, %d)"
           % (threads, parked, deep, N + 1, N, N))


def bench_memory(d, metric):
    connect_to_breakpoint(d)
    p = d.process()
    target = d.debugger.GetSelectedTarget()
    buf = target.EvaluateExpression("(unsigned long) buf").GetValueAsUnsigned()
    size = N << 20
    dump = ENV["RB_DUMP"]
    if os.path.exists(dump):
        os.unlink(dump)
    t0 = time.perf_counter()
    d.run("memory read --force --binary --outfile %s 0x%x 0x%x" % (dump, buf, buf + size))
    dt = time.perf_counter() - t0
    with open(dump, "rb") as f:
        got = f.read()
    if metric == "mem_rand":
        with open(ENV["RB_DATA"], "rb") as f:
            want = f.read(size)
    else:
        want = b"".join(k.to_bytes(8, "little") for k in range(size // 8))
    result(metric, size / dt / 1e6, "MB/s", got == want,
           "%d bytes, equal to what the program wrote: %s" % (len(got), got == want))


def __lldb_init_module(debugger, internal_dict):
    debugger.SetAsync(False)
    d = Lldb(debugger)
    if ENV.get("RB_PACKET_LOG"):  # for looking into a number, never while measuring
        d.run("log enable -T -f %s gdb-remote packets" % ENV["RB_PACKET_LOG"])
    bench = ENV["RB_BENCH"]
    try:
        if bench == "connect_bp":
            bench_connect_bp(d)
        elif bench == "bt_all":
            bench_bt_all(d)
        else:
            bench_memory(d, bench)
    except Exception as e:  # a failed command is a failed check, never a number
        fail(bench, str(e))
    finally:
        p = d.process()
        if p.IsValid():
            p.Kill()
