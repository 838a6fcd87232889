#!/usr/bin/env bash
# Times whole processes of secl, ledger and hledger on the same generated
# entries, and writes the table into docs/benchmarks.md.
#
#   bash bench/compare.sh            # 10k, 100k, 1M and 10M entries
#   bash bench/compare.sh --quick    # 10k and 100k only
#   RENDER_ONLY=1 bash bench/compare.sh   # rewrite the table from the last results
#
# Needs hyperfine, ledger and hledger (Debian: apt-get install hyperfine
# ledger hledger) and GNU time (/usr/bin/time) for peak memory. Journals are
# generated with `cargo xtask generate` into $BENCH_DIR (default
# /tmp/secl-bench) and reused when present. hledger runs up to 100k entries
# and ledger up to 1M: beyond that they take minutes and gigabytes.
set -euo pipefail
cd "$(dirname "$0")/.."

sizes=(10000 100000 1000000 10000000)
if [[ "${1:-}" == "--quick" ]]; then
    sizes=(10000 100000)
fi
dir=${BENCH_DIR:-/tmp/secl-bench}
runs=${RUNS:-5}
mkdir -p "$dir"
for tool in hyperfine ledger hledger /usr/bin/time; do
    command -v "$tool" >/dev/null || { echo "missing $tool" >&2; exit 2; }
done

cargo build --release --quiet
cargo build --release --quiet --package xtask
secl=$PWD/target/release/secl

results=$dir/results.tsv
if [[ -z "${RENDER_ONLY:-}" ]]; then
: > "$results"

# measure LABEL ENTRIES COMMAND...: mean and stddev (hyperfine), peak RSS.
measure() {
    local label=$1 entries=$2
    shift 2
    local json=$dir/hyperfine.json
    hyperfine --style none --warmup 1 --runs "$runs" --export-json "$json" -N "$*" >/dev/null
    local peak
    peak=$( /usr/bin/time -f '%M' "$@" 2>&1 >/dev/null | tail -1 )
    python3 - "$json" "$label" "$entries" "$peak" "$*" >>"$results" <<'PY'
import json, sys
path, label, entries, peak, command = sys.argv[1:]
result = json.load(open(path))["results"][0]
print("\t".join([label, entries, f"{result['mean']:.4f}", f"{result['stddev'] or 0:.4f}", peak, command]))
PY
    echo "  $label: $(tail -1 "$results" | cut -f3)s, $(tail -1 "$results" | cut -f5) KB"
}

for n in "${sizes[@]}"; do
    echo "== $n entries"
    if (( n >= 10000000 )); then
        journal=$dir/$n
        [[ -f $journal/p001/journal.sec ]] || cargo xtask generate --entries "$n" --seed 1 --split monthly "$journal"
        cat "$journal"/p*/*.sec > /dev/null   # warm the page cache
        measure "secl balance -o json" "$n" "$secl" -f "$journal" balance -o json
        measure "secl check" "$n" "$secl" -f "$journal" check
        measure "secl balance --by month" "$n" "$secl" -f "$journal" balance --by month
        continue
    fi
    journal=$dir/$n.sec
    [[ -f $journal ]] || cargo xtask generate --entries "$n" --seed 1 "$journal"
    measure "secl balance -o json" "$n" "$secl" -f "$journal" balance -o json
    measure "secl check" "$n" "$secl" -f "$journal" check
    measure "secl balance --by month" "$n" "$secl" -f "$journal" balance --by month
    measure "ledger balance" "$n" ledger -f "$dir/$n.ledger" balance
    if (( n <= 100000 )); then
        measure "hledger balance" "$n" hledger -f "$dir/$n.timedot" balance
    fi
done
fi

python3 - "$results" docs/benchmarks.md "$runs" <<'PY'
import platform, re, subprocess, sys
results, out, runs = sys.argv[1], sys.argv[2], sys.argv[3]
rows = [line.rstrip("\n").split("\t") for line in open(results) if line.strip()]

def version(cmd):
    try:
        return subprocess.run(cmd, capture_output=True, text=True).stdout.splitlines()[0].strip()
    except Exception:
        return "unknown"

cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "unknown")
cores = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
memory = next((l.split()[1] for l in open("/proc/meminfo") if l.startswith("MemTotal")), "0")
mean = {(r[0], r[1]): float(r[2]) for r in rows}

lines = []
lines.append("## Whole-process times\n")
lines.append(f"Measured by `bash bench/compare.sh` on {cores} cores ({cpu}), {int(memory) // 1024 // 1024} GiB, "
             f"{platform.system()} {platform.release()}: the mean of {runs} runs after a warm-up (hyperfine), "
             "peak memory from one run (GNU time), page cache warm.\n")
lines.append(f"Versions: {version(['target/release/secl', '--version'])}; {version(['ledger', '--version'])}; "
             f"{version(['hledger', '--version'])}; {version(['hyperfine', '--version'])}.\n")
lines.append("| entries | command | mean | ± | peak memory | vs ledger | vs hledger |")
lines.append("| ---: | --- | ---: | ---: | ---: | ---: | ---: |")
bench_dir = results.rsplit("/", 1)[0] + "/"
for label, entries, m, sd, peak, command in rows:
    n = int(entries)
    ratio = lambda other: f"{mean[(other, entries)] / float(m):.0f}×" if (other, entries) in mean and label.startswith("secl balance -o") else ""
    shown = command.replace(bench_dir, "").replace(__import__("os").getcwd() + "/target/release/", "")
    lines.append(f"| {n:,} | `{shown}` | {float(m) * 1000:.0f} ms | {float(sd) * 1000:.0f} ms | "
                 f"{int(peak) // 1024} MB | {ratio('ledger balance')} | {ratio('hledger balance')} |")
lines.append("")
lines.append("The journals come from `cargo xtask generate --entries N --seed 1` (one file; 10M entries: "
             "`--split monthly`, 200 people's monthly files, 33,082 files, 640 MB). ledger and hledger read the "
             "same entries, written by the generator as ledger postings and hledger timedot.\n")
table = "\n".join(lines)

doc = open(out).read() if __import__("os").path.exists(out) else "# Benchmarks\n"
start, end = "<!-- compare.sh:begin -->", "<!-- compare.sh:end -->"
block = f"{start}\n{table}\n{end}"
if start in doc:
    doc = re.sub(re.escape(start) + ".*?" + re.escape(end), lambda _: block, doc, flags=re.S)
else:
    doc = doc.rstrip("\n") + "\n\n" + block + "\n"
open(out, "w").write(doc)
print(f"wrote {out}")
PY
