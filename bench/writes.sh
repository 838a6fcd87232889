#!/usr/bin/env bash
# Measures writes against reads (issue 16, goal 1): `add`, `start` and
# `stop` into a 1M-entry journal against a `check` of it, for one file and
# for a journal root of monthly files, for one or two builds of secl side
# by side. Prints a Markdown table (time: hyperfine mean ± stddev, each
# write on a fresh copy of the journal; memory: peak RSS from GNU time).
#
#   bash bench/writes.sh                          # this tree's release build
#   BEFORE=/tmp/secl-old bash bench/writes.sh     # and an older binary beside it
#
# Inputs are generated into $BENCH_DIR (default /tmp/secl-speed) and reused;
# the last row is the floor of any rewrite (dd with fsync of the same bytes);
# RUNS (default 3) runs each.
cd "$(dirname "$0")/.."
source bench/common.sh
export SECL_NOW=2026-12-02T16:00

[[ -d $dir/m1m ]] || cargo run --release --quiet --package xtask -- generate --entries 1000000 --seed 1 --people 1 --split monthly "$dir/m1m"
# Pristine copies, and the same with a timer running (for `stop`).
work=$dir/writes
rm -rf "$work" && mkdir -p "$work"
cp "$dir/j1m.sec" "$work/one.sec"
cp -r "$dir/m1m" "$work/root"
cp "$work/one.sec" "$work/one-running.sec"
"$after" -f "$work/one-running.sec" start --at 15:00 okr > /dev/null
last=$work/root/p001/2025-12.sec
cp "$last" "$work/last.sec"
"$after" -f "$last" start --at 15:00 okr > /dev/null
cp "$last" "$work/last-running.sec"
cp "$work/last.sec" "$last"
cat "$work"/*.sec "$work"/root/p001/*.sec > /dev/null   # warm the page cache

# measure NAME PREPARE COMMAND...: one table row per build; PREPARE (a shell
# command) runs before each run and before the memory run.
measure() {
    local name=$1 prepare=$2
    shift 2
    for secl in "${builds[@]}"; do
        local json=$dir/hyperfine.json
        hyperfine --style none --warmup 1 --runs "$runs" -i --export-json "$json" -N \
            --prepare "$prepare" "$secl $*" > /dev/null 2>&1
        bash -c "$prepare"
        local peak
        peak=$( { /usr/bin/time -f '%M' "$secl" "$@" 2>&1 > /dev/null || true; } | tail -1 )
        row "$json" "$name" "$secl" "$peak"
    done
}

one=$work/one.sec
fresh="cp $work/one.sec $work/t.sec"
running="cp $work/one-running.sec $work/t.sec"
echo "| what | build | time | peak memory |"
echo "| --- | --- | --- | --- |"
measure "check, one file of 1M entries" true -f "$one" check
measure "add, one file" "$fresh" -f "$work/t.sec" add 1h okr
measure "start, one file" "$fresh" -f "$work/t.sec" start --at 15:00 okr
measure "stop, one file" "$running" -f "$work/t.sec" stop --at 15:30
measure "check, root of 3,288 monthly files" true -f "$work/root" check
measure "add, root (last month's file)" "cp $work/last.sec $last" -f "$last" add --date 2025-12-31 1h okr
measure "start, root (last month's file)" "cp $work/last.sec $last" -f "$last" start --at 15:00 okr
measure "stop, root (last month's file)" "cp $work/last-running.sec $last" -f "$last" stop --at 15:30
# The floor of a rewrite: the file's bytes written and synced to disk, as
# the atomic rewrite of every write must.
hyperfine --style none --warmup 1 --runs "$runs" --export-json "$dir/hyperfine.json" -N \
    "dd if=$one of=$work/t.sec bs=1M conv=fsync status=none" > /dev/null 2>&1
row "$dir/hyperfine.json" "floor: write and fsync the 1M-entry file (dd conv=fsync)" dd 0
