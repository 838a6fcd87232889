#!/usr/bin/env python3
"""Times `secl lsp` on a generated journal: each didChange until its
publishDiagnostics, and a few requests. No dependencies but python3.

    python3 bench/lsp.py [--entries 20000] [--split] [--runs 40]

The journal is generated with `cargo xtask generate` into $BENCH_DIR
(default /tmp/secl-bench) and reused; secl is target/release/secl
(built with `cargo build --release`).
"""

import argparse
import json
import os
import pathlib
import statistics
import subprocess
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=20000)
    parser.add_argument("--split", action="store_true", help="one person's monthly files, included from journal.sec")
    parser.add_argument("--runs", type=int, default=40)
    args = parser.parse_args()
    base = pathlib.Path(os.environ.get("BENCH_DIR", "/tmp/secl-bench"))
    directory = base / f"lsp-{args.entries}{'-monthly' if args.split else ''}"
    journal = directory / "journal.sec"
    if not journal.exists():
        command = ["cargo", "xtask", "generate", "--entries", str(args.entries), "--seed", "1"]
        if args.split:
            # OUT/journal.sec includes OUT/p001/*.sec, a file a month.
            subprocess.run(command + ["--people", "1", "--split", "monthly", str(directory)], check=True, cwd=ROOT)
        else:
            directory.mkdir(parents=True, exist_ok=True)
            subprocess.run(command + [str(journal)], check=True, cwd=ROOT)
    # The file edited: the root, or the last monthly file.
    files = sorted(directory.rglob("*.sec"))
    edited = journal if not args.split else max(f for f in files if f != journal)
    server = subprocess.Popen(
        [str(ROOT / "target" / "release" / "secl"), "lsp"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, cwd=directory,
    )

    def send(message):
        body = json.dumps(message).encode()
        server.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        server.stdin.flush()

    def receive():
        header = b""
        while not header.endswith(b"\r\n\r\n"):
            header += server.stdout.read(1)
        length = int(header.split(b"Content-Length:")[1].split(b"\r\n")[0])
        return json.loads(server.stdout.read(length))

    def until(predicate):
        while True:
            message = receive()
            if predicate(message):
                return message

    uri = edited.as_uri()
    send({"jsonrpc": "2.0", "id": 0, "method": "initialize", "params": {"capabilities": {}}})
    until(lambda m: m.get("id") == 0)
    send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
    text = edited.read_text()
    lines = text.count("\n")
    send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
        "uri": uri, "languageId": "secl", "version": 1, "text": text}}})
    published = lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri
    until(published)
    times = []
    counts = set()
    for run in range(args.runs):
        # Insert, then remove, an `x` at the start of the last entry's tag line.
        edit = {"start": {"line": lines - 1, "character": 0}, "end": {"line": lines - 1, "character": 0 if run % 2 == 0 else 1}}
        start = time.perf_counter()
        send({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
            "textDocument": {"uri": uri, "version": run + 2},
            "contentChanges": [{"range": edit, "text": "x" if run % 2 == 0 else ""}]}})
        message = until(published)
        times.append((time.perf_counter() - start) * 1000)
        counts.add((run % 2, len(message["params"]["diagnostics"])))
    requests = {}
    for i, method in enumerate(["textDocument/hover", "textDocument/completion", "textDocument/inlayHint", "textDocument/documentSymbol"]):
        position = {"line": lines - 1, "character": 8}
        start = time.perf_counter()
        send({"jsonrpc": "2.0", "id": 100 + i, "method": method, "params": {
            "textDocument": {"uri": uri}, "position": position,
            "range": {"start": {"line": 0, "character": 0}, "end": {"line": lines, "character": 0}}}})
        until(lambda m: m.get("id") == 100 + i)
        requests[method.split("/")[1]] = (time.perf_counter() - start) * 1000
    send({"jsonrpc": "2.0", "id": 999, "method": "shutdown"})
    until(lambda m: m.get("id") == 999)
    send({"jsonrpc": "2.0", "method": "exit"})
    server.wait(timeout=10)
    times.sort()
    print(f"{args.entries} entries ({len(files)} file{'s' if len(files) > 1 else ''}), {args.runs} edits:")
    print(f"  didChange -> publishDiagnostics: median {statistics.median(times):.1f} ms, "
          f"p90 {times[int(len(times) * 0.9) - 1]:.1f} ms, max {times[-1]:.1f} ms")
    # The `x` makes the last line an unknown directive; removing it fixes it.
    print(f"  diagnostics after (insert, remove): {sorted(counts)}")
    print("  requests: " + ", ".join(f"{name} {ms:.1f} ms" for name, ms in requests.items()))


if __name__ == "__main__":
    main()
