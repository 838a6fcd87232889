# Shared by bench/speed.sh and bench/writes.sh (sourced, from the tree's
# root): the bench directory, the builds to compare, the 1M-entry journal,
# and a table row from hyperfine's JSON and a peak RSS.
set -euo pipefail
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
[[ -f $dir/j1m.sec ]] || {
    cargo run --release --quiet --package xtask -- generate --entries 1000000 --seed 1 "$dir/j1m"
    mv "$dir/j1m" "$dir/j1m.sec"
}

# row JSON NAME SECL PEAK_KB: one Markdown table row.
row() {
    python3 - "$@" <<'PY'
import json, sys
path, name, secl, peak = sys.argv[1:]
r = json.load(open(path))["results"][0]
print(f"| {name} | `{secl}` | {r['mean']:.2f} ± {r['stddev'] or 0:.2f} s | {int(peak) / 1024:.0f} MB |")
PY
}
