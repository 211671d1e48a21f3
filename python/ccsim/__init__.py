"""ccsim from Python: the simulator, sweeps, paired comparisons and Erlang formulas.

The same libraries as the ``ccsim`` command do the work (the native part, ``ccsim._ccsim``,
is built by CMake into build/python/); results are the CLI's own JSON documents:

    >>> import ccsim
    >>> r = ccsim.run("scenarios/primary_backup.json", replications=20, seed=1)
    >>> r.json["totals"]["service_level"]["20"]["mean"]
    >>> r.frame("call_types")          # tidy pandas DataFrame: call_type, metric, mean, ci95

``r.text`` is byte for byte what ``ccsim run --json -`` writes for the same scenario, seed and
replications, and ``r.json`` is that text parsed. Bad input raises ``ccsim.InputError`` with the CLI's ``FILE: /json/pointer: message``
lines in ``.messages``. Simulations release the GIL.
"""

import json as _json
import os as _os

from . import _ccsim

__version__ = _ccsim.__version__
__all__ = ["run", "sweep", "compare", "erlang_c", "erlang_a", "Results", "Sweep", "Comparison", "InputError"]

SCOPES = ("totals", "call_types", "queues", "agent_groups", "intervals")


class InputError(ValueError):
    """Bad input: a scenario that does not load, a bad override, a bad argument.

    ``messages`` holds one ``FILE: /json/pointer: message`` line per problem, as the CLI
    prints them after ``ccsim: ``.
    """

    def __init__(self, message):
        super().__init__(message)
        self.messages = message.split("\n")


def _native(function, *args):
    try:
        return function(*args)
    except _ccsim.InputError as e:
        raise InputError(str(e)) from None


def _source(scenario, name="<dict>"):
    """(name, text) for the native part: a path is read there; a dict is sent as JSON text."""
    if isinstance(scenario, dict):
        return name, _json.dumps(scenario)
    if isinstance(scenario, (str, _os.PathLike)):
        return _os.fspath(scenario), None
    raise TypeError("scenario: expected a file path or a dict, got %s" % type(scenario).__name__)


def _value_text(value):
    """A --set / --vary value as the CLI reads it: JSON, or a plain string ("4h")."""
    return value if isinstance(value, str) else _json.dumps(value)


def _sets(set):
    if set is None:
        return []
    return ["%s=%s" % (pointer, _value_text(value)) for pointer, value in set.items()]


def _is_estimate(node):
    return isinstance(node, dict) and set(node) == {"mean", "ci95"}


def _figures(node, prefix=""):
    """(metric path, mean, ci95) of every {"mean", "ci95"} under `node`, in document order."""
    if _is_estimate(node):
        yield prefix, node["mean"], node["ci95"]
    elif isinstance(node, dict):
        for key, child in node.items():
            yield from _figures(child, prefix + "/" + key if prefix else key)


def _rows(results, scope):
    """Tidy rows of one results document: one per figure, with the names that place it."""
    if scope == "totals":
        for metric, mean, ci95 in _figures(results.get("totals", {})):
            yield {"metric": metric, "mean": mean, "ci95": ci95}
    elif scope in ("call_types", "queues", "agent_groups"):
        column = scope[:-1]
        for name, figures in results.get(scope, {}).items():
            for metric, mean, ci95 in _figures(figures):
                yield {column: name, "metric": metric, "mean": mean, "ci95": ci95}
    elif scope == "intervals":
        for index, interval in enumerate(results.get("intervals", [])):
            head = {"interval": index, "start_s": interval.get("start_s")}
            for metric, mean, ci95 in _figures(interval.get("totals", {})):
                yield dict(head, scope="totals", name="", metric=metric, mean=mean, ci95=ci95)
            for section in ("call_types", "queues", "agent_groups"):
                for name, figures in interval.get(section, {}).items():
                    for metric, mean, ci95 in _figures(figures):
                        yield dict(head, scope=section, name=name, metric=metric, mean=mean, ci95=ci95)
    else:
        raise ValueError("scope %r: expected one of %s" % (scope, ", ".join(SCOPES)))


def _frame(rows):
    import pandas

    return pandas.DataFrame.from_records(list(rows))


class Results:
    """One simulated scenario: ``.json`` (dict), ``.text`` (the CLI's bytes), ``.frame(scope)``."""

    def __init__(self, text):
        self.text = text
        self.json = _json.loads(text)

    def frame(self, scope="totals"):
        """A tidy DataFrame of one scope: totals, call_types, queues, agent_groups, intervals.

        One row per figure: the scope's names (call_type, queue, agent_group; for intervals
        interval, start_s, scope, name), ``metric`` (the figure's path in the results JSON,
        e.g. ``service_level/20``, ``wait_percentiles/p90``), ``mean`` and ``ci95``.
        """
        return _frame(_rows(self.json, scope))

    def __repr__(self):
        return "<ccsim.Results %r, %d replications>" % (self.json.get("scenario"), self.json.get("replications", 0))


class Sweep:
    """A sweep: ``.json`` is what ``ccsim sweep --json -`` writes; ``.points`` the Results of each
    point; ``.frame(scope)`` the points' tidy rows with one column per --vary pointer."""

    def __init__(self, text):
        self.text = text
        self.json = _json.loads(text)
        self.vary = self.json["vary"]

    @property
    def points(self):
        return [(p["values"], p["results"]) for p in self.json["points"]]

    def frame(self, scope="totals"):
        def rows():
            for point in self.json["points"]:
                for row in _rows(point["results"], scope):
                    yield dict(point["values"], **row)

        return _frame(rows())


class Comparison:
    """``ccsim compare``: ``.json`` as ``--json -`` writes it; ``.frame()`` one row per metric."""

    def __init__(self, text):
        self.text = text
        self.json = _json.loads(text)

    @property
    def worse(self):
        """The fail_if_worse metrics on which B is significantly worse than A."""
        return [g["metric"] for g in self.json["fail_if_worse"] if g["worse"]]

    def frame(self):
        def rows():
            for d in self.json["differences"]:
                yield {
                    "metric": d["metric"],
                    "a_mean": d["a"]["mean"],
                    "a_ci95": d["a"]["ci95"],
                    "b_mean": d["b"]["mean"],
                    "b_ci95": d["b"]["ci95"],
                    "difference": d["difference"]["mean"],
                    "difference_ci95": d["difference"]["ci95"],
                    "verdict": d["verdict"],
                }

        return _frame(rows())


def run(scenario, replications=None, seed=None, threads=0, set=None, precision=None, max_replications=None):
    """Simulates a scenario (a file path or a dict in the scenario format), as ``ccsim run``.

    ``set`` maps JSON pointers to values, like ``--set``: ``{"/agent_groups/supervisor/agents": 2,
    "/horizon": "4h"}``; ``threads=0`` uses every core (results never depend on it);
    ``precision`` adds replications until the target service level's 95% CI half-width is at
    most it (``--precision``).
    """
    name, text = _source(scenario)
    return Results(
        _native(_ccsim.run, name, text, replications, seed, threads, _sets(set), precision, max_replications)
    )


def _vary_args(vary):
    if isinstance(vary, dict):
        out = []
        for pointer, values in vary.items():
            if isinstance(values, str):  # "2..12:2" or "28,29,30", as on the command line
                out.append("%s=%s" % (pointer, values))
            else:
                out.append("%s=%s" % (pointer, ",".join(_json.dumps(v) for v in values)))
        return out
    return list(vary)


def sweep(scenario, vary, replications=None, seed=None, threads=0, set=None, precision=None, max_replications=None):
    """Runs a scenario at every point of a grid, every point on the same callers (``ccsim sweep``).

    ``vary`` maps JSON pointers to lists of values (or to the CLI's text, ``"2..12:2"``), or is a
    list of ``PTR=VALUES`` strings; several pointers make a grid, the first varying slowest.
    """
    name, text = _source(scenario)
    return Sweep(
        _native(
            _ccsim.sweep, name, text, _vary_args(vary), replications, seed, threads, _sets(set), precision,
            max_replications,
        )
    )


def compare(a, b, replications=None, seed=None, threads=0, fail_if_worse=()):
    """Runs A and B on the same callers and gives the paired differences B - A (``ccsim compare``)."""
    a_name, a_text = _source(a, "<dict A>")
    b_name, b_text = _source(b, "<dict B>")
    return Comparison(
        _native(_ccsim.compare, a_name, a_text, b_name, b_text, replications, seed, threads, list(fail_if_worse))
    )


def _duration(value):
    return value if isinstance(value, str) else repr(float(value))


def erlang_c(calls_per_hour, handle_time, agents, within=(10, 20, 30), capacity=None):
    """Erlang C (M/M/n, or M/M/n/n+K with ``capacity``): the dict ``ccsim erlang c --json -`` gives.

    ``handle_time`` in seconds or as text ("4m"); ``within``: service-level thresholds in
    whole seconds.
    """
    return _json.loads(
        _native(_ccsim.erlang, float(calls_per_hour), _duration(handle_time), int(agents), None, capacity,
                sorted({int(t) for t in within}))
    )


def erlang_a(calls_per_hour, handle_time, agents, patience, within=(10, 20, 30), capacity=None):
    """Erlang A (M/M/n+M, exponential patience): the dict ``ccsim erlang a --json -`` gives."""
    return _json.loads(
        _native(_ccsim.erlang, float(calls_per_hour), _duration(handle_time), int(agents), _duration(patience),
                capacity, sorted({int(t) for t in within}))
    )
