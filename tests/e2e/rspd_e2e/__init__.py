"""Shared helpers for rspd's end-to-end tests: a real gdb drives a real
inferior through a stub server, and the tests assert exact values.

Environment:
  RSPD_SERVER_CMD      server template, e.g. '/path/rspd {comm} {prog} {args}'
                       or 'gdbserver {comm} {prog} {args}' (required)
  RSPD_ATTACH_CMD      attach template; default: the part of RSPD_SERVER_CMD
                       before {comm}, then '--attach {comm} {pid}'
  RSPD_PROGRAMS_DIR    directory of the built inferiors (default build/tests/programs)
  RSPD_GDB             gdb to run (default: gdb)
  RSPD_LLDB            lldb to run (default: lldb-16)
  RSPD_SERVER_FLAVOR   'gdbserver' or 'rspd'; guessed from the template's program name
  RSPD_E2E_VERBOSE=1   print gdb transcripts and server output even on success

Each test script calls run(test_fn); it prints one line, PASS/FAIL/SKIP and
the reason, and exits 0 (pass), 1 (fail) or 77 (skip: rspd-only feature
against gdbserver). Everything a test starts is killed in a finally block,
and the whole test is bounded by a deadline so CI never hangs.
"""

from .config import (TestFailure, check, TestSkipped, attach_template, free_port, gdb_binary, line_of,
                     program, programs_dir, require_rspd, server_flavor, server_template)
from .gdb import (Gdb, Transcript, backtrace_functions, expect_backtrace, expect_exit_code,
                  expect_in_backtraces, expect_stop_at, run_gdb)
from .lldb import (Lldb, LldbTranscript, expect_exit_status, expect_frames, expect_stop,
                   frame_functions, frame_pc, run_lldb)
from .process import (Proc, assert_process_gone, children_of, descendants_of, expect_detached,
                      fd_count, proc_stat, read_memory, start_inferior, start_sleeping_loop,
                      status_kib, symbol_address, task_states, temp_dir, tracer_pid, wait_until,
                      zombies_under)
from .rsp_client import RspClient, frame
from .runner import SKIP_EXIT, run
from .server import Server, stdio_target
