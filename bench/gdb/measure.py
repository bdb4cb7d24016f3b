# Runs inside gdb (gdb -batch -x measure.py PROG). One benchmark per session,
# chosen by $RB_BENCH; parameters come from the environment (gdb_level.py).
# Only the operation itself is timed; every result carries the check that
# proves the operation did what it should. Output: "RESULT {json}" lines.
import array
import json
import os
import time

import gdb

ENV = os.environ
N = int(ENV.get("RB_N", "0"))


def result(metric, value, unit, ok, check):
    print("RESULT " + json.dumps(dict(metric=metric, value=value, unit=unit, ok=bool(ok), check=check)),
          flush=True)


def run(cmd):
    return gdb.execute(cmd, to_string=True)


def num(expr):
    return int(gdb.parse_and_eval(expr))


def connect():
    run("target remote " + ENV["RB_TARGET"])


def server_rss_mib():
    with open("/proc/%s/status" % ENV["RB_SERVER_PID"]) as f:
        kib = next(int(line.split()[1]) for line in f if line.startswith("VmHWM:"))
    return kib / 1024


def server_cpu_ms():
    """CPU time the server has used so far (/proc/PID/schedstat, ns precision)."""
    with open("/proc/%s/schedstat" % ENV["RB_SERVER_PID"]) as f:
        return int(f.read().split()[0]) / 1e6


def client_cpu_s():
    """CPU time this gdb has used so far."""
    with open("/proc/self/schedstat") as f:
        return int(f.read().split()[0]) / 1e9


def timed(cmd, times=1):
    t0 = time.perf_counter()
    for _ in range(times):
        run(cmd)
    return time.perf_counter() - t0


def bench_stepi():
    connect()
    run("break *spin_top")
    run("continue")             # first arrival: rax was just zeroed
    run("delete")
    n = N & ~1
    dt = timed("stepi %d" % n)
    rax, pc, top = num("$rax"), num("$pc"), num("(long) &spin_top")
    result("stepi", n / dt, "steps/s", rax == n // 2 and pc == top,
           "rax=%d (want %d), pc at spin_top: %s" % (rax, n // 2, pc == top))


def bench_hits():
    connect()
    run("break main")
    run("continue")
    bp = gdb.Breakpoint("hit")
    dt = timed("continue", N)
    i = num("i")
    result("bp_hits", N / dt, "hits/s", i == N - 1 and bp.hit_count == N,
           "last i=%d (want %d), hit count %d (want %d)" % (i, N - 1, bp.hit_count, N))


def bench_cond(where):
    """`break hit if i == N-1` over N calls: N - 1 false conditions, one stop."""
    connect()
    run("break main")
    run("continue")
    run("set breakpoint condition-evaluation " + where)
    bp = gdb.Breakpoint("hit")
    bp.condition = "i == %d" % (N - 1)
    dt = timed("continue")
    # gdb decides where a condition runs when it inserts the breakpoint.
    evaluated_by = "target" if "(target evals)" in run("info breakpoints %d" % bp.number) else "host"
    i = num("i")
    result("bp_cond_" + where, N / dt, "hits/s", i == N - 1 and bp.hit_count == 1 and evaluated_by == where,
           "stopped with i=%d (want %d), %d reported hit(s) (want 1), evaluated by the %s"
           % (i, N - 1, bp.hit_count, evaluated_by))


def bench_next_loop():
    """`next` over a one-line loop of N iterations (range stepping where offered)."""
    connect()
    src = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "progs", "longloop.c")
    with open(src) as f:
        line = next(k for k, text in enumerate(f, 1) if "/* LOOP */" in text)
    run("break longloop.c:%d" % line)
    run("continue")
    run("delete")
    # Instructions the loop executes: the line's code is the whole loop, all but its
    # two-instruction initialisation run once per iteration.
    sal = gdb.find_pc_line(num("$pc"))
    insns = len(gdb.selected_frame().architecture().disassemble(sal.pc, sal.last))
    dt = timed("next")
    now = gdb.find_pc_line(num("$pc")).line
    total = num("total")
    want = N * (N - 1) // 2
    steps = N * (insns - 2)
    result("next_loop", dt, "s", total == want and now == line + 1,
           "total=%d (want %d), stopped on line %d (want %d); about %d instructions stepped"
           % (total, want, now, line + 1, steps))
    result("next_loop_steps", steps / dt, "steps/s", total == want and now == line + 1,
           "%d iterations x %d instructions in %.3f s" % (N, insns - 2, dt))


def bench_watch():
    """`watch watched` over N writes, each a change: N stops, old and new values."""
    connect()
    run("break main")
    run("continue")
    wp = gdb.Breakpoint("watched", gdb.BP_WATCHPOINT, gdb.WP_WRITE)
    hardware = wp.type == gdb.BP_HARDWARE_WATCHPOINT
    dt = timed("continue", N)
    value = num("watched")
    result("watch_hits", dt, "s", value == N and wp.hit_count == N and hardware,
           "watched=%d (want %d), %d hits (want %d), hardware: %s" % (value, N, wp.hit_count, N, hardware))


def bench_dump(kind):
    connect()
    run("break ready")
    run("continue")
    start, size = num("(long) buf"), num("buf_size")
    path = ENV["RB_DUMP"]
    dt = timed("dump binary memory %s %d %d" % (path, start, start + size))
    rss = server_rss_mib()      # before the kill: the server is still up
    with open(path, "rb") as f:
        got = f.read()
    os.unlink(path)
    if kind == "rand":
        with open(ENV["RB_DATA"], "rb") as f:
            want = f.read(size)
    else:
        want = array.array("Q", range(size // 8)).tobytes()
    ok = got == want
    check = "%d bytes, content %s" % (len(got), "as written" if ok else "WRONG")
    result("dump_" + kind, size / dt / 1e6, "MB/s", ok, check)
    if kind == "rand":
        result("rss_after_dump", rss, "MiB", ok, "server VmHWM after the dump")


def bench_session(sysroot):
    if sysroot == "local":
        run("set sysroot /")    # libraries from the local disk, not over vFile
    t0 = time.perf_counter()
    connect()
    run("break main")
    run("continue")
    in_main = gdb.selected_frame().name() == "main"
    rss = server_rss_mib()
    run("continue")
    dt = time.perf_counter() - t0
    code = num("$_exitcode")
    result("session_" + sysroot, dt, "s", in_main and code == 3,
           "stopped in main: %s, exit code %d (want 3)" % (in_main, code))
    if sysroot == "local":
        result("rss_session", rss, "MiB", in_main, "server VmHWM stopped in main")


def bench_threads():
    """progs/barrier.c with N threads, a whole session: connect, run to first() (every thread
    waiting in a barrier), `info threads` (gdb reads each thread's registers and frame),
    continue to second() (every thread resumed, then all stopped again), kill. Libraries come
    from the local disk for both servers (set sysroot /): the subject is threads, not files."""
    n = N
    run("set sysroot /")
    marks = []
    cpu_gdb0 = client_cpu_s()
    t0 = time.perf_counter()
    connect()
    run("break first")
    run("break second")
    run("continue")
    marks.append(time.perf_counter())
    info = run("info threads")
    marks.append(time.perf_counter())
    rows = sum(1 for line in info.splitlines() if line[:2].strip() in ("", "*") and " Thread " in line)
    cpu0 = server_cpu_ms()
    run("continue")
    marks.append(time.perf_counter())
    stop_cpu = server_cpu_ms() - cpu0
    in_second = gdb.selected_frame().name() == "second" and num("n") == n
    rss = server_rss_mib()
    run("kill")
    dt = time.perf_counter() - t0
    cpu_gdb = client_cpu_s() - cpu_gdb0
    ok = in_second and rows == n + 1
    steps = "first stop %.2f s, info threads %.2f s, second stop %.2f s" % (
        marks[0] - t0, marks[1] - marks[0], marks[2] - marks[1])
    check = "stopped in second(n=%d): %s, %d threads listed (want %d); %s" % (n, in_second, rows, n + 1, steps)
    result("threads%d_session" % n, dt, "s", ok, check)
    result("threads%d_stop_cpu" % n, stop_cpu, "ms", ok,
           "server CPU for the continue to second(): resume all %d threads, stop all, report" % (n + 1))
    result("threads%d_stop_cpu_per_thread" % n, stop_cpu * 1000 / (n + 1), "us", ok,
           "the same per thread: flat when the cost is linear")
    result("threads%d_rss" % n, rss, "MiB", ok, "server VmHWM stopped in second()")
    result("threads%d_gdb_cpu" % n, cpu_gdb, "s", ok,
           "gdb's own CPU time in the session (no server can save it): %.0f%% of the session"
           % (100 * cpu_gdb / dt))


BENCHES = {
    "stepi": bench_stepi,
    "bp_hits": bench_hits,
    "bp_cond_target": lambda: bench_cond("target"),
    "bp_cond_host": lambda: bench_cond("host"),
    "next_loop": bench_next_loop,
    "watch_hits": bench_watch,
    "dump_zero": lambda: bench_dump("zero"),
    "dump_rand": lambda: bench_dump("rand"),
    "session_target": lambda: bench_session("target"),
    "session_local": lambda: bench_session("local"),
    "threads_100": bench_threads,
    "threads_250": bench_threads,
    "threads_500": bench_threads,
    "threads_1000": bench_threads,
    "threads_2000": bench_threads,
}

try:
    if ENV.get("RB_REMOTELOG"):     # the session the `floor` server replays (gdb_level.py)
        run("set remotelogfile " + ENV["RB_REMOTELOG"])
    BENCHES[ENV["RB_BENCH"]]()
except Exception as e:          # report, never hang gdb
    print("RESULT " + json.dumps(dict(metric=ENV.get("RB_BENCH"), ok=False, error=str(e)[:300])), flush=True)
finally:
    try:
        if gdb.selected_inferior().pid:
            run("kill")
    except gdb.error:
        pass
