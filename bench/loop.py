"""The repetition loop both levels share: for each rep, each benchmark, each
server in turn, rotating the server order every rep (A B, B A, ...) so that a
drift of the machine's speed hits every server alike. Results go to a JSON
lines file as they come, and a line per result to stdout."""
import argparse
import json
import os

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
