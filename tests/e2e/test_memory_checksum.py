#!/usr/bin/env python3
"""qCRC, as gdbserver answers it: the CRC of basic's global_array ({10, 20, 30, 40}, 16
bytes) is gdb's CRC-32 of those bytes, an unmapped range is a memory fault, and
`compare-sections` reports that fault (gdb asks at the PIE's unrelocated addresses)."""
import struct

import rspd_e2e as e2e


def crc32_mpeg2(data, crc=0xffffffff):
    for byte in data:
        crc ^= byte << 24
        for _ in range(8):
            crc = ((crc << 1) ^ 0x04c11db7) if crc & 0x80000000 else crc << 1
            crc &= 0xffffffff
    return crc


def test():
    prog = e2e.program("basic")
    server = e2e.Server(prog)
    t = e2e.run_gdb([
        f"target remote {server.target}",
        "break main",
        "continue",
        ("crc", 'eval "maint packet qCRC:%lx,10", &global_array'),
        ("fault", "maint packet qCRC:10,4"),
        ("sections", "compare-sections .interp"),
        ("exit", "continue"),
    ], prog)
    want = crc32_mpeg2(struct.pack("<4i", 10, 20, 30, 40))
    got = t.expect(r'^received: "C([0-9a-f]{8})"$', "crc").group(1)
    if int(got, 16) != want:
        raise e2e.TestFailure(f"qCRC of global_array is {got}, expected {want:08x}")
    t.expect(r'^received: "E01"$', "fault")
    t.expect(r"^target memory fault, section \.interp, range 0x[0-9a-f]+ -- 0x[0-9a-f]+$", "sections")
    e2e.expect_exit_code(t, "exit", 0)


if __name__ == "__main__":
    e2e.run(test)
