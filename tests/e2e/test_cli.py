#!/usr/bin/env python3
"""The command line as scripts meet it: a busy port prints gdbserver's line and
exits 1 (not the killed inferior's status), --version and --help answer,
unknown options and missing programs or processes fail with a clear message."""
import shlex
import socket
import subprocess

import rspd_e2e as e2e


def rspd(*args):
    binary = shlex.split(e2e.server_template())[0]
    return subprocess.run([binary, *map(str, args)], capture_output=True, text=True, timeout=20)


def expect(result, code, text):
    if result.returncode != code or text not in result.stderr + result.stdout:
        raise e2e.TestFailure(f"expected exit {code} and {text!r}; got {result.returncode}: "
                              f"{result.stdout!r} {result.stderr!r}")


def test():
    e2e.require_rspd("rspd's own command line")
    busy = socket.socket()
    busy.bind(("127.0.0.1", 0))
    busy.listen()
    port = busy.getsockname()[1]
    expect(rspd(f":{port}", e2e.program("basic")), 1, "Can't bind address: Address already in use.")
    expect(rspd("--version"), 0, "rspd 0.1")
    expect(rspd("--help"), 0, "Usage: rspd [OPTIONS] COMM PROG")
    expect(rspd("--no-such-option", ":1", "prog"), 2, "unknown option --no-such-option")
    expect(rspd(":0"), 2, "missing PROG")
    expect(rspd(":0", "/nonexistent/program"), 1, "Cannot exec /nonexistent/program: No such file or directory")
    expect(rspd("--attach", ":0", "999999999"), 1, "No such process")
    expect(rspd("--wrapper", "env", ":0", "prog"), 2, "--wrapper needs its command ended by --")
    expect(rspd("--wrapper", "--", ":0", "prog"), 2, "--wrapper needs a command before --")
    expect(rspd(":0", "prog", "--hostio-root"), 1, "Cannot exec prog")  # PROG's own arguments
    expect(rspd(":0", "--hostio-root"), 2, "--hostio-root needs a directory")
    expect(rspd("--help"), 0, "--wrapper WRAPPER ARGS --")


if __name__ == "__main__":
    e2e.run(test)
