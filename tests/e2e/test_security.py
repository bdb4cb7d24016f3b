#!/usr/bin/env python3
"""Secure by default (rspd only).

  test_security.py loopback   `rspd :PORT`: the listening socket is 127.0.0.1
                              (checked in /proc/net/tcp), no warning printed
  test_security.py any        `rspd 0.0.0.0:PORT`: bound to 0.0.0.0, and one
                              line warns that the protocol has no authentication
  test_security.py unix       a Unix socket COMM is created with mode 0600; a
                              client of another uid (nobody, run through
                              setuid) is refused: first by the file mode, then,
                              with the socket opened up to everyone (chmod
                              0666), by rspd's SO_PEERCRED check, which closes
                              the connection unanswered and logs it; the
                              rightful user then debugs the program normally."""
import errno
import os
import re
import socket
import stat
import sys

import rspd_e2e as e2e

NOBODY = 65534


def probe(path):
    """Connect to the socket, send qSupported, read until EOF: what happened, as text."""
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(10)
    try:
        s.connect(path)
    except OSError as e:
        return "connect:" + errno.errorcode.get(e.errno, str(e.errno))
    data = b""
    try:
        s.sendall(e2e.frame("qSupported"))
        while chunk := s.recv(4096):
            data += chunk
        return "eof:" + repr(data)
    except socket.timeout:
        return "timeout:" + repr(data)
    except OSError as e:
        return "error:" + errno.errorcode.get(e.errno, str(e.errno))


def listening_addresses(port):
    """Local addresses (hex, as in /proc/net/tcp{,6}) of sockets in LISTEN on port."""
    found = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = open(table).read().splitlines()[1:]
        except FileNotFoundError:
            continue
        for line in lines:
            fields = line.split()
            address, hex_port = fields[1].rsplit(":", 1)
            if int(hex_port, 16) == port and fields[3] == "0A":  # TCP_LISTEN
                found.append(address)
    return found


def warnings_in(server):
    return [line for line in server.stderr().splitlines() if "authentication" in line]


def loopback():
    server = e2e.Server(e2e.program("basic"), ["7"], comm=":{port}")
    addresses = listening_addresses(server.port)
    if addresses != ["0100007F"]:
        raise e2e.TestFailure(f"`:{server.port}` listens on {addresses} (hex), expected only 127.0.0.1 (0100007F)")
    if warnings_in(server):
        raise e2e.TestFailure(f"a loopback COMM printed a warning: {warnings_in(server)}")
    return f"`:{server.port}` listens on 127.0.0.1 only"


def any_address():
    server = e2e.Server(e2e.program("basic"), ["7"], comm="0.0.0.0:{port}")
    addresses = listening_addresses(server.port)
    if addresses != ["00000000"]:
        raise e2e.TestFailure(f"`0.0.0.0:{server.port}` listens on {addresses}, expected 0.0.0.0 (00000000)")
    lines = warnings_in(server)
    if len(lines) != 1 or not re.fullmatch(r"Warning: .*0\.0\.0\.0.*no authentication\.", lines[0]):
        raise e2e.TestFailure(f"expected one warning line about no authentication, got {lines}")
    return lines[0]


def probe_as_nobody(path):
    """probe(path) in a child process that first becomes nobody (fork + setuid)."""
    read_end, write_end = os.pipe()
    child = os.fork()
    if child == 0:
        try:
            os.close(read_end)
            os.setgroups([])
            os.setgid(NOBODY)
            os.setuid(NOBODY)
            result = probe(path)
        except BaseException as e:
            result = f"child failed: {e!r}"
        os.write(write_end, result.encode())
        os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end) as f:
        result = f.read()
    os.waitpid(child, 0)
    return result


def unix_socket():
    if os.geteuid() != 0:
        raise e2e.TestSkipped("needs root to run a client as another user (nobody)")
    prog = e2e.program("basic")
    directory = e2e.temp_dir()
    path = os.path.join(directory, "rspd.sock")
    server = e2e.Server(prog, ["7"], comm=path)
    mode = os.lstat(path).st_mode
    if not stat.S_ISSOCK(mode) or stat.S_IMODE(mode) != 0o600:
        raise e2e.TestFailure(f"socket {path} has mode {stat.S_IMODE(mode):o}, expected 600")

    os.chmod(directory, 0o755)  # let nobody reach the socket: only its own mode stands in the way
    by_mode = probe_as_nobody(path)
    if by_mode != "connect:EACCES":
        raise e2e.TestFailure(f"nobody connecting to the 0600 socket: {by_mode}, expected EACCES")

    os.chmod(path, 0o666)  # now only rspd's peer-credential check refuses nobody
    by_uid = probe_as_nobody(path)
    # Closed with the request unread: EOF, or a reset (what Unix sockets do to unread data).
    if by_uid not in ("eof:b''", "error:ECONNRESET", "error:EPIPE"):
        raise e2e.TestFailure(f"nobody connecting to the socket opened to all: {by_uid}, expected the "
                              "connection closed with no reply")
    server.wait_for(rf"^Refused a client of uid {NOBODY} on the Unix socket$", 5, stream="stderr")

    t = e2e.run_gdb([f"target remote {path}", "break square", ("cont", "continue"), ("exit", "continue")], prog)
    t.expect(r"^Breakpoint 1, square \(x=5\)", "cont")
    e2e.expect_exit_code(t, "exit", 7)
    server.wait(15)
    if os.path.exists(path):
        raise e2e.TestFailure(f"socket {path} left behind after rspd exited")
    return "mode 0600; nobody refused by mode (EACCES) and by SO_PEERCRED (closed unanswered)"


MODES = {"loopback": loopback, "any": any_address, "unix": unix_socket}


def test():
    e2e.require_rspd("secure defaults")
    mode = sys.argv[1] if len(sys.argv) > 1 else ""
    if mode not in MODES:
        raise e2e.TestFailure(f"usage: test_security.py {{{'|'.join(MODES)}}}")
    return MODES[mode]()


if __name__ == "__main__":
    e2e.run(test, name=" ".join(["test_security"] + sys.argv[1:]))
