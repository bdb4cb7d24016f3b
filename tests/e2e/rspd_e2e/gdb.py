"""gdb in batch mode: run commands, cut the output per command, assert on it."""

import re
import signal

from .config import TestFailure, gdb_binary
from .process import Proc

MARK = "@@rspd-e2e-cmd-{}@@"
_MARK_RX = re.compile(r"^@@rspd-e2e-cmd-(\d+)@@$", re.M)


class Transcript:
    """gdb's output cut into one section per command."""

    def __init__(self, commands, text, status):
        self.commands = commands  # [(label, command)]
        self.text = text
        self.status = status
        self.sections = [""] * len(commands)
        self.preamble = text
        marks = list(_MARK_RX.finditer(text))
        if marks:
            self.preamble = text[: marks[0].start()]
        for i, m in enumerate(marks):
            end = marks[i + 1].start() if i + 1 < len(marks) else len(text)
            self.sections[int(m.group(1))] = text[m.end() + 1: end]

    def index(self, key):
        if isinstance(key, int):
            return key
        for i, (label, command) in enumerate(self.commands):
            if label == key:
                return i
        for i, (label, command) in enumerate(self.commands):
            if command == key:
                return i
        raise KeyError(key)

    def __getitem__(self, key):
        return self.sections[self.index(key)]

    def _where(self, key):
        if key is None:
            return "gdb output"
        label, command = self.commands[self.index(key)]
        return f"output of `{command}`" + (f" [{label}]" if label != command else "")

    def expect(self, pattern, key=None, what=None):
        """The first match of regex `pattern` in command `key`'s output (or all of it)."""
        text = self.text if key is None else self[key]
        m = re.search(pattern, text, re.M)
        if not m:
            raise TestFailure(f"{what or 'expected output'}: no /{pattern}/ in {self._where(key)}: {text.strip()[-600:]!r}")
        return m

    def expect_not(self, pattern, key=None, what=None):
        text = self.text if key is None else self[key]
        m = re.search(pattern, text, re.M)
        if m:
            raise TestFailure(f"{what or 'unexpected output'}: /{pattern}/ in {self._where(key)}: {m.group(0)!r}")

    def value(self, key, what=None):
        """The value printed by a `print` command: '$N = VALUE' -> 'VALUE'."""
        return self.expect(r"^\$\d+ = (.*)$", key, what or f"value of `{self.commands[self.index(key)][1]}`").group(1).strip()

    def expect_value(self, key, expected):
        got = self.value(key)
        if got != expected:
            raise TestFailure(f"`{self.commands[self.index(key)][1]}` printed {got!r}, expected {expected!r}")
        return got

    def dump(self):
        return f"---- gdb transcript (status {self.status})\n{self.text}\n"


GDB_PRELUDE = [
    "set debuginfod enabled off",
    "set pagination off",
    "set confirm off",
    "set width 0",
    "set height 0",
    "set print thread-events on",
]


class Gdb(Proc):
    """gdb -batch -nx running a list of commands; each is preceded by an echo
    of a marker so the output can be cut per command.

    commands: strings, or (label, command) pairs to look sections up by label."""

    def __init__(self, commands, prog=None, extra_args=()):
        self.commands = [c if isinstance(c, tuple) else (c, c) for c in commands]
        argv = [gdb_binary(), "-batch", "-nx"]
        for line in GDB_PRELUDE:
            argv += ["-iex", line]
        argv += list(extra_args)
        if prog:
            argv.append(prog)
        for i, (_, command) in enumerate(self.commands):
            argv += ["-ex", f"echo \\n{MARK.format(i)}\\n", "-ex", command]
        super().__init__(argv, "gdb", merge_stderr=True)

    def wait_command(self, key, timeout=20.0):
        """Wait until gdb has started command `key` (its marker was printed)."""
        i = key if isinstance(key, int) else next(
            n for n, (label, command) in enumerate(self.commands) if key in (label, command))
        return self.wait_for(re.escape(MARK.format(i)), timeout)

    def interrupt(self):
        """Ctrl-C: SIGINT to gdb, which asks the stub to stop the inferior."""
        self.popen.send_signal(signal.SIGINT)

    def finish(self, timeout=45.0):
        status = self.wait(timeout)
        t = Transcript(self.commands, self.stdout(), status)
        transcripts.append(t)
        return t


def run_gdb(commands, prog=None, timeout=45.0, extra_args=()):
    """Run gdb to completion and return its Transcript."""
    return Gdb(commands, prog, extra_args).finish(timeout)


transcripts = []


def expect_exit_code(transcript, key, code):
    """gdb says '[Inferior 1 (process N) exited with code 07]' (or 'exited normally' for 0)."""
    if code == 0:
        transcript.expect(r"\[Inferior 1 \(process \d+\) exited normally\]", key, "exit")
    else:
        transcript.expect(rf"\[Inferior 1 \(process \d+\) exited with code 0{code:o}\]", key, f"exit code {code}")


def expect_stop_at(transcript, key, function, source, line, what=None):
    """A stop in `function` at source:line: the frame line and the source line."""
    transcript.expect(rf"\b{re.escape(function)} \(.*\) at \S*{re.escape(source)}:{line}\n", key,
                      what or f"stop in {function} at {source}:{line}")
    transcript.expect(rf"^{line}\t", key, f"source line {line} shown")


def numbered_frames(frame_rx, text):
    """Function names of the frames in a backtrace, innermost first: frame_rx matches one
    frame line, group 1 its number (0, 1, ... in order) and group 2 its function."""
    names = []
    for m in re.finditer(frame_rx, text, re.M):
        if int(m.group(1)) != len(names):
            raise TestFailure(f"backtrace frame numbers out of order: {text!r}")
        names.append(m.group(2))
    return names


def expect_functions(got, functions):
    if got != list(functions):
        raise TestFailure(f"backtrace is {got}, expected {list(functions)}")


def backtrace_functions(text):
    """Function names of the frames in gdb's `bt` output, innermost first."""
    return numbered_frames(r"^#(\d+)\s+(?:0x[0-9a-f]+ in )?(<signal handler called>|[^\s(]+)", text)


def expect_backtrace(transcript, key, functions):
    expect_functions(backtrace_functions(transcript[key]), functions)


def expect_in_backtraces(traces, counts):
    """counts: {function: how many of the backtraces (lists of names) must name it}."""
    got = {name: sum(name in names for names in traces) for name in counts}
    if got != counts:
        raise TestFailure(f"functions appear in {got} of the {len(traces)} backtraces, "
                          f"expected {counts}: {traces}")
