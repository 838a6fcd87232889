#!/usr/bin/env python3
"""Writes a journal over the `cto` taxonomy with N distinct unknown tags:
each a node's last segment with one or two letters changed (deterministic).

    python3 bench/typos.py N > typos.sec
"""
import datetime
import random
import re
import subprocess
import sys

n = int(sys.argv[1])
secl = sys.argv[2] if len(sys.argv) > 2 else "secl"
names = subprocess.run(
    [secl, "-f", "-", "tags"], input="taxonomy cto\n", capture_output=True, text=True, check=True
).stdout.split("\n")
names = [line.strip() for line in names if line.strip()]
fold = lambda s: re.sub(r"[^0-9a-z]", "", s.lower())
known = {fold(name) for name in names}
rng = random.Random(1)
letters = "abcdefghijklmnopqrstuvwxyz"
seen = set()
print("taxonomy cto")
day = 0
while len(seen) < n:
    word = list(rng.choice(names))
    for _ in range(rng.choice([1, 2, 2, 3])):
        at = rng.randrange(len(word))
        edit = rng.choice("sdi")
        if edit == "s":
            word[at] = rng.choice(letters)
        elif edit == "d" and len(word) > 3:
            del word[at]
        else:
            word.insert(at, rng.choice(letters))
    typo = "".join(word).strip()
    if not typo or fold(typo) in known or fold(typo) in seen or ":" in typo or ";" in typo:
        continue
    seen.add(fold(typo))
    date = datetime.date(2000, 1, 1) + datetime.timedelta(days=day // 10)
    print(f"{date}  1m  {typo}")
    day += 1
