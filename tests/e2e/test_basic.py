#!/usr/bin/env python3
"""break main / next / step / finish / locals and globals / bt / set var /
an inferior call / continue to exit 7 — on a launched `basic 7`."""
import rspd_e2e as e2e

SRC = "basic.c"


def test():
    prog = e2e.program("basic")
    server = e2e.Server(prog, ["7"])
    main_first = e2e.line_of(SRC, "main_first")
    compute_first = e2e.line_of(SRC, "compute_first")
    t = e2e.run_gdb([
        f"target remote {server.target}",
        "break main",
        ("cont-main", "continue"),
        ("next1", "next"), ("next2", "next"), ("next3", "next"),
        ("step-compute", "step"),
        ("step-square", "step"),
        "bt",
        ("finish-square", "finish"),
        ("next-sq", "next"),
        "print sq",
        ("finish-compute", "finish"),
        ("next-main", "next"),
        "info locals",
        "print argc", "print argv[1]",
        "print global_counter", "print global_name", "print global_ratio", "print global_array",
        "set var global_counter = 1000",
        ("print-set-global", "print global_counter"),
        "set var local_a = -3",
        ("print-set-local", "print local_a"),
        "print add(20, 22)",
        ("cont-exit", "continue"),
    ], prog)

    t.expect(rf"Breakpoint 1 at 0x[0-9a-f]+: file \S*{SRC}, line {main_first}\.", "break main")
    t.expect(rf"Breakpoint 1, main \(argc=2, argv=0x[0-9a-f]+\) at \S*{SRC}:{main_first}\n", "cont-main")
    t.expect(rf"^{main_first + 1}\t", "next1")
    t.expect(rf"^{main_first + 2}\t", "next2")
    t.expect(rf"^{e2e.line_of(SRC, 'main_call')}\t", "next3")
    e2e.expect_stop_at(t, "step-compute", "compute", SRC, compute_first)
    t.expect(r"^compute \(n=5\)", "step-compute", "step into compute(5)")
    e2e.expect_stop_at(t, "step-square", "square", SRC, e2e.line_of(SRC, "square_body"))
    t.expect(r"^square \(x=5\)", "step-square", "step into square(5)")
    e2e.expect_backtrace(t, "bt", ["square", "compute", "main"])
    t.expect(r"^Value returned is \$1 = 25$", "finish-square")
    t.expect(rf"^{compute_first + 1}\t", "next-sq")
    t.expect_value("print sq", "25")
    t.expect(r"^Value returned is \$3 = 28$", "finish-compute")
    t.expect(rf"^{e2e.line_of(SRC, 'main_after_call')}\t", "next-main")
    t.expect(r"^local_a = 5\nlocal_b = 28\ncode = 0$", "info locals", "main's locals")
    t.expect_value("print argc", "2")
    t.expect(r'^\$\d+ = 0x[0-9a-f]+ "7"$', "print argv[1]")
    t.expect_value("print global_counter", "42")
    t.expect(r'^\$\d+ = 0x[0-9a-f]+ "rspd"$', "print global_name")
    t.expect_value("print global_ratio", "2.5")
    t.expect_value("print global_array", "{10, 20, 30, 40}")
    t.expect_value("print-set-global", "1000")
    t.expect_value("print-set-local", "-3")
    t.expect_value("print add(20, 22)", "42")
    e2e.expect_exit_code(t, "cont-exit", 7)
    # The write to global_counter reached the real process: 1000 + 28.
    server.wait_for(r"basic: local_b=28 global_counter=1028 code=7", 10)
    server.wait(15)


if __name__ == "__main__":
    e2e.run(test)
