#!/usr/bin/env python3
"""Thread-local variables (qGetTLSAddr), as with gdbserver: each thread shows its own
tls_counter (the worker's 101, main's 7), tls_array its initial value, and libc's own TLS
variable errno (another module's block) each thread's value: 33 in the worker, 11 in main.
Needs gdb to find glibc's _thread_db_link_map_l_tls_modid (libc6-dbg), as gdbserver's
libthread_db does."""
import rspd_e2e as e2e

SRC = "tls.c"


def test():
    prog = e2e.program("tls")
    server = e2e.Server(prog)
    t = e2e.run_gdb([
        f"target remote {server.target}",
        "break checkpoint",
        ("cont-worker", "continue"),
        ("worker-counter", "print tls_counter"),
        ("worker-array", "print tls_array"),
        ("worker-errno", "print errno"),
        "thread 1",
        ("main-counter-early", "print tls_counter"),
        ("main-errno", "print errno"),
        ("cont-main", "continue"),
        ("main-counter", "print tls_counter"),
        ("below-tp", "print (char *)$fs_base - (char *)&tls_counter > 0 && (char *)$fs_base - (char *)&tls_counter < 4096"),
        ("exit", "continue"),
    ], prog)
    line = e2e.line_of(SRC, "checkpoint")
    e2e.expect_stop_at(t, "cont-worker", "checkpoint", SRC, line)
    t.expect(r"checkpoint \(id=1\)", "cont-worker")
    t.expect_value("worker-counter", "101")
    t.expect_value("worker-array", "{1, 2, 3, 4}")
    t.expect_value("worker-errno", "33")
    t.expect_value("main-counter-early", "7")
    t.expect_value("main-errno", "11")
    t.expect(r"checkpoint \(id=0\)", "cont-main")
    t.expect_value("main-counter", "7")
    t.expect_value("below-tp", "1")  # x86-64: the static TLS blocks lie just below the thread pointer
    e2e.expect_exit_code(t, "exit", 0)
    server.wait_for(r"tls: main counter=7", 10)


if __name__ == "__main__":
    e2e.run(test)
