"""Run one test: PASS/FAIL/SKIP line, exit status, deadline, cleanup."""

import os
import re
import shutil
import signal
import sys
import time
from pathlib import Path

from . import gdb as gdb_mod
from . import process
from .config import VERBOSE, TestFailure, TestSkipped

SKIP_EXIT = 77
DEFAULT_TIMEOUT = 60.0


class Deadline(BaseException):
    """The whole test ran past its time limit (raised from SIGALRM)."""


# What ASan, LSan and UBSan print (rspd is built with them when RSPD_SANITIZE is on).
SANITIZER_REPORT = re.compile(r"ERROR: (?:Address|Leak)Sanitizer|runtime error:|SUMMARY: \w+Sanitizer")


def _finish():
    """After a passing test: servers still up get SIGTERM and must exit within 10 s (a clean
    exit is also when LeakSanitizer looks for leaks); no process may have printed a
    sanitizer report (a server in stdio mode writes it to gdb's stderr). Returns problems."""
    problems = []
    for p in process.live:
        if p.name == "server" and p.popen.poll() is None:
            p.popen.send_signal(signal.SIGTERM)
            try:
                p.wait(10)
            except TestFailure:
                problems.append(f"server (pid {p.pid}) did not exit within 10s of SIGTERM")
                p.kill()
    for p in process.live:
        if p.popen.poll() is not None:
            for t in p._threads:
                t.join(2)
        for stream in (p.stdout(), p.stderr()):
            m = SANITIZER_REPORT.search(stream)
            if m:
                problems.append(f"sanitizer report from {p.name} (pid {p.pid}): "
                                f"{stream[m.start():].splitlines()[0]!r}")
    return problems


def _cleanup():
    for p in reversed(process.live):
        try:
            p.kill()
        except Exception:
            pass
    # Anything orphaned to us (subreaper): kill and reap.
    for pid in process.descendants_of(os.getpid()):
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    end = time.monotonic() + 5
    while time.monotonic() < end:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            break
        if pid == 0:
            time.sleep(0.05)
    for d in process.temp_dirs:
        shutil.rmtree(d, ignore_errors=True)


def _on_alarm(signum, frame):
    raise Deadline()


def run(test, timeout=DEFAULT_TIMEOUT, name=None):
    """Run test(); print one PASS/FAIL/SKIP line; exit 0, 1 or 77."""
    name = name or Path(sys.argv[0]).stem
    process.set_child_subreaper()
    signal.signal(signal.SIGALRM, _on_alarm)
    signal.alarm(int(timeout))
    verdict, reason, code = "FAIL", "", 1
    started = time.monotonic()
    try:
        reason = test() or ""
        problems = _finish()
        if problems:
            raise TestFailure("; ".join(problems))
        verdict, code = "PASS", 0
    except TestSkipped as e:
        verdict, reason, code = "SKIP", str(e), SKIP_EXIT
    except TestFailure as e:
        reason = str(e)
    except Deadline:
        reason = f"test exceeded its {timeout:.0f}s deadline"
    except Exception as e:  # a harness bug is a failure too, never a pass
        import traceback
        traceback.print_exc()
        reason = f"{type(e).__name__}: {e}"
    finally:
        signal.alarm(0)
        if code == 1 or VERBOSE:
            for t in gdb_mod.transcripts:
                sys.stderr.write(t.dump())
            for p in process.live:
                if not isinstance(p, gdb_mod.Gdb):
                    sys.stderr.write(p.dump())
            if not gdb_mod.transcripts:
                for p in process.live:
                    if isinstance(p, gdb_mod.Gdb):
                        sys.stderr.write(p.dump())
        _cleanup()
    sys.stderr.flush()
    elapsed = time.monotonic() - started
    print(f"{verdict} {name}: {reason or 'ok'} ({elapsed:.1f}s)", flush=True)
    sys.exit(code)
