#!/usr/bin/env python3
"""Reference figures for `busyness` (tests/data/busyness_gamma_erlang_a.json).

A day with busyness B is an M/M/n+M queue (Erlang A) with arrival rate B * lambda. A
replication's service level and abandon rate over a long day are those of its own B, so their
mean over replications is the Erlang-A figure integrated over B's gamma density (mean 1).

Erlang A here is computed from scratch, sharing no code with ccsim: the stationary
distribution of the birth-death chain of callers in the system (truncated where its mass is
below 1e-16), seen by arrivals (PASTA); an arrival finding j callers waiting (all agents
busy) is answered within T when its position chain (j ahead, leaving at n*mu + m*theta from
m ahead, then answered at n*mu) reaches service before T and before its own patience
(rate theta): computed by uniformization. Abandon rate = theta * E[waiting] / lambda. The
gamma integral is composite Simpson over [max(0, 1 - 10 sd), 1 + 12 sd], 800 panels.

Run: python3 tests/data/tools/busyness_gamma_erlang_a.py > tests/data/busyness_gamma_erlang_a.json
"""
import json
import math

PARAMS = {"calls_per_hour": 360.0, "handle_time_s": 240.0, "agents": 28, "patience_s": 180.0,
          "busyness_sd": 0.2, "thresholds_s": [20.0, 60.0]}


def erlang_a(lam, mu, n, theta, thresholds):
    # Stationary distribution of k callers in the system.
    p = [1.0]
    k = 0
    while True:
        k += 1
        death = min(k, n) * mu + max(k - n, 0) * theta
        p.append(p[-1] * lam / death)
        if k > n and p[-1] < 1e-16 * sum(p):
            break
    total = sum(p)
    p = [x / total for x in p]
    p_idle = sum(p[:n])
    queue = p[n:]  # queue[j]: all agents busy, j waiting
    abandon = theta * sum(j * q for j, q in enumerate(queue)) / lam
    sl = {}
    for t in thresholds:
        m_max = len(queue) - 1
        rates = [n * mu + m * theta for m in range(m_max + 1)]
        big = max(rates) + theta
        # v[m]: P(answered within the steps so far | m ahead); uniformized chain.
        v = [0.0] * (m_max + 1)
        weight = math.exp(-big * t)
        acc = [0.0] * (m_max + 1)
        step = 0
        cumulative = weight
        while True:
            nv = [0.0] * (m_max + 1)
            for m in range(m_max + 1):
                below = 1.0 if m == 0 else v[m - 1]
                nv[m] = rates[m] / big * below + (1.0 - (rates[m] + theta) / big) * v[m]
            v = nv
            step += 1
            weight *= big * t / step
            cumulative += weight
            for m in range(m_max + 1):
                acc[m] += weight * v[m]
            if 1.0 - cumulative < 1e-15 and step > big * t:
                break
        sl[t] = p_idle + sum(q * acc[j] for j, q in enumerate(queue))
    return sl, abandon


def main():
    lam = PARAMS["calls_per_hour"] / 3600.0
    mu = 1.0 / PARAMS["handle_time_s"]
    theta = 1.0 / PARAMS["patience_s"]
    n = PARAMS["agents"]
    sd = PARAMS["busyness_sd"]
    shape = 1.0 / sd ** 2
    scale = sd ** 2

    def density(b):
        if b <= 0.0:
            return 0.0
        return math.exp((shape - 1.0) * math.log(b) - b / scale - math.lgamma(shape) - shape * math.log(scale))

    lo, hi, panels = max(0.0, 1.0 - 10.0 * sd), 1.0 + 12.0 * sd, 800
    h = (hi - lo) / panels
    ths = PARAMS["thresholds_s"]
    mix = {"abandon_rate": 0.0, **{f"service_level/{t:g}": 0.0 for t in ths}}
    mass = 0.0
    for i in range(panels + 1):
        b = lo + i * h
        w = (1 if i in (0, panels) else 4 if i % 2 else 2) * h / 3.0 * density(b)
        if w == 0.0:
            continue
        sl, ab = erlang_a(b * lam, mu, n, theta, ths)
        mass += w
        mix["abandon_rate"] += w * ab
        for t in ths:
            mix[f"service_level/{t:g}"] += w * sl[t]
    sl1, ab1 = erlang_a(lam, mu, n, theta, ths)
    plain = {"abandon_rate": ab1, **{f"service_level/{t:g}": sl1[t] for t in ths}}
    out = {
        "description": "busyness gamma(mean 1, sd) on an M/M/n+M queue: the Erlang-A figures of rate B*lambda "
                       "integrated over the gamma density of B (per-replication figures averaged over "
                       "replications). Computed by tests/data/tools/busyness_gamma_erlang_a.py (its docstring "
                       "says how); 'without_busyness' is Erlang A at B = 1.",
        "params": PARAMS,
        "gamma_mass": mass,
        "exact": mix,
        "without_busyness": plain,
    }
    print(json.dumps(out, indent=2))


main()
