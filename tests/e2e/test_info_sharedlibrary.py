#!/usr/bin/env python3
"""`info sharedlibrary` at main lists libdemo.so (from the programs dir),
libc and the dynamic loader, all with symbols read."""
import re

import rspd_e2e as e2e


def test():
    prog = e2e.program("libcall")
    libdemo = str(e2e.programs_dir().resolve() / "libdemo.so")
    server = e2e.Server(prog)
    t = e2e.run_gdb([
        f"target remote {server.target}",
        "break main",
        "continue",
        "info sharedlibrary",
        "print demo_add(40, 2)",
        "kill",
    ], prog)

    t.expect(r"Breakpoint 1, main \(\)", "continue")
    libs = t["info sharedlibrary"]
    rows = re.findall(r"^0x[0-9a-f]+\s+0x[0-9a-f]+\s+(Yes|No)( \(\*\))?\s+(\S+)$", libs, re.M)
    paths = [re.sub(r"^target:", "", r[2]) for r in rows]
    if len(rows) != 3:
        raise e2e.TestFailure(f"expected 3 libraries (ld.so, libdemo.so, libc), got {paths}")
    for want in (re.escape(libdemo) + "$", r"/libc\.so\.6$", r"/ld-linux-x86-64\.so\.2$"):
        if not any(re.search(want, p) for p in paths):
            raise e2e.TestFailure(f"no library matching /{want}/ in {paths}")
    if any(r[0] != "Yes" for r in rows):
        raise e2e.TestFailure(f"symbols not read for every library: {rows}")
    t.expect_value("print demo_add(40, 2)", "42")
    server.wait(15)


if __name__ == "__main__":
    e2e.run(test)
