#!/usr/bin/env python3
"""lldb's `process attach --name NAME --waitfor` with rspd as its debugserver: rspd waits
(vAttachWait) for a program of that name to start, attaches to it, and lldb reads a global;
after `process detach` the program runs on and exits with its own code (8). The program is
a copy of `loop` under a name nobody else runs."""
import os
import shlex
import shutil
import threading
import time

import rspd_e2e as e2e


def test():
    e2e.require_rspd("LLDB's vAttachWait")
    rspd = shlex.split(e2e.server_template())[0]
    work = e2e.temp_dir()
    name = "rspdwait%d" % os.getpid()
    prog = os.path.join(work, name)
    shutil.copy(e2e.program("loop"), prog)
    stopfile = os.path.join(work, "stop")
    wrapper = os.path.join(os.path.dirname(os.path.abspath(__file__)), "lldb_debugserver.sh")
    packets = os.path.join(work, "packets.log")
    log = os.path.join(work, "rspd.log")
    started = {}

    def start_later():
        # Only once rspd waits: a program already running when the wait began is not "new"
        # (lldb's packet log shows vAttachWait sent, which may be before rspd has read it).
        waiting = f"Waiting for a process named {name}"
        e2e.wait_until(lambda: os.path.exists(log) and waiting in open(log).read(), 20)
        started["proc"] = e2e.Proc([prog, "sleep", "45", stopfile], name)

    starter = threading.Thread(target=start_later, daemon=True)
    starter.start()
    t = e2e.run_lldb([
        f"log enable -f {packets} gdb-remote packets",
        ("attach", f"process attach --name {name} --waitfor"),
        "expression loop_magic",
        ("detach", "process detach"),
    ], env={"LLDB_DEBUGSERVER_PATH": wrapper, "RSPD_BINARY": rspd,
                                     "RSPD_STDERR": log})
    starter.join(5)
    inferior = started.get("proc")
    if not inferior:
        raise e2e.TestFailure("the program was never started")

    t.expect(rf"^Process {inferior.pid} stopped$", "attach", "attached to the program started later")
    t.expect(rf"^Executable module set to \"{prog}\"\.$", "attach")
    t.expect(r"^\(int\) \$\d+ = 24301$", "expression loop_magic")
    t.expect(rf"^Process {inferior.pid} detached$", "detach")
    e2e.expect_detached(inferior, stopfile, 8)


if __name__ == "__main__":
    e2e.run(test)
