#!/usr/bin/env python3
"""Turns two `ccsim fit` outputs (the stable regime, the whole month) into the repository's bank
scenarios: names, service-level targets and expectations (a planner's choices, not estimates)
added to the fits; the month's callers and primary staffing grafted into the hand-written
routing scenarios. Called by fit_bank_scenarios.sh; deterministic (same input, same bytes)."""
import json
import sys

TARGET = {"within": "20s", "at_least": 0.8}


def write(path, scenario):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(scenario, f, indent=2, ensure_ascii=False)
        f.write("\n")


def expectations(abandoned, premium_abandoned, premium_sl20):
    """The bank scenarios' expectations: abandonment at most `abandoned`; for premium callers,
    abandonment at most `premium_abandoned` and at least `premium_sl20` answered within 20 s."""
    return [{"metric": "abandon_rate", "at_most": abandoned},
            {"call_type": "premium", "metric": "abandon_rate", "at_most": premium_abandoned},
            {"call_type": "premium", "metric": "service_level", "within": "20s", "at_least": premium_sl20}]


def named(fit, name, lead, expected):
    out = {"name": name, "description": lead + " " + fit["description"]}
    for key, value in fit.items():
        if key not in ("name", "description"):
            out[key] = value
    out["service_level"]["target"] = TARGET
    out["agent_groups"][0]["name"] = "agents"
    out["expectations"] = expected
    return out


def graft(path, month, lead):
    with open(path, encoding="utf-8") as f:
        scenario = json.load(f)
    fitted = {ct["name"]: ct for ct in month["call_types"]}
    for ct in scenario["call_types"]:
        src = fitted[ct["name"]]
        kept = {k: v for k, v in ct.items() if k not in ("priority", "head_start", "arrivals", "handle_time",
                                                        "patience", "redial")}
        ct.clear()
        ct["name"] = kept.pop("name")
        ct["enters"] = kept.pop("enters")
        for key in ("head_start", "arrivals", "handle_time", "patience", "redial"):
            if key in src:
                ct[key] = src[key]
        ct.update(kept)
    scenario["agent_groups"][0]["agents"] = month["agent_groups"][0]["agents"]
    text = scenario["description"]
    scenario["description"] = lead + text[text.index(" Here the bank adds"):] if " Here the bank adds" in text else text
    write(path, scenario)


def main(stable_path, month_path):
    with open(stable_path, encoding="utf-8") as f:
        stable = json.load(f)
    with open(month_path, encoding="utf-8") as f:
        month = json.load(f)
    write("scenarios/bank_weekday.json", named(
        stable, "Bank weekday, stable regime (Anonymous Bank, Aug 15-31 1999)",
        "A real weekday of a small retail-bank call center, one queue and one pool of agents, as `ccsim fit` "
        "estimates it from the bank's records (scenarios/tools/fit_bank_scenarios.sh): the 13 weekdays of the "
        "stable regime of August (Aug 15-31; the bank's weekend is Friday/Saturday), about 1,330 calls a day, "
        "10% abandoned, SL20 61% in the records. Try `ccsim fit scenarios/data/anonymous_bank_1999_08.csv "
        "--days sun-thu --hours 07:00-24:00 --train 2010-08-15..2010-08-26 --test 2010-08-29..2010-08-31` for "
        "the back-test of this model on days it did not see.",
        expectations(abandoned=0.15, premium_abandoned=0.08, premium_sl20=0.55)))
    lead = ("The bank's average weekday of August 1999, all 23 weekdays (Sunday-Thursday, 07:00-24:00) as "
            "`ccsim fit` estimates it from the records (scenarios/tools/fit_bank_scenarios.sh): the month holds "
            "two regimes, an overloaded first half (Aug 1-12: 28.5% abandoned, SL20 20%) and a stable second "
            "(Aug 15-31: 9.9%, 61%), and the average day answers 40% within 20 s and loses 19.5% of its callers. "
            "One site, the primary alone; scenarios/primary_backup.json adds the backup routing to these very "
            "callers (try `ccsim compare scenarios/bank_month.json scenarios/primary_backup.json`). Without "
            "busyness: the month's day-to-day spread mixes the two regimes.")
    write("scenarios/bank_month.json", named(
        month, "Bank average weekday, August 1999 (primary alone)", lead,
        expectations(abandoned=0.25, premium_abandoned=0.15, premium_sl20=0.3)))
    callers = ("The primary-overload story on a real weekday. The callers (two call types: half-hourly rates of "
               "first attempts, Weibull handle times, lognormal patience, premium callers' 90 s head start over "
               "regular ones, and redials: 54% of callers who abandon call again the same day, after 82 minutes "
               "on average) and the primary team's calibrated staffing are those of scenarios/bank_month.json, "
               "the bank's average weekday of August 1999 as `ccsim fit` estimates it from the records. Alone, "
               "the primary site answers 37% of callers within 20 s and loses 19% to abandonment (the real "
               "center: 40% and 19.5%).")
    graft("scenarios/primary_backup.json", month, callers)
    graft("scenarios/failover_drill.json", month, callers.replace("The primary-overload story", "The failover drill"))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
