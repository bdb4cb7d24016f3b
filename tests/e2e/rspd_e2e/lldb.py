"""lldb in batch mode: run commands, cut the output per command, assert on it.

lldb echoes each command as "(lldb) COMMAND" before its output, which is where the
output is cut. In batch mode lldb stops at the first command that fails: the commands
after it then have no section, and asking for one fails the test with lldb's output."""

import os
import re

from .config import TestFailure
from .gdb import Transcript, expect_functions, numbered_frames, transcripts
from .process import Proc


def lldb_binary():
    return os.environ.get("RSPD_LLDB", "lldb-16")


LLDB_PRELUDE = [
    "settings set auto-confirm true",
    "settings set target.load-script-from-symbol-file false",
]


class LldbTranscript(Transcript):
    """lldb's output cut into one section per command (by lldb's own echo)."""

    def __init__(self, commands, text, status):
        super().__init__(commands, text, status)
        self.sections = [None] * len(commands)
        pos = 0
        echoes = []
        for i, (_, command) in enumerate(commands):
            at = text.find(f"(lldb) {command}\n", pos)
            if at < 0:
                break
            echoes.append((i, at, at + len(command) + 8))
            pos = at + len(command) + 8
        self.preamble = text[: echoes[0][1]] if echoes else text
        for n, (i, _, start) in enumerate(echoes):
            end = echoes[n + 1][1] if n + 1 < len(echoes) else len(text)
            self.sections[i] = text[start:end]

    def __getitem__(self, key):
        i = self.index(key)
        if self.sections[i] is None:
            label, command = self.commands[i]
            raise TestFailure(f"lldb never ran `{command}` (an earlier command failed?): "
                              f"{self.text.strip()[-1500:]!r}")
        return self.sections[i]

    def dump(self):
        return f"---- lldb transcript (status {self.status})\n{self.text}\n"


class Lldb(Proc):
    """lldb --batch running a list of commands on `prog`.

    commands: strings, or (label, command) pairs to look sections up by label."""

    def __init__(self, commands, prog=None, env=None):
        self.commands = [c if isinstance(c, tuple) else (c, c) for c in commands]
        argv = [lldb_binary(), "--batch", "--no-lldbinit", "--no-use-colors"]
        for line in LLDB_PRELUDE:
            argv += ["-O", line]
        for _, command in self.commands:
            argv += ["-o", command]
        if prog:
            argv.append(prog)
        full_env = dict(os.environ, **(env or {}))
        super().__init__(argv, "lldb", merge_stderr=True, env=full_env)

    def finish(self, timeout=45.0):
        status = self.wait(timeout)
        t = LldbTranscript(self.commands, self.stdout(), status)
        transcripts.append(t)
        return t


def run_lldb(commands, prog=None, timeout=45.0, env=None):
    """Run lldb to completion and return its transcript."""
    return Lldb(commands, prog, env).finish(timeout)


def frame_functions(text):
    """Function names of the frames in lldb's `bt` output, innermost first ("module`name(...)")."""
    return numbered_frames(r"^\s*\*?\s*frame #(\d+): 0x[0-9a-f]+ (?:[^`\s]+`)?([^\s(]+)", text)


def expect_frames(transcript, key, functions):
    expect_functions(frame_functions(transcript[key]), functions)


def frame_pc(text):
    """The PC of frame #0 in a stop or `bt` output."""
    m = re.search(r"frame #0: (0x[0-9a-f]+)", text)
    if not m:
        raise TestFailure(f"no frame #0 in {text!r}")
    return int(m.group(1), 16)


def expect_stop(transcript, key, reason, function, source, line):
    """lldb's stop banner: "stop reason = REASON" and "frame #0: ... FUNCTION(...) at SOURCE:LINE"."""
    transcript.expect(rf"stop reason = {re.escape(reason)}$", key, f"stop reason {reason}")
    transcript.expect(rf"frame #0: 0x[0-9a-f]+ \S+`{re.escape(function)}\(.*\) at {re.escape(source)}:{line}(:\d+)?$",
                      key, f"stop in {function} at {source}:{line}")


def expect_exit_status(transcript, key, code):
    transcript.expect(rf"^Process \d+ exited with status = {code} \(0x{code:08x}\)", key, f"exit status {code}")
