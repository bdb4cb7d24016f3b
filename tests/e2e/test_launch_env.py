#!/usr/bin/env python3
"""What vRun's program is started with: environment variables set and unset in gdb, its
working directory (`set cwd`), arguments with blanks, $VAR and globs with and without the
shell (`set startup-with-shell`), and address space randomization on and off; then the
command line's --wrapper and --no-startup-with-shell."""
import os
import re

import rspd_e2e as e2e


def string_value(t, key):
    """'$N = 0x... "text"' -> text; '$N = 0x0' -> None."""
    m = t.expect(r'^\$\d+ = (?:0x[0-9a-f]+ "(.*)"|(0x0))$', key, f"a string from `{t.commands[t.index(key)][1]}`")
    return None if m.group(2) else m.group(1)


def expect_string(t, key, expected):
    got = string_value(t, key)
    if got != expected:
        raise e2e.TestFailure(f"`{t.commands[t.index(key)][1]}` gave {got!r}, expected {expected!r}")


def test():
    prog = e2e.program("showenv")
    work = os.path.realpath(e2e.temp_dir())
    for name in ("g1", "g2"):
        open(os.path.join(work, name), "w").close()
    env = dict(os.environ, RSPD_E2E_GONE="present")
    server = e2e.Server(multi=True, env=env)
    glob = f"{work}/g*"
    t = e2e.run_gdb([
        f"target extended-remote {server.target}",
        f"set remote exec-file {prog}",
        "set environment RSPD_E2E_FOO=bar baz",
        "set environment RSPD_E2E_WORD=expanded",
        "unset environment RSPD_E2E_GONE",
        f"set cwd {work}",
        "break checkpoint",
        ("run-shell", f'run "a b" $RSPD_E2E_WORD {glob}'),
        "up",
        ("argc-shell", "print argc"),
        ("argv1-shell", "print argv[1]"),
        ("argv2-shell", "print argv[2]"),
        ("argv3-shell", "print argv[3]"),
        ("argv4-shell", "print argv[4]"),
        ("foo", "print env_foo"),
        ("gone", "print env_gone"),
        ("cwd", "print cwd"),
        ("addr-fixed", "print &cwd"),
        "set startup-with-shell off",
        "set disable-randomization off",
        ("run-plain", f'run "a b" $RSPD_E2E_WORD {glob}'),
        "up",
        ("argc-plain", "print argc"),
        ("argv1-plain", "print argv[1]"),
        ("argv2-plain", "print argv[2]"),
        ("argv3-plain", "print argv[3]"),
        ("addr-random", "print &cwd"),
        "kill",
    ], prog)

    t.expect(r"^Breakpoint 1, checkpoint \(\)", "run-shell")
    # The shell: one word per quoted argument, $VAR expanded, the glob matched (g1 g2).
    t.expect_value("argc-shell", "5")
    expect_string(t, "argv1-shell", "a b")
    expect_string(t, "argv2-shell", "expanded")
    expect_string(t, "argv3-shell", f"{work}/g1")
    expect_string(t, "argv4-shell", f"{work}/g2")
    expect_string(t, "foo", "bar baz")
    expect_string(t, "gone", None)
    t.expect(rf'^\$\d+ = "{re.escape(work)}", ', "cwd")
    # Randomization off (gdb's default): the PIE sits at 0x555555554000.
    t.expect(r"^\$\d+ = \(char \(\*\)\[4096\]\) 0x5555555[0-9a-f]{5} <cwd>$", "addr-fixed")
    # Without the shell: the words exactly as gdb split them.
    t.expect_value("argc-plain", "4")
    expect_string(t, "argv1-plain", "a b")
    expect_string(t, "argv2-plain", "$RSPD_E2E_WORD")
    expect_string(t, "argv3-plain", glob)
    t.expect_not(r"0x5555555[0-9a-f]{5} <cwd>$", "addr-random", "randomization back on")

    # rspd's command line: --wrapper runs the program through `env`, without a shell.
    if e2e.server_flavor() == "rspd":
        wrapped = e2e.Server(prog, ['$HOME'], options=["--no-startup-with-shell", "--wrapper", "env",
                                                        "RSPD_E2E_FOO=wrapped", "--"])
        t2 = e2e.run_gdb([
            f"target remote {wrapped.target}",
            "break checkpoint",
            ("cont", "continue"),
            "up",
            ("foo", "print env_foo"),
            ("argv1", "print argv[1]"),
            ("exit", "continue"),
        ], prog)
        t2.expect(r"^Breakpoint 1, checkpoint \(\)", "cont")
        expect_string(t2, "foo", "wrapped")
        expect_string(t2, "argv1", "$HOME")
        e2e.expect_exit_code(t2, "exit", 2)


if __name__ == "__main__":
    e2e.run(test)
