"""Child processes with collected output, and /proc helpers to check what
became of them. Every Proc is registered so the runner can kill it."""

import ctypes
import os
import re
import shlex
import signal
import subprocess
import tempfile
import threading
import time
from pathlib import Path

from .config import TestFailure

live = []  # every Proc started, killed at the end whatever happens


def set_child_subreaper():
    # Orphaned inferiors (their server died) become our children, so the
    # final sweep can kill and reap them, and a test can tell "killed" from
    # "left running".
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER
    except (OSError, AttributeError):
        pass


def proc_stat(pid):
    """(state, ppid) of a process, or None when it no longer exists."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return None
    fields = text[text.rindex(")") + 2:].split()
    return fields[0], int(fields[1])


def children_of(pid):
    kids = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            st = proc_stat(int(entry))
            if st and st[1] == pid:
                kids.append(int(entry))
    return kids


def descendants_of(pid):
    out, todo = [], [pid]
    while todo:
        for kid in children_of(todo.pop()):
            out.append(kid)
            todo.append(kid)
    return out


def wait_until(predicate, timeout, interval=0.05):
    end = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() >= end:
            return value
        time.sleep(interval)


def assert_process_gone(pid, what, timeout=10.0):
    """Wait until pid is dead: no /proc entry, or a zombie left to us (reaped here)."""
    def gone():
        st = proc_stat(pid)
        if st is None:
            return True
        if st[0] in "ZX" and st[1] == os.getpid():
            try:
                os.waitpid(pid, os.WNOHANG)
            except ChildProcessError:
                pass
            return True
        return False
    if not wait_until(gone, timeout):
        st = proc_stat(pid)
        raise TestFailure(f"{what} (pid {pid}) still exists after {timeout:.0f}s: state {st[0]!r}, parent {st[1]}")


def _kill_tree(pid):
    for p in descendants_of(pid) + [pid]:
        try:
            os.kill(p, signal.SIGKILL)
        except ProcessLookupError:
            pass


class Proc:
    """A child process whose stdout and stderr are collected by threads."""

    def __init__(self, argv, name, stdin=subprocess.DEVNULL, merge_stderr=False, env=None):
        self.name = name
        self.argv = argv
        self._lock = threading.Condition()
        self._out = []
        self._err = []
        self.popen = subprocess.Popen(
            argv, stdin=stdin, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT if merge_stderr else subprocess.PIPE,
            start_new_session=True, env=env)
        live.append(self)
        self._threads = [threading.Thread(target=self._pump, args=(self.popen.stdout, self._out), daemon=True)]
        if not merge_stderr:
            self._threads.append(threading.Thread(target=self._pump, args=(self.popen.stderr, self._err), daemon=True))
        for t in self._threads:
            t.start()

    @property
    def pid(self):
        return self.popen.pid

    def _pump(self, stream, sink):
        while True:
            chunk = os.read(stream.fileno(), 65536)
            if not chunk:
                break
            with self._lock:
                sink.append(chunk.decode(errors="replace"))
                self._lock.notify_all()

    def stdout(self):
        with self._lock:
            return "".join(self._out)

    def stderr(self):
        with self._lock:
            return "".join(self._err)

    def wait_for(self, pattern, timeout, stream="stdout"):
        """Wait until `pattern` appears in the stream; return the match."""
        sink = self._out if stream == "stdout" else self._err
        rx = re.compile(pattern, re.M)
        end = time.monotonic() + timeout
        with self._lock:
            while True:
                m = rx.search("".join(sink))
                if m:
                    return m
                left = end - time.monotonic()
                if left <= 0 or (self.popen.poll() is not None and not any(t.is_alive() for t in self._threads)):
                    raise TestFailure(f"{self.name}: no /{pattern}/ on {stream} within {timeout:.0f}s "
                                      f"(exit status {self.popen.poll()}); {stream} was:\n{''.join(sink)[-3000:]}")
                self._lock.wait(min(left, 0.2))

    def wait(self, timeout):
        """Exit status, or a TestFailure if the process is still running after timeout."""
        try:
            rc = self.popen.wait(timeout)
        except subprocess.TimeoutExpired:
            raise TestFailure(f"{self.name} (pid {self.pid}) did not exit within {timeout:.0f}s") from None
        for t in self._threads:
            t.join(2)
        return rc

    def kill(self):
        if self.popen.poll() is None:
            _kill_tree(self.pid)
        try:
            self.popen.wait(5)
        except subprocess.TimeoutExpired:
            pass
        for stream in (self.popen.stdout, self.popen.stderr):
            if stream:
                try:
                    stream.close()
                except OSError:
                    pass

    def dump(self):
        text = f"---- {self.name}: {shlex.join(self.argv)} (status {self.popen.poll()})\n"
        if self.stdout():
            text += f"[stdout]\n{self.stdout()}\n"
        if self.stderr():
            text += f"[stderr]\n{self.stderr()}\n"
        return text


def start_inferior(prog, args=()):
    """Start a program directly (for attach tests); waits for its 'ready' line."""
    p = Proc([prog] + [str(a) for a in args], os.path.basename(prog))
    p.wait_for(r"ready pid=\d+", 10)
    return p


def temp_dir():
    d = tempfile.mkdtemp(prefix="rspd-e2e-")
    temp_dirs.append(d)
    return d


temp_dirs = []


# ---- /proc probes for the fault tests

def fd_count(pid):
    return len(os.listdir(f"/proc/{pid}/fd"))


def status_kib(pid, field):
    """A 'kB' field of /proc/PID/status (VmRSS, VmHWM, ...), in KiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise TestFailure(f"no {field} in /proc/{pid}/status")


def task_states(pid):
    """{tid: state letter} of every thread of pid."""
    states = {}
    try:
        tids = os.listdir(f"/proc/{pid}/task")
    except FileNotFoundError:
        return states
    for tid in tids:
        try:
            text = Path(f"/proc/{pid}/task/{tid}/stat").read_text()
        except (FileNotFoundError, ProcessLookupError):
            continue
        states[int(tid)] = text[text.rindex(")") + 2:].split()[0]
    return states


def zombies_under(pid):
    """Zombie threads of pid and zombie processes among its descendants: [(pid/tid, what)]."""
    found = [(tid, f"thread {tid} of {pid}") for tid, s in task_states(pid).items() if s == "Z" and tid != pid]
    for kid in descendants_of(pid):
        st = proc_stat(kid)
        if st and st[0] == "Z":
            found.append((kid, f"child process {kid}"))
    return found


def read_memory(pid, addr, size):
    """Bytes of pid's memory through /proc/PID/mem (pid must be our descendant)."""
    with open(f"/proc/{pid}/mem", "rb", buffering=0) as mem:
        mem.seek(addr)
        return mem.read(size)


def symbol_address(pid, prog, symbol):
    """Run-time address of `symbol` of executable `prog` in process pid (PIE-aware)."""
    out = subprocess.run(["nm", prog], capture_output=True, text=True, check=True).stdout
    offset = next((int(line.split()[0], 16) for line in out.splitlines()
                   if line.split()[-1:] == [symbol]), None)
    if offset is None:
        raise TestFailure(f"no symbol {symbol} in {prog}")
    with open(prog, "rb") as f:
        if f.read(18)[16] == 2:  # ET_EXEC: linked at fixed addresses
            return offset
    real = os.path.realpath(prog)
    for line in Path(f"/proc/{pid}/maps").read_text().splitlines():
        fields = line.split()
        if len(fields) >= 6 and fields[5] == real and int(fields[2], 16) == 0:
            return int(fields[0].split("-")[0], 16) + offset
    raise TestFailure(f"{prog} is not mapped in process {pid}")
