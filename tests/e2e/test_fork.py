#!/usr/bin/env python3
"""fork under gdb's control (fork-events): `catch fork` then `follow-fork-mode child` into
the child, which hits a breakpoint; then `detach-on-fork off`, both processes kept and
inspected one after the other."""
import rspd_e2e as e2e


def test():
    prog = e2e.program("forker")
    server = e2e.Server(multi=True)
    prelude = [f"target extended-remote {server.target}", f"set remote exec-file {prog}"]

    t = e2e.run_gdb(prelude + [
        "set follow-fork-mode child",
        "break child_work",
        "catch fork",
        ("run", "run"),
        ("follow", "continue"),
        ("x", "print x"),
        ("role", "print role"),
        ("bt", "bt"),
        ("exit", "continue"),
    ], prog)
    m = t.expect(r"^Catchpoint 2 \(forked process (\d+)\), ", "run", "the fork caught")
    child = int(m.group(1))
    t.expect(rf"^\[New inferior 2 \(process {child}\)\]$", "follow")
    t.expect(r"^\[Detaching after fork from parent process \d+\]$", "follow")
    t.expect(r'^Thread 2\.1 "forker" hit Breakpoint 1, child_work \(x=14\) at \S*forker\.c:\d+$', "follow")
    t.expect_value("x", "14")
    t.expect_value("role", "1")
    e2e.expect_backtrace(t, "bt", ["child_work", "main"])
    t.expect(rf"^\[Inferior 2 \(process {child}\) exited with code 052\]$", "exit")

    t = e2e.run_gdb(prelude + [
        "set detach-on-fork off",
        "break parent_work",
        "break child_work",
        ("run", "run"),
        ("inferiors", "info inferiors"),
        ("parent-role", "print role"),
        ("switch", "inferior 2"),
        ("child-cont", "continue"),
        ("child-role", "print role"),
        ("child-value", "print x * 3"),
        ("child-exit", "continue"),
        ("back", "inferior 1"),
        ("parent-exit", "continue"),
    ], prog)
    m = t.expect(r"^\[New inferior 2 \(process (\d+)\)\]$", "run", "the child kept as inferior 2")
    child = int(m.group(1))
    # Two inferiors now: gdb names the thread and the breakpoint's location in inferior 1.
    t.expect(r'^Thread 1\.1 "forker" hit Breakpoint 1\.1, parent_work \(x=1\) at \S*forker\.c:\d+$', "run")
    t.expect_not(r"Cannot remove breakpoints", "run", "breakpoints of both processes managed")
    rows = [l for l in t["inferiors"].splitlines() if "process" in l]
    if len(rows) != 2 or f"process {child}" not in rows[1]:
        raise e2e.TestFailure(f"info inferiors should list the parent and child {child}: {t['inferiors']!r}")
    t.expect_value("parent-role", "2")
    t.expect(rf"^\[Switching to inferior 2 \[process {child}\]", "switch")
    t.expect(r'^Thread 2\.1 "forker" hit Breakpoint 2\.2, child_work \(x=14\) at \S*forker\.c:\d+$', "child-cont")
    t.expect_value("child-role", "1")
    t.expect_value("child-value", "42")
    t.expect(rf"^\[Inferior 2 \(process {child}\) exited with code 052\]$", "child-exit")
    t.expect(r"^\[Inferior 1 \(process \d+\) exited with code 03\]$", "parent-exit",
             "the parent saw its child exit with 42")


if __name__ == "__main__":
    e2e.run(test)
