#!/usr/bin/env python3
"""Checks docs/scenario.schema.json (JSON Schema 2020-12) against the repository's scenarios.

Every scenario of the repository must pass; every invalid case of tests/data/invalid/ must fail,
unless it is listed in SEMANTIC below: a check across keys or names that JSON Schema cannot
express, which ccsim's loader makes (`ccsim validate`). With --ccsim BINARY, the scenarios that
`ccsim init` writes (each template) are checked too.

    python3 scripts/check-schema.py [--ccsim build/ccsim]

Needs python3-jsonschema (Debian 12: 4.10). Exit 0 when every check holds, 1 otherwise.
"""
import argparse
import glob
import json
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# Valid scenarios: every file of these globs that is a scenario (a list of "call_types").
VALID = ["scenarios/*.json", "bench/*.json", "bench/scenarios/*.json", "tests/data/*.json"]

# Invalid cases the schema accepts, each with what makes it invalid (a check of ccsim's loader).
SEMANTIC = {
    "busyness_mean_not_one.json": "the mean of a distribution must be 1: a property of its parameters together",
    "clock_without_start.json": "a clock time needs `start`: a key elsewhere in the file",
    "duplicate_names.json": "names must be unique within a list",
    "interval_not_dividing_horizon.json": "the interval must divide the horizon: arithmetic on two values",
    "overflow_name_clash.json": "queue and exit names share one name space",
    "per_interval_wrong_length.json": "per-interval lists must have horizon / interval entries",
    "per_interval_without_interval.json": "a per-interval list needs an `interval` that makes that many intervals",
    "serves_queue_twice.json": "a serves list names each queue once",
    "service_level_expectation_without_within.json": "`within` may come from the scenario's target",
    "uniform_max_below_min.json": "uniform max below min: compares two values",
    "unknown_call_type_in_expectation.json": "names must refer to a call type of the scenario",
    "unknown_queue_in_enters.json": "names must refer to a queue of the scenario",
    "unknown_queue_in_serves.json": "names must refer to a queue of the scenario",
    "unknown_site.json": "names must refer to a site of the scenario",
    "unsupported_features.json": "its trace file does not exist: a file outside the scenario",
    "warmup_not_shorter_than_horizon.json": "warmup must be shorter than the horizon: compares two values",
}


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def errors_of(validator, doc):
    return sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ccsim", help="ccsim binary: also check what `ccsim init` writes")
    args = parser.parse_args()
    try:
        import jsonschema
    except ImportError:
        print("check-schema: python3-jsonschema is missing (apt-get install python3-jsonschema)", file=sys.stderr)
        return 1
    schema = load(os.path.join(ROOT, "docs", "scenario.schema.json"))
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    failures = 0
    checked = 0

    valid = []
    for pattern in VALID:
        for path in sorted(glob.glob(os.path.join(ROOT, pattern))):
            doc = load(path)
            if isinstance(doc, dict) and isinstance(doc.get("call_types"), list):  # not results files
                valid.append((os.path.relpath(path, ROOT), doc))
    if args.ccsim:
        with tempfile.TemporaryDirectory() as tmp:
            for template in ("single-queue", "two-site", "failover"):
                out = os.path.join(tmp, template + ".json")
                subprocess.run([args.ccsim, "init", "--template", template, "-o", out], check=True)
                valid.append(("ccsim init --template " + template, load(out)))
    for name, doc in valid:
        checked += 1
        errs = errors_of(validator, doc)
        for e in errs[:5]:
            print(f"FAIL {name}: /{'/'.join(map(str, e.absolute_path))}: {e.message}")
        failures += bool(errs)

    invalid_dir = os.path.join(ROOT, "tests", "data", "invalid")
    names = sorted(n for n in os.listdir(invalid_dir) if n.endswith(".json") and n != "expected.json")
    for name in set(SEMANTIC) - set(names):
        print(f"FAIL SEMANTIC lists {name}, which tests/data/invalid/ does not hold")
        failures += 1
    for name in names:
        checked += 1
        try:
            doc = load(os.path.join(invalid_dir, name))
        except json.JSONDecodeError:
            rejected = True  # not JSON at all: no schema applies
        else:
            rejected = bool(errors_of(validator, doc))
        if name in SEMANTIC and rejected:
            print(f"FAIL invalid/{name} is listed as semantic but the schema rejects it: drop it from SEMANTIC")
            failures += 1
        elif name not in SEMANTIC and not rejected:
            print(f"FAIL invalid/{name} passes the schema (tighten the schema, or list it in SEMANTIC with why)")
            failures += 1
    print(f"check-schema: {checked} files, {len(valid)} valid scenarios, {len(names)} invalid cases "
          f"({len(SEMANTIC)} semantic), {failures} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
