#!/bin/bash
# Benchmarks rspd against gdbserver side by side in one run, interleaved.
# Usage: bench/run.sh [--quick] [-r REPS] [-b BENCH,...] [SERVER...]
#   SERVER: gdbserver | rspd ($RSPD or build/server/rspd) | NAME='cmd {port} {prog} {args}'
#           default: gdbserver rspd. The same kind twice is an A/A (noise) run.
#   --quick: small sizes and 3 reps (about a minute); default 5 reps (~10 min).
# Prints a markdown table and saves it as $RSPD_BENCH_DIR/results-TIME.md
# (default /tmp/rspd-bench); raw results and every session's logs in run-TIME/.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
work=${RSPD_BENCH_DIR:-/tmp/rspd-bench}
export RSPD_BENCH_DIR=$work

. "$here/options.sh"
parse_options "gdbserver rspd" "$0" "$@"
set -- "${servers[@]}"

cd "$here"
./build.sh
python3 servers.py check "$@"
stamp=$(date +%Y%m%d-%H%M%S)
run=$work/run-$stamp
mkdir -p "$run"
args=(-r "$reps" "${quick[@]}" "${only[@]}" --out "$run/results.jsonl" "$@")
t0=$SECONDS
load0=$(cut -d' ' -f1-3 /proc/loadavg)

python3 gdb_level.py "${args[@]}"
# Ceilings between the levels, under the same machine load; each repeats itself.
if [ ${#quick[@]} -gt 0 ]; then n=10000 limit_reps=3; else n=50000 limit_reps=5; fi
limit() { "$work/bin/limit_$1" "${@:2}" | tee -a "$run/limits.txt" || echo "limit_$1 failed" >&2; }
limit step "$n" "$limit_reps"
limit stepover "$((n / 2))" "$limit_reps"
limit vmread 64 "$limit_reps"
limit pingpong "$n" "$limit_reps"
python3 rsp_level.py "${args[@]}"

command=$(echo "bench/run.sh ${quick[*]} -r $reps ${only[*]} $*" | tr -s ' ')
header="# rspd bench $(date '+%Y-%m-%d %H:%M')

- command: \`$command\`$([ ${#quick[@]} -gt 0 ] && echo ' (QUICK: small sizes)')
- $reps reps, interleaved (rep k starts with server k mod the number of servers); $((SECONDS - t0)) s
- machine: $(nproc) cores, kernel $(uname -r), load average $load0 at start, $(cut -d' ' -f1-3 /proc/loadavg) at end
- client: $(gdb --version | head -n 1); servers: $(python3 servers.py versions "$@")
- ratio column: ratio of the medians; paired = median [min-max] of the per-rep ratios (each rep's servers ran back to back)"
status=0
python3 report.py --results "$run/results.jsonl" --limits "$run/limits.txt" --header "$header" "$@" \
    >"$run/results.md" || status=$?
cp "$run/results.md" "$work/results-$stamp.md"
echo
cat "$run/results.md"
echo
echo "saved: $work/results-$stamp.md (raw results and logs: $run/)"
exit $status
