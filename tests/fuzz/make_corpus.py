#!/usr/bin/env python3
"""Seed corpus for the fuzz targets, from real gdb sessions.

    tests/fuzz/make_corpus.py [--build build] [--out tests/fuzz/corpus] [LOG...]

Without LOG files it records them: it runs the e2e tests (tests/e2e/test_*.py, real gdb
against real programs) with the server started as `rspd --remote-debug` and keeps the
server's stderr. Every `rspd: <- PACKET` line is a packet gdb sent and `rspd: -> REPLY` what
rspd answered. From those it writes, replacing what was there:

  corpus/session/      scripts for fuzz_session: each gdb session's packets in order, with
                       the target events the replies show (a stop reply after a resume is a
                       `!s` step, W/X an exit) so the replay reaches the same states
  corpus/packet/       each distinct packet, one per file, for fuzz_packet
  corpus/parsers/      packet fields (hex numbers, thread ids, vCont actions, ADDR,LENGTH,
                       binary data) behind fuzz_parsers' selector byte
  corpus/framer/       stretches of the byte stream as gdb framed it, for fuzz_framer
  corpus/description/  arch/*/ target descriptions as fuzz_description reads them

File names are content hashes (as libFuzzer names its finds), so re-running is stable. Files
stay under 4 KiB (libFuzzer's default input size) and the whole corpus a few hundred KiB.
"""

import argparse
import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MAX_FILE = 4096
MAX_PACKETS = 700          # distinct packets kept for fuzz_packet
WINDOWS_PER_SESSION = 3    # session seeds per gdb session: its start, where most states are
LOG_LIMIT = 512            # rspd logs at most this much of a packet: longer ones are cut
RESUME = re.compile(r"^(vCont;|[cCsS]([0-9a-fA-F;]|$))")


# Scripts that need arguments: one run per argument list.
SCRIPT_ARGS = {"test_disconnect.py": [["launch-disconnect"], ["launch-gdb-killed"],
                                      ["attach-disconnect"], ["attach-gdb-killed"]]}


def record(build, logs_dir):
    """Runs the e2e tests against `rspd --remote-debug`; returns the log files."""
    rspd = build / "server" / "rspd"
    if not rspd.exists():
        sys.exit(f"make_corpus: {rspd} not built")
    env = dict(os.environ,
               RSPD_SERVER_CMD=f"{rspd} --remote-debug {{comm}} {{prog}} {{args}}",
               RSPD_PROGRAMS_DIR=str(build / "tests" / "programs"),
               RSPD_E2E_VERBOSE="1", PYTHONDONTWRITEBYTECODE="1")
    logs = []
    for script in sorted((ROOT / "tests" / "e2e").glob("test_*.py")):
        if script.name == "test_stdio.py":
            continue  # rspd's stderr is gdb's there: the log would break the gdb transcript
        for args in SCRIPT_ARGS.get(script.name, [[]]):
            log = logs_dir / ("-".join([script.stem] + args) + ".log")
            with open(log, "wb") as out:
                result = subprocess.run([sys.executable, "-B", str(script)] + args, cwd=script.parent,
                                        env=env, stdout=subprocess.PIPE, stderr=out, timeout=180)
            # A failure is no loss here: the packets up to it are as good as any.
            print(f"  {script.name} {' '.join(args)}: {result.stdout.decode(errors='replace').strip()[:100]}")
            logs.append(log)
    return logs


def sessions(text):
    """[(direction, payload)] per server run found in a log: '<-' packets in, '->' replies."""
    out = []
    for chunk in re.split(r"^---- server: ", text, flags=re.M)[1:]:
        lines = re.findall(r"^rspd: (<-|->) (.*)$", chunk, re.M)
        if lines:
            out.append(lines)
    return out


class FakeIds:
    """Rewrites a session's pids, tids and addresses into the fake target's (tests/unit/
    fake_target.hpp: pid 10, threads 10, 11 and more made by `!n` steps, memory at 0x1000),
    so a replay reaches the handlers' success paths, not only their errors."""

    FAKE_PID, FAKE_BASE = 0x10, 0x1000
    ADDRESSED = re.compile(r"^([mMX]|[Zz][0-4],)([0-9a-fA-F]+)(?=,)")

    def __init__(self, lines):
        text = "\n".join(p for _, p in lines)
        m = re.search(r"(?:thread:p|QCp|qAttached:)([0-9a-f]+)", text)
        self.pid = m.group(1) if m else None
        self.tids = [self.pid] if self.pid else []
        if self.pid:
            for tid in re.findall(rf"p{self.pid}\.([0-9a-f]+)", text):
                if tid not in self.tids:
                    self.tids.append(tid)

    def extra_threads(self):
        return max(0, len(self.tids) - 2)  # the fake starts with two

    def thread_index(self, reply):
        m = re.search(r"thread:(?:p[0-9a-f]+\.)?([0-9a-f]+);", reply)
        return self.tids.index(m.group(1)) if m and m.group(1) in self.tids else 0

    def packet(self, payload):
        m = self.ADDRESSED.match(payload)
        if m:
            addr = self.FAKE_BASE + (int(m.group(2), 16) & 0xfff)
            payload = m.group(1) + f"{addr:x}" + payload[m.end():]
        if not self.pid:
            return payload
        ids = {self.pid: self.FAKE_PID, **{t: self.FAKE_PID + i for i, t in enumerate(self.tids)}}
        # Whole hex tokens only: an address that happens to contain the pid stays as it is.
        return re.sub(r"(?<![0-9a-fA-F])([0-9a-f]+)(?![0-9a-fA-F])",
                      lambda t: f"{ids[t.group(1)]:x}" if t.group(1) in ids else t.group(1), payload)


def session_script(lines):
    """fuzz_session steps for one session: (prelude, steps). The prelude makes the fake's
    threads as many as the session's; then come the packets and the events the replies
    reveal."""
    ids = FakeIds(lines)
    prelude, steps, resumed = ["!n"] * ids.extra_threads(), [], False
    for direction, payload in lines:
        if direction == "<-":
            if len(payload) >= LOG_LIMIT or "\r" in payload:
                continue
            steps.append("$" + ids.packet(payload))
            resumed = bool(RESUME.match(payload))
            if payload in ("k",) or payload.startswith("vKill"):
                steps.append("!p")  # the kill's exit, as the target reports it
            continue
        if not resumed:
            continue
        resumed = False
        if payload.startswith("T") and len(payload) >= 3:
            steps.append(f"!s{ids.thread_index(payload):x},{int(payload[1:3], 16):x}")
        elif payload.startswith("W") and len(payload) >= 3:
            steps.append(f"!x{payload[1:3]}")
        elif payload.startswith("X") and len(payload) >= 3:
            steps.append(f"!k{payload[1:3]}")
    return prelude, steps


def windows(steps, limit=MAX_FILE):
    """Consecutive runs of steps, each under `limit` bytes once joined."""
    chunk, size = [], 0
    for step in steps:
        if chunk and size + len(step) + 1 > limit:
            yield chunk
            chunk, size = [], 0
        chunk.append(step)
        size += len(step) + 1
    if chunk:
        yield chunk


def frame(payload):
    body = payload.encode("latin-1")
    return b"$" + body + b"#" + f"{sum(body) & 0xff:02x}".encode()


def parser_seeds(packet):
    """(selector, text) seeds for fuzz_parsers from one packet's fields."""
    seeds = []
    m = re.match(r"^[mMX]([0-9a-fA-F]+,[0-9a-fA-F]+)(?::(.*))?$", packet, re.S)
    if m:
        seeds.append((5, m.group(1)))
        seeds.append((0, m.group(1).split(",")[0]))
        if m.group(2) is not None:
            seeds.append((2 if packet[0] == "M" else 3, m.group(2)))
    if re.match(r"^H[gc]", packet):
        seeds.append((6, packet[2:]))
        seeds.append((1, packet[2:].lstrip("p").split(".")[0]))
    if packet.startswith("T"):
        seeds.append((6, packet[1:]))
    if packet.startswith("vCont;"):
        seeds.append((7, packet[5:]))
    if packet.startswith(("p", "P")):
        seeds.append((0, re.split("[=]", packet[1:])[0]))
    if packet.startswith(("Z", "z")) or packet.startswith("qXfer:"):
        seeds.append((4, packet.rsplit(":", 1)[-1]))
    return seeds


# Hand-written session scripts for states gdb sessions rarely show: no-ack mode while
# running, an exit while stopped, a thread gone while others run, kills, nacks.
SESSION_SEEDS = [
    "$QStartNoAckMode\n$vCont;c\n$m1000,4\n~\x03\n!p\n$m1000,4\n",
    "$vCont;c\n!x7\n$qC\n$m1000,4\n$?\n$vCont;c\n",
    "$vCont;c:p10.11\n!e1\n$vCtrlC\n!p\n$qfThreadInfo\n$Hgp10.11\n$g\n",
    "!n\n$vCont;s:p10.12;c\n!s2,5\n$qXfer:threads:read::0,fff\n$T12\n",
    "$vKill;10\n$qC\n!p\n$qC\n$vCont;c\n",
    "$k\n!p\n",
    "!k9\n$?\n$D\n$qXfer:exec-file:read::0,fff\n",
    "~$qC#00\n~-\n~+\n$qC\n~-\n$QStartNoAckMode\n~-\n~$qC#00\n",
    "$Z0,1000,1\n$c\n!s0,5\n$z0,1000,1\n$s\n!s1,5\n$C1e\n!s0,1e\n$S05\n!k9\n",
    # extended remote: launches and attaches finish later (!l), packets wait meanwhile
    "$!\n$QEnvironmentHexEncoded:413d62\n$vRun;2f62696e2f70726f67;61\n$qC\n$?\n!l0\n$vCont;c\n!x0\n",
    "$!\n$R00\n$?\n!p\n!l0\n$vAttach;10\n$qC\n!l1\n$vRun;\n!l0\n",
    "$vFile:setfs:0\n$vFile:open:2f62696e2f70726f67,0,0\n$vFile:pread:1,1000,0\n$vFile:fstat:1\n"
    "$vFile:close:1\n$vFile:MD5:2f62696e2f70726f67\n$qRcmd,68656c70\n$QCatchSyscalls:1;1;3c\n",
]


def description_seeds():
    """Each arch folder's XML files: target.xml first, then the files it includes."""
    for folder in sorted((ROOT / "arch").iterdir()):
        files = sorted(folder.glob("*.xml"), key=lambda f: (f.name != "target.xml", f.name))
        if files:
            yield b"\0".join(f.name.encode() + b"\n" + f.read_bytes() for f in files)
    # Small ones run fast and mutate well: an include, explicit and implied regnums.
    yield (b'target.xml\n<target><architecture>toy</architecture><xi:include href="a.xml"/>'
           b'<feature name="t"><reg name="t" bitsize="16" regnum="7" generic="pc"/></feature></target>'
           b'\0a.xml\n<feature name="a"><reg name="a" bitsize="64" regnum="2"/><reg name="b" bitsize="32"/>'
           b'<reg name="c" bitsize="8" type="int" group="general" dwarf_regnum="1"/></feature>')
    yield (b'target.xml\n<?xml version="1.0"?><!DOCTYPE target SYSTEM "gdb-target.dtd"><target>'
           b'<!-- c --><feature name="f"><flags id="e" size="4"><field name="x" start="0" end="0"/>'
           b'</flags><reg name="r" bitsize="32" type="e"/></feature></target>')
    # Inputs that once broke the loader (tests/unit/test_description.cpp): kept as seeds.
    yield (b'target.xml\n<target><feature name="a"><reg name="a" bitsize="8" regnum="2147483647"/>'
           b'<reg name="b" bitsize="8"/></feature></target>')
    yield b'target.xml\n<target>' + b'<a>' * 64 + b'</a>' * 64 + b'</target>'
    # The unit tests' fake target: one file, no includes.
    fake = (ROOT / "tests" / "unit" / "fake_target.hpp").read_text()
    m = re.search(r'R"\((.*?)\)"', fake, re.S)
    if m:
        yield b"target.xml\n" + m.group(1).encode()


class Corpus:
    def __init__(self, out):
        self.out = out
        self.count = {}

    def reset(self, target):
        d = self.out / target
        shutil.rmtree(d, ignore_errors=True)
        d.mkdir(parents=True)
        self.count[target] = 0

    def add(self, target, data, limit=MAX_FILE):
        if isinstance(data, str):
            data = data.encode("latin-1", errors="replace")
        if not data or len(data) > limit:
            return
        path = self.out / target / hashlib.sha1(data).hexdigest()
        if not path.exists():
            path.write_bytes(data)
            self.count[target] += 1


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--build", type=Path, default=ROOT / "build")
    ap.add_argument("--out", type=Path, default=ROOT / "tests" / "fuzz" / "corpus")
    ap.add_argument("--keep-logs", type=Path, help="record the logs into this directory")
    ap.add_argument("logs", nargs="*", type=Path)
    args = ap.parse_args()

    logs = args.logs
    if not logs:
        logs_dir = args.keep_logs or Path(os.environ.get("TMPDIR", "/tmp")) / "rspd-corpus-logs"
        logs_dir.mkdir(parents=True, exist_ok=True)
        print(f"recording gdb sessions into {logs_dir}")
        logs = record(args.build.resolve(), logs_dir)

    corpus = Corpus(args.out)
    for target in ("session", "packet", "parsers", "framer", "description"):
        corpus.reset(target)
    packets, raw = {}, {}  # dicts: distinct, in order of appearance
    for log in logs:
        for lines in sessions(log.read_text(encoding="latin-1")):
            prelude, steps = session_script(lines)
            for chunk in list(windows(steps, MAX_FILE - 3 * len(prelude)))[:WINDOWS_PER_SESSION]:
                corpus.add("session", "\n".join(prelude + chunk) + "\n")
            sent = [p for d, p in lines if d == "<-" and len(p) < LOG_LIMIT]
            ids = FakeIds(lines)
            for p in sent:
                packets.setdefault(ids.packet(p), None)
                raw.setdefault(p, None)
            # The wire as gdb wrote it: packets, each acknowledged; header = limit, split seed.
            for chunk in list(windows(sent, MAX_FILE // 2))[:1]:
                corpus.add("framer", b"\x40\x01\x02" + b"+".join(frame(p) for p in chunk))
    # Short packets first: they cover the most handlers per byte.
    for p in sorted(packets, key=len)[:MAX_PACKETS]:
        corpus.add("packet", p)
    for p in sorted(raw, key=len)[:MAX_PACKETS]:
        for selector, text in parser_seeds(p):
            corpus.add("parsers", bytes([selector]) + text.encode("latin-1"))
    for seed in SESSION_SEEDS:
        corpus.add("session", seed)
    for seed in description_seeds():
        corpus.add("description", seed, limit=16 * MAX_FILE)  # x86-64's files are ~30 KiB
    total = sum(f.stat().st_size for f in args.out.rglob("*") if f.is_file())
    print(", ".join(f"{t}: {n}" for t, n in corpus.count.items()) + f"; {total // 1024} KiB in {args.out}")


if __name__ == "__main__":
    main()
