"""The repetition loop both levels share: for each rep, each benchmark, each
server in turn, rotating the server order every rep (A B, B A, ...) so that a
drift of the machine's speed hits every server alike. Results go to a JSON
lines file as they come, and a line per result to stdout."""
import argparse
import json
import os
import subprocess

import servers

UNIT_BETTER = {"steps/s": "higher", "hits/s": "higher", "MB/s": "higher", "round_trips/s": "higher",
               "s": "lower", "ms": "lower", "us": "lower", "MiB": "lower"}


def arguments(doc, benches):
    ap = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("servers", nargs="+", help="gdbserver, rspd, or NAME='template {port} {prog} {args}'")
    ap.add_argument("-r", "--reps", type=int, default=5)
    ap.add_argument("-b", "--bench", default="", help="comma list of: " + ",".join(benches))
    ap.add_argument("--quick", action="store_true", help="small sizes, for a smoke test")
    ap.add_argument("--out", required=True, help="JSON lines file to append results to")
    return ap.parse_args()


class Start:
    """One session's server, started: serving PROG with N (and the random data) of BENCH."""

    def __init__(self, level, benches, label, template, bench, rep, logs, quick):
        self.prog, pargs, n_full, n_quick = benches[bench]
        self.n = n_quick if quick else n_full
        self.data = servers.random_data()
        args = [a.format(n=self.n, data=self.data) for a in pargs]
        self.base = os.path.join(logs, "%s.%s.%s.%d" % (level, bench, label, rep))
        self.failure = None
        try:
            self.srv = servers.Server(template, self.prog, args, self.base + ".server.log")
        except (RuntimeError, OSError) as e:
            self.failure = [dict(metric=bench, ok=False, error=str(e))]


def client_session(srv, cmd, env, timeout, log_base, bench, client):
    """Runs a debugger (gdb or lldb) that prints "RESULT {json}" lines against the running
    server srv, then stops the server. Returns the results, or one failure naming what the
    debugger said last. Its output goes to LOG_BASE.CLIENT.log."""
    try:
        p = subprocess.run(cmd, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                           timeout=timeout)
        out, err = p.stdout, p.stderr
    except subprocess.TimeoutExpired as e:
        out = e.stdout.decode(errors="replace") if e.stdout else ""
        err = "%s timed out after %d s" % (client, timeout)
    with open("%s.%s.log" % (log_base, client), "w") as f:
        f.write("$ %s\n%s\n--- stderr\n%s" % (" ".join(cmd), out, err))
    results = [json.loads(line[7:]) for line in out.splitlines() if line.startswith("RESULT {")]
    if not results:
        tail = [l for l in (out + "\n" + err).splitlines() if l.strip()][-2:]
        results = [dict(metric=bench, ok=False, error="no result; %s said: %s" % (client, " / ".join(tail)))]
    if not srv.stop():
        for r in results:
            r["warning"] = "server still up 5 s after %s exited; killed" % client
    return results


def show(level, rep, label, r):
    if r.get("ok"):
        text = "%.4g %s  [%s]" % (r["value"], r["unit"], r["check"])
    else:
        text = "FAIL %s" % (r.get("error") or r.get("check"))
    print("%s rep %d %-16s %-12s %s%s" % (level, rep, r["metric"], label, text,
                                          "  (%s)" % r["warning"] if r.get("warning") else ""), flush=True)


def run(level, a, benches, session):
    """session(label, template, bench, rep, logdir, quick) -> [result dict]."""
    kinds = servers.resolve(a.servers)
    if level != "gdb":   # the floor replays gdb sessions only
        kinds = [(label, t) for label, t in kinds if t != servers.FLOOR]
    chosen = [b for b in benches if not a.bench or b in a.bench.split(",")]
    logs = os.path.join(os.path.dirname(os.path.abspath(a.out)), "logs")
    os.makedirs(logs, exist_ok=True)
    with open(a.out, "a") as out:
        for rep in range(a.reps):
            for bench in chosen:
                for label, template in kinds[rep % len(kinds):] + kinds[:rep % len(kinds)]:
                    for r in session(label, template, bench, rep, logs, a.quick):
                        r.update(level=level, server=label, rep=rep, bench=bench)
                        if "unit" in r:
                            r["better"] = UNIT_BETTER[r["unit"]]
                        out.write(json.dumps(r) + "\n")
                        out.flush()
                        show(level, rep, label, r)
