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
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${BENCH_DIR:-/tmp/secl-speed}
runs=${RUNS:-3}
mkdir -p "$dir"
for tool in hyperfine python3 /usr/bin/time; do
    command -v "$tool" >/dev/null || { echo "missing $tool" >&2; exit 2; }
done
cargo build --release --quiet
after=$PWD/target/release/secl
builds=("$after")
[[ -n "${BEFORE:-}" ]] && builds=("$BEFORE" "$after")

[[ -f $dir/typos30k.sec ]] || python3 bench/typos.py 30000 "$after" > "$dir/typos30k.sec"
[[ -f $dir/j1m.sec ]] || {
    cargo run --release --quiet --package xtask -- generate --entries 1000000 --seed 1 "$dir/j1m"
    mv "$dir/j1m" "$dir/j1m.sec"
}
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
        python3 - "$json" "$name" "$secl" "$peak" <<'PY'
import json, sys
path, name, secl, peak = sys.argv[1:]
r = json.load(open(path))["results"][0]
print(f"| {name} | `{secl}` | {r['mean']:.2f} ± {r['stddev'] or 0:.2f} s | {int(peak) / 1024:.0f} MB |")
PY
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
