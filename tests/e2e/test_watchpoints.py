#!/usr/bin/env python3
"""Hardware watchpoints and breakpoints through the x86 debug registers:
`watch` on a global written 3 times shows each old and new value; `rwatch`
stops after the reading instruction (x86 has no read-only kind: gdb gets an
access watchpoint and tells reads from writes); `awatch` on a 16-byte array
(two debug registers); an unaligned 4-byte watch (two registers); `hbreak`;
a watchpoint triggered by a second thread names that thread; exit code 5."""
import rspd_e2e as e2e

SRC = "watch.c"


def test():
    prog = e2e.program("watch")
    server = e2e.Server(prog)
    line = lambda marker: e2e.line_of(SRC, marker)
    t = e2e.run_gdb([
        f"target remote {server.target}",
        "watch watched",
        ("w1", "continue"), ("w2", "continue"), ("w3", "continue"),
        "delete",
        "rwatch watched",
        ("r1", "continue"),
        "print seen",
        "delete",
        "awatch wide",
        ("a1", "continue"),
        "delete",
        "watch *(int *)&bytes[2]",
        ("u1", "continue"),
        "delete",
        "hbreak hw_target",
        ("hb", "continue"),
        "bt",
        "delete",
        "watch thread_value",
        ("thr", "continue"),
        ("thr-bt", "bt"),
        ("thr-self", "print $_thread"),
        "delete",
        ("cont-exit", "continue"),
    ], prog)

    for key, old, new, at in (("w1", 0, 11, "write2"), ("w2", 11, 22, "write3"), ("w3", 22, 33, "read")):
        t.expect(rf"^Hardware watchpoint 1: watched\n\nOld value = {old}\nNew value = {new}\n", key,
                 f"watch shows {old} -> {new}")
        # A write watchpoint traps after the writing instruction: gdb shows the next line.
        t.expect(rf"^main \(\) at \S*{SRC}:{line(at)}\n", key, f"stop after the write, at line {line(at)}")
    t.expect(r"^Hardware read watchpoint 2: watched\n\nValue = 33\n", "r1", "rwatch reports the read")
    t.expect(rf"^0x[0-9a-f]+ in main \(\) at \S*{SRC}:{line('read')}\n", "r1",
             "rwatch stops right after the reading instruction, inside its line")
    t.expect_not(r"Old value", "r1")
    t.expect_value("print seen", "0")  # the read ran, its store into `seen` not yet
    t.expect(r"^Hardware access \(read/write\) watchpoint 3: wide\n\nOld value = \{0, 0\}\nNew value = \{0, 6\}\n",
             "a1", "awatch over 16 bytes sees the write to wide[1]")
    t.expect(r"^Hardware watchpoint 4: \*\(int \*\)&bytes\[2\]\n\nOld value = 0\nNew value = 16777216\n", "u1",
             "an unaligned 4-byte watch sees bytes[5]")
    t.expect(rf"^Breakpoint 5, hw_target \(\) at \S*{SRC}:{line('hw_target_body')}\n", "hb", "hbreak")
    e2e.expect_backtrace(t, "bt", ["hw_target", "main"])
    t.expect(r"^\[Switching to Thread .*\]\n", "thr", "the worker thread reported the watchpoint")
    t.expect(r"^Thread 2 .*hit Hardware watchpoint 6: thread_value\n\nOld value = 0\nNew value = 77\n", "thr")
    if e2e.backtrace_functions(t["thr-bt"])[0] != "worker":
        raise e2e.TestFailure(f"the watchpoint stop is not in worker: {t['thr-bt']!r}")
    t.expect_value("thr-self", "2")
    e2e.expect_exit_code(t, "cont-exit", 5)
    server.wait_for(r"watch: seen=33 sum=99990000 total=149985000 thread=77 calls=11000", 10)


if __name__ == "__main__":
    e2e.run(test)
