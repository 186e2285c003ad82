"""`promptlint eval` against a local model server with 300 ms of latency per request:
20 cases serial, at concurrency 4 and 8, and a fully cached run in a fresh process.

    .venv/bin/python bench/eval_concurrency.py [--runs 3] [--latency 0.3] [--cases 20]

The server is the test suite's fake OpenAI endpoint (tests/fakemodel.py) on 127.0.0.1.
Sending runs in this process after one warm-up (litellm's ~5 s import is paid once,
not per measurement) with --no-cache; the cached run is a new `python -m promptlint
eval` process each time, and reports whether litellm was imported (it must not be).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.fakemodel import last_user_text, serve  # noqa: E402

PROMPT = "---\nversion: 1.0.0\ninputs:\n  question: {type: string}\n---\nsystem:\nReply in JSON.\nuser:\n{{question}}\n"
PROBE = (
    "import sys, json; from promptlint.cli import main; code = main(sys.argv[1:]); "
    "sys.stderr.write('LITELLM=' + json.dumps('litellm' in sys.modules)); sys.exit(code)"
)


def golden(url: str, cases: int) -> str:
    lines = [f"model: openai/gpt-4o-mini\napi-base: {url}/v1\nparams: {{max_tokens: 50}}\ntests:"]
    for index in range(cases):
        lines.append(
            f"  - description: case {index}\n    vars: {{question: 'Question number {index}?'}}\n"
            "    assert:\n      - type: is-json\n      - type: contains\n        value: Question"
        )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--latency", type=float, default=0.3)
    parser.add_argument("--cases", type=int, default=20)
    args = parser.parse_args()
    os.environ.setdefault("OPENAI_API_KEY", "sk-bench-not-a-real-key-0000")
    os.environ["NO_COLOR"] = "1"
    from promptlint.cli import main as cli

    with (
        serve(lambda body: json.dumps({"answer": last_user_text(body)})) as model,
        tempfile.TemporaryDirectory() as tmp,
    ):
        root = Path(tmp)
        (root / "support.prompty").write_text(PROMPT)
        (root / "support.prompty.golden.yaml").write_text(golden(model.url, args.cases))
        os.chdir(root)

        def once(*extra: str) -> float:
            started = time.perf_counter()
            code = cli(
                ["eval", "support.prompty", "--format", "json", *extra], stdout=io.StringIO(), stderr=io.StringIO()
            )
            assert code == 0, code
            return time.perf_counter() - started

        once("--no-cache", "--concurrency", "8")  # warm-up: litellm imported once
        model.latency = args.latency
        rows = []
        for concurrency in (1, 4, 8):
            model.max_in_flight = 0
            before = len(model.requests)
            times = [once("--no-cache", "--concurrency", str(concurrency)) for _ in range(args.runs)]
            sent = (len(model.requests) - before) // args.runs
            rows.append((f"{args.cases} cases, concurrency {concurrency}", times, sent, model.max_in_flight))
        once()  # fill the cache
        before = len(model.requests)
        cached, imported = [], set()
        for _ in range(max(args.runs, 5)):
            started = time.perf_counter()
            result = subprocess.run(
                [sys.executable, "-c", PROBE, "eval", "support.prompty"], capture_output=True, text=True, cwd=root
            )
            cached.append(time.perf_counter() - started)
            assert result.returncode == 0, result.stderr
            imported.add(result.stderr.rsplit("LITELLM=", 1)[-1].strip())
        assert len(model.requests) == before, "the cached run sent requests"
        rows.append((f"{args.cases} cases, all cached, fresh process", cached, 0, 0))

    serial = statistics.median(rows[0][1])
    print(f"server latency {args.latency * 1000:.0f} ms per request; median of {args.runs} runs\n")
    print("| case | median | min | speed-up | requests | most in flight |")
    print("| --- | --- | --- | --- | --- | --- |")
    for name, times, sent, flight in rows:
        median = statistics.median(times)
        speed = f"{serial / median:.1f}×" if sent else "—"
        print(
            f"| {name} | {median * 1000:,.0f} ms | {min(times) * 1000:,.0f} ms | {speed} | {sent} | {flight or '—'} |"
        )
    print(f"\nlitellm imported by the cached run: {', '.join(sorted(imported))}")


if __name__ == "__main__":
    main()
