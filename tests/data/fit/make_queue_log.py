#!/usr/bin/env python3
"""Writes queue_log_day.log: an Asterisk queue_log of one simulated day (2010-08-16, 08:00-18:00)
of a small center (queues `sales` and `support`, 5 agents serving both, FIFO, support callers
leave by the queue timeout after 240 s: EXITWITHTIMEOUT), with the agent and system events a
real log carries, and queue_log_day.expected.json with the generator's own counts.
Deterministic (seeded); Python 3 standard library only. Re-create with
    python3 tests/data/fit/make_queue_log.py tests/data/fit
"""
import heapq, json, random, sys, os

random.seed(20100816)
DAY0 = 1281916800  # 2010-08-16 00:00:00 UTC
OPEN, CLOSE = 8 * 3600, 18 * 3600
AGENTS = ["SIP/1001", "SIP/1002", "SIP/1003", "SIP/1004", "SIP/1005"]
RATE = {"sales": 40 / 3600, "support": 30 / 3600}
HANDLE_MU = {"sales": 5.0, "support": 5.4}
PATIENCE_MEAN = {"sales": 120.0, "support": 400.0}
TIMEOUT = {"support": 240.0}

calls = []  # (arrival, queue, callerid)
for q, rate in RATE.items():
    t = OPEN
    while True:
        t += random.expovariate(rate)
        if t >= CLOSE:
            break
        calls.append((t, q, "0%09d" % random.randrange(10**9)))
calls.sort()

lines = []
def log(t, callid, queue, agent, event, *data):
    lines.append((int(t), len(lines), "|".join([str(int(t)), callid, queue, agent, event] + [str(d) for d in data])))

log(DAY0 + OPEN - 600, "NONE", "NONE", "NONE", "QUEUESTART")
for a in AGENTS:
    for q in RATE:
        log(DAY0 + OPEN - 300, "NONE", q, a, "ADDMEMBER", "")
free_at = {a: OPEN for a in AGENTS}
expected = {"calls": 0, "answered": 0, "abandoned": 0, "other": 0, "by_queue": {}}
waiting = []
for n, (t, q, cid) in enumerate(calls):
    callid = "%d.%d" % (DAY0 + int(t), n)
    patience = random.expovariate(1 / PATIENCE_MEAN[q])
    handle = max(1.0, random.lognormvariate(HANDLE_MU[q], 0.8))
    log(DAY0 + t, callid, q, "NONE", "DID", "5550100")
    log(DAY0 + t, callid, q, "NONE", "ENTERQUEUE", "", cid, 1)
    agent = min(AGENTS, key=lambda a: (free_at[a], a))
    start = max(t, free_at[agent])
    wait = start - t
    limit = TIMEOUT.get(q, 1e9)
    e = expected["by_queue"].setdefault(q, {"calls": 0, "answered": 0, "abandoned": 0, "other": 0, "wait_answered": 0})
    expected["calls"] += 1
    e["calls"] += 1
    if wait > patience and patience < limit:
        log(DAY0 + t + patience, callid, q, "NONE", "ABANDON", 1, 1, int(patience))
        expected["abandoned"] += 1; e["abandoned"] += 1
        continue
    if wait > limit:
        log(DAY0 + t + limit, callid, q, "NONE", "EXITWITHTIMEOUT", 1, 1, int(limit))
        expected["other"] += 1; e["other"] += 1
        continue
    if wait > 0 and random.random() < 0.1:  # a ring the first agent tried did not answer
        log(DAY0 + start - 1, callid, q, AGENTS[(AGENTS.index(agent) + 1) % 5], "RINGNOANSWER", 1000)
    log(DAY0 + start, callid, q, agent, "CONNECT", int(wait), callid + "1", 2)
    ev = "COMPLETECALLER" if random.random() < 0.6 else "COMPLETEAGENT"
    log(DAY0 + start + handle, callid, q, agent, ev, int(wait), int(handle), 1)
    free_at[agent] = start + handle + 5.0
    expected["answered"] += 1; e["answered"] += 1; e["wait_answered"] += int(wait)
log(DAY0 + 12 * 3600, "NONE", "NONE", "SIP/1003", "PAUSE", "lunch")
log(DAY0 + 12 * 3600 + 1800, "NONE", "NONE", "SIP/1003", "UNPAUSE", "")
for a in AGENTS:
    for q in RATE:
        log(DAY0 + CLOSE + 1800, "NONE", q, a, "REMOVEMEMBER", "")
lines.sort()
out = sys.argv[1] if len(sys.argv) > 1 else "."
with open(os.path.join(out, "queue_log_day.log"), "w") as f:
    f.write("\n".join(l for _, _, l in lines) + "\n")
with open(os.path.join(out, "queue_log_day.expected.json"), "w") as f:
    json.dump(expected, f, indent=1, sort_keys=True)
    f.write("\n")
