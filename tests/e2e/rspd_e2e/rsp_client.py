"""A minimal raw RSP client: frames packets, checks checksums, expands run-lengths, keeps
the acknowledgement discipline (or not, after QStartNoAckMode). For tests that must send
what gdb never would. GDB manual, "Remote Protocol > Overview"."""

import socket
import time

from .config import TestFailure


def checksum(body):
    return sum(body) & 0xff


def frame(payload):
    """$payload#cs with the payload sent as given: the caller escapes what must be."""
    body = payload if isinstance(payload, bytes) else payload.encode("latin-1")
    return b"$" + body + b"#" + b"%02x" % checksum(body)


def expand_rle(body):
    """X*n -> X repeated n-29 more times (escapes are left for the caller). Jumps from '*'
    to '*': replies of 128 KiB by the hundred must not be walked byte by byte in Python."""
    out = bytearray()
    i = 0
    while True:
        star = body.find(b"*", i)
        if star < 1 or star + 1 >= len(body):
            out += body[i:]
            return bytes(out)
        out += body[i:star]
        out += out[-1:] * (body[star + 1] - 29)
        i = star + 2


def unescape(data):
    """Binary data of x/qXfer replies: '}' escapes the next byte (xor 0x20)."""
    out, i = bytearray(), 0
    while i < len(data):
        if data[i] == ord("}") and i + 1 < len(data):
            out.append(data[i + 1] ^ 0x20)
            i += 2
        else:
            out.append(data[i])
            i += 1
    return bytes(out)


class RspClient:
    """One connection: RspClient(host, port), or RspClient(target) with target 'HOST:PORT'
    or a Unix socket path (Server.target). rcvbuf: a small SO_RCVBUF, set before connecting
    so that the TCP window is small too (a client that reads slowly)."""

    def __init__(self, host, port=None, timeout=10.0, rcvbuf=None):
        if port is None and host.startswith("/"):
            self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            address = host
        else:
            if port is None:
                host, port = host.rsplit(":", 1)
            self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            address = (host or "127.0.0.1", int(port))
            # Acks and packets are small separate writes: without this, Nagle holds each
            # back until the previous one is acknowledged (40 ms with delayed ACKs).
            self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        if rcvbuf:
            self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
        self.sock.settimeout(timeout)
        self.sock.connect(address)
        self.timeout = timeout
        self.buf = b""
        self.no_ack = False
        self.sent_bytes = 0

    def close(self):
        self.sock.close()

    def send_raw(self, data):
        self.sock.sendall(data)
        self.sent_bytes += len(data)

    def _fill(self, deadline):
        left = deadline - time.monotonic()
        if left <= 0:
            raise TestFailure(f"no reply from the server within {self.timeout:.0f}s (have {self.buf[:200]!r})")
        self.sock.settimeout(left)
        try:
            chunk = self.sock.recv(1 << 20)
        except socket.timeout:
            chunk = None
        if chunk == b"":
            raise TestFailure(f"the server closed the connection (have {self.buf[:200]!r})")
        if chunk:
            self.buf += chunk

    def _expect_ack(self, deadline):
        while not self.buf:
            self._fill(deadline)
        if self.buf[:1] != b"+":
            raise TestFailure(f"expected '+', got {self.buf[:100]!r}")
        self.buf = self.buf[1:]

    def send(self, payload):
        self.send_raw(frame(payload))
        if not self.no_ack:
            self._expect_ack(time.monotonic() + self.timeout)

    def receive(self):
        """The next packet's payload (bytes, run-lengths expanded, escapes kept)."""
        deadline = time.monotonic() + self.timeout
        while True:
            start = self.buf.find(b"$")
            end = self.buf.find(b"#", start + 1) if start >= 0 else -1
            if start >= 0 and end >= 0 and len(self.buf) >= end + 3:
                break
            self._fill(deadline)
        if self.buf[:start].strip(b"+"):
            raise TestFailure(f"unexpected bytes before a packet: {self.buf[:start][:100]!r}")
        body = self.buf[start + 1:end]
        cs = self.buf[end + 1:end + 3]
        self.buf = self.buf[end + 3:]
        if int(cs, 16) != checksum(body):
            raise TestFailure(f"bad checksum {cs!r} on reply {body[:100]!r}")
        if not self.no_ack:
            self.send_raw(b"+")
        return expand_rle(body)

    def exchange(self, payload):
        """Sends a packet and returns its reply as text (latin-1: binary survives)."""
        self.send(payload)
        return self.receive().decode("latin-1")

    def start_no_ack(self):
        if self.exchange("QStartNoAckMode") != "OK":
            raise TestFailure("QStartNoAckMode refused")
        self.no_ack = True
