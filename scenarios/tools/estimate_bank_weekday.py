#!/usr/bin/env python3
"""Estimate the "bank_weekday" scenario from the Anonymous Bank call records (August 1999).

Usage:
    python3 scenarios/tools/estimate_bank_weekday.py scenarios/data/anonymous_bank_1999_08.csv \
        > scenarios/bank_weekday.json
    python3 scenarios/tools/estimate_bank_weekday.py CSV --out scenarios/bank_weekday.json \
        --trace scenarios/data/bank_weekday_arrivals.csv

The scenario JSON goes to stdout (or --out); a summary of the estimates, the lognormal
goodness of fit and the real center's service figures goes to stderr, for comparison with
what ccsim reports. Python 3.8+ standard library only; the output is a pure function of
the input file (no clocks, no randomness, sorted iteration everywhere).

Definitions (see scenarios/data/README.md for the data's columns and quirks):
- Days: the center's weekdays, Sunday to Thursday. The records' dates read 2010-08-DD, the
  calls are of August 1999; both months start on a Sunday, so either calendar makes the
  6th, 7th, 13th, 14th ... Friday/Saturday, the light weekend days the counts show.
- Arrival to the agent queue: the moment the caller leaves the VRU asking for an agent:
  `q_start` for calls that waited; `vru_exit` (equal to `ser_start` within 2 s) for calls
  an idle agent answered at once (q_start 0:00:00, outcome AGENT, a named server). Calls
  that hung up in the VRU (q_start 0:00:00, outcome HANG) never asked for an agent and are
  not arrivals; PHANTOM records and AGENT records without a named server (short,
  automated-looking sessions) are dropped.
- Call types: "premium" = high-priority customers (priority 2), "regular" = the others.
  The bank identified callers (customer_id, priority) only when they waited: the calls
  an agent answered at once are unidentified (priority 0), callbacks (TT) aside, whereas
  98% of the retail (PS) calls that waited are identified; and a PS call was answered at
  once only when no PS caller was waiting, so this is not a separate fast lane. Such
  calls are split between the two types by the premium share of the calls of the same
  service type that waited (a fractional weight), since whether an agent happened to be
  idle does not depend on the caller's status. Identified calls keep their priority.
- Handle time: `ser_time` of AGENT calls with a named server, 0 < ser_time <= 1 h (the
  few longer ones, up to 10 h, are internet-support sessions left open by a few agents).
- Patience: exponential, censored-data MLE of the mean = total time waited in queue by
  all calls that queued (abandoned or served) / number of abandonments.
- Agents: effective staffing backed out of the abandonment the bank saw: per half-hour,
  the number of agents n for which an Erlang-A (M/M/n+M) model of that half-hour (its
  arrival rate, mean handle time and the pooled mean patience) loses the same fraction of
  callers to abandonment as the real center did, pooled over the weekdays; but never
  fewer than the time-average number of agents busy with these calls (rounded up). See
  effective_agents() below.
"""

import argparse
import csv
import datetime
import json
import math
import re
import statistics
import sys

HORIZON_START_S = 7 * 3600      # the center takes calls from 07:00 ...
HORIZON_END_S = 24 * 3600       # ... to midnight on weekdays (a few calls/day arrive earlier)
INTERVAL_S = 1800               # half-hours
N_INTERVALS = (HORIZON_END_S - HORIZON_START_S) // INTERVAL_S
MAX_HANDLE_S = 3600             # longer service records are artefacts (see module doc)
WEEKEND = (4, 5)                # datetime.weekday(): Friday, Saturday
THRESHOLDS_S = (10, 20, 30, 60)
TYPES = ("premium", "regular")
MAX_AGENTS = 60                 # search bound for effective_agents()


def seconds(hms):
    h, m, s = hms.split(":")
    return int(h) * 3600 + int(m) * 60 + int(s)


def fmt_s(x):
    return f"{round(x)}s"


def load(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def weekday_of(date_str):
    day = int(date_str[-2:])
    d1999 = datetime.date(1999, 8, day)
    d2010 = datetime.date(2010, 8, day)
    assert d1999.weekday() == d2010.weekday()  # August 1999 and August 2010 share a calendar
    return d1999.weekday()


class Call:
    """One arrival to the agent queue, as the scenario sees it."""

    __slots__ = ("date", "arrival", "queued", "wait", "answered", "handle", "ser_start",
                 "server", "stype", "priority", "identified", "w_premium")


def extract(rows):
    """Returns (calls, skipped counts) for weekday calls arriving within the horizon."""
    calls = []
    skipped = {"weekend": 0, "phantom": 0, "vru_hangup": 0, "no_server": 0,
               "outside_hours": 0}
    for r in rows:
        if weekday_of(r["date"]) in WEEKEND:
            skipped["weekend"] += 1
            continue
        if r["outcome"] == "PHANTOM":
            skipped["phantom"] += 1
            continue
        queued = r["q_start"] != "0:00:00"
        if not queued and r["outcome"] == "HANG":
            skipped["vru_hangup"] += 1
            continue
        if not queued and r["server"] == "NO_SERVER":
            skipped["no_server"] += 1
            continue
        arrival = seconds(r["q_start"] if queued else r["vru_exit"])
        if arrival < seconds(r["vru_entry"]) - 3600:    # left the VRU after midnight
            arrival += 86400
        if not HORIZON_START_S <= arrival < HORIZON_END_S:
            skipped["outside_hours"] += 1
            continue
        c = Call()
        c.date = r["date"]
        c.arrival = arrival - HORIZON_START_S
        c.queued = queued
        c.wait = int(r["q_time"]) if queued else 0
        c.answered = r["outcome"] == "AGENT"
        c.handle = int(r["ser_time"]) if c.answered else 0
        c.ser_start = seconds(r["ser_start"]) if c.answered else 0
        if c.answered and c.ser_start < seconds(r["vru_entry"]) - 3600:
            c.ser_start += 86400
        c.server = r["server"]
        c.stype = r["type"]
        c.priority = int(r["priority"])
        c.identified = r["customer_id"] != "0"
        calls.append(c)
    return calls, skipped


def assign_types(calls):
    """Sets w_premium on each call; returns the premium share used per service type."""
    waited = {}
    for c in calls:
        if c.queued:
            n, p = waited.get(c.stype, (0, 0))
            waited[c.stype] = (n + 1, p + (c.priority == 2))
    share = {t: p / n for t, (n, p) in sorted(waited.items())}
    for c in calls:
        if c.queued or c.identified:
            c.w_premium = 1.0 if c.priority == 2 else 0.0
        else:
            c.w_premium = share.get(c.stype, 0.0)
    return share


def weight(c, t):
    return c.w_premium if t == "premium" else 1.0 - c.w_premium


def weighted_quantile(pairs, q):
    """pairs: sorted (value, weight); the smallest value whose cumulative weight >= q."""
    total = sum(w for _, w in pairs)
    acc = 0.0
    for v, w in pairs:
        acc += w
        if acc >= q * total:
            return v
    return pairs[-1][0]


def handle_time_fit(calls, t, log):
    pairs = sorted((c.handle, weight(c, t)) for c in calls
                   if c.answered and c.server != "NO_SERVER" and 0 < c.handle <= MAX_HANDLE_S
                   and weight(c, t) > 0)
    wsum = sum(w for _, w in pairs)
    mean = sum(v * w for v, w in pairs) / wsum
    var = sum(w * (v - mean) ** 2 for v, w in pairs) / wsum
    sd = math.sqrt(var)
    # Lognormal with this mean and sd: sigma^2 = ln(1 + sd^2/mean^2), mu = ln(mean) - sigma^2/2.
    sigma2 = math.log(1 + var / mean ** 2)
    mu = math.log(mean) - sigma2 / 2
    fitted = statistics.NormalDist(mu, math.sqrt(sigma2))
    log(f"  handle time {t}: {wsum:.0f} calls (weighted), mean {mean:.1f} s, sd {sd:.1f} s, "
        f"cv {sd / mean:.2f}")
    log("    quantile   empirical   lognormal(mean, sd)")
    quantiles = {}
    for q in (0.05, 0.10, 0.25, 0.50, 0.75, 0.90, 0.95, 0.99):
        quantiles[q] = (weighted_quantile(pairs, q), math.exp(fitted.inv_cdf(q)))
        log(f"    {q:8.2f} {quantiles[q][0]:9.0f} s {quantiles[q][1]:9.0f} s")
    return mean, sd, quantiles


def patience_mle(calls, t):
    """Censored-data MLE of an exponential patience's mean for type t (None = all calls)."""
    def w(c):
        return 1.0 if t is None else weight(c, t)
    waited = sum(w(c) * c.wait for c in calls if c.queued)
    abandons = sum(w(c) for c in calls if c.queued and not c.answered)
    return waited / abandons, waited, abandons


def busy_by_interval(calls, days):
    """Time-average number of calls in service per half-hour, averaged over the days."""
    busy = [0.0] * N_INTERVALS
    for c in calls:
        if not c.answered or c.server == "NO_SERVER" or not 0 < c.handle <= MAX_HANDLE_S:
            continue
        a = c.ser_start - HORIZON_START_S
        b = a + c.handle
        k = max(a // INTERVAL_S, 0)
        while k < N_INTERVALS and k * INTERVAL_S < b:
            lo, hi = max(a, k * INTERVAL_S), min(b, (k + 1) * INTERVAL_S)
            if hi > lo:
                busy[k] += (hi - lo) / INTERVAL_S
            k += 1
    return [b / len(days) for b in busy]


def distinct_agents_by_interval(calls, days):
    seen = [set() for _ in range(N_INTERVALS)]
    for c in calls:
        if c.answered and c.server != "NO_SERVER":
            k = (c.ser_start - HORIZON_START_S) // INTERVAL_S
            if 0 <= k < N_INTERVALS:
                seen[k].add((c.date, c.server))
    return [len(s) / len(days) for s in seen]


def gap_to_next_call(calls):
    """Median time from an agent's end of service to its next call, when that call was
    already waiting (evidence for or against after-call work)."""
    by_agent = {}
    for c in calls:
        if c.answered and c.server != "NO_SERVER":
            by_agent.setdefault((c.date, c.server), []).append(c)
    gaps = []
    for key in sorted(by_agent):
        served = sorted(by_agent[key], key=lambda c: (c.ser_start, c.arrival))
        for prev, nxt in zip(served, served[1:]):
            end = prev.ser_start + prev.handle
            if nxt.queued and nxt.arrival + HORIZON_START_S < end - 5:
                gaps.append(nxt.ser_start - end)
    return statistics.median(gaps), len(gaps)


def erlang_a_abandon(lam, mean_handle, mean_patience, n):
    """Fraction of callers who abandon in the stationary M/M/n+M (Erlang-A) queue.

    Birth-death chain: birth rate lam, death rate min(i, n)/mean_handle +
    max(i - n, 0)/mean_patience in state i; abandonment rate = E[waiting] / mean_patience
    (Garnett, Mandelbaum and Reiman, "Designing a call center with impatient customers",
    MSOM 2002). All times in seconds, lam per second.
    """
    terms = [1.0]
    total = 1.0
    i = 0
    while True:
        i += 1
        rate = min(i, n) / mean_handle + max(i - n, 0) / mean_patience
        terms.append(terms[-1] * lam / rate)
        total += terms[-1]
        if i > n and terms[-1] < 1e-15 * total:
            break
    waiting = sum((j - n) * p for j, p in enumerate(terms) if j > n) / total
    return waiting / mean_patience / lam


def effective_agents(lam, mean_handle, mean_patience, observed_abandon):
    """Smallest n whose Erlang-A abandonment is closest to the observed fraction.

    The bank's agents also did back-office and outbound work, so the distinct agents seen
    on the phones overstate the capacity these calls got; the abandonment the callers
    experienced measures it directly. This is the staffing that, fully dedicated, would
    have given the same abandonment.
    """
    best = min(range(1, MAX_AGENTS + 1),
               key=lambda n: (abs(erlang_a_abandon(lam, mean_handle, mean_patience, n)
                                  - observed_abandon), n))
    return best, erlang_a_abandon(lam, mean_handle, mean_patience, best)


def service_figures(calls, t):
    """The real center's figures for type t (None = all), as ccsim defines them."""
    def w(c):
        return 1.0 if t is None else weight(c, t)
    offered = sum(w(c) for c in calls)
    answered = sum(w(c) for c in calls if c.answered)
    queued = sum(w(c) for c in calls if c.queued)
    fig = {"offered_per_day": offered, "answered": answered / offered,
           "abandoned": 1 - answered / offered, "queued": queued / offered,
           "asa": sum(w(c) * c.wait for c in calls if c.answered) / answered,
           "sl": {T: sum(w(c) for c in calls if c.answered and c.wait <= T) / offered
                  for T in THRESHOLDS_S},
           "queued_answered_within": {
               T: sum(w(c) for c in calls if c.queued and c.answered and c.wait <= T) / queued
               for T in (20, 60)}}
    return fig


def representative_day(calls, days):
    counts = {d: 0 for d in days}
    for c in calls:
        counts[c.date] += 1
    mean = sum(counts.values()) / len(days)
    best = min(days, key=lambda d: (abs(counts[d] - mean), d))
    return best, counts


def to_json(obj):
    """Indented JSON with lists of scalars kept on one line (readable per-interval lists)."""
    text = json.dumps(obj, indent=2, ensure_ascii=False)
    text = re.sub(r"\[\s*([^\[\]{}]*?)\s*\]",
                  lambda m: "[" + re.sub(r",\s+", ", ", m.group(1)) + "]", text)
    return text + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("csv", help="anonymous_bank_1999_08.csv")
    ap.add_argument("--out", help="write the scenario here instead of stdout")
    ap.add_argument("--trace", help="also write one representative weekday's arrival times "
                                    "(both call types) as a one-column CSV `arrival_s`")
    args = ap.parse_args()

    def log(msg=""):
        print(msg, file=sys.stderr)

    rows = load(args.csv)
    calls, skipped = extract(rows)
    days = sorted({c.date for c in calls})
    nd = len(days)
    share = assign_types(calls)

    log(f"{len(rows)} records; {len(calls)} weekday arrivals to the agent queue 07:00-24:00 "
        f"on {nd} days ({days[0]} .. {days[-1]}); skipped: "
        + ", ".join(f"{k} {v}" for k, v in skipped.items()))
    log("premium share of waiting calls by service type (used for the unidentified calls "
        "answered at once): " + ", ".join(f"{k} {v:.3f}" for k, v in share.items()))

    per_hour = {}
    for t in TYPES:
        counts = [0.0] * N_INTERVALS
        for c in calls:
            counts[c.arrival // INTERVAL_S] += weight(c, t)
        per_hour[t] = [round(n / nd * 3600 / INTERVAL_S, 1) for n in counts]

    handle = {}
    patience = {}
    for t in TYPES:
        handle[t] = handle_time_fit(calls, t, log)
        m, waited, ab = patience_mle(calls, t)
        patience[t] = m
        log(f"  patience {t}: {waited:.0f} s waited / {ab:.0f} abandonments = mean {m:.1f} s")

    gap, n_gaps = gap_to_next_call(calls)
    log(f"  agent's next call, when a caller was already waiting, starts a median {gap:.0f} s "
        f"after the previous one ended ({n_gaps} cases): call delivery, no real wrap-up")
    pooled_patience = patience_mle(calls, None)[0]
    log(f"  patience pooled over both types (for the Erlang-A staffing): {pooled_patience:.1f} s")
    busy = busy_by_interval(calls, days)
    distinct = distinct_agents_by_interval(calls, days)
    arrivals = [0] * N_INTERVALS
    abandons = [0] * N_INTERVALS
    for c in calls:
        arrivals[c.arrival // INTERVAL_S] += 1
        abandons[c.arrival // INTERVAL_S] += not c.answered
    agents = []
    log("half-hour  premium/h regular/h  offered_erl  carried_erl  distinct_agents  "
        "abandoned  erlang_a(n_a)  agents  carried/agents")
    for k in range(N_INTERVALS):
        start = HORIZON_START_S + k * INTERVAL_S
        lam = sum(per_hour[t][k] for t in TYPES) / 3600
        mean_handle = sum(per_hour[t][k] * handle[t][0] for t in TYPES) / (lam * 3600)
        observed = abandons[k] / arrivals[k]
        n_erlang_a, model = effective_agents(lam, mean_handle, pooled_patience, observed)
        # Never fewer agents than were on average busy with these calls: where day-to-day
        # swings make the pooled abandonment high, Erlang-A alone would understaff.
        n = max(n_erlang_a, math.ceil(busy[k]))
        agents.append(n)
        log(f"  {start // 3600:02d}:{start % 3600 // 60:02d}   {per_hour['premium'][k]:8.1f} "
            f"{per_hour['regular'][k]:9.1f}  {lam * mean_handle:11.2f}  {busy[k]:11.2f}  "
            f"{distinct[k]:15.1f}  {observed:9.3f}  {model:5.3f}({n_erlang_a:2d})  {n:6d}  "
            f"{busy[k] / n:14.2f}")

    figs = {t: service_figures(calls, t) for t in TYPES}
    figs["all"] = service_figures(calls, None)
    log("real center, weekdays 07:00-24:00 (service level = answered within T / offered; "
        "the queue figures count only calls that waited):")
    for t, f in figs.items():
        log(f"  {t:8s} offered/day {f['offered_per_day'] / nd:7.1f}  answered {f['answered']:.3f}"
            f"  abandoned {f['abandoned']:.3f}  waited {f['queued']:.3f}  ASA {f['asa']:.1f} s  SL "
            + " ".join(f"{T}s {v:.3f}" for T, v in f["sl"].items())
            + "  queued answered within " + " ".join(
                f"{T}s {v:.3f}" for T, v in f["queued_answered_within"].items()))

    rep, daily = representative_day(calls, days)
    rep_n, mean_n = daily[rep], sum(daily.values()) / nd
    log(f"representative weekday for the trace: {rep} with {rep_n} arrivals "
        f"(weekday mean {mean_n:.1f})")
    if args.trace:
        with open(args.trace, "w", newline="") as f:
            f.write("arrival_s\n")
            for a in sorted(c.arrival for c in calls if c.date == rep):
                f.write(f"{a}\n")

    scenario = build_scenario(per_hour, handle, patience, agents, distinct, figs, days, daily,
                              share, rep, gap)
    text = to_json(scenario)
    if args.out:
        with open(args.out, "w") as f:
            f.write(text)
    else:
        sys.stdout.write(text)


def day_ranges(days):
    """["2010-08-01", "2010-08-02", "2010-08-04"] -> "Aug 1-2, 4"."""
    nums = [int(d[-2:]) for d in days]
    parts = []
    start = prev = nums[0]
    for n in nums[1:] + [None]:
        if n is not None and n == prev + 1:
            prev = n
            continue
        parts.append(f"{start}-{prev}" if prev > start else f"{start}")
        if n is not None:
            start = prev = n
    return "Aug " + ", ".join(parts)


def build_scenario(per_hour, handle, patience, agents, distinct, figs, days, daily, share,
                   rep, gap):
    nd = len(days)
    vol = {t: sum(per_hour[t]) * INTERVAL_S / 3600 for t in TYPES}
    fp, fr, fa = figs["premium"], figs["regular"], figs["all"]

    def fit(t):
        q = handle[t][2]
        return (f"{t} median {q[0.5][0]:.0f} vs {q[0.5][1]:.0f} s, 90th percentile "
                f"{q[0.9][0]:.0f} vs {q[0.9][1]:.0f} s, 5th {q[0.05][0]:.0f} vs {q[0.05][1]:.0f} s")

    description = (
        "The default scenario: a realistic weekday of a small retail-bank call center, "
        "07:00-24:00, one queue and one pool of agents. Rates, distributions and staffing are "
        "estimated from the Anonymous Bank call records of August 1999 "
        "(data/anonymous_bank_1999_08.csv) by tools/estimate_bank_weekday.py, averaged over "
        f"the {nd} weekdays Sunday-Thursday ({day_ranges(days)}; the bank's weekend is "
        "Friday/Saturday, and the records' 2010-08 dates fall on the same weekdays as in "
        "1999). "
        "Arrival = the caller leaves the VRU for the agent queue: q_start if the call waited, "
        "vru_exit if an idle agent answered at once; VRU hang-ups, PHANTOM records and the "
        "few calls before 07:00 are left out. "
        "Call types: premium = high-priority customers (priority 2), served first; regular = "
        "the rest. The bank identified callers only while they waited, so unidentified calls "
        "answered at once are split by the premium share of waiting calls of the same service "
        f"type (retail PS {share.get('PS', 0):.2f}, stock exchange NE {share.get('NE', 0):.2f}, "
        "prospects NW and internet IN ~0). "
        f"Volumes per day: premium {vol['premium']:.0f}, regular {vol['regular']:.0f} calls. "
        "Arrivals: Poisson, rate per half-hour = mean count over those days. "
        "Handle time: lognormal with the mean and sd of ser_time of served calls "
        "(0 < ser_time <= 1 h; a few internet sessions of up to 10 h are artefacts). The fit "
        f"is close in the body and upper tail (data vs fit: {fit('premium')}; "
        f"{fit('regular')}) but the "
        "data have more very short calls. "
        "Patience: exponential, censored-data MLE of the mean = time waited by all calls that "
        "queued (served or abandoned) / abandonments. No wrap-up: when a caller was waiting, "
        f"agents took the next call a median {gap:.0f} s after the previous one ended (call "
        "delivery, not after-call work). "
        "Agents: effective staffing per half-hour, backed out of the abandonment the bank saw: "
        "the number n for which an Erlang-A (M/M/n+M) model of that half-hour (its arrival "
        "rate, mean handle time, pooled mean patience) abandons the same fraction of callers "
        "as the real center did, but at least the mean number of agents busy with these calls "
        "(rounded up). The bank ran overloaded and its agents also did other work, "
        f"so this is fewer than the distinct agents seen on the phones ({max(distinct):.0f} at "
        "peak, which would give near-textbook service). "
        f"Real center on these weekdays, to compare with: {fa['answered']:.1%} of calls "
        f"answered (premium {fp['answered']:.1%}, regular {fr['answered']:.1%}); service "
        f"level (answered within T / offered) 20 s: premium {fp['sl'][20]:.2f}, regular "
        f"{fr['sl'][20]:.2f}, all {fa['sl'][20]:.2f}; 60 s: premium {fp['sl'][60]:.2f}, "
        f"regular {fr['sl'][60]:.2f}, all {fa['sl'][60]:.2f}; ASA premium {fp['asa']:.0f} s, "
        f"regular {fr['asa']:.0f} s. Of the calls that had to wait, answered within 20 s: "
        f"premium {fp['queued_answered_within'][20]:.2f}, regular "
        f"{fr['queued_answered_within'][20]:.2f}; within 60 s: premium "
        f"{fp['queued_answered_within'][60]:.2f}, regular "
        f"{fr['queued_answered_within'][60]:.2f}. "
        "Averaging over days hides the real day-to-day swings "
        f"({min(daily.values())} to {max(daily.values())} arrivals). "
        "For a trace-driven variant, data/bank_weekday_arrivals.csv holds the arrivals of "
        f"the weekday closest to the mean volume, {rep} (both call types together)."
    )
    call_types = []
    for t, prio in (("premium", 10), ("regular", 0)):
        call_types.append({
            "name": t, "priority": prio, "enters": "main",
            "arrivals": {"poisson": {"per_hour": per_hour[t]}},
            "handle_time": {"lognormal": {"mean": fmt_s(handle[t][0]),
                                          "sd": fmt_s(handle[t][1])}},
            "patience": {"exponential": {"mean": fmt_s(patience[t])}},
        })
    return {
        "name": "Bank weekday (Anonymous Bank, Aug 1999)",
        "description": description,
        "start": f"{HORIZON_START_S // 3600:02d}:00",
        "horizon": f"{(HORIZON_END_S - HORIZON_START_S) // 3600}h",
        "warmup": "0",
        "interval": f"{INTERVAL_S // 60}m",
        "replications": 20,
        "seed": 1,
        "service_level": {"thresholds": [f"{T}s" for T in THRESHOLDS_S],
                          "target": {"within": "20s", "at_least": 0.8}},
        "sites": [{"name": "bank"}],
        "call_types": call_types,
        "queues": [{"name": "main", "site": "bank"}],
        "agent_groups": [{"name": "agents", "site": "bank", "agents": agents,
                          "serves": ["main"]}],
        "expectations": EXPECTATIONS,
    }


# Loose guards, met by the real center (see the stderr summary) and by the scenario.
# Real center: abandoned 0.195 of all calls, premium 0.112; premium service level 20 s 0.44.
EXPECTATIONS = [
    {"metric": "abandon_rate", "at_most": 0.25},
    {"call_type": "premium", "metric": "abandon_rate", "at_most": 0.15},
    {"call_type": "premium", "metric": "service_level", "within": "20s", "at_least": 0.35},
]

if __name__ == "__main__":
    main()
