#!/usr/bin/env bash
# Measures the speed goals of did-you-mean, `register` and `fmt --check`
# (issue 16, goals 2 and 3) for one or two builds of secl, side by side,
# and prints a Markdown table (time: hyperfine mean ± stddev; memory: peak
# RSS from GNU time).
#
#   bash bench/speed.sh                          # this tree's release build
#   BEFORE=/tmp/secl-old bash bench/speed.sh     # and an older binary beside it
#
# Inputs are generated into $BENCH_DIR (default /tmp/secl-speed) and reused:
# 30,000 distinct typos over `cto` (bench/typos.py), 1M entries
# (`cargo xtask generate`), and the same with every seventh line indented
# four blanks (for `fmt --check`). RUNS (default 3) runs each.
cd "$(dirname "$0")/.."
source bench/common.sh

[[ -f $dir/typos30k.sec ]] || python3 bench/typos.py 30000 "$after" > "$dir/typos30k.sec"
[[ -f $dir/messy1m.sec ]] || awk 'NR % 7 == 0 { sub(/^  /, "    ") } { print }' "$dir/j1m.sec" > "$dir/messy1m.sec"
cat "$dir"/*.sec > /dev/null   # warm the page cache

# measure NAME COMMAND...: one table row per build.
measure() {
    local name=$1
    shift
    for secl in "${builds[@]}"; do
        local json=$dir/hyperfine.json
        hyperfine --style none --warmup 1 --runs "$runs" -i --export-json "$json" -N \
            "$secl $*" > /dev/null 2>&1
        local peak
        peak=$( { /usr/bin/time -f '%M' "$secl" "$@" 2>&1 > /dev/null || true; } | tail -1 )
        row "$json" "$name" "$secl" "$peak"
    done
}

echo "| what | build | time | peak memory |"
echo "| --- | --- | --- | --- |"
measure "check, 30,000 distinct typos over cto" -f "$dir/typos30k.sec" --today 2025-01-01 check --format json
measure "register of 1M entries (text)" -f "$dir/j1m.sec" --today 2030-01-01 register
measure "register of 1M entries (JSON)" -f "$dir/j1m.sec" --today 2030-01-01 register -o json
measure "balance of 1M entries (memory reference)" -f "$dir/j1m.sec" --today 2030-01-01 balance
measure "fmt --check, 1M entries, every 7th line re-indented" fmt --check "$dir/messy1m.sec"
for secl in "${builds[@]}"; do
    suggested=$("$secl" -f "$dir/typos30k.sec" --today 2025-01-01 check --format json 2>/dev/null | grep -c '"help": "did you mean' || true)
    echo
    echo "\`$secl\`: $suggested of 30,000 typos get a did-you-mean."
done
