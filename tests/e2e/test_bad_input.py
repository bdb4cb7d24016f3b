#!/usr/bin/env python3
"""Bad input: every packet rspd knows (each prefix of every HandlerFamily in rsp/handlers/),
sent with malformed arguments by a raw client to a real rspd serving `basic`: missing
fields, non-hex, 17-hex-digit numbers, negative and huge lengths, unknown thread ids and
those of exited threads, unmapped addresses, register numbers out of range. Each must get an
E reply or the empty reply, and the next valid packets must still work (qC, and `m` of
global_counter = 42). The table runs in ack mode, then again in no-ack mode. Then packets
longer than PacketSize and reads larger than it, with rspd's peak RSS (VmHWM) checked.
The exited-thread part runs `threads` until its workers are joined."""
import re
import subprocess
from pathlib import Path

import rspd_e2e as e2e
from rspd_e2e.rsp_client import RspClient, unescape

HUGE = "1" + "0" * 16      # 17 hex digits: more than 64 bits
GONE = 0x7ffffff0          # no such process or thread
HANDLERS = e2e.config.REPO_ROOT / "rsp" / "handlers"


def symbol_offset(prog, name):
    out = subprocess.run(["nm", prog], capture_output=True, text=True, check=True).stdout
    m = re.search(rf"^([0-9a-f]+) \w {re.escape(name)}$", out, re.M)
    if not m:
        raise e2e.TestFailure(f"nm: no symbol {name} in {prog}")
    return int(m.group(1), 16)


def line_offset(prog, source, line):
    out = subprocess.run([e2e.gdb_binary(), "-batch", "-nx", "-ex", f"info line {source}:{line}", prog],
                         capture_output=True, text=True, timeout=30).stdout
    m = re.search(r"starts at address (0x[0-9a-f]+)", out)
    if not m:
        raise e2e.TestFailure(f"gdb found no address for {source}:{line}: {out!r}")
    return int(m.group(1), 16)


def load_base(pid, prog):
    """Where the PIE executable is mapped: its first mapping in /proc/PID/maps."""
    real = str(Path(prog).resolve())
    for line in Path(f"/proc/{pid}/maps").read_text().splitlines():
        if line.endswith(real):
            return int(line.split("-")[0], 16)
    raise e2e.TestFailure(f"{real} not mapped in process {pid}")


def vm_hwm_kib(pid):
    m = re.search(r"^VmHWM:\s+(\d+) kB", Path(f"/proc/{pid}/status").read_text(), re.M)
    return int(m.group(1))


def xfer_read(c, obj, annex):
    """A whole qXfer object, chunk by chunk."""
    data, offset = b"", 0
    while True:
        reply = c.exchange(f"qXfer:{obj}:read:{annex}:{offset:x},1000").encode("latin-1")
        if not reply[:1] in (b"m", b"l"):
            raise e2e.TestFailure(f"qXfer:{obj}:read:{annex} -> {reply[:80]!r}")
        data += unescape(reply[1:])
        offset = len(data)
        if reply[:1] == b"l":
            return data.decode()


def register_count(c):
    """Registers the served target description defines (gdb's numbering: an explicit
    regnum, else the previous one plus one), following xi:include."""
    count, todo = 0, ["target.xml"]
    while todo:
        xml = xfer_read(c, "features", todo.pop(0))
        todo += re.findall(r'<xi:include[^>]*href="([^"]+)"', xml)
        for reg in re.findall(r"<reg\b[^>]*>", xml):
            m = re.search(r'regnum="(\d+)"', reg)
            count = max(count, int(m.group(1)) if m else count) + 1
    return count


def known_prefixes():
    """Every packet prefix in the handler tables ({"prefix", handler...} entries)."""
    prefixes = set()
    for source in HANDLERS.glob("*.cpp"):
        prefixes |= set(re.findall(r'\{"([^"]+)",\s*\w+', source.read_text()))
    return prefixes


def handler_of(packet, prefixes):
    """The prefix the dispatcher would try first: the longest that matches."""
    matches = [p for p in prefixes if packet.startswith(p)]
    return max(matches, key=len) if matches else None


def thread_ids(pid, gone_tid):
    """Thread ids that name nothing alive, or are not thread ids at all."""
    return ["", "zz", "-2", HUGE, "p", "p.", f"p{pid:x}.", f"p{pid:x}.zz", "p-1.5", "p0.-2",
            f"p{pid:x}.{HUGE}", f"{GONE:x}", f"p{pid:x}.{GONE:x}", f"p{GONE:x}.{GONE:x}",
            f"{gone_tid:x}", f"p{pid:x}.{gone_tid:x}"]


def malformed(pid, addr, gone_tid, nregs):
    """(packet, what is wrong) for every packet family; addr is a mapped, known address;
    registers are numbered 0 to nregs - 1."""
    a = f"{addr:x}"
    r = f"{nregs:x}"  # the first number past the last register
    tids = thread_ids(pid, gone_tid)
    unmapped = ["0", "10", "fff", "ffffffffffff0000"]
    cases = []

    def add(what, *packets):
        cases.extend((p, what) for p in packets)

    # Connection setup and queries (rsp/handlers/query.cpp)
    add("trailing junk", "qSupportedjunk", "qSupported;multiprocess+", "vMustReplyEmptyx",
        "QStartNoAckModex", "QStartNoAckMode:1", "QEnableErrorStringsx", "qCjunk", "qC:1",
        "qfThreadInfojunk", "qsThreadInfox", "qAttachedjunk", "?x", "kx", "k;1", "vCtrlCx",
        "gx", "g0", "vCont?x")
    add("missing operation or thread", "H", "Hg", "Hc", "Hx0", "Hs1", "H0")
    add("bad or dead thread id", *[f"H{op}{t}" for op in "gc" for t in tids if t])
    add("bad or dead thread id", "T", "T0", "T-1", *[f"T{t}" for t in tids])
    add("bad pid", "qAttached:", "qAttached:zz", f"qAttached:{HUGE}", "qAttached:-1",
        f"qAttached:{GONE:x}", f"qAttached:{gone_tid:x}")
    for packet in ("QPassSignals:", "QProgramSignals:"):
        add("bad signal list", packet + "zz", packet + "100", packet + HUGE, packet + "-1",
            packet + "1;zz", packet + "1,2", packet + "e;;zz")
    add("bad symbol reply", "qSymbol:", "qSymbol:zz", "qSymbol:zz:", "qSymbol::zz", "qSymbol:1:2:3",
        f"qSymbol:{HUGE}:6d61696e")
    add("bad or unreadable CRC range", "qCRC:", "qCRC:zz,4", f"qCRC:{a}", f"qCRC:{a},zz", f"qCRC:{a},4,4",
        f"qCRC:{HUGE},4", f"qCRC:{a},{HUGE}", *[f"qCRC:{u},4" for u in unmapped])
    add("bad TLS request", "qGetTLSAddr:", "qGetTLSAddr:zz,0,0", f"qGetTLSAddr:{pid:x},zz,0",
        f"qGetTLSAddr:{pid:x},0", f"qGetTLSAddr:{pid:x},0,{HUGE}", f"qGetTLSAddr:{pid:x},0,0,0",
        *[f"qGetTLSAddr:{t},0,0" for t in tids])
    # Memory (memory.cpp)
    add("missing fields", "m", f"m{a}", f"m{a},", "m,4", "M", f"M{a}", f"M{a},4", f"M{a},4",
        "X", f"X{a}", f"X{a},4")
    add("non-hex", "mzz,4", f"m{a},zz", f"m{a},4,4", f"m{a};4", f"M{a},4:zzzzzzzz",
        f"Mzz,4:2a000000", f"M{a},zz:2a000000", f"Xzz,1:a")
    add("negative", f"m-{a},4", f"m{a},-4", f"M{a},-4:01020304", f"X{a},-1:a")
    add("overflow", f"m{HUGE},4", f"m{a},{HUGE}", f"M{HUGE},1:00", f"M{a},{HUGE}:00",
        f"X{HUGE},1:a", f"X{a},{HUGE}:a")
    add("length does not match the data", f"M{a},4:", f"M{a},4:0102030", f"M{a},4:01020304050607",
        f"M{a},ffffffffffffffff:00", f"X{a},4:ab", f"X{a},1:}}", f"X{a},7fffffff:ab")
    add("unmapped", *[f"m{u},4" for u in unmapped], "mfffffffffffffff0,20", "m0,7fffffff",
        "m0,ffffffffffffffff", *[f"M{u},4:01020304" for u in unmapped], "Mffffffffffffffff,2:0102",
        *[f"X{u},1:a" for u in unmapped], "Xffffffffffffffff,2:ab")
    # Registers (registers.cpp): the first number past the served description's last, and
    # one past any x86-64 description (0x95 with AVX-512 and PKRU)
    add("bad register", "p", "pzz", "p-1", f"p{HUGE}", "p10000", "pffff", f"p{r}", "p1ff", "p1,2",
        "P", "P0", "P0=", "P0=zz", "P0=00", "P0=000", "Pzz=0000000000000000",
        "Pffff=0000000000000000", f"P{r}=0000000000000000", "P1ff=0000000000000000", "P-1=00",
        f"P{HUGE}=00", "P=00")
    add("wrong size", "G", "Gzz", "G00", "G0", "G" + "00" * 10, "G" + "0" * 1001)
    # Run control (run_control.cpp): none of these may resume anything
    add("bad vCont", "vCont", "vCont;", "vContx", "vCont;q", "vCont;C", "vCont;Czz", "vCont;C100",
        f"vCont;C{HUGE}", "vCont;c:", "vCont;r", "vCont;r1000", "vCont;r2000,1000", "vCont;rzz,1",
        "vCont;t", "vCont;c;c", f"vCont;s:p{pid:x}.{pid:x};;",
        *[f"vCont;c:{t}" for t in tids if t], *[f"vCont;s:{t}" for t in tids if t])
    add("bad resume", "cjunk", f"c{a}", "c;1", "C", "Czz", "C100", f"C{HUGE}", "C05;zz",
        "C05;1;2", "C;05", "sjunk", f"s{a}", "S", "Szz", "S100", "S05;1")
    add("bad pid", "vKill", "vKill;", "vKill;zz", f"vKill;{HUGE}", "vKill;-1", f"vKill;{GONE:x}",
        "vKill;1", f"vKill;{gone_tid:x}", "vKillx", "D;", "D;zz", f"D;{HUGE}", "D;-1",
        f"D;{GONE:x}", "D;1", "Djunk", "D1")
    # Non-stop and thread events (non_stop.cpp): nothing may change mode
    add("bad flag", "QNonStop:", "QNonStop:2", "QNonStop:zz", "QNonStop:1x", "QNonStop:-1",
        "QThreadEvents:", "QThreadEvents:2", "QThreadEvents:zz", "QThreadEvents:1x")
    add("trailing junk", "vStoppedx", "vStopped:1", "vStopped;")
    # Breakpoints (breakpoints.cpp)
    for z in "Zz":
        add("bad breakpoint", z, f"{z}0", f"{z}0,", f"{z}0,{a}", f"{z}0,{a},", f"{z}0,zz,1",
            f"{z}0,{a},zz", f"{z}5,{a},1", f"{z}9,{a},1", f"{z}0,{HUGE},1", f"{z}0,{a},{HUGE}",
            f"{z}0,{a},10000", f"{z}0,{a},1,1", f"{z}-1,{a},1", f"{z}zz,{a},1", f"{z}0,0,1",
            f"{z}0,ffffffffffffffff,1")
    add("no such breakpoint", f"z0,{a},1")
    # qXfer (xfer.cpp)
    objects = {"features": "target.xml", "exec-file": "", "auxv": "", "threads": "",
               "libraries-svr4": "", "siginfo": "", "osdata": "processes"}
    for obj, annex in objects.items():
        x = f"qXfer:{obj}:read:"
        add("bad offset or length", x, f"{x}{annex}", f"{x}{annex}:", f"{x}{annex}:0",
            f"{x}{annex}:0,", f"{x}{annex}:zz,10", f"{x}{annex}:0,zz", f"{x}{annex}:{HUGE},10",
            f"{x}{annex}:0,{HUGE}", f"{x}{annex}:-1,10", f"{x}{annex}:0,-1", f"{x}{annex}:,10")
    add("bad annex", "qXfer:features:read:nosuch.xml:0,10", "qXfer:features:read:../../etc/passwd:0,10",
        "qXfer:features:read:target.xml:0,10:0,10", "qXfer:exec-file:read:zz:0,10",
        f"qXfer:exec-file:read:{HUGE}:0,10", f"qXfer:exec-file:read:{GONE:x}:0,10",
        "qXfer:exec-file:read:1:0,10", "qXfer:auxv:read:junk:0,10", "qXfer:threads:read:junk:0,10",
        "qXfer:siginfo:read:junk:0,10")
    add("bad siginfo write", "qXfer:siginfo:write:", "qXfer:siginfo:write::", "qXfer:siginfo:write::0",
        "qXfer:siginfo:write:junk:0:a", "qXfer:siginfo:write::zz:a", f"qXfer:siginfo:write::{HUGE}:a",
        "qXfer:siginfo:write::81:a", "qXfer:siginfo:write::-1:a")
    add("unknown object", "qXfer:nosuch:read::0,10", "qXfer:features:write:target.xml:0:abc")
    # Extended-remote and the launch environment (extended.cpp, launch_environment.cpp): the
    # session is not extended, nothing may start, restart or stop
    missing = "/nonexistent/rspd-program".encode().hex()
    add("trailing junk", "!x", "QEnvironmentResetx", "qRcmdx")
    add("not extended or malformed", "R", "Rzz", "R0", "R000", "R00")
    add("bad vRun", "vRun", "vRunx", "vRun;zz", "vRun;6", f"vRun;{HUGE}z", f"vRun;{missing}",
        f"vRun;{missing};zz")
    add("bad vAttach", "vAttach", "vAttach;", "vAttach;zz", "vAttach;0", f"vAttach;{HUGE}",
        "vAttach;-1", f"vAttach;{GONE:x}")
    add("bad hex", "QEnvironmentHexEncoded:zz", "QEnvironmentHexEncoded:6", "QEnvironmentUnset:zz",
        "QSetWorkingDir:zz", "QSetWorkingDir:6", "qRcmd,zz", "qRcmd,6")
    add("bad environment", "QEnvironmentHexEncoded:", "QEnvironmentHexEncoded:3d31",
        "QEnvironmentHexEncoded:464f4f", "QEnvironmentUnset:")
    add("bad flag", "QStartupWithShell:2", "QStartupWithShell:zz", "QStartupWithShell:", "QStartupWithShell:1x",
        "QDisableRandomization:2", "QDisableRandomization:zz", "QDisableRandomization:",
        "QCatchSyscalls:2", "QCatchSyscalls:1;zz", "QCatchSyscalls:zz", "QCatchSyscalls:",
        "QCatchSyscalls:1;", f"QCatchSyscalls:1;{HUGE}", "QCatchSyscalls:1,1", "QCatchSyscalls:0;1")
    # Host I/O (host_io.cpp): errors are F-1,errno; refused paths EACCES
    etc = "/etc/passwd".encode().hex()
    add("bad vFile", "vFile:", "vFile:nosuch:1", "vFile:open:", "vFile:open:zz,0,0", "vFile:open:2f,zz,0",
        "vFile:open:2f,0", "vFile:open:2f,3,0", f"vFile:open:{etc},0,0", f"vFile:open:{etc},601,1a4",
        "vFile:close:zz", "vFile:close:7fffffff", f"vFile:close:{HUGE}", "vFile:pread:zz,1,0",
        "vFile:pread:7fffffff,1,0", "vFile:pread:3", f"vFile:pread:3,1,{HUGE}", "vFile:pwrite:zz,0:",
        "vFile:pwrite:3,0", "vFile:pwrite:3,0,}", "vFile:fstat:zz", "vFile:fstat:3", "vFile:stat:zz",
        f"vFile:stat:{etc}", "vFile:unlink:zz", f"vFile:unlink:{etc}", "vFile:readlink:zz",
        "vFile:readlink:2f", "vFile:setfs:zz", f"vFile:setfs:{GONE:x}", "vFile:setfs:1",
        f"vFile:setfs:{HUGE}", "vFile:size:zz", f"vFile:size:{etc}", "vFile:mode:zz", "vFile:exists:zz",
        "vFile:MD5:zz", f"vFile:MD5:{etc}")
    # LLDB's packets (lldb_query.cpp, register_info.cpp, register_state.cpp, thread_info.cpp,
    # memory_regions.cpp, memory_allocation.cpp, modules.cpp, lldb_launch.cpp): a process is
    # running, so nothing may launch; nothing may be allocated, freed or waited for
    nowhere = "/nonexistent/rspd-module".encode().hex()
    add("trailing junk", "QThreadSuffixSupportedx", "QListThreadsInStopReplyx", "qHostInfox",
        "qProcessInfox", "qGetWorkingDirx", "qGDBServerVersionx", "qWatchpointSupportInfox",
        "qWatchpointSupportInfo:1", "jThreadsInfox", "qLaunchSuccessx", "qVAttachOrWaitSupportedx")
    add("bad register", "qRegisterInfo", "qRegisterInfozz", "qRegisterInfo-1", f"qRegisterInfo{HUGE}",
        "qRegisterInfo10000", "qRegisterInfo1ff")
    add("bad or dead thread id", "qThreadStopInfo", *[f"qThreadStopInfo{t}" for t in tids if t])
    add("bad register state", "QSaveRegisterStatex", "QSaveRegisterState;thread:zz;",
        f"QSaveRegisterState;thread:{GONE:x};", "QSaveRegisterState;thread:", "QRestoreRegisterState:",
        "QRestoreRegisterState:zz", "QRestoreRegisterState:999", f"QRestoreRegisterState:{HUGE}",
        "QRestoreRegisterState:-1", "QRestoreRegisterState:1;thread:zz;")
    add("bad address or path", "qMemoryRegionInfo", "qMemoryRegionInfo:", "qMemoryRegionInfo:zz",
        f"qMemoryRegionInfo:{HUGE}", "qMemoryRegionInfo:-1", "qFileLoadAddress:", "qFileLoadAddress:zz",
        "qFileLoadAddress:6", f"qFileLoadAddress:{nowhere}")
    add("bad allocation", "_M", "_Mzz,rw", "_M0,rw", "_M100", "_M100,q", f"_M{HUGE},rw", "_M100,rw,1",
        "_M-1,rw", "_m", "_mzz", f"_m{HUGE}", "_m-1", f"_m{a}")
    add("bad module", "qModuleInfo:", "qModuleInfo:zz", "qModuleInfo:6", "qModuleInfo:2f",
        f"qModuleInfo:{nowhere};", "jModulesInfo:", "jModulesInfo:zz", "jModulesInfo:[",
        'jModulesInfo:[{"nofile":"a"}]', 'jModulesInfo:{"file":"a"}')
    add("bad launch", "A", "Ax", "A4,0", "A4,0,zz", "A4,1,2f2f", f"A{HUGE},0,2f", "A4,0,2f2f",
        "QSetSTDIN:", "QSetSTDIN:zz", "QSetSTDIN:6", "QSetSTDOUT:", "QSetSTDOUT:zz", "QSetSTDERR:",
        "QSetSTDERR:6", "QSetDisableASLR:", "QSetDisableASLR:2", "QSetDisableASLR:zz",
        "vAttachWait", "vAttachWait;", "vAttachWait;zz", "vAttachWaitx", "vAttachOrWait",
        "vAttachOrWait;6", "vAttachOrWait;")
    add("garbage", "", "\x7f\x01", "q" * 300, "Q", "v", "vC", "j", "x", "qX", "qXfer")
    return cases


class Checker:
    """Sends packets, asserts E-or-empty, and that the session still works after each."""

    def __init__(self, client, pid, addr, value):
        self.client, self.pid, self.addr, self.value = client, pid, addr, value
        self.tried = 0
        self.accepted = []  # malformed packets that got a real reply: all listed at the end

    def healthy(self, after):
        qc = self.client.exchange("qC")
        want = f"QCp{self.pid:x}.{self.pid:x}"
        if qc != want:
            raise e2e.TestFailure(f"after {after!r}: qC -> {qc!r}, expected {want!r}")
        got = self.client.exchange(f"m{self.addr:x},{len(self.value) // 2:x}")
        if got != self.value:
            raise e2e.TestFailure(f"after {after!r}: m{self.addr:x} -> {got!r}, expected {self.value!r}")

    def refused(self, packet, what):
        self.refused_reply(self.client.exchange(packet), what, packet)
        self.healthy(packet)

    def refused_reply(self, reply, what, packet=""):
        self.tried += 1
        refused = reply == "" or reply.startswith("E")
        if packet.startswith("vFile:"):
            # host I/O answers errors with errno; MD5 failure is "F,x" (lldbgdbremote.md)
            refused = refused or reply.startswith("F-1,") or reply == "F,x"
        if not refused:
            self.accepted.append(f"{what}: {packet[:80]!r} -> {reply[:60]!r}")

    def verdict(self):
        if self.accepted:
            raise e2e.TestFailure(f"{len(self.accepted)} malformed packets got a reply other than E or "
                                  "empty:\n  " + "\n  ".join(self.accepted))


def check_coverage(cases):
    prefixes = known_prefixes()
    covered = {handler_of(p, prefixes) for p, _ in cases}
    missing = sorted(prefixes - covered)
    if missing:
        raise e2e.TestFailure(f"no malformed case for the packets {missing}: add some to malformed()")


def oversized(c, check, server_pid, packet_size, prog):
    """Packets beyond PacketSize and reads beyond it: bounded replies, bounded memory."""
    hwm_before = vm_hwm_kib(server_pid)
    c.send_raw(b"$m" + b"0" * (packet_size + 1000) + b"#00")  # checksum unchecked: overflow first
    check.refused_reply(c.receive().decode("latin-1"), "packet longer than PacketSize")
    # 64 MiB in one packet, then 64 MiB of a packet that never ends before a new '$'.
    junk = b"1" * (1 << 20)
    for finished in (True, False):
        c.send_raw(b"$M")
        for _ in range(64):
            c.send_raw(junk)
        if finished:
            c.send_raw(b"#00")
            check.refused_reply(c.receive().decode("latin-1"), "64 MiB packet")
    check.healthy("64 MiB of an unfinished packet")
    for packet in (f"m{check.addr:x},fffffff", f"m{check.addr:x},ffffffffffffffff",
                   "qXfer:features:read:target.xml:0,ffffffffffffffff",
                   "qXfer:features:read:x86_64-core.xml:0,fffffff", "qXfer:threads:read::0,fffffff"):
        reply = c.exchange(packet)
        check.tried += 1
        if not reply or reply.startswith("E") or len(reply) > packet_size:
            raise e2e.TestFailure(f"{packet} -> {len(reply)} bytes {reply[:40]!r}: expected data, at most PacketSize")
        check.healthy(packet)
    # A file read larger than a packet: the program itself, through Host I/O.
    fd = c.exchange(f"vFile:open:{prog.encode().hex()},0,0")
    if not re.fullmatch(r"F[0-9a-f]+", fd):
        raise e2e.TestFailure(f"vFile:open of {prog} -> {fd!r}")
    for count in ("fffffff", "ffffffffffffffff"):
        reply = c.exchange(f"vFile:pread:{fd[1:]},{count},0")
        check.tried += 1
        if not reply.startswith("F") or reply.startswith("F-1") or len(reply) > packet_size:
            raise e2e.TestFailure(f"vFile:pread of {count} bytes -> {len(reply)} bytes {reply[:40]!r}")
    c.exchange(f"vFile:close:{fd[1:]}")
    grown = vm_hwm_kib(server_pid) - hwm_before
    if grown > 16 * 1024:
        raise e2e.TestFailure(f"rspd's peak RSS grew by {grown} KiB over 128 MiB of oversized packets")
    return hwm_before, grown


def basic_phase():
    prog = e2e.program("basic")
    server = e2e.Server(prog, ["7"])
    pid = server.inferior_pid()
    c = RspClient("127.0.0.1", server.port)
    features = c.exchange("qSupported:multiprocess+;swbreak+;vContSupported+")
    packet_size = int(re.search(r"PacketSize=([0-9a-fA-F]+)", features).group(1), 16)
    addr = load_base(pid, prog) + symbol_offset(prog, "global_counter")
    check = Checker(c, pid, addr, "2a000000")  # global_counter = 42
    check.healthy("the start")

    gone = subprocess.Popen(["true"])
    gone.wait()  # a pid that existed and is gone: a thread id no one has any more
    cases = malformed(pid, addr, gone.pid, register_count(c))
    check_coverage(cases)
    for mode in ("ack", "no-ack"):
        if mode == "no-ack":
            c.start_no_ack()
        for packet, what in cases:
            check.refused(packet, f"[{mode}] {what}")
    hwm, grown = oversized(c, check, server.pid, packet_size, prog)
    check.verdict()
    if c.exchange(f"vKill;{pid:x}") != "OK":
        raise e2e.TestFailure("vKill at the end was refused")
    return check.tried, len(cases), hwm, grown


def exited_threads_phase():
    """Runs `threads` until its 8 workers are joined; their ids then name exited threads."""
    prog = e2e.program("threads")
    server = e2e.Server(prog)
    pid = server.inferior_pid()
    c = RspClient("127.0.0.1", server.port)
    c.exchange("qSupported:multiprocess+;swbreak+;vContSupported+")
    base = load_base(pid, prog)
    work = base + symbol_offset(prog, "work")
    joined = base + line_offset(prog, "threads.c", e2e.line_of("threads.c", "main_return"))
    results = base + symbol_offset(prog, "results")

    def run_to(addr):
        if c.exchange(f"Z0,{addr:x},1") != "OK":
            raise e2e.TestFailure(f"Z0 at {addr:x} refused")
        for _ in range(20):  # other threads' hits of an earlier breakpoint may come first
            stop = c.exchange(f"vCont;c:p{pid:x}.-1")
            pc = re.search(r"(?:^T..|;)10:([0-9a-f]{16});", stop)
            if pc and int.from_bytes(bytes.fromhex(pc.group(1)), "little") == addr:
                break
        else:
            raise e2e.TestFailure(f"never stopped at {addr:x}; last stop {stop!r}")
        c.exchange(f"z0,{addr:x},1")

    run_to(work)
    listing = c.exchange("qfThreadInfo")
    workers = [int(t, 16) for t in re.findall(rf"p{pid:x}\.([0-9a-f]+)", listing) if int(t, 16) != pid]
    if len(workers) != 8:
        raise e2e.TestFailure(f"expected 8 workers at work(), got {listing!r}")
    run_to(joined)
    check = Checker(c, pid, results, "ba13000000000000")  # results[0] = 100 * 101 / 2
    check.healthy("the workers' exit")
    for tid in workers:
        for packet in (f"Hgp{pid:x}.{tid:x}", f"Hc{tid:x}", f"Tp{pid:x}.{tid:x}", f"T{tid:x}",
                       f"vCont;c:p{pid:x}.{tid:x}", f"vCont;s:{tid:x}", f"vCont;C05:p{pid:x}.{tid:x}"):
            check.refused(packet, "exited thread")
    check.verdict()
    c.exchange(f"vKill;{pid:x}")
    return check.tried


def test():
    e2e.require_rspd("rspd's bad-input contract (E or empty for every malformed packet)")
    tried, table, hwm, grown = basic_phase()
    tried += exited_threads_phase()
    print(f"malformed inputs tried: {tried} ({table} table cases x ack/no-ack, oversized packets "
          f"and reads, exited threads); rspd VmHWM {hwm} KiB, +{grown} KiB after 128 MiB of oversized packets")
    return f"{tried} malformed inputs refused"


if __name__ == "__main__":
    e2e.run(test, timeout=120)
