#!/bin/bash
# Benchmarks rspd against lldb-server side by side in one run, interleaved, with lldb as the
# client (gdb-remote): connect and stop at a breakpoint in a 100-thread program, `thread
# backtrace all` there, and `memory read --force --binary` of 64 MiB (random and mostly-zero).
# Usage: bench/lldb.sh [--quick] [-r REPS] [-b BENCH,...] [SERVER...]
#   SERVER: lldb-server | rspd ($RSPD or build/server/rspd) | NAME='cmd {port} {prog} {args}'
#           default: lldb-server rspd. The same kind twice is an A/A (noise) run.
#   --quick: small sizes and 3 reps; default 5 reps (~5 min).
# Prints a markdown table and saves it as $RSPD_BENCH_DIR/lldb-results-TIME.md
# (default /tmp/rspd-bench); raw results and every session's logs in lldb-run-TIME/.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
work=${RSPD_BENCH_DIR:-/tmp/rspd-bench}
export RSPD_BENCH_DIR=$work

. "$here/options.sh"
parse_options "lldb-server rspd" "$0" "$@"
set -- "${servers[@]}"

cd "$here"
python3 servers.py check "$@"
./build.sh
stamp=$(date +%Y%m%d-%H%M%S)
run=$work/lldb-run-$stamp
mkdir -p "$run"
t0=$SECONDS
load0=$(cut -d' ' -f1-3 /proc/loadavg)
python3 lldb_level.py -r "$reps" "${quick[@]}" "${only[@]}" --out "$run/results.jsonl" "$@"

command=$(echo "bench/lldb.sh ${quick[*]} -r $reps ${only[*]} $*" | tr -s ' ')
header="# rspd bench through lldb $(date '+%Y-%m-%d %H:%M')

- command: \`$command\`$([ ${#quick[@]} -gt 0 ] && echo ' (QUICK: small sizes)')
- $reps reps, interleaved (rep k starts with server k mod the number of servers); $((SECONDS - t0)) s
- machine: $(nproc) cores, kernel $(uname -r), load average $load0 at start, $(cut -d' ' -f1-3 /proc/loadavg) at end
- client: $(lldb-16 --version | head -n 1); servers: $(python3 servers.py versions "$@")
- ratio column: ratio of the medians; paired = median [min-max] of the per-rep ratios (each rep's servers ran back to back)"
status=0
python3 report.py --results "$run/results.jsonl" --limits /dev/null --header "$header" "$@" \
    >"$run/results.md" || status=$?
cp "$run/results.md" "$work/lldb-results-$stamp.md"
echo
cat "$run/results.md"
echo
echo "saved: $work/lldb-results-$stamp.md (raw results and logs: $run/)"
exit $status
