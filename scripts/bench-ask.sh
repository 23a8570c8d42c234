#!/usr/bin/env bash
# Times `articlebot ask --json` on a 20,000-line batch of questions drawn
# (deterministically) from the project's evaluation sets for the bundled
# article, and reports answers per second, start-up time and peak RSS.
# Needs GNU time (/usr/bin/time, Debian package "time") for the RSS figure.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/articlebot" .
# 20,000 questions: the core and stretch sets for the bundled article, in a
# fixed shuffled order, repeated.
cat testdata/eval/core-deepseek.jsonl testdata/eval/deepseek.jsonl |
  sed -E 's/^\{"q": ?"(([^"\\]|\\.)*)".*/\1/' | awk 'NF' >"$tmp/qs"
awk -v n=20000 'BEGIN{srand(1)} {q[NR]=$0} END{for(i=0;i<n;i++) print q[int(rand()*NR)+1]}' "$tmp/qs" >"$tmp/batch"
lines=$(wc -l <"$tmp/batch")
echo "batch: $lines questions"

timer=(/usr/bin/time -f "%e s wall, %M KB peak RSS")
[ -x /usr/bin/time ] || timer=()
for run in 1 2 3; do
  start=$(date +%s.%N)
  "${timer[@]}" "$tmp/articlebot" ask --json <"$tmp/batch" >"$tmp/out"
  end=$(date +%s.%N)
  answers=$(wc -l <"$tmp/out")
  awk -v a="$answers" -v s="$start" -v e="$end" 'BEGIN{printf "run: %d answers in %.2f s = %.0f answers/s\n", a, e-s, a/(e-s)}'
done
echo "start-up to first answer (5 runs):"
for run in 1 2 3 4 5; do
  start=$(date +%s.%N)
  "${timer[@]}" "$tmp/articlebot" ask "How many surveillance cameras does China have?" >/dev/null
  end=$(date +%s.%N)
  awk -v s="$start" -v e="$end" 'BEGIN{printf "  %.0f ms\n", (e-s)*1000}'
done
