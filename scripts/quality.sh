#!/usr/bin/env bash
# Grades articlebot and the naive baseline (internal/naive: bleve's default
# mapping, one match query, whole paragraphs) side by side on every
# evaluation set, with the shared graders, and prints markdown tables: one row
# a set, then the study sets by kind of question.
#
#   scripts/quality.sh
#
# The graders and the shared sets live in ../shared/eval next to the
# repository (run-eval, run-eval-dir, questions.jsonl, second/, wiki/); set
# ARTICLEBOT_EVAL_DIR to use another copy. A column is "–" when the set has
# nothing to grade it with (no takeaway labels, no off-topic questions, no
# answer strings). "answered" is the share of on-topic questions answered.
set -euo pipefail
shopt -s inherit_errexit
cd "$(dirname "$0")/.."

eval_dir=${ARTICLEBOT_EVAL_DIR:-../shared/eval}
for f in run-eval run-eval-dir questions.jsonl second/questions.jsonl wiki; do
  if [ ! -e "$eval_dir/$f" ]; then
    echo "quality.sh: $eval_dir/$f is missing: the shared graders and sets are expected in ../shared/eval" >&2
    echo "next to the repository (or set ARTICLEBOT_EVAL_DIR to their folder)" >&2
    exit 1
  fi
done
eval_dir=$(cd "$eval_dir" && pwd)

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/articlebot" .
go build -o "$tmp/naive" ./internal/naive

# summary FILE: the figures of a run-eval summary line (the last line of
# FILE) as "p1 p3 takeaway abstain answered-share excerpt-answer".
summary() {
  tail -n 1 "$1" | awk -v file="$1" '{
    for (i = 1; i < NF; i++) {
      if ($i == "passage@1") p1 = $(i+1); if ($i == "passage@3") p3 = $(i+1)
      if ($i == "takeaway") t = $(i+1); if ($i == "abstain") ab = $(i+1)
      if ($i == "excerpt-answer") ea = $(i+1)
      if ($i == "answered") { split($(i+1), a, "/"); ans = (a[2] > 0) ? sprintf("%.2f", a[1] / a[2]) : "–" }
    }
    if (p1 == "") { print "quality.sh: no summary line in " file ": " $0 > "/dev/stderr"; exit 1 }
    print p1, p3, t, ab, ans, (ea == "" ? "–" : ea)
  }'
}

# pooled FILE: the figures of run-eval-dir's pooled line, in summary's order
# (run-eval-dir grades no takeaways and no abstentions).
pooled() {
  if grep -q ' no metrics:' "$1"; then
    echo "quality.sh: run-eval-dir could not grade every article:" >&2
    grep ' no metrics:' "$1" >&2
    return 1
  fi
  tail -n 1 "$1" | awk -v file="$1" '{
    for (i = 1; i < NF; i++) {
      if ($i == "passage@1") p1 = $(i+1); if ($i == "passage@3") p3 = $(i+1)
      if ($i == "excerpt-answer") ea = $(i+1); if ($i == "answered") ans = $(i+1)
    }
    if (p1 == "") { print "quality.sh: no summary line in " file ": " $0 > "/dev/stderr"; exit 1 }
    printf "%.2f %.2f – – %.2f %.2f\n", p1, p3, ans, ea
  }'
}

# both OUT CMD...: runs CMD once with each binary in place of BIN, in
# parallel, into OUT.articlebot and OUT.naive; fails if either fails.
both() {
  local out=$1; shift
  local pids=() bin
  for bin in articlebot naive; do
    "${@/#BIN/$tmp/$bin}" >"$out.$bin" 2>&1 &
    pids+=($!)
  done
  local status=0
  for pid in "${pids[@]}"; do wait "$pid" || status=1; done
  if [ $status -ne 0 ]; then
    echo "quality.sh: grading failed: $*" >&2
    tail -n 3 "$out.articlebot" "$out.naive" >&2
    exit 1
  fi
}

# row NAME QUESTIONS FIGURES-A FIGURES-N: one table row; the takeaway and
# abstain columns are "–" when QUESTIONS (a file, or "-") has none to grade.
row() {
  local name=$1 qs=$2 a=($3) n=($4)
  if [ "$qs" != - ]; then
    grep -qE '"t": *\[' "$qs" || a[2]=–
    grep -qE '"off": *true' "$qs" || { a[3]=–; n[3]=–; }
  fi
  echo "| $name | ${a[0]} | ${a[1]} | ${a[2]} | ${a[3]} | ${a[4]} | ${a[5]} | ${n[0]} | ${n[1]} | ${n[5]} | ${n[3]} |"
}

# set NAME QUESTIONS [ARTICLE]: grades one question file with run-eval.
set_row() {
  local name=$1 qs=$2 article=${3:-}
  sets=$((sets + 1))
  local out=$tmp/set.$sets
  if [ -n "$article" ]; then
    both "$out" "$eval_dir/run-eval" BIN "$qs" --quiet -- --article "$article"
  else
    both "$out" "$eval_dir/run-eval" BIN "$qs" --quiet
  fi
  local fa fn
  fa=$(summary "$out.articlebot")
  fn=$(summary "$out.naive")
  row "$name" "$qs" "$fa" "$fn"
}

# figures PREFIX KINDS BINARY: a study row's figures for BINARY, in
# summary's order, from run-eval-dir's output PREFIX.BINARY and by-kind.py's
# KINDS.BINARY.
figures() {
  local d k p
  p=$(pooled "$1.$3")
  d=($p)
  k=($(python3 -c 'import json,sys; p=json.load(open(sys.argv[1]))["pooled"]; a=p["answered"]; print("%.2f %.2f %.2f" % (p["takeaway"], p["abstain"], a[0]/a[1]))' "$2.$3"))
  echo "${d[0]} ${d[1]} ${k[0]} ${k[1]} ${k[2]} ${d[5]}"
}

sets=0
echo "| set | articlebot p@1 | p@3 | takeaway | abstain | answered | excerpt-answer | naive p@1 | p@3 | excerpt-answer | abstain |"
echo "|---|---|---|---|---|---|---|---|---|---|---|"
set_row "shared bundled (\`questions.jsonl\`)" "$eval_dir/questions.jsonl"
set_row "shared coral (\`second/\`)" "$eval_dir/second/questions.jsonl" "$eval_dir/second/coral-reefs.txt"
both "$tmp/wiki" "$eval_dir/run-eval-dir" BIN "$eval_dir/wiki"
wa=$(pooled "$tmp/wiki.articlebot")
wn=$(pooled "$tmp/wiki.naive")
row "shared \`wiki/\` pooled" - "$wa" "$wn"
# The project's sets, paired with their articles as index/quality_test.go pairs them.
ev=testdata/eval
set_row "\`core-deepseek\` (bundled)" $ev/core-deepseek.jsonl
set_row "\`deepseek\` (bundled)" $ev/deepseek.jsonl
set_row "\`core-second\` (shipping)" $ev/core-second.jsonl $ev/second-article.txt
set_row "\`second\` (shipping)" $ev/second.jsonl $ev/second-article.txt
set_row "\`core-third\` (volcanoes)" $ev/core-third.jsonl $ev/third-article.md
set_row "\`third\` (volcanoes)" $ev/third.jsonl $ev/third-article.md
# The study sets, pooled: passage@1, passage@3 and excerpt-answer from
# run-eval-dir (which pools its per-article figures, rounded to two places, so
# they may differ from by-kind.py's in the last place); takeaway, abstain and
# the share of on-topic questions answered from by-kind.py, which pools the
# same questions (run-eval-dir's "answered" counts off-topic ones too).
study=$ev/study
both "$tmp/study" "$eval_dir/run-eval-dir" BIN $study
both "$tmp/kinds" scripts/by-kind.py --json BIN $study
sa=$(figures "$tmp/study" "$tmp/kinds" articlebot)
sn=$(figures "$tmp/study" "$tmp/kinds" naive)
row "\`study/\` pooled" - "$sa" "$sn"
# The study articles the weights are never fitted on, the same way.
both "$tmp/unseen" "$eval_dir/run-eval-dir" BIN $ev/study-unseen
both "$tmp/unseen-kinds" scripts/by-kind.py --json BIN $ev/study-unseen
ua=$(figures "$tmp/unseen" "$tmp/unseen-kinds" articlebot)
un=$(figures "$tmp/unseen" "$tmp/unseen-kinds" naive)
row "\`study-unseen/\` pooled (never fitted on)" - "$ua" "$un"

echo
python3 - "$tmp/kinds.articlebot" "$tmp/kinds.naive" <<'PY'
import json, sys
a, n = (json.load(open(f)) for f in sys.argv[1:3])
label = {"natural": "natural, in the article's words", "paraphrase": "paraphrases, few of the article's words",
         "keywords": "terse keywords", "typo": "typos, lower case, no punctuation",
         "conversational": "conversational (\"wait so … or not?\", a mention, markdown)",
         "off-everyday": "off-topic, everyday: declined", "off-sense": "off-topic, a shared word in another sense: declined",
         "off-near": "off-topic, near the topic: declined"}
print(f"| question kind (`testdata/eval/study`, {a['sets']} articles) | articlebot | naive |")
print("|---|---|---|")
for k, (right, total) in a["kinds"].items():
    nr, nt = n["kinds"].get(k, [0, 0])
    print(f"| {label.get(k, k)} | {right}/{total} | {nr}/{nt} |")
print(f"| right takeaway | {a['pooled']['takeaway']:.2f} | {n['pooled']['takeaway']:.2f} |")
PY
