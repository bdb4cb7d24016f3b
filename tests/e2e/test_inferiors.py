#!/usr/bin/env python3
"""Two inferiors at once on one extended-remote connection: `basic` stopped in inferior 1,
`showenv` started in inferior 2 (add-inferior, inferior 2, run), both listed, each inspected
and run to its own exit code."""
import rspd_e2e as e2e


def test():
    basic = e2e.program("basic")
    showenv = e2e.program("showenv")
    server = e2e.Server(multi=True)
    t = e2e.run_gdb([
        f"target extended-remote {server.target}",
        f"set remote exec-file {basic}",
        "break square",
        ("run1", "run 7"),
        ("add", "add-inferior"),
        ("switch2", "inferior 2"),
        ("file2", f"file {showenv}"),
        f"set remote exec-file {showenv}",
        "break checkpoint",
        ("run2", "run two"),
        ("info", "info inferiors"),
        ("switch1", "inferior 1"),
        ("x", "print x"),
        ("exit1", "continue"),
        ("back2", "inferior 2"),
        ("up", "up"),
        ("argc", "print argc"),
        ("exit2", "continue"),
    ], basic)
    t.expect(r"^Breakpoint 1, square \(x=5\) at \S*basic\.c:\d+$", "run1")
    t.expect(r"^\[New inferior 2\]$", "add")
    t.expect(r'^Thread 2\.1 "showenv" hit Breakpoint 2, checkpoint \(\) at \S*showenv\.c:\d+$', "run2")
    rows = [l for l in t["info"].splitlines() if "process" in l]
    if len(rows) != 2 or not rows[1].startswith("* 2"):
        raise e2e.TestFailure(f"info inferiors should list two processes, 2 current: {t['info']!r}")
    first, second = (int(r.split("process")[1].split()[0]) for r in rows)
    t.expect_value("x", "5")
    t.expect(rf"^\[Inferior 1 \(process {first}\) exited with code 07\]$", "exit1")
    t.expect_value("argc", "2")
    t.expect(rf"^\[Inferior 2 \(process {second}\) exited with code 02\]$", "exit2")


if __name__ == "__main__":
    e2e.run(test)
