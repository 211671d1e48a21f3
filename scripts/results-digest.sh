#!/usr/bin/env bash
# Prints a digest of every figure ccsim writes for the repository's scenarios: run (JSON and
# CSV) on 1 and 2 threads, exact, a sweep, erlang and staff. Two builds whose digests are equal
# give byte-identical results; used to check that a refactoring moved no figure.
#   scripts/results-digest.sh [BUILD_DIR] > digest.txt
set -euo pipefail
cd "$(dirname "$0")/.."
build="${1:-build}"
ccsim="$build/ccsim"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
for s in scenarios/*.json; do
  for t in 1 2; do
    "$ccsim" run "$s" --replications 20 --threads "$t" --json "$tmp/run.json" --csv "$tmp/csv" --quiet >/dev/null || true
    echo "run $s threads=$t $(sha256sum <"$tmp/run.json" | cut -c1-16)"
    for f in "$tmp"/csv/*.csv; do echo "  csv $(basename "$f") $(sha256sum <"$f" | cut -c1-16)"; done
    rm -rf "$tmp/csv" "$tmp/run.json"
  done
  if "$ccsim" exact "$s" --json "$tmp/exact.json" >/dev/null 2>"$tmp/exact.err"; then
    echo "exact $s $(sha256sum <"$tmp/exact.json" | cut -c1-16)"
  else
    echo "exact $s refused: $(sha256sum <"$tmp/exact.err" | cut -c1-16)"
  fi
  echo "graph $s $("$ccsim" graph "$s" 2>&1 | sha256sum | cut -c1-16)"
  echo "validate $s $("$ccsim" validate "$s" --strict 2>&1 | sha256sum | cut -c1-16)"
  echo "table $s $("$ccsim" run "$s" --replications 5 2>/dev/null | sha256sum | cut -c1-16)"
done
echo "sweep $("$ccsim" sweep scenarios/primary_backup.json --replications 5 \
  --vary /queues/0/overflow/1/when/queue_length/at_least=2,6 --json - 2>/dev/null | sha256sum | cut -c1-16)"
echo "precision $("$ccsim" run scenarios/erlang_c_textbook.json --precision 0.02 --json - 2>/dev/null | sha256sum | cut -c1-16)"
for f in tests/data/invalid/*.json; do
  echo "invalid $f $("$ccsim" validate "$f" 2>&1 | sha256sum | cut -c1-16)"
done
echo "erlang $("$ccsim" erlang a --calls-per-hour 600 --handle-time 3m --agents 32 --patience 2m --within 20s --json - | sha256sum | cut -c1-16)"
echo "staff $("$ccsim" staff --calls-per-hour 600 --handle-time 3m --target 0.8 --within 20s --json - | sha256sum | cut -c1-16)"
echo "staff-scenario $("$ccsim" staff scenarios/bank_weekday.json 2>&1 | sha256sum | cut -c1-16)"
echo "staff-simulate $("$ccsim" staff scenarios/primary_backup.json --simulate --json - 2>&1 | sha256sum | cut -c1-16)"
echo "staff-simulate-table $("$ccsim" staff scenarios/primary_backup.json --simulate 2>&1 | sha256sum | cut -c1-16)"
echo "erlang-table $("$ccsim" erlang a --calls-per-hour 600 --handle-time 3m --agents 32 --patience 2m --within 20s 2>&1 | sha256sum | cut -c1-16)"
echo "check $("$ccsim" check scenarios/*.json --replications 5 --junit "$tmp/junit.xml" 2>&1 | sha256sum | cut -c1-16) $(sha256sum <"$tmp/junit.xml" | cut -c1-16)"
echo "compare $("$ccsim" compare scenarios/primary_backup.json scenarios/failover_drill.json --replications 5 2>&1 | sha256sum | cut -c1-16)"
echo "compare-json $("$ccsim" compare scenarios/primary_backup.json scenarios/failover_drill.json --replications 5 --json - 2>&1 | sha256sum | cut -c1-16)"
echo "precision-table $("$ccsim" run scenarios/erlang_c_textbook.json --precision 0.02 2>&1 | sha256sum | cut -c1-16)"
echo "sweep-table $("$ccsim" sweep scenarios/primary_backup.json --replications 5 --vary /queues/0/overflow/1/when/queue_length/at_least=2,6 2>&1 | sha256sum | cut -c1-16)"
"$ccsim" sweep scenarios/primary_backup.json --replications 5 --vary /queues/0/overflow/1/when/queue_length/at_least=2,6 --csv "$tmp/sweep" >/dev/null 2>&1
echo "sweep-csv $(sha256sum <"$tmp/sweep/sweep.csv" | cut -c1-16)"
echo "version $("$ccsim" --version)"
