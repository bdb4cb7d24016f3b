"""gdb/MI (--interpreter=mi2) driven command by command, with timeouts: what
IDEs use, and the only way to test non-stop mode (gdb -batch does not process
asynchronous stops between -ex commands).

    mi = Mi(prog)
    mi.command("-target-select remote 127.0.0.1:1234")    # -> results dict
    stop = mi.wait_stopped(lambda r: r["reason"] == "breakpoint-hit")
    mi.console("info threads")                           # -> console text
"""

import os
import re
import subprocess
import threading
import time

from .config import TestFailure, gdb_binary
from .process import live

_PRELUDE = ["set debuginfod enabled off", "set pagination off", "set confirm off",
            "set width 0", "set height 0"]


class MiParseError(Exception):
    pass


def _parse_cstring(text, i):
    """A C string starting at text[i] == '"': (value, next index)."""
    out, i = [], i + 1
    while i < len(text):
        c = text[i]
        if c == "\\":
            nxt = text[i + 1]
            out.append({"n": "\n", "t": "\t", '"': '"', "\\": "\\"}.get(nxt, nxt))
            i += 2
        elif c == '"':
            return "".join(out), i + 1
        else:
            out.append(c)
            i += 1
    raise MiParseError("unterminated string")


def _parse_value(text, i):
    c = text[i]
    if c == '"':
        return _parse_cstring(text, i)
    if c == "{":
        return _parse_results(text, i + 1, "}")
    if c == "[":
        i += 1
        items = []
        if text[i] == "]":
            return items, i + 1
        while True:
            if text[i] in '"{[':
                value, i = _parse_value(text, i)
            else:  # a list of results: name=value
                m = re.compile(r"[\w-]+=").match(text, i)
                if not m:
                    raise MiParseError("bad list item at %d" % i)
                value, i = _parse_value(text, m.end())
            items.append(value)
            if text[i] == "]":
                return items, i + 1
            if text[i] != ",":
                raise MiParseError("expected ',' at %d" % i)
            i += 1
    raise MiParseError("bad value at %d" % i)


def _parse_results(text, i, end=None):
    """name=value,... up to `end` (or the end of the text): (dict, next index)."""
    out = {}
    if end and text[i] == end:
        return out, i + 1
    while i < len(text):
        m = re.compile(r"([\w-]+)=").match(text, i)
        if not m:
            raise MiParseError("expected name= at %d in %r" % (i, text))
        value, i = _parse_value(text, m.end())
        out[m.group(1)] = value
        if end and text[i] == end:
            return out, i + 1
        if i < len(text) and text[i] == ",":
            i += 1
    if end:
        raise MiParseError("missing %r" % end)
    return out, i


def parse_record(line):
    """('result'|'exec'|'notify'|'status'|'console'|'log'|'target'|'prompt', token, class, dict|str)."""
    if line.startswith("(gdb)"):
        return ("prompt", None, None, None)
    m = re.match(r"(\d*)([\^*=+~@&])(.*)", line)
    if not m:
        return ("other", None, None, line)
    token, kind, rest = m.group(1) or None, m.group(2), m.group(3)
    if kind in "~@&":
        return ({"~": "console", "@": "target", "&": "log"}[kind], token, None, _parse_cstring(rest, 0)[0])
    cls, _, body = rest.partition(",")
    results = _parse_results(body, 0)[0] if body else {}
    return ({"^": "result", "*": "exec", "=": "notify", "+": "status"}[kind], token, cls, results)


class Mi:
    """One gdb --interpreter=mi2 process. Every record is kept in order;
    asynchronous ones (*stopped, *running, =thread-...) can be waited for."""

    def __init__(self, prog=None, extra_args=(), timeout=20.0):
        argv = [gdb_binary(), "--interpreter=mi2", "-nx", "-q"]
        for line in _PRELUDE:
            argv += ["-iex", line]
        argv += list(extra_args)
        if prog:
            argv.append(prog)
        self.argv = argv
        self.name = "gdb-mi"
        self.timeout = timeout
        self.popen = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                      stderr=subprocess.STDOUT, text=True, bufsize=1,
                                      start_new_session=True)
        self.pid = self.popen.pid
        self.lines = []        # every line gdb printed
        self.records = []      # parsed records, in order
        self.async_seen = 0    # index into self.records of the next unread async record
        self._cond = threading.Condition()
        self._token = 100
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self._threads = [self._reader]  # what the runner joins before it reads the output
        live.append(self)

    # The runner scans every live process's output for sanitizer reports (stderr is merged).
    def stdout(self):
        with self._cond:
            return "\n".join(self.lines)

    def stderr(self):
        return ""

    def _read(self):
        for line in self.popen.stdout:
            line = line.rstrip("\n")
            try:
                rec = parse_record(line)
            except (MiParseError, IndexError, ValueError) as e:
                rec = ("other", None, None, "unparsed (%s): %s" % (e, line))
            with self._cond:
                self.lines.append(line)
                self.records.append(rec)
                self._cond.notify_all()
        with self._cond:
            self.records.append(("eof", None, None, None))
            self._cond.notify_all()

    def _wait(self, pred, timeout, what):
        end = time.monotonic() + (timeout or self.timeout)
        with self._cond:
            while True:
                found = pred()
                if found is not None:
                    return found
                if self.records and self.records[-1][0] == "eof":
                    raise TestFailure("gdb exited while waiting for %s; last output:\n%s"
                                      % (what, "\n".join(self.lines[-40:])))
                left = end - time.monotonic()
                if left <= 0:
                    raise TestFailure("no %s within %.0fs; last output:\n%s"
                                      % (what, timeout or self.timeout, "\n".join(self.lines[-40:])))
                self._cond.wait(min(left, 0.2))

    def connect_non_stop(self, target, extended=False):
        """Non-stop with asynchronous execution (needed for background commands), then
        `-target-select remote|extended-remote TARGET`."""
        self.command("-gdb-set non-stop on")
        self.command("-gdb-set mi-async on")
        self.command("-target-select %s %s" % ("extended-remote" if extended else "remote", target),
                     timeout=30)

    def mark(self):
        """A point in the record stream: later waits and stops_since() start from here."""
        with self._cond:
            self.async_seen = len(self.records)
            return self.async_seen

    def stops_since(self, mark):
        """Every *stopped record after mark."""
        with self._cond:
            return [r[3] for r in self.records[mark:] if r[0] == "exec" and r[2] == "stopped"]

    def command(self, cmd, timeout=None, allow_error=False):
        """Send an MI command; its result record's (class, results). ^error raises."""
        self._token += 1
        token = str(self._token)
        start = len(self.records)
        self.popen.stdin.write(token + cmd + "\n")
        self.popen.stdin.flush()

        def result():
            for rec in self.records[start:]:
                if rec[0] == "result" and rec[1] == token:
                    return rec
            return None
        rec = self._wait(result, timeout, "reply to %r" % cmd)
        if rec[2] == "error" and not allow_error:
            raise TestFailure("%r failed: %s" % (cmd, rec[3].get("msg")))
        self._last_start = start
        return rec[2], rec[3]

    def console(self, cmd, timeout=None):
        """A CLI command through -interpreter-exec; the text it printed."""
        start = len(self.records)
        escaped = cmd.replace("\\", "\\\\").replace('"', '\\"')
        self.command('-interpreter-exec console "%s"' % escaped, timeout)
        with self._cond:
            return "".join(r[3] for r in self.records[start:] if r[0] == "console")

    def evaluate(self, expr, thread=None, timeout=None):
        opt = "--thread %s " % thread if thread else ""
        _, res = self.command('-data-evaluate-expression %s"%s"' % (opt, expr), timeout)
        return res["value"]

    def async_records(self, kind, cls=None):
        """Every async record of kind ('exec', 'notify') so far, oldest first."""
        with self._cond:
            return [r[3] for r in self.records if r[0] == kind and (cls is None or r[2] == cls)]

    def wait_async(self, kind, cls, pred=lambda r: True, timeout=None, what=None):
        """The next not yet consumed async record of kind/cls matching pred."""
        def find():
            for i in range(self.async_seen, len(self.records)):
                rec = self.records[i]
                if rec[0] == kind and rec[2] == cls and pred(rec[3]):
                    self.async_seen = i + 1
                    return rec[3]
            return None
        return self._wait(find, timeout, what or "%s %s record" % (kind, cls))

    def wait_stopped(self, pred=lambda r: True, timeout=None, what=None):
        return self.wait_async("exec", "stopped", pred, timeout, what or "*stopped record")

    def expect_exit(self, code, timeout=20):
        """Wait for the *stopped record of the process's exit; check its exit code."""
        stop = self.wait_stopped(lambda r: r.get("reason", "").startswith("exited"), timeout, "exit")
        got = int(stop.get("exit-code", "0"), 8)  # gdb prints it in octal
        if got != code:
            raise TestFailure("the program exited with %d, expected %d: %r" % (got, code, stop))

    def thread_states(self):
        """{gdb thread id: 'stopped'|'running'} from -thread-info."""
        _, res = self.command("-thread-info")
        return {t["id"]: t["state"] for t in res["threads"]}

    def close(self, timeout=10.0):
        try:
            self.popen.stdin.write("-gdb-exit\n")
            self.popen.stdin.flush()
        except (BrokenPipeError, ValueError):
            pass
        try:
            return self.popen.wait(timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            return None

    # --- for the runner: same interface as process.Proc ------------------------------
    def kill(self):
        if self.popen.poll() is None:
            try:
                os.killpg(self.pid, 9)
            except ProcessLookupError:
                pass
        try:
            self.popen.wait(5)
        except subprocess.TimeoutExpired:
            pass

    def dump(self):
        return "---- gdb-mi: %s (status %s)\n%s\n" % (" ".join(self.argv), self.popen.poll(),
                                                      "\n".join(self.lines[-400:]))
