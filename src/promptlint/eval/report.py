"""The eval report: a table for people, JSON and JUnit for machines.

Only the report goes to stdout (progress and notices go to stderr), so
``promptlint eval --format json > results.json`` is always parseable. Colour follows
the linter's rules: a terminal, and never with ``NO_COLOR``.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable
from typing import Any, TextIO
from xml.etree import ElementTree

from promptlint import __version__
from promptlint.eval.run import CaseResult, Report

_COLORS = {"red": "31", "green": "32", "yellow": "33", "dim": "2", "bold": "1"}
_STATUS = {
    "passed": ("PASS", "green"),
    "failed": ("FAIL", "red"),
    "error": ("ERROR", "red"),
    "skipped": ("SKIP", "yellow"),
}


def _money(value: float) -> str:
    if value == 0:
        return "$0"
    if value < 0.0001:
        return f"${value:.6f}"
    return f"${value:.4f}" if value < 1 else f"${value:,.2f}"


def _runs(result: CaseResult) -> str:
    return f"{result.passed_runs}/{len(result.runs)}" if result.runs else "-"


def _latency(result: CaseResult) -> str:
    value = result.latency_ms
    return "-" if value is None else f"{value:,.0f} ms"


# -------------------------------------------------------------------------- text


def text(report: Report, stream: TextIO, *, color: bool = False) -> None:
    def paint(value: str, *styles: str) -> str:
        if not color or not styles:
            return value
        return f"\x1b[{';'.join(_COLORS[s] for s in styles)}m{value}\x1b[0m"

    if report.dry_run:
        _dry_run(report, stream)
        return
    rows = []
    for result in report.results:
        label, style = _STATUS[result.status]
        name = f"{result.case.golden} › {result.case.description}"
        cost = "cached" if result.cached else _money(result.cost_usd) if result.runs else "-"
        rows.append((label, style, name, _runs(result), _latency(result), cost, result))
    width = min(max((len(r[2]) for r in rows), default=0), 70)
    for label, style, name, runs, latency, cost, result in rows:
        shown = name if len(name) <= width else name[: width - 1] + "…"
        stream.write(
            f"{paint(label.ljust(5), style, 'bold')} {shown.ljust(width)}  {runs:>5}  {latency:>9}  {cost:>9}\n"
        )
        for failure in result.failures:
            stream.write(f"      {paint('✗', style)} {failure['assertion']}: {failure['message']}\n")
    if report.compare is not None:
        _comparison(report, stream, paint)
    stream.write(_summary_line(report) + "\n")


def _comparison(report: Report, stream: TextIO, paint: Callable[..., str]) -> None:
    groups: dict[str, list[CaseResult]] = defaultdict(list)
    for result in report.results:
        if result.comparison:
            groups[result.comparison].append(result)
    rev = report.compare
    titles = (
        ("regression", f"Regressions (passed at {rev}, fail now)", "red"),
        ("fixed", f"Fixed (failed at {rev}, pass now)", "green"),
        ("failing-both", f"Failing at {rev} too (not a regression)", "yellow"),
        ("new", f"New (no prompt at {rev})", ""),
    )
    for key, title, style in titles:
        if groups.get(key):
            stream.write(f"\n{paint(title, style, 'bold') if style else title}:\n")
            for result in groups[key]:
                stream.write(f"  {result.case.golden} › {result.case.description}\n")
    stream.write("\n")


def _summary_line(report: Report) -> str:
    counts = defaultdict(int)
    for result in report.results:
        counts[result.status] += 1
    parts = [f"{counts['passed']} passed", f"{counts['failed']} failed"]
    parts += [f"{counts[k]} {k}" for k in ("error", "skipped") if counts[k]]
    total = len(report.results)
    line = f"{total} case{'s' if total != 1 else ''}: {', '.join(parts)}"
    if report.compare is not None:
        regressions = sum(1 for r in report.results if r.comparison == "regression")
        line += f"; {regressions} regression{'s' if regressions != 1 else ''} against {report.compare}"
    retries = f" ({report.retries} retries)" if report.retries else ""
    line += f" · {report.requests} request{'s' if report.requests != 1 else ''} sent{retries}, {report.cached} cached"
    line += f" · {_money(report.cost_usd)}"
    return line


def _dry_run(report: Report, stream: TextIO) -> None:
    for case, counts in report.plans:
        name = f"{case.golden} › {case.description}"
        if case.skipped:
            stream.write(f"{name}: skipped ({case.skipped} is not supported)\n")
            continue
        if case.error:
            stream.write(f"{name}: error: {case.error}\n")
            continue
        shown = ", ".join(
            f"{n:,} prompt tokens" + (f" at {report.compare}" if side == "then" else "") for side, n in counts
        )
        stream.write(f"{name}: {case.repeat} run{'s' if case.repeat != 1 else ''} × {shown} ({case.model})\n")
    e = report.estimate
    line = (
        f"Estimate: {e.requests} request{'s' if e.requests != 1 else ''} to send, {e.prompt_tokens:,} prompt + "
        f"{e.output_tokens:,} output tokens ≈ {_money(e.cost_usd)}"
    )
    if e.assumed_output:
        line += " (no max_tokens set on some requests: 1,024 output tokens assumed)"
    if e.unpriced:
        line += f"; no price known for {', '.join(sorted(e.unpriced))} (counted as $0)"
    stream.write(line + ".\nNothing was sent (--dry-run).\n")


# -------------------------------------------------------------------------- json


def _result_dict(result: CaseResult) -> dict[str, Any]:
    return {
        "golden": result.case.golden,
        "prompt": result.case.prompt,
        "model": result.case.model,
        "case": result.case.description,
        "status": result.status,
        "runs": len(result.runs),
        "passed_runs": result.passed_runs,
        "threshold": result.case.threshold,
        "passed": result.passed,
        "failures": result.failures,
        "latency_ms": result.latency_ms,
        "cost_usd": round(result.cost_usd, 8),
        "cached": result.cached,
    }


def as_dict(report: Report) -> dict[str, Any]:
    results = []
    for result in report.results:
        item = _result_dict(result)
        if report.compare is not None and result.baseline is not None:
            base = result.baseline
            item["compare"] = {
                "rev": report.compare,
                "status": result.comparison,
                "baseline": None
                if base.status == "absent"
                else {
                    "status": base.status, "runs": len(base.runs), "passed_runs": base.passed_runs,
                    "passed": base.passed, "failures": base.failures,
                },
            }  # fmt: skip
        results.append(item)
    counts = defaultdict(int)
    for result in report.results:
        counts[result.status] += 1
    summary: dict[str, Any] = {
        "cases": len(report.results),
        "passed": counts["passed"],
        "failed": counts["failed"] + counts["error"],
        "skipped": counts["skipped"],
        "requests": report.requests,
        "cached": report.cached,
        "retries": report.retries,
        "cost_usd": round(report.cost_usd, 8),
        "estimated_cost_usd": round(report.estimate.cost_usd, 8),
    }
    if report.compare is not None:
        kinds = defaultdict(int)
        for result in report.results:
            if result.comparison:
                kinds[result.comparison] += 1
        summary["compare"] = {
            "rev": report.compare,
            "regressions": kinds["regression"],
            "fixed": kinds["fixed"],
            "failing_both": kinds["failing-both"],
            "new": kinds["new"],
        }
    return {
        "version": 1,
        "tool": {"name": "promptlint", "version": __version__},
        "results": results,
        "summary": summary,
    }


def as_json(report: Report, stream: TextIO, *, color: bool = False) -> None:
    if report.dry_run:
        e = report.estimate
        payload = {
            "version": 1,
            "tool": {"name": "promptlint", "version": __version__},
            "dry_run": True,
            "cases": [
                {
                    "golden": c.golden, "case": c.description, "model": c.model, "runs": c.repeat,
                    "prompt_tokens": dict(counts), "error": c.error, "skipped": c.skipped,
                }
                for c, counts in report.plans
            ],
            "estimate": {
                "requests": e.requests, "prompt_tokens": e.prompt_tokens, "output_tokens": e.output_tokens,
                "cost_usd": round(e.cost_usd, 8), "unpriced_models": sorted(e.unpriced),
            },
        }  # fmt: skip
    else:
        payload = as_dict(report)
    json.dump(payload, stream, indent=2, ensure_ascii=False)
    stream.write("\n")


# ------------------------------------------------------------------------- junit


def junit(report: Report, stream: TextIO, *, color: bool = False) -> None:
    """One test suite per golden set, one test case per case (skipped: <skipped/>)."""
    suites = ElementTree.Element("testsuites", name="promptlint eval")
    by_golden: dict[str, list[CaseResult]] = defaultdict(list)
    for result in report.results:
        by_golden[result.case.golden].append(result)
    totals = defaultdict(int)
    for golden, results in by_golden.items():
        suite = ElementTree.SubElement(suites, "testsuite", name=golden)
        counts = defaultdict(int)
        for result in results:
            case = ElementTree.SubElement(
                suite,
                "testcase",
                classname=golden,
                name=result.case.description,
                time=f"{(result.latency_ms or 0) / 1000:.3f}",
            )
            failures = "\n".join(f"{f['assertion']}: {f['message']}" for f in result.failures)
            blocking = report.compare is None or result.comparison != "failing-both"
            if result.status == "skipped":
                ElementTree.SubElement(case, "skipped", message=result.message)
                counts["skipped"] += 1
            elif result.status == "error":
                ElementTree.SubElement(case, "error", message=result.message).text = result.message
                counts["errors"] += 1
            elif not result.passed and blocking:
                first = result.failures[0]["message"] if result.failures else "failed"
                node = ElementTree.SubElement(case, "failure", message=f"{_runs(result)} runs passed: {first}")
                node.text = failures
                counts["failures"] += 1
            elif not result.passed:
                ElementTree.SubElement(case, "system-out").text = f"fails at {report.compare} too:\n{failures}"
        suite.set("tests", str(len(results)))
        for key in ("failures", "errors", "skipped"):
            suite.set(key, str(counts[key]))
            totals[key] += counts[key]
    suites.set("tests", str(len(report.results)))
    for key in ("failures", "errors", "skipped"):
        suites.set(key, str(totals[key]))
    ElementTree.indent(suites)
    stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    stream.write(ElementTree.tostring(suites, encoding="unicode"))
    stream.write("\n")


REPORTERS: dict[str, Callable[..., None]] = {"text": text, "json": as_json, "junit": junit}
