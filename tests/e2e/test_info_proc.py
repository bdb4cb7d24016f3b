#!/usr/bin/env python3
"""`info proc` as with gdbserver: gdb reads the program's command line (vFile:open of
/proc/PID/cmdline) and its exe and cwd links (vFile:readlink), so `info proc` shows
all three, and `info proc exe` / `info proc cwd` each their own line."""
import os
import re

import rspd_e2e as e2e


def test():
    prog = e2e.program("basic")
    server = e2e.Server(prog, args=["7"])
    t = e2e.run_gdb([
        f"target remote {server.target}",
        "break main",
        "continue",
        ("proc", "info proc"),
        ("exe", "info proc exe"),
        ("cwd", "info proc cwd"),
        ("cmdline", "info proc cmdline"),
        ("exit", "continue"),
    ], prog)
    exe = os.path.realpath(prog)
    cwd = os.path.realpath(os.getcwd())
    pid = t.expect(r"^process (\d+)$", "proc").group(1)
    t.expect(rf"^cmdline = '{re.escape(prog)} 7'$", "proc")
    t.expect(rf"^cwd = '{re.escape(cwd)}'$", "proc")
    t.expect(rf"^exe = '{re.escape(exe)}'$", "proc")
    t.expect(rf"^process {pid}\nexe = '{re.escape(exe)}'$", "exe")
    t.expect(rf"^process {pid}\ncwd = '{re.escape(cwd)}'$", "cwd")
    t.expect(rf"^process {pid}\ncmdline = '{re.escape(prog)} 7'$", "cmdline")
    e2e.expect_exit_code(t, "exit", 7)


if __name__ == "__main__":
    e2e.run(test)
