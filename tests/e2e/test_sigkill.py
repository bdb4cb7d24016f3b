#!/usr/bin/env python3
"""The inferior is killed with SIGKILL from outside, behind gdb's back.

  test_sigkill.py KIND-WHEN [--multi]

KIND: launch or attach (a `loop sleep` either way), or threads (launch of
`threads`, nine threads, stopped where a worker hits its breakpoint). WHEN:
  stopped   while gdb has it stopped at a breakpoint; gdb's next `continue`
            must report the death
  running   during gdb's `continue`

gdb must print "Program terminated with signal SIGKILL, Killed." (the X09
stop reply), the process must be gone (no zombie), and rspd must neither hang
nor crash: without --multi it exits with 137 (128 + SIGKILL, the inferior's
fate); with --multi it keeps serving, and a new client is answered ('?' says
W00: no process)."""
import os
import signal
import sys
import time

import rspd_e2e as e2e


def test():
    mode = sys.argv[1] if len(sys.argv) > 1 else ""
    kind, _, when = mode.partition("-")
    multi = sys.argv[2:] == ["--multi"]
    if kind not in ("launch", "attach", "threads") or when not in ("stopped", "running") or sys.argv[2:] not in ([], ["--multi"]):
        raise e2e.TestFailure("usage: test_sigkill.py {launch|attach|threads}-{stopped|running} [--multi]")
    if multi:
        e2e.require_rspd("--multi keeping on after the inferior died")
    options = ["--multi", "--remote-debug"] if multi else ["--remote-debug"]
    if e2e.server_flavor() == "gdbserver":
        options = ["--once"] + (["--multi"] if multi else [])

    prog = e2e.program("threads" if kind == "threads" else "loop")
    stopfile = os.path.join(e2e.temp_dir(), "stop")
    breakpoint = f"threads.c:{e2e.line_of('threads.c', 'worker_after_barrier')}" if kind == "threads" else "nap"
    if kind == "threads":
        server = e2e.Server(prog, [], options=options)
        pid = server.inferior_pid()
    elif kind == "launch":
        server = e2e.Server(prog, ["sleep", 45, stopfile], options=options)
        pid = server.inferior_pid()
    else:
        inferior = e2e.start_inferior(prog, ["sleep", 45, stopfile])
        pid = inferior.pid
        server = e2e.Server(attach_pid=pid, options=options)

    if when == "stopped":
        t = e2e.run_gdb([
            f"target remote {server.target}",
            f"break {breakpoint}",
            ("cont", "continue"),
            ("kill-9", f"shell kill -9 {pid}"),
            "shell sleep 0.5",
            ("cont-dead", "continue"),
            "info inferiors",
        ], prog)
        t.expect(r"Breakpoint 1, ", "cont", f"stop at {breakpoint}")
        key = "cont-dead"
    else:
        gdb = e2e.Gdb([
            f"target remote {server.target}",
            ("cont", "continue"),
            "info inferiors",
        ], prog)
        gdb.wait_command("cont", 30)
        if not e2e.wait_until(lambda: (e2e.proc_stat(pid) or "t")[0] != "t", 10):
            raise e2e.TestFailure(f"inferior {pid} never resumed after `continue`")
        time.sleep(0.3)
        os.kill(pid, signal.SIGKILL)
        t = gdb.finish(30)
        key = "cont"
    t.expect(r"^Program terminated with signal SIGKILL, Killed\.$", key, "gdb reports the SIGKILL")
    t.expect(r"^The program no longer exists\.$", key)
    t.expect_not(r"process " + str(pid), "info inferiors", "the dead process still listed")
    if e2e.server_flavor() == "rspd":
        server.wait_for(r"^rspd: -> X09\b", 5, stream="stderr")
    e2e.assert_process_gone(pid, "inferior killed by SIGKILL")

    if not multi:
        code = server.wait(15)
        if e2e.server_flavor() == "rspd" and code != 128 + signal.SIGKILL:
            raise e2e.TestFailure(f"rspd exited with {code}, expected {128 + signal.SIGKILL} (inferior killed by SIGKILL)")
        return
    time.sleep(0.3)
    if server.popen.poll() is not None:
        raise e2e.TestFailure(f"rspd --multi exited ({server.popen.poll()}) after the inferior died")
    c = e2e.RspClient(server.target)
    if "PacketSize=" not in c.exchange("qSupported"):
        raise e2e.TestFailure("a new client's qSupported was not answered")
    last = c.exchange("?")
    if last != "W00":
        raise e2e.TestFailure(f"a new client's '?' got {last!r}, expected W00: no process")
    c.close()


if __name__ == "__main__":
    e2e.run(test, name=" ".join(["test_sigkill"] + sys.argv[1:]))
