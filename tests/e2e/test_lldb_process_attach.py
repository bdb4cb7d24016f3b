#!/usr/bin/env python3
"""lldb's `process attach --pid` with rspd as its debugserver (LLDB_DEBUGSERVER_PATH):
vAttach to a running `loop sleep`, a global and the backtrace read, `process detach`; the
process is no longer traced and exits with its own code (8)."""
import os
import shlex

import rspd_e2e as e2e


def test():
    e2e.require_rspd("LLDB's attach through rspd")
    rspd = shlex.split(e2e.server_template())[0]
    prog, inferior, stopfile = e2e.start_sleeping_loop()
    wrapper = os.path.join(os.path.dirname(os.path.abspath(__file__)), "lldb_debugserver.sh")
    t = e2e.run_lldb([
        ("attach", f"process attach --pid {inferior.pid}"),
        "expression loop_magic",
        "expression ticks > 0",
        "bt",
        "process detach",
    ], env={"LLDB_DEBUGSERVER_PATH": wrapper, "RSPD_BINARY": rspd})

    t.expect(rf"^Process {inferior.pid} stopped$", "attach")
    t.expect(rf"^Executable module set to \"{prog}\"\.$", "attach")
    t.expect(r"^\(int\) \$\d+ = 24301$", "expression loop_magic")
    t.expect(r"^\(bool\) \$\d+ = true$", "expression ticks > 0")
    names = e2e.frame_functions(t["bt"])
    if "main" not in names:
        raise e2e.TestFailure(f"backtrace {names} does not reach main")
    t.expect(rf"^Process {inferior.pid} detached$", "process detach")
    e2e.expect_detached(inferior, stopfile, 8)


if __name__ == "__main__":
    e2e.run(test)
