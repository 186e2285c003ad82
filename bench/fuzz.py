"""The property tests of tests/test_properties.py with many more examples.

CI runs 60 examples per property; this runs ``--examples`` (default 2,000) per property
— random prompt files of every format, random Unicode, YAML/JSON/Jinja/Handlebars-like
structures and mutations of the shared corpus's real files — and prints, per property,
whether it held and how long it took. A failure prints hypothesis's shrunk example.

    .venv/bin/python bench/fuzz.py [--examples 2000] [-k renderer]
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--examples", type=int, default=2000, help="examples per property (default 2000)")
    parser.add_argument("-k", default="", help="only the properties whose name matches (pytest -k)")
    args = parser.parse_args()
    env = dict(os.environ, PROMPTLINT_HYPOTHESIS_EXAMPLES=str(args.examples))
    command = [sys.executable, "-m", "pytest", "tests/test_properties.py", "-p", "no:cacheprovider", "-q", "-rA"]
    command += ["--durations=0", "--hypothesis-show-statistics"] + (["-k", args.k] if args.k else [])
    started = time.monotonic()
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    elapsed = time.monotonic() - started
    durations = {
        name: float(seconds)
        for seconds, name in re.findall(r"^([\d.]+)s call\s+tests/test_properties\.py::(\w+)", result.stdout, re.M)
    }
    outcomes = re.findall(r"^(PASSED|FAILED) tests/test_properties\.py::(\w+)", result.stdout, re.M)
    print(f"{args.examples} examples per property, {elapsed:.0f} s in all")
    for outcome, name in outcomes:
        print(f"  {outcome.lower():6}  {durations.get(name, 0):7.1f} s  {name}")
    if result.returncode != 0:  # the failures with hypothesis's shrunk examples, not the statistics
        failures = result.stdout.split("= FAILURES =", 1)[-1].split("Hypothesis Statistics", 1)[0]
        print(failures[-20000:])
        print(result.stderr[-2000:], file=sys.stderr)
    return result.returncode


if __name__ == "__main__":
    sys.exit(main())
