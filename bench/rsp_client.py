"""A minimal GDB Remote Serial Protocol client (stdlib only), enough to
measure a server without gdb: framing, acks until QStartNoAckMode, run-length
decoding, qSupported. Payloads are bytes; checksums of replies are checked
when a reply is decoded, outside any timed loop."""
import re
import socket

GDB_FEATURES = (b"qSupported:multiprocess+;swbreak+;hwbreak+;qRelocInsn+;fork-events+;vfork-events+;"
                b"exec-events+;vContSupported+;QThreadEvents+;no-resumed+;xmlRegisters=i386")


class ProtocolError(Exception):
    pass


def frame(payload):
    return b"$%s#%02x" % (payload, sum(payload) & 0xFF)


def checked(raw):
    """Payload of one raw reply b'$...#cs', after checking its checksum."""
    payload, cs = raw[1:-3], raw[-2:]
    if int(cs, 16) != sum(payload) & 0xFF:
        raise ProtocolError("bad checksum in reply %r" % raw[:60])
    return payload


RUN = re.compile(rb"(.)\*(.)", re.S)


def unrle(payload):
    """Expand run-length encoding: 'X*c' is X followed by ord(c) - 29 more X."""
    if b"*" not in payload:
        return payload
    return RUN.sub(lambda m: m.group(1) * (ord(m.group(2)) - 28), payload)


class Client:
    def __init__(self, port, timeout=60):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.pending = bytearray()
        self.acks = True
        self.features = {}
        self.packet_size = None

    def send(self, payload):
        self.sock.sendall(frame(payload))

    def receive_raw(self):
        """Next reply as raw bytes '$...#cs'; '+' acks and notifications skipped."""
        scanned = 0
        while True:
            start = self.pending.find(b"$")
            if start >= 0:
                end = self.pending.find(b"#", max(start, scanned))
                if end >= 0 and len(self.pending) >= end + 3:
                    raw = bytes(self.pending[start:end + 3])
                    del self.pending[:end + 3]
                    if self.acks:
                        self.sock.sendall(b"+")
                    return raw
                scanned = len(self.pending) - 2 if end < 0 else end
            chunk = self.sock.recv(1 << 20)
            if not chunk:
                raise ProtocolError("server closed the connection")
            self.pending += chunk

    def ask(self, payload):
        """Send, then return the decoded (RLE-expanded) reply payload."""
        self.send(payload)
        return unrle(checked(self.receive_raw()))

    def handshake(self):
        """What gdb does first: qSupported with gdb 13's features, then no-ack mode if offered."""
        reply = self.ask(GDB_FEATURES).decode()
        for item in reply.split(";"):
            if "=" in item:
                k, v = item.split("=", 1)
                self.features[k] = v
            elif item:
                self.features[item[:-1]] = item[-1] == "+"
        if "PacketSize" not in self.features:
            raise ProtocolError("no PacketSize in qSupported reply %r" % reply[:200])
        self.packet_size = int(self.features["PacketSize"], 16)     # hex, per the manual
        if self.features.get("QStartNoAckMode"):
            if self.ask(b"QStartNoAckMode") != b"OK":
                raise ProtocolError("QStartNoAckMode refused")
            self.acks = False

    def close(self):
        try:
            self.send(b"k")
        except OSError:
            pass
        self.sock.close()


def stop_thread(reply):
    """The thread-id in a T stop reply ('thread:p1f.1f;' gives b'p1f.1f'), or None."""
    m = re.search(rb"thread:([^;]+);", reply)
    return m.group(1) if m else None
