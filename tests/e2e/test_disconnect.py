#!/usr/bin/env python3
"""The client goes away; what rspd launched dies, what it attached to lives on.

  test_disconnect.py KIND-HOW [--once | --multi]

KIND: launch (rspd started the program) or attach (rspd --attach to a running
`loop sleep`). HOW the client leaves:
  disconnect   gdb's `disconnect` while the inferior is stopped at a breakpoint
  gdb-killed   gdb SIGKILLed while the inferior is stopped at a breakpoint
  running      gdb SIGKILLed during `continue`, the inferior running with a
               breakpoint inserted
  midpacket    a raw client sets a breakpoint, runs to it, sends `$m1234,`
               and closes the socket in the middle of that packet

A launched inferior must be gone: no zombie, no stopped orphan. An attached
one must be detached (TracerPid 0), running or sleeping, its whole text
byte-for-byte what it was before rspd attached (no int3 left anywhere, read
through /proc/PID/mem), and must run on to its normal exit (code 8 once its
stop file exists; a breakpoint left in on_stopfile would kill it by SIGTRAP).

--once runs the server with --once. gdbserver only behaves this way with --once
(by default it keeps the stopped inferior and waits for gdb to reconnect), so
against gdbserver --once is always added; rspd does it by default
(DESIGN.md: kill what we launched, detach what we attached). --multi runs
`rspd --multi`, which must keep serving: a new client is answered afterwards."""
import os
import signal
import sys
import time
from pathlib import Path

import rspd_e2e as e2e

KINDS = ("launch", "attach")
HOWS = ("disconnect", "gdb-killed", "running", "midpacket")


def text_mapping(pid, prog):
    """(start, end) of prog's executable mapping in pid."""
    real = os.path.realpath(prog)
    for line in Path(f"/proc/{pid}/maps").read_text().splitlines():
        fields = line.split()
        if len(fields) >= 6 and fields[5] == real and "x" in fields[1]:
            start, end = (int(x, 16) for x in fields[0].split("-"))
            return start, end
    raise e2e.TestFailure(f"no executable mapping of {prog} in process {pid}")


def stopped_by_tracer(pid):
    st = e2e.proc_stat(pid)
    return st is not None and st[0] == "t"


def gdb_leaves(server, prog, how, inferior_pid):
    """gdb stops the inferior at `nap` (or runs it), then disconnects or is killed."""
    if how == "running":
        # A breakpoint that is never reached while gdb is there.
        commands = [f"target remote {server.target}", "break on_stopfile", ("cont", "continue")]
    else:
        commands = [f"target remote {server.target}", "break nap", ("cont", "continue"), "print $pc != 0"]
    if how == "disconnect":
        t = e2e.run_gdb(commands + ["disconnect"], prog)
        t.expect(r"^Breakpoint 1, ", "cont", "stop at nap")
        return
    gdb = e2e.Gdb(commands + [("hold", "shell sleep 60")], prog)
    if how == "running":
        gdb.wait_command("cont", 30)
        # Killed only once the inferior really runs (no longer in a ptrace-stop).
        if not e2e.wait_until(lambda: not stopped_by_tracer(inferior_pid), 10):
            raise e2e.TestFailure(f"inferior {inferior_pid} never resumed after `continue`")
        time.sleep(0.2)
    else:
        gdb.wait_command("hold", 30)
        gdb.wait_for(r"^Breakpoint 1, ", 1)
    os.kill(gdb.pid, signal.SIGKILL)  # gdb dies; the server sees the connection drop
    gdb.wait(10)


def raw_client_leaves_mid_packet(server, prog, inferior_pid):
    """Breakpoints at nap (hit) and on_stopfile (not), run to nap, then half a packet."""
    c = e2e.RspClient(server.target)
    c.exchange("qSupported:swbreak+")
    if not c.exchange("?").startswith("T"):
        raise e2e.TestFailure("'?' did not report a stopped thread")
    for symbol in ("nap", "on_stopfile"):
        addr = e2e.symbol_address(inferior_pid, prog, symbol)
        reply = c.exchange(f"Z0,{addr:x},1")
        if reply != "OK":
            raise e2e.TestFailure(f"Z0 at {symbol} ({addr:#x}) answered {reply!r}")
    c.send("vCont;c")
    stop = c.receive().decode("latin-1")
    if not stop.startswith("T05") or "swbreak" not in stop:
        raise e2e.TestFailure(f"expected a breakpoint stop at nap, got {stop!r}")
    c.send_raw(b"$m1234,")
    time.sleep(0.2)  # let the server read the half packet before the socket closes
    c.close()


def client_leaves(server, prog, how, inferior_pid):
    if how == "midpacket":
        raw_client_leaves_mid_packet(server, prog, inferior_pid)
    else:
        gdb_leaves(server, prog, how, inferior_pid)


def launched(how, options):
    prog = e2e.program("loop")
    stopfile = os.path.join(e2e.temp_dir(), "stop")
    server = e2e.Server(prog, ["sleep", 45, stopfile], options=options)
    inferior = server.inferior_pid()
    client_leaves(server, prog, how, inferior)
    e2e.assert_process_gone(inferior, "launched inferior after the client left")
    if "loop: stopfile seen" in server.stdout():
        raise e2e.TestFailure("the launched inferior ran to its end instead of being killed")
    return server


def attached(how, options):
    prog = e2e.program("loop")
    stopfile = os.path.join(e2e.temp_dir(), "stop")
    inferior = e2e.start_inferior(prog, ["sleep", 45, stopfile])
    start, end = text_mapping(inferior.pid, prog)
    text_before = e2e.read_memory(inferior.pid, start, end - start)
    server = e2e.Server(attach_pid=inferior.pid, options=options)
    client_leaves(server, prog, how, inferior.pid)

    if not e2e.wait_until(lambda: tracer_pid(inferior.pid) == 0, 10):
        raise e2e.TestFailure(f"pid {inferior.pid} is still traced by {tracer_pid(inferior.pid)} after the client left")
    time.sleep(0.3)
    state = e2e.proc_stat(inferior.pid)
    if state is None or state[0] not in "RS":
        raise e2e.TestFailure(f"attached process after the client left: state {state}, expected running or sleeping")
    text_after = e2e.read_memory(inferior.pid, start, end - start)
    if text_after != text_before:
        diffs = [start + i for i, (a, b) in enumerate(zip(text_before, text_after)) if a != b]
        raise e2e.TestFailure(f"the detached process's text changed at {[hex(a) for a in diffs[:8]]} "
                              f"(bytes now {[hex(text_after[a - start]) for a in diffs[:8]]})")
    open(stopfile, "w").close()
    code = inferior.wait(10)
    if code != 8:
        raise e2e.TestFailure(f"the attached process exited with {code}, expected 8 (stop file seen)")
    inferior.wait_for(r"loop: stopfile seen after \d+ ticks", 5)
    return server


def tracer_pid(pid):
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("TracerPid:"):
            return int(line.split()[1])
    raise e2e.TestFailure(f"no TracerPid in /proc/{pid}/status")


def still_serving(server):
    """--multi: the server is still up and answers a new client."""
    time.sleep(0.3)
    if server.popen.poll() is not None:
        raise e2e.TestFailure(f"rspd --multi exited ({server.popen.poll()}) after the client left")
    c = e2e.RspClient(server.target)
    reply = c.exchange("qSupported")
    if "PacketSize=" not in reply:
        raise e2e.TestFailure(f"a new client's qSupported got {reply!r}")
    last = c.exchange("?")
    if last != "W00":
        raise e2e.TestFailure(f"a new client's '?' got {last!r}, expected W00 (no process any more)")
    c.close()


def test():
    mode = sys.argv[1] if len(sys.argv) > 1 else ""
    kind, _, how = mode.partition("-")
    extra = sys.argv[2:]
    if kind not in KINDS or how not in HOWS or extra not in ([], ["--once"], ["--multi"]):
        raise e2e.TestFailure(f"usage: test_disconnect.py {{{'|'.join(KINDS)}}}-{{{'|'.join(HOWS)}}} [--once|--multi]")
    if extra == ["--multi"]:
        e2e.require_rspd("--multi keeping on after a disconnect with a launched program")
    options = extra or (["--once"] if e2e.server_flavor() == "gdbserver" else [])
    server = (launched if kind == "launch" else attached)(how, options)
    if extra == ["--multi"]:
        still_serving(server)
    else:
        code = server.wait(15)
        if e2e.server_flavor() == "rspd" and kind == "attach" and code != 0:
            raise e2e.TestFailure(f"rspd exited with {code} after detaching, expected 0")


if __name__ == "__main__":
    e2e.run(test, name=" ".join(["test_disconnect"] + sys.argv[1:]))
