#!/usr/bin/env python3
"""qRcmd and qXfer:osdata: `monitor help`, `monitor set debug on|off` (rspd's log follows),
`info os processes` (rspd itself listed with its command line), and `monitor exit`, which
ends rspd --multi after killing the program it was debugging."""
import re

import rspd_e2e as e2e


def test():
    prog = e2e.program("showenv")
    server = e2e.Server(multi=True)
    t = e2e.run_gdb([
        f"target extended-remote {server.target}",
        ("help", "monitor help"),
        ("debug-on", "monitor set debug on"),
        f"set remote exec-file {prog}",
        "break checkpoint",
        ("run", "run"),
        ("debug-off", "monitor set debug off"),
        ("os", "info os"),
        ("processes", "info os processes"),
        ("inferiors", "info inferiors"),
        ("exit", "monitor exit"),
    ], prog)
    t.expect(r"^  set debug on\|off ", "help")
    t.expect(r"^  exit ", "help")
    t.expect(r"^Debug output enabled\.$", "debug-on")
    t.expect(r"^Debug output disabled\.$", "debug-off")
    t.expect(r"^processes +Listing of all processes *$", "os")
    t.expect(rf"^{server.pid} +\S+ +\S*rspd --multi 127\.0\.0\.1:{server.port} ", "processes",
             "rspd's own row")
    inferior = int(t.expect(r"process (\d+)", "inferiors").group(1))
    t.expect(rf"^{inferior} +\S+ +\S*showenv ", "processes", "the program's row")
    if not re.search(r"^rspd\[", server.stderr(), re.M):
        raise e2e.TestFailure("no debug log lines after `monitor set debug on`")
    server.wait(10)
    e2e.assert_process_gone(inferior, "the program after monitor exit")
    if "exiting on the client's request" not in server.stderr():
        raise e2e.TestFailure("rspd did not say why it exited")


if __name__ == "__main__":
    e2e.run(test)
