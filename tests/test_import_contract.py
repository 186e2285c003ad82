"""The layers, enforced: the core (document model, diagnostics, rules, engine, the
detectors and the entry point) imports no edge (CLI, commands, runner, reporters, git,
discovery, baselines, language server, eval), and detectors do not import rules.

Imports are read from the source with ``ast`` — function-level imports included, since
lazy imports are how this project keeps start-up fast and are just as binding."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "promptlint"

CORE = (
    "promptlint.document", "promptlint.diagnostics", "promptlint.rules", "promptlint.engine",
    "promptlint.linting", "promptlint.options", "promptlint.contradictions",
    "promptlint.detect", "promptlint.models", "promptlint.tokens", "promptlint.suppress",
    "promptlint.versioning", "promptlint.store", "promptlint.environment", "promptlint.config",
    "promptlint.fingerprints", "promptlint.llm", "promptlint.services", "promptlint.nlp",
)  # fmt: skip
EDGES = (
    "promptlint.cli", "promptlint.commands", "promptlint.runner", "promptlint.reporters", "promptlint.gitutil",
    "promptlint.discovery", "promptlint.baseline", "promptlint.lsp", "promptlint.eval", "promptlint.report",
    "promptlint.bom", "promptlint.server", "promptlint.golden",
)  # fmt: skip
DETECTORS = ("promptlint.contradictions", "promptlint.detect")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def import_graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for path in SRC.rglob("*.py"):
        module = _module_name(path)
        imported: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module:
                base = node.module
                if node.level:  # relative import
                    package = module.split(".")[: -node.level] if path.name != "__init__.py" else module.split(".")
                    base = ".".join([*package, node.module])
                imported.add(base)
                imported.update(f"{base}.{alias.name}" for alias in node.names)
        graph[module] = {name for name in imported if name.startswith("promptlint")}
    return graph


def _within(name: str, packages: tuple[str, ...]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in packages)


def violations(graph: dict[str, set[str]]) -> list[str]:
    found = []
    for module, imported in sorted(graph.items()):
        if _within(module, CORE):
            found += [f"{module} imports the edge {name}" for name in sorted(imported) if _within(name, EDGES)]
        if _within(module, DETECTORS):
            found += [
                f"detector {module} imports {name}" for name in sorted(imported) if _within(name, ("promptlint.rules",))
            ]
    return found


def test_the_core_imports_no_edge_and_detectors_no_rules() -> None:
    assert violations(import_graph()) == []


@pytest.mark.parametrize(
    ("module", "imported", "message"),
    [
        ("promptlint.engine", "promptlint.cli", "promptlint.engine imports the edge promptlint.cli"),
        (
            "promptlint.rules.builtin.x",
            "promptlint.runner",
            "promptlint.rules.builtin.x imports the edge promptlint.runner",
        ),
        (
            "promptlint.detect.pii.scan",
            "promptlint.rules.base",
            "detector promptlint.detect.pii.scan imports promptlint.rules.base",
        ),
    ],
)
def test_the_contract_catches_a_violation(module: str, imported: str, message: str) -> None:
    graph = import_graph()
    graph.setdefault(module, set()).add(imported)
    assert message in violations(graph)
