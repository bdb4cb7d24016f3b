"""Configuration from the environment, and the test outcome exceptions."""

import os
import shlex
import socket
from pathlib import Path

E2E_DIR = Path(__file__).resolve().parent.parent
SOURCES_DIR = E2E_DIR.parent / "programs"
REPO_ROOT = E2E_DIR.parent.parent
VERBOSE = os.environ.get("RSPD_E2E_VERBOSE") == "1"


class TestFailure(Exception):
    """An assertion about gdb's or the inferior's behaviour did not hold."""


def check(condition, message):
    """A TestFailure with message unless condition holds."""
    if not condition:
        raise TestFailure(message)


class TestSkipped(Exception):
    """The test does not apply to this server (an rspd-only feature)."""


def server_template():
    tmpl = os.environ.get("RSPD_SERVER_CMD", "").strip()
    if not tmpl:
        raise TestFailure("RSPD_SERVER_CMD is not set (e.g. 'gdbserver {comm} {prog} {args}')")
    if "{comm}" not in tmpl or "{prog}" not in tmpl:
        raise TestFailure(f"RSPD_SERVER_CMD needs {{comm}} and {{prog}}: {tmpl!r}")
    return tmpl


def attach_template():
    tmpl = os.environ.get("RSPD_ATTACH_CMD", "").strip()
    if tmpl:
        return tmpl
    base = server_template()
    return base[: base.index("{comm}")] + "--attach {comm} {pid}"


def server_flavor():
    flavor = os.environ.get("RSPD_SERVER_FLAVOR", "").strip()
    if flavor:
        return flavor
    first = shlex.split(server_template())[0]
    return "gdbserver" if os.path.basename(first).startswith("gdbserver") else "rspd"


def require_rspd(feature):
    """Skip the test when the server is gdbserver, which lacks `feature`."""
    if server_flavor() == "gdbserver":
        raise TestSkipped(f"{feature} is an rspd-only feature; the server is gdbserver")


def programs_dir():
    return Path(os.environ.get("RSPD_PROGRAMS_DIR", REPO_ROOT / "build" / "tests" / "programs"))


def program(name):
    path = programs_dir() / name
    if not path.is_file():
        raise TestFailure(f"test program {path} is missing (build tests/programs or set RSPD_PROGRAMS_DIR)")
    return str(path)


def gdb_binary():
    return os.environ.get("RSPD_GDB", "gdb")


def line_of(source, marker):
    """1-based line of the 'LINE:<marker>' comment in tests/programs/<source>."""
    tag = f"LINE:{marker} "
    for number, text in enumerate((SOURCES_DIR / source).read_text().splitlines(), 1):
        if tag in text + " ":
            return number
    raise TestFailure(f"marker LINE:{marker} not found in {source}")


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
