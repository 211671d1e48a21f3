#!/usr/bin/env bash
# Writes to stdout a valid scenario with N queues, N agent groups and N call types (N the
# first argument, default 10000) for the loader's and the run's scaling tests (README
# "Robustness"): call type tI enters queue qI at 2 calls an hour; qI overflows to q(I+1) when
# 3 callers wait there (the last queue to the exit "partner") and moves callers who waited 2
# minutes to q(I+1) when its expected wait is under a minute; group gI (one agent) serves qI,
# then q(I+1) after 30 s; queues and groups spread over N/10 sites; one expectation per 10
# queues. Every name is looked up by another entry, so a lookup by linear search shows.
set -euo pipefail
n="${1:-10000}"
horizon="${2:-1h}"
((n >= 2)) || { echo "usage: $0 N [HORIZON] (N >= 2)" >&2; exit 2; }
sites=$(((n + 9) / 10))
comma=,  # ${comma:0:COND} is "," when COND is 1, "" when 0 (no subshell per line)
printf '{"name": "large %d", "horizon": "%s", "replications": 1, "seed": 1,\n' "$n" "$horizon"
printf ' "sites": [\n'
for ((s = 0; s < sites; ++s)); do
  printf '  {"name": "s%d"}%s\n' "$s" "${comma:0:$((s + 1 < sites))}"
done
printf ' ],\n "exits": [{"name": "partner"}],\n "queues": [\n'
for ((i = 0; i < n; ++i)); do
  if ((i + 1 < n)); then next="q$((i + 1))"; else next="partner"; fi
  printf '  {"name": "q%d", "site": "s%d", "overflow": [{"when": {"queue_length": {"at_least": 3}}, "to": "%s"}' \
    "$i" "$((i % sites))" "$next"
  if ((i + 1 < n)); then
    printf ', {"when": {"all": [{"waited": "2m"}, {"expected_wait": {"at_most": "1m", "queue": "%s"}}]}, "to": "%s"}' \
      "$next" "$next"
  fi
  printf ']}%s\n' "${comma:0:$((i + 1 < n))}"
done
printf ' ],\n "call_types": [\n'
for ((i = 0; i < n; ++i)); do
  printf '  {"name": "t%d", "enters": "q%d", "arrivals": {"poisson": {"per_hour": 2}}, "handle_time": {"exponential": {"mean": "3m"}}, "patience": {"exponential": {"mean": "5m"}}}%s\n' \
    "$i" "$i" "${comma:0:$((i + 1 < n))}"
done
printf ' ],\n "agent_groups": [\n'
for ((i = 0; i < n; ++i)); do
  printf '  {"name": "g%d", "site": "s%d", "agents": 1, "serves": ["q%d", {"queue": "q%d", "after": "30s"}]}%s\n' \
    "$i" "$((i % sites))" "$i" "$(((i + 1) % n))" "${comma:0:$((i + 1 < n))}"
done
printf ' ],\n "expectations": [\n'
for ((i = 0; i < n; i += 10)); do
  printf '  {"metric": "abandon_rate", "queue": "q%d", "at_most": 0.9}%s\n' "$i" "${comma:0:$((i + 10 < n))}"
done
printf ' ]}\n'
