#!/usr/bin/env bash
# Seeds the fuzz corpora in fuzz/corpus/<target>/ (ignored by git) from the
# committed corpus in tests/fuzz/corpus/<target>/, the examples and the
# diagnostics fixtures. Run from anywhere; existing entries are kept.
set -euo pipefail
cd "$(dirname "$0")/.."
for target in parse period check; do
    mkdir -p "fuzz/corpus/$target"
    cp tests/fuzz/corpus/"$target"/* "fuzz/corpus/$target/"
done
# Journals and taxonomies, flattened: examples/custom/journal.sec becomes
# example-custom-journal.sec.
find examples tests/fixtures/codes -type f \( -name '*.sec' -o -name '*.taxonomy' \) |
    while read -r file; do
        name=$(echo "$file" | sed 's|^tests/fixtures/codes/||; s|^examples/|example-|; s|/|-|g')
        cp "$file" "fuzz/corpus/parse/$name"
        cp "$file" "fuzz/corpus/check/$name"
    done
for target in parse period check; do
    echo "fuzz/corpus/$target: $(find "fuzz/corpus/$target" -type f | wc -l) files"
done
