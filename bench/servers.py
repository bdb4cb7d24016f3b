"""Paths, test data, server kinds, and one server's life for one session.

A kind is a command template: {port} a free TCP port, {prog} the program,
{args} its arguments (appended when the template lacks it). The server must
listen on 127.0.0.1:{port}, start {prog} stopped at its first instruction,
serve one client and exit when the program dies, as `gdbserver` does.
Shared by gdb_level.py and rsp_level.py (stdlib only)."""
import os
import random
import shlex
import signal
import socket
import subprocess
import time

BENCH = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(BENCH)
WORK = os.environ.get("RSPD_BENCH_DIR", "/tmp/rspd-bench")
BIN = os.path.join(WORK, "bin")


def random_data(mib=64):
    """Fixed-seed random bytes for dump_rand, made once (same for every server)."""
    path = os.path.join(WORK, "random-%dmib.bin" % mib)
    if not os.path.exists(path):
        with open(path + ".tmp", "wb") as f:
            f.write(random.Random(1234).randbytes(mib << 20))
        os.replace(path + ".tmp", path)
    return path


# The server that does no work (gdb_level.py: replays a recorded rspd session; gdb level only).
FLOOR = "{floor}"


def kinds():
    rspd = os.environ.get("RSPD", os.path.join(REPO, "build", "server", "rspd"))
    return {
        "gdbserver": "gdbserver 127.0.0.1:{port} {prog} {args}",
        "lldb-server": "lldb-server-16 gdbserver 127.0.0.1:{port} {prog} {args}",
        "rspd": shlex.quote(rspd) + " 127.0.0.1:{port} {prog} {args}",
        "floor": FLOOR,
    }


def resolve(names):
    """[(label, template)] for kinds given as names or NAME=TEMPLATE. A kind
    named twice (an A/A run) gets labels gdbserver, gdbserver#2, ..."""
    known, out, seen = kinds(), [], {}
    for n in names:
        name, _, tmpl = n.partition("=")
        if not tmpl:
            if name not in known:
                raise SystemExit("unknown server %r: use %s or NAME='template {port} {prog} {args}'"
                                 % (name, ", ".join(known)))
            tmpl = known[name]
        seen[name] = seen.get(name, 0) + 1
        out.append((name if seen[name] == 1 else "%s#%d" % (name, seen[name]), tmpl))
    return out


def executable(template):
    """The server binary a template runs, or None when it cannot be found."""
    if template == FLOOR:
        return os.path.join(BIN, "limit_replay") if os.path.exists(os.path.join(BIN, "limit_replay")) else None
    exe = shlex.split(template)[0]
    path = exe if "/" in exe else next((os.path.join(d, exe) for d in os.environ["PATH"].split(":")
                                        if os.access(os.path.join(d, exe), os.X_OK)), None)
    return path if path and os.access(path, os.X_OK) else None


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def listening(port):
    """Is anything listening on port? Read from /proc: a probe connection
    would be taken for the debugger by a one-client server."""
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            with open(table) as f:
                for line in f.readlines()[1:]:
                    fields = line.split()
                    if fields[3] == "0A" and int(fields[1].rsplit(":", 1)[1], 16) == port:
                        return True
        except OSError:
            pass
    return False


def children(pid):
    try:
        with open("/proc/%d/task/%d/children" % (pid, pid)) as f:
            return [int(c) for c in f.read().split()]
    except OSError:
        return []


class Server:
    """One server process serving prog. `launch_s`: spawn until listening."""

    def __init__(self, template, prog, args, log_path, timeout=20):
        self.port = free_port()
        if "{args}" not in template:
            template += " {args}"
        argv = shlex.split(template.format(port=self.port, prog=shlex.quote(os.path.join(BIN, prog)),
                                           args=" ".join(shlex.quote(a) for a in args)))
        self.log = open(log_path, "wb")
        self.log.write(("$ %s\n" % shlex.join(argv)).encode())
        self.log.flush()
        t0 = time.perf_counter()
        # own session: the server gets no terminal signals meant for us
        self.proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=self.log,
                                     stderr=subprocess.STDOUT, start_new_session=True)
        self.pid = self.proc.pid
        self.inferiors = []
        while not listening(self.port):
            if self.proc.poll() is not None or time.perf_counter() - t0 > timeout:
                self.stop(grace=0)
                raise RuntimeError("server did not listen on port %d (exit status %s); log %s"
                                   % (self.port, self.proc.returncode, log_path))
            time.sleep(0.002)
        self.launch_s = time.perf_counter() - t0
        self.inferiors = children(self.pid)

    def peak_rss_kib(self):
        """VmHWM of the server process (KiB), or None once it is gone."""
        try:
            with open("/proc/%d/status" % self.pid) as f:
                for line in f:
                    if line.startswith("VmHWM:"):
                        return int(line.split()[1])
        except OSError:
            return None

    def stop(self, grace=5.0):
        """Wait for the server to exit by itself, else kill it; then kill its
        launched programs if they outlived it (by pid, only ours)."""
        try:
            self.proc.wait(timeout=grace)
            clean = True
        except subprocess.TimeoutExpired:
            clean = False
            os.killpg(self.pid, signal.SIGKILL)
            self.proc.wait()
        for pid in self.inferiors:
            try:
                if os.readlink("/proc/%d/exe" % pid).startswith(BIN + "/"):
                    os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        self.log.close()
        return clean


def version(template):
    """First line of `SERVER --version` (lldb-server: `SERVER version`), for the report's header."""
    if template == FLOOR:
        return "limit_replay, replaying a session recorded against rspd"
    try:
        for flag in ("--version", "version"):
            out = subprocess.run([executable(template), flag], capture_output=True, text=True, timeout=10)
            line = (out.stdout + out.stderr).strip().splitlines()[0]
            if not line.startswith("Usage"):
                return line
    except (OSError, IndexError, TypeError, subprocess.TimeoutExpired):
        pass
    return "version unknown"


if __name__ == "__main__":
    # `servers.py check KIND...`: fail early, naming any server binary that is missing.
    # `servers.py versions KIND...`: one line per kind for the report.
    import sys
    kinds = resolve(sys.argv[2:])
    if sys.argv[1] == "versions":
        print("; ".join("%s: %s" % (label, version(t)) for label, t in kinds))
        sys.exit(0)
    missing = [(label, shlex.split(t)[0]) for label, t in kinds if not executable(t)]
    for label, exe in missing:
        print("bench: server %s: %s not found%s" % (label, exe, " (build it: scripts/build, or set RSPD=path)"
                                                    if label.startswith("rspd") else ""), file=sys.stderr)
    sys.exit(1 if missing else 0)
