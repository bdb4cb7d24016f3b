#!/bin/sh
# LLDB's debugserver stand-in for the launch test: lldb starts its debugserver as
#   $LLDB_DEBUGSERVER_PATH gdbserver --fd=N --native-regs --setsid
# and then launches the program with the A packet over fd N. This runs rspd instead,
# serving that descriptor (COMM "-": rspd's stdin and stdout) with no program of its own.
fd=
for arg in "$@"; do
    case $arg in
        --fd=*) fd=${arg#--fd=} ;;
    esac
done
[ -n "$fd" ] || { echo "lldb_debugserver.sh: no --fd=N in: $*" >&2; exit 2; }
# RSPD_STDERR: a file for rspd's log (a test waits for one of its lines).
if [ -n "$RSPD_STDERR" ]; then exec 2>>"$RSPD_STDERR"; fi
exec "$RSPD_BINARY" --multi - <&"$fd" >&"$fd"
