#!/usr/bin/env python3
"""Host I/O (vFile). gdb with `set sysroot target:` and no program of its own reads the
program and its libraries through rspd: `info sharedlibrary` lists them with symbols, from
target:, and a breakpoint in libdemo.so is hit. A file the program does not map is refused
(EACCES, logged) and gdb debugs on. --hostio-root DIR opens DIR for reading only;
--hostio=full allows writes and unlink."""
import os
import re

import rspd_e2e as e2e


def hexpath(path):
    return path.encode().hex()


def test():
    e2e.require_rspd("confined vFile")
    prog = e2e.program("libcall")
    libdemo = str(e2e.programs_dir().resolve() / "libdemo.so")
    local = os.path.join(e2e.temp_dir(), "fetched")
    server = e2e.Server(prog, options=["--remote-debug"])
    t = e2e.run_gdb([
        "set sysroot target:",
        f"target remote {server.target}",
        ("break-main", "break main"),
        ("cont-main", "continue"),
        ("libs", "info sharedlibrary"),
        ("break-add", "break demo_add"),
        ("cont-add", "continue"),
        ("refused", f"remote get /etc/passwd {local}"),
        ("exit", "continue"),
    ])  # no program: gdb must get it from the target
    t.expect_not(r"does not support file transfer", None, "vFile answered")
    t.expect(r"^Breakpoint 1, main \(\) at \S*libcall\.c:\d+$", "cont-main")
    rows = re.findall(r"^0x[0-9a-f]+\s+0x[0-9a-f]+\s+(Yes|No)( \(\*\))?\s+(\S+)$", t["libs"], re.M)
    paths = [r[2] for r in rows]
    if len(rows) != 3 or any(r[0] != "Yes" for r in rows):
        raise e2e.TestFailure(f"expected 3 libraries with symbols, got {rows}")
    for want in (re.escape("target:" + libdemo) + "$", r"^target:\S*/libc\.so\.6$",
                 r"^target:\S*/ld-linux-x86-64\.so\.2$"):
        if not any(re.search(want, p) for p in paths):
            raise e2e.TestFailure(f"no library matching /{want}/ in {paths}")
    t.expect(r"^Breakpoint 2, demo_add \(a=2, b=3\) at \S*libdemo\.c:\d+$", "cont-add")
    t.expect(r"Permission denied", "refused", "EACCES for a file the program does not map")
    e2e.expect_exit_code(t, "exit", 4)
    log = server.stderr()
    for path in (os.path.realpath(prog), libdemo):
        if f"vFile:open:{hexpath(path)}," not in log:
            raise e2e.TestFailure(f"gdb did not open {path} through vFile")
    if not re.search(r"^rspd: -> F[0-9a-f]+;\x7fELF", log, re.M):
        raise e2e.TestFailure("no vFile:pread reply with an ELF header in the packet log")
    if not re.search(r"vFile: refused reading /etc/passwd: ", log):
        raise e2e.TestFailure("the refused path was not logged")
    if os.path.exists(local):
        raise e2e.TestFailure("the refused file was fetched anyway")

    # --hostio-root: reads under DIR, nothing written.
    root = os.path.realpath(e2e.temp_dir())
    with open(os.path.join(root, "data.txt"), "w") as f:
        f.write("rspd host io\n")
    upload = os.path.join(e2e.temp_dir(), "upload.txt")
    with open(upload, "w") as f:
        f.write("uploaded\n")
    rooted = e2e.Server(multi=True, options=["--hostio-root", root])
    t = e2e.run_gdb([
        f"target extended-remote {rooted.target}",
        ("get", f"remote get {root}/data.txt {local}"),
        ("put", f"remote put {upload} {root}/new.txt"),
        ("delete", f"remote delete {root}/data.txt"),
    ])
    with open(local) as f:
        if f.read() != "rspd host io\n":
            raise e2e.TestFailure("remote get under --hostio-root fetched something else")
    t.expect(r"Permission denied", "put", "no writes without --hostio=full")
    t.expect(r"Permission denied", "delete", "no unlink without --hostio=full")
    if os.path.exists(f"{root}/new.txt") or not os.path.exists(f"{root}/data.txt"):
        raise e2e.TestFailure("a confined client changed files")

    # --hostio=full: writes and unlink.
    full = e2e.Server(multi=True, options=["--hostio=full"])
    t = e2e.run_gdb([
        f"target extended-remote {full.target}",
        ("put", f"remote put {upload} {root}/new.txt"),
        ("delete", f"remote delete {root}/data.txt"),
    ])
    t.expect_not(r"Permission denied|error", None)
    with open(f"{root}/new.txt") as f:
        if f.read() != "uploaded\n":
            raise e2e.TestFailure("remote put with --hostio=full wrote something else")
    if os.path.exists(f"{root}/data.txt"):
        raise e2e.TestFailure("remote delete with --hostio=full left the file")


if __name__ == "__main__":
    e2e.run(test)
