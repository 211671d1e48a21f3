"""The ccsim Python module against the ccsim binary: same seed, same bytes.

Run by ctest (test PythonModule) with PYTHONPATH=build/python, CCSIM_BINARY (the built ccsim)
and CCSIM_SCENARIO_DIR (scenarios/).
"""

import json
import os
import subprocess
import threading
import time

import pytest

import ccsim

CCSIM = os.environ["CCSIM_BINARY"]
SCENARIOS = os.environ["CCSIM_SCENARIO_DIR"]
PRIMARY = os.path.join(SCENARIOS, "primary_backup.json")

SMALL = {
    "name": "small",
    "horizon": "2h",
    "interval": "1h",
    "call_types": [
        {
            "name": "general",
            "enters": "main",
            "arrivals": {"poisson": {"per_hour": 100}},
            "handle_time": {"exponential": {"mean": "2m"}},
            "patience": {"exponential": {"mean": "3m"}},
        }
    ],
    "queues": [{"name": "main"}],
    "agent_groups": [{"name": "team", "agents": 4, "serves": ["main"]}],
}


def cli(*args):
    done = subprocess.run([CCSIM, *args], capture_output=True, text=True)
    return done.returncode, done.stdout, done.stderr


def test_run_equals_the_cli_byte_for_byte():
    r = ccsim.run(PRIMARY, replications=6, seed=11, threads=2, set={"/agent_groups/supervisor/agents": 2})
    code, out, err = cli("run", PRIMARY, "--replications", "6", "--seed", "11", "--threads", "1",
                         "--set", "/agent_groups/supervisor/agents=2", "--json", "-")
    assert code == 0, err
    assert r.text == out
    assert r.json == json.loads(out)
    assert r.json["ccsim_version"] == ccsim.__version__
    assert r.json["replications"] == 6 and r.json["seed"] == 11


def test_run_of_a_dict_equals_the_cli_on_the_same_file(tmp_path):
    path = tmp_path / "small.json"
    path.write_text(json.dumps(SMALL))
    r = ccsim.run(SMALL, replications=5, seed=2, set={"/horizon": "3h", "/agent_groups/team/agents": 5})
    code, out, err = cli("run", str(path), "--replications", "5", "--seed", "2", "--set", "/horizon=3h",
                         "--set", "/agent_groups/0/agents=5", "--json", "-")
    assert code == 0, err
    assert r.text == out
    assert r.json["horizon_s"] == 3 * 3600


def test_frames_are_tidy():
    r = ccsim.run(PRIMARY, replications=4, seed=1)
    totals = r.frame("totals")
    assert list(totals.columns) == ["metric", "mean", "ci95"]
    sl20 = totals.set_index("metric").loc["service_level/20"]
    assert sl20["mean"] == r.json["totals"]["service_level"]["20"]["mean"]
    assert sl20["ci95"] == r.json["totals"]["service_level"]["20"]["ci95"]

    types = r.frame("call_types")
    assert set(types["call_type"]) == {"premium", "regular"}
    assert not types.duplicated(["call_type", "metric"]).any()
    asa = types[(types.call_type == "regular") & (types.metric == "asa")]["mean"].item()
    assert asa == r.json["call_types"]["regular"]["asa"]["mean"]

    groups = r.frame("agent_groups")
    assert set(groups["agent_group"]) == {"primary_team", "backup_team", "supervisor"}
    assert set(r.frame("queues")["queue"]) == {"main", "backup_q"}

    intervals = r.frame("intervals")
    assert intervals["interval"].nunique() == len(r.json["intervals"])
    row = intervals[(intervals.interval == 3) & (intervals.scope == "call_types") & (intervals.name == "premium")
                    & (intervals.metric == "offered")]
    assert row["mean"].item() == r.json["intervals"][3]["call_types"]["premium"]["offered"]["mean"]
    assert row["start_s"].item() == 3 * 1800
    with pytest.raises(ValueError):
        r.frame("nonsense")


def test_sweep_equals_the_cli():
    pointer = "/queues/main/overflow/1/when/queue_length/at_least"
    s = ccsim.sweep(PRIMARY, vary={pointer: [2, 8]}, replications=4, seed=5)
    code, out, err = cli("sweep", PRIMARY, "--vary", pointer + "=2,8", "--replications", "4", "--seed", "5",
                         "--json", "-")
    assert code == 0, err
    assert s.text == out
    frame = s.frame("totals")
    assert set(frame[pointer]) == {2, 8}
    sl = frame[frame.metric == "service_level/20"].set_index(pointer)["mean"]
    assert sl[2] == s.json["points"][0]["results"]["totals"]["service_level"]["20"]["mean"]
    # Each point's results are those of a run with that value.
    r = ccsim.run(PRIMARY, replications=4, seed=5, set={pointer: 8})
    assert s.points[1][1] == r.json


def test_compare_equals_the_cli():
    bank = os.path.join(SCENARIOS, "bank_month.json")  # the primary alone, on the same callers
    c = ccsim.compare(bank, PRIMARY, replications=4, seed=3, fail_if_worse=["service_level/20"])
    code, out, err = cli("compare", bank, PRIMARY, "--replications", "4", "--seed", "3",
                         "--fail-if-worse", "service_level/20", "--json", "-")
    assert code == 0, err
    assert c.text == out
    assert c.worse == []
    frame = c.frame()
    assert frame.set_index("metric").loc["service_level/20", "verdict"] == "better"


def test_erlang_equals_the_cli():
    c = ccsim.erlang_c(360, "4m", 28, within=[20, 10])
    code, out, err = cli("erlang", "c", "--calls-per-hour", "360", "--handle-time", "4m", "--agents", "28",
                         "--within", "10", "--within", "20", "--json", "-")
    assert code == 0, err
    assert c == json.loads(out)
    assert c["service_level"]["20"] == pytest.approx(0.7613, abs=5e-5)  # README: SL20 0.7613
    a = ccsim.erlang_a(360, 240, 26, patience="3m", capacity=30)
    code, out, err = cli("erlang", "a", "--calls-per-hour", "360", "--handle-time", "240", "--agents", "26",
                         "--patience", "3m", "--capacity", "30", "--json", "-")
    assert code == 0, err
    assert a == json.loads(out)


def test_input_errors_carry_the_cli_message(tmp_path):
    code, _, err = cli("run", PRIMARY, "--set", "/agent_groups/supervisr/agents=2")
    assert code == 2
    with pytest.raises(ccsim.InputError) as e:
        ccsim.run(PRIMARY, set={"/agent_groups/supervisr/agents": 2})
    assert isinstance(e.value, ValueError)
    assert ["ccsim: " + m for m in e.value.messages] == err.splitlines()
    assert 'did you mean "supervisor"' in str(e.value)

    bad = dict(SMALL, queues=[{"name": "main", "capacity": -1}])
    with pytest.raises(ccsim.InputError) as e:
        ccsim.run(bad)
    assert e.value.messages[0].startswith("<dict>: /queues/0/capacity: ")
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(bad))
    code, _, err = cli("validate", str(path))
    assert code == 2
    assert err.splitlines()[0] == "ccsim: " + e.value.messages[0].replace("<dict>", str(path))
    with pytest.raises(TypeError):
        ccsim.run(42)


def test_simulating_releases_the_gil():
    ticks = []
    stop = threading.Event()

    def tick():
        while not stop.is_set():
            ticks.append(time.monotonic())
            time.sleep(0.005)

    t = threading.Thread(target=tick)
    start = time.monotonic()
    t.start()
    ccsim.run(PRIMARY, replications=400, threads=1)
    elapsed = time.monotonic() - start
    stop.set()
    t.join()
    assert elapsed > 0.1  # long enough for the ticker to matter
    during = [x for x in ticks if x < start + elapsed]
    # With the GIL held through the run the ticker would stall for all of it.
    assert len(during) >= max(5, 0.1 * elapsed / 0.005)


def test_the_readme_example_runs(tmp_path, monkeypatch):
    readme = open(os.path.join(SCENARIOS, "..", "README.md"), encoding="utf-8").read()
    start = readme.index("```python\n", readme.index("A notebook's first cells")) + len("```python\n")
    code = readme[start:readme.index("```", start)]
    (tmp_path / "scenarios").symlink_to(SCENARIOS)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("MPLBACKEND", "Agg")
    names = {}
    exec(compile(code, "README.md", "exec"), names)
    sl = names["sl"]
    assert list(sl.index) == [2, 3, 4, 6, 8, 12]
    # README: overflowing early (2 waiting) gives a higher service level than late (12).
    assert sl.loc[2, "mean"] - sl.loc[12, "mean"] > sl.loc[2, "ci95"] + sl.loc[12, "ci95"]
    assert (tmp_path / "sl_by_threshold.png").stat().st_size > 1000
