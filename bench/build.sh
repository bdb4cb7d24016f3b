#!/bin/bash
# Build the bench programs (progs/, for the debugger to run) and the ceiling
# programs (limits/) into $RSPD_BENCH_DIR/bin (default /tmp/rspd-bench/bin).
set -euo pipefail
shopt -s nullglob
here=$(cd "$(dirname "$0")" && pwd)
bin=${RSPD_BENCH_DIR:-/tmp/rspd-bench}/bin
mkdir -p "$bin"
# -O0 keeps `i` visible in hit(); -no-pie gives fixed symbol addresses, which
# the protocol-level client reads with nm instead of asking gdb.
for src in "$here"/progs/*.c; do
    out=$bin/$(basename "$src" .c)
    [ "$out" -nt "$src" ] || gcc -O0 -g -no-pie -o "$out" "$src"
done
for src in "$here"/limits/*.c; do
    out=$bin/limit_$(basename "$src" .c)
    if [ ! "$out" -nt "$src" ] || [ ! "$out" -nt "$here/limits/limit.h" ]; then
        gcc -O2 -Wall -Wextra -o "$out" "$src"
    fi
done
