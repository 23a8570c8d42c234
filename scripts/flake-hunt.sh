#!/usr/bin/env bash
# Hunts flaky tests: runs the whole suite (go test -count=1 ./...) N times
# alone, then N times beside a CPU hog that keeps every core busy (one
# `yes >/dev/null` a core, killed on exit), lists each failure with its
# package and test name (from the `--- FAIL:` lines, or the package alone
# when it failed without one: a panic, a timeout, a build error), and ends
# with the pass counts. It exits 1 if any run failed.
#
#   scripts/flake-hunt.sh N [PACKAGES...]     # default ./...
#
# The library's PostgreSQL tests run against a throwaway cluster, as in CI
# (.ci/postgres.sh), unless ARTICLEBOT_TEST_DATABASE is set. The logs of the
# runs stay in $FLAKE_HUNT_LOGS (default: a new temporary folder, printed
# first). A run takes a minute or more on two loaded cores:
# for N=20, start it in the background, e.g.
#
#   nohup scripts/flake-hunt.sh 20 >/tmp/flake-hunt.out 2>&1 &
set -uo pipefail
cd "$(dirname "$0")/.."

usage() { echo "usage: scripts/flake-hunt.sh N [PACKAGES...]" >&2; exit 2; }
[ $# -ge 1 ] || usage
n=$1
shift
[[ $n =~ ^[1-9][0-9]*$ ]] || usage
pkgs=("$@")
[ ${#pkgs[@]} -gt 0 ] || pkgs=(./...)

logs=${FLAKE_HUNT_LOGS:-$(mktemp -d -t flake-hunt.XXXXXX)}
mkdir -p "$logs"
echo "logs in $logs"

hog=()
stop_hog() {
  [ ${#hog[@]} -gt 0 ] && kill "${hog[@]}" 2>/dev/null
  wait "${hog[@]}" 2>/dev/null
  hog=()
}
on_exit() {
  stop_hog
  if declare -F articlebot_pg_stop >/dev/null; then articlebot_pg_stop; fi
}
trap 'exit 130' INT TERM
if [ -f .ci/postgres.sh ]; then
  . .ci/postgres.sh || exit 1
fi
trap on_exit EXIT # after postgres.sh, which sets a trap of its own

# failures prints "PACKAGE TEST" for each failed test in a go test log, or
# "PACKAGE (package)" for a package that failed with no failed test.
failures() {
  awk '
    /^[ \t]*--- FAIL: / { sub(/^[ \t]*--- FAIL: /, ""); sub(/ \(.*$/, ""); failed[++nf] = $0; next }
    /^(FAIL|ok)[ \t]/ && NF >= 2 && $2 != "" {
      pkg = $2
      for (k = 1; k <= nf; k++) print pkg, failed[k]
      if ($1 == "FAIL" && nf == 0) print pkg, "(package)"
      nf = 0
    }
    END { for (k = 1; k <= nf; k++) print "?", failed[k] }
  ' "$1"
}

declare -A passes
all="$logs/failures.txt"
: >"$all"

# round NAME runs the suite n times and counts the passes.
round() {
  local name=$1 k rc log
  passes[$name]=0
  for ((k = 1; k <= n; k++)); do
    log="$logs/$name-$k.log"
    go test -count=1 "${pkgs[@]}" >"$log" 2>&1
    rc=$?
    if [ $rc -eq 0 ]; then
      passes[$name]=$((passes[$name] + 1))
      echo "$name run $k/$n: ok"
    else
      echo "$name run $k/$n: FAIL (exit $rc, $log)"
      failures "$log" | while read -r pkg test; do
        echo "    $pkg $test"
        echo "$name $pkg $test" >>"$all"
      done
    fi
  done
}

round alone

for _ in $(seq "$(nproc)"); do
  yes >/dev/null &
  hog+=($!)
done
echo "CPU hog: ${#hog[@]} × yes (pids ${hog[*]})"
round hogged
stop_hog

echo
echo "== summary"
echo "alone:               ${passes[alone]} of $n passed"
echo "beside the CPU hog:  ${passes[hogged]} of $n passed"
if [ -s "$all" ]; then
  echo "failures (count, round, package, test):"
  sort "$all" | uniq -c | sort -rn
  exit 1
fi
