"""INT001 internal-error (reported by the engine when a rule raises)."""

from __future__ import annotations

from collections.abc import Iterator

from promptlint.diagnostics import Diagnostic, Severity
from promptlint.document.model import Document
from promptlint.rules.base import RuleContext, RuleMeta


class InternalError:
    """A rule failed on this file.

    ## What it does
    When a rule (built-in, YAML pack or plugin) raises an exception on a file, the run
    goes on: the failure becomes this diagnostic, naming the rule and the exception, at
    the top of the file. Run with `--verbose` to see the traceback.

    ## Why is this bad?
    The failing rule did not check this file, so its findings may be missing. It is a
    bug in the rule: please report it with the file (or a reduced copy).

    ## Example
    `INT001 rule ACME001 failed: KeyError: 'messages'`

    ## Use instead
    Update or report the failing rule; disable it for the file meanwhile with
    `per-file-ignores`.
    """

    meta = RuleMeta(
        code="INT001",
        name="internal-error",
        summary="A rule raised an exception on this file",
        default_severity=Severity.ERROR,
    )

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Diagnostic]:
        # Produced by promptlint.engine around every other rule.
        return iter(())
