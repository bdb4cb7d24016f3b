# Command line of run.sh and lldb.sh, sourced by both: [--quick] [-r REPS] [-b BENCH,...]
# [SERVER...]. Sets quick (array), only (array), reps and servers (array; $1 of parse_options
# gives the default servers, space-separated). -h prints the script's header comment.
parse_options() {
    local default=$1 script=$2
    shift 2
    reps='' quick=() only=()
    while [ $# -gt 0 ]; do
        case $1 in
            --quick) quick=(--quick) ;;
            -r) reps=$2; shift ;;
            -b) only=(-b "$2"); shift ;;
            -h|--help) sed -n '2,/^set /{/^#/s/^# \{0,1\}//p}' "$script"; exit 0 ;;
            -*) echo "$(basename "$script"): unknown option $1" >&2; exit 2 ;;
            *) break ;;
        esac
        shift
    done
    if [ $# -gt 0 ]; then servers=("$@"); else read -r -a servers <<<"$default"; fi
    reps=${reps:-$([ ${#quick[@]} -gt 0 ] && echo 3 || echo 5)}
}
