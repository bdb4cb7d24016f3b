"""The stub under test, started from the RSPD_SERVER_CMD / RSPD_ATTACH_CMD templates."""

import os
import shlex

from .config import TestFailure, attach_template, free_port, server_template
from .process import Proc, children_of, wait_until


class Server(Proc):
    """The stub under test, started from RSPD_SERVER_CMD / RSPD_ATTACH_CMD.

    comm: None for a free TCP port on 127.0.0.1, a Unix socket path, or a TCP COMM
    with '{port}' in it (':{port}', '0.0.0.0:{port}'), filled with a free port.
    multi: `--multi COMM` with no program (extended-remote: gdb runs and attaches)."""

    def __init__(self, prog=None, args=(), attach_pid=None, comm=None, options=(), startup_timeout=20.0,
                 multi=False, env=None):
        if multi:
            options = ["--multi"] + list(options)
        tcp_template = comm if comm and "{port}" in comm else None
        self.unix_path = None if tcp_template else comm
        for attempt in range(3):
            self.port = None if self.unix_path else free_port()
            comm_arg = self.unix_path or (tcp_template or "127.0.0.1:{port}").format(port=self.port)
            tmpl = attach_template() if attach_pid is not None else server_template()
            if options:  # server options go just before COMM, as for gdbserver
                at = tmpl.index("{comm}")
                tmpl = tmpl[:at] + shlex.join(options).replace("{", "{{").replace("}", "}}") + " " + tmpl[at:]
            text = tmpl.format(comm=shlex.quote(comm_arg), pid=attach_pid,
                               prog="" if multi else shlex.quote(prog or ""),
                               args="" if multi else shlex.join([str(a) for a in args]))
            super().__init__(shlex.split(text), "server", env=env)
            try:
                self._wait_listening(startup_timeout)
                return
            except TestFailure:
                if "Address already in use" in self.stderr() and attempt < 2:
                    self.kill()
                    continue
                raise

    def _wait_listening(self, timeout):
        if self.unix_path is None:
            self.wait_for(r"Listening on port \d+", timeout, stream="stderr")
            return
        # rspd prints a "Listening on ..." line for sockets too; the socket
        # file appearing is enough.
        def ready_or_dead():
            return ("Listening on" in self.stderr() or os.path.exists(self.unix_path)
                    or self.popen.poll() is not None)
        if not wait_until(ready_or_dead, timeout) or self.popen.poll() is not None:
            raise TestFailure(f"server never listened on {self.unix_path} "
                              f"(exit status {self.popen.poll()}):\n{self.stderr()}")

    @property
    def target(self):
        return self.unix_path if self.unix_path else f"127.0.0.1:{self.port}"

    def inferior_pid(self, timeout=5.0):
        """The pid of the process the server launched (its one child)."""
        kids = wait_until(lambda: children_of(self.pid), timeout)
        if len(kids) != 1:
            raise TestFailure(f"expected the server to have 1 child (the inferior), found {kids}")
        return kids[0]


def stdio_target(prog, args=()):
    """`target remote | CMD` argument for a server speaking on its stdin/stdout."""
    text = server_template().format(comm="-", prog=shlex.quote(prog), args=shlex.join([str(a) for a in args]))
    return "| " + text
