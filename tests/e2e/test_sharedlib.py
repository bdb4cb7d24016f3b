#!/usr/bin/env python3
"""Breakpoints in a project shared library (libdemo.so: one set before it is
loaded, one after) and in libc's puts; exit code 4."""
import rspd_e2e as e2e

SRC = "libcall.c"


def test():
    prog = e2e.program("libcall")
    server = e2e.Server(prog)
    t = e2e.run_gdb([
        f"target remote {server.target}",
        "set breakpoint pending on",
        # Set before libdemo.so is loaded: gdb first places it on the PLT stub,
        # then moves it into the library when the server reports the load.
        ("break-mul", "break demo_mul"),
        "break main",
        ("cont-main", "continue"),
        ("break-add", "break demo_add"),
        ("break-puts", "break puts"),
        ("cont-add", "continue"),
        ("bt-add", "bt"),
        ("finish-add", "finish"),
        ("cont-mul", "continue"),
        ("print-mul-args", "print a * 10 + b"),
        ("cont-puts", "continue"),
        ("bt-puts", "bt"),
        ("cont-exit", "continue"),
    ], prog)

    t.expect(r"Breakpoint 1 (at 0x[0-9a-f]+|\(demo_mul\) pending\.)", "break-mul")
    t.expect(rf"Breakpoint 2, main \(\) at \S*{SRC}:{e2e.line_of(SRC, 'main_add')}\n", "cont-main")
    t.expect(r"Breakpoint 3 at 0x[0-9a-f]+: file \S*libdemo\.c, line \d+\.", "break-add")
    e2e.expect_stop_at(t, "cont-add", "demo_add", "libdemo.c", e2e.line_of("libdemo.c", "demo_add_body"))
    t.expect(r"^Breakpoint 3, demo_add \(a=2, b=3\)", "cont-add")
    e2e.expect_backtrace(t, "bt-add", ["demo_add", "main"])
    t.expect(r"^Value returned is \$1 = 5$", "finish-add")
    t.expect(r"^Breakpoint 1, demo_mul \(a=5, b=7\) at \S*libdemo\.c:\d+\n", "cont-mul", "breakpoint set before the load moved into libdemo.so")
    t.expect_value("print-mul-args", "57")
    # puts in libc: the frame is named after whichever alias gdb's symbols pick.
    m = t.expect(r"^Breakpoint 4, (?:0x[0-9a-f]+ in )?(puts|_IO_puts|__GI__IO_puts) \(", "cont-puts", "stop in puts")
    names = e2e.backtrace_functions(t["bt-puts"])
    if names != [m.group(1), "main"]:
        raise e2e.TestFailure(f"backtrace in puts is {names}, expected [{m.group(1)!r}, 'main']")
    t.expect(rf"^#1 .* in main \(\) at \S*{SRC}:{e2e.line_of(SRC, 'main_puts')}$", "bt-puts")
    e2e.expect_exit_code(t, "cont-exit", 4)
    server.wait_for(r"libcall: hello from puts", 10)


if __name__ == "__main__":
    e2e.run(test)
