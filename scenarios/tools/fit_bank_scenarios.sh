#!/usr/bin/env bash
# Re-creates the bank scenarios from the Anonymous Bank records (scenarios/data/) with
# `ccsim fit`, weekdays (Sunday-Thursday) 07:00-24:00:
# - scenarios/bank_weekday.json: the stable regime `ccsim fit` finds, Aug 15-31 (13 days);
# - scenarios/bank_month.json: all 23 weekdays (both regimes), one site, without busyness: the
#   average weekday, the primary site alone;
# - the callers (call types) and the primary team's calibrated staffing of
#   scenarios/primary_backup.json and scenarios/failover_drill.json, from bank_month.json; their
#   routing (backup site, overflow rules, supervisor, outage) is hand-written and kept.
# Then scenarios/tools/bank_scenarios.py adds the names, targets and expectations.
#   scenarios/tools/fit_bank_scenarios.sh [path/to/ccsim]
set -euo pipefail
cd "$(dirname "$0")/../.."
ccsim="${1:-build/ccsim}"
records=scenarios/data/anonymous_bank_1999_08.csv
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
"$ccsim" fit "$records" --days sun-thu --hours 07:00-24:00 --train 2010-08-15..2010-08-31 \
  -o "$tmp/stable.json" --quiet
"$ccsim" fit "$records" --days sun-thu --hours 07:00-24:00 --without busyness -o "$tmp/month.json" --quiet
python3 scenarios/tools/bank_scenarios.py "$tmp/stable.json" "$tmp/month.json"
for s in bank_weekday bank_month primary_backup failover_drill; do "$ccsim" validate "scenarios/$s.json" >/dev/null; done
