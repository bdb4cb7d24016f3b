#!/usr/bin/env python3
"""Markdown report of one bench run: per level, each metric's median [min-max]
per server and the ratio against the baseline (gdbserver when it runs, else
the first server); the ceilings from limits/ and each figure's share of its
ceiling; every failure with its reason. Exit status 1 if any check failed.
Usage: report.py --results JSONL --limits TXT --header TEXT SERVER..."""
import argparse
import json
import statistics
from collections import defaultdict

import servers

LEVELS = [("gdb", "Through gdb (what a user feels)"),
          ("rsp", "Protocol level, no gdb (what the server itself costs)")]
# metric -> ceiling from limits/ it is measured against
CEILING = {"stepi": "ptrace_step", "vcont_s": "ptrace_step", "g": "tcp_pingpong",
           "bp_cond_target": "ptrace_stepover", "bp_cond_host": "ptrace_stepover",
           "next_loop_steps": "ptrace_step",
           "dump_zero": "process_vm_readv", "dump_rand": "process_vm_readv",
           "m_zero": "process_vm_readv", "m_rand": "process_vm_readv"}


def num(v):
    a = abs(v)
    return "%.0f" % v if a >= 100 else "%.1f" % v if a >= 10 else "%.2f" % v if a >= 1 else "%.3f" % v


def load_limits(path):
    """{name: (median, unit, check)} from 'LIMIT name median unit check' lines."""
    out = {}
    try:
        with open(path) as f:
            for line in f:
                if line.startswith("LIMIT "):
                    _, name, value, unit, check = line.rstrip("\n").split(" ", 4)
                    out[name] = (float(value), unit, check)
    except OSError:
        pass
    return out


def level_table(rows, labels, base):
    """rows: results of one level. Returns markdown lines and {(metric, label): median}."""
    values, counts, meta, order = defaultdict(dict), defaultdict(lambda: [0, 0]), {}, []
    for r in rows:
        m = r["metric"]
        if m not in order:
            order.append(m)
        counts[(m, r["server"])][1] += 1
        if r.get("ok") and "value" in r:
            counts[(m, r["server"])][0] += 1
            values[(m, r["server"])][r["rep"]] = r["value"]
            meta[m] = "%s (%s is better)" % (r["unit"], r["better"])
    others = [l for l in labels if l != base]
    head = ["metric", "unit"] + ["%s median [min-max]" % l for l in labels] + \
           ["%s / %s" % (l, base) for l in others]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    medians = {}
    for m in order:
        cells = [m, meta.get(m, "-")]
        for l in labels:
            v = list(values[(m, l)].values())
            ok, total = counts[(m, l)]
            if v:
                medians[(m, l)] = statistics.median(v)
                cells.append("%s [%s-%s]%s" % (num(medians[(m, l)]), num(min(v)), num(max(v)),
                                               "" if ok == total else " (%d/%d ok)" % (ok, total)))
            else:
                cells.append("FAIL (0/%d ok)" % total if total else "-")
        for l in others:
            a, b = medians.get((m, l)), medians.get((m, base))
            paired = [v / values[(m, base)][k] for k, v in values[(m, l)].items() if values[(m, base)].get(k)]
            cell = "%.2fx" % (a / b) if a and b else "-"
            if len(paired) > 1:
                cell += " (paired %.2fx [%.2f-%.2f])" % (statistics.median(paired), min(paired), max(paired))
            cells.append(cell)
        lines.append("| " + " | ".join(cells) + " |")
    return lines, medians


def share_table(medians, limits, labels):
    lines = ["| metric | ceiling | " + " | ".join(labels) + " |", "|---|---|" + "---|" * len(labels)]
    for m, name in CEILING.items():
        if name in limits and any((m, l) in medians for l in labels):
            c = limits[name][0]
            lines.append("| %s | %s %s %s | %s |" % (m, name, num(c), limits[name][1], " | ".join(
                "%.1f%%" % (100 * medians[(m, l)] / c) if (m, l) in medians else "-" for l in labels)))
    return lines


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--results", required=True)
    ap.add_argument("--limits", required=True)
    ap.add_argument("--header", default="")
    ap.add_argument("servers", nargs="+")
    a = ap.parse_args()
    kinds = servers.resolve(a.servers)
    labels = [l for l, _ in kinds]
    base = "gdbserver" if "gdbserver" in labels else labels[0]
    with open(a.results) as f:
        results = [json.loads(line) for line in f if line.strip()]
    limits = load_limits(a.limits)
    out, medians = [a.header] if a.header else [], {}
    out += ["- servers: " + "; ".join("%s = `%s`" % k for k in kinds)]
    for level, title in LEVELS:
        rows = [r for r in results if r["level"] == level]
        if rows:
            lines, meds = level_table(rows, labels, base)
            medians.update(meds)
            out += ["", "## " + title, ""] + lines
    if limits:
        out += ["", "## Ceilings without RSP (bench/limits, median of the reps inside one run)", "",
                "| limit | median | unit | check |", "|---|---|---|---|"]
        out += ["| %s | %s | %s | %s |" % (k, num(v), u, c) for k, (v, u, c) in limits.items()]
        out += ["", "Share of the ceiling (server median / ceiling median):", ""]
        out += share_table(medians, limits, labels)
    failed = [r for r in results if not r.get("ok")]
    if failed:
        out += ["", "## Failures", ""]
        out += ["- %s %s, %s rep %d: %s" % (r["level"], r["metric"], r["server"], r["rep"],
                                           r.get("error") or "check failed: " + r.get("check", "?"))
                for r in failed]
    warned = [r for r in results if r.get("warning")]
    out += ["- warning: %s %s, %s rep %d: %s" % (r["level"], r["metric"], r["server"], r["rep"], r["warning"])
            for r in warned]
    checks = sorted({"%s / %s: %s" % (r["metric"], r["server"], r["check"]) for r in results
                     if r.get("ok") and r.get("check") and r["rep"] == 0})
    out += ["", "<details><summary>checks (rep 0)</summary>", ""] + ["- " + c for c in checks] + ["", "</details>"]
    print("\n".join(out))
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
