#!/usr/bin/env python3
"""AVX state through the target description: `print $ymm0` shows the eight
lanes main loaded (upper half from NT_X86_XSTATE, lower from the FP regset),
`info all-registers` lists ymm0 with them, and a lane gdb writes into ymm1
(both halves) reaches the program, which exits 0 only if it reads them back."""
import rspd_e2e as e2e


def test():
    prog = e2e.program("vector")
    server = e2e.Server(prog)
    t = e2e.run_gdb([
        f"target remote {server.target}",
        "break checkpoint",
        "continue",
        ("ymm0", "print $ymm0.v8_int32"),
        ("all", "info all-registers"),
        ("low", "set var $ymm1.v8_int32[0] = 77"),
        ("high", "set var $ymm1.v8_int32[7] = 5"),
        ("ymm1", "print $ymm1.v8_int32"),
        ("cont-exit", "continue"),
    ], prog)

    t.expect_value("ymm0", "{11, 22, 33, 44, 55, 66, 77, 88}")
    # ymm0's own line with our description; zmm0's where the server describes AVX-512.
    t.expect(r"^[yz]mm0 +\{.*v(8|16)_int32 = \{0xb, 0x16, 0x21, 0x2c, 0x37, 0x42, 0x4d, 0x58", "all")
    t.expect_value("ymm1", "{77, 0, 0, 0, 0, 0, 0, 5}")
    e2e.expect_exit_code(t, "cont-exit", 0)
    server.wait_for(r"vector: ymm1\[0\]=77 ymm1\[7\]=5", 10)


if __name__ == "__main__":
    e2e.run(test)
