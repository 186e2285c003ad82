"""VER002 version-not-bumped."""

from __future__ import annotations

import re
from collections.abc import Iterator

from promptlint import versioning
from promptlint.diagnostics import Diagnostic, Edit, Fix, Severity
from promptlint.document.model import Document
from promptlint.rules.base import Option, RuleContext, RuleMeta

_TRAILING = re.compile(r"[^\S\r\n]+(?=\r\n|\r|\n|\Z)")
_NEWLINES = re.compile(r"\r\n|\r")


class VersionNotBumped:
    """The prompt changed since the base revision but its version did not.

    ## What it does
    Compares the linted content (the staged content with `--staged`) with the same file
    at `--base` (default `HEAD`). If anything but the version value changed and the
    version is the same, it flags the version. The fix bumps the patch number of a
    SemVer version (or the pre-release number), or adds one to an integer version.

    New files, files outside git, and files whose base revision has no version are not
    checked. By default trailing whitespace and line endings are not counted as a change
    (`ignore-whitespace`), so fixing WS001/WS003 does not force a bump.

    ## Why is this bad?
    A version that does not move when the prompt does makes logs and eval results lie:
    two different prompts answer under the same version.

    ## Example
    ```yaml
    # HEAD:   version: 1.2.0 … "Answer in English."
    # staged: version: 1.2.0 … "Answer in the user's language."
    ```

    ## Use instead
    ```yaml
    version: 1.2.1
    ```

    ## Options
    - `ignore-whitespace` (default `true`): trailing whitespace, line endings and final
      newlines are not changes.
    """

    meta = RuleMeta(
        code="VER002",
        name="version-not-bumped",
        summary="Prompt changed against the base revision without a version bump",
        default_severity=Severity.ERROR,
        fix="sometimes",
        needs_git_base=True,
        options={"ignore-whitespace": Option("bool", True, "Whitespace-only changes are not changes.")},
    )

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Diagnostic]:
        current = doc.version
        base = ctx.base_document
        if current is None or base is None or base.version is None:
            return
        if current.value != base.version.value:
            return
        ignore_ws = bool(ctx.options["ignore-whitespace"])
        if _normalised(doc, ignore_ws) == _normalised(base, ignore_ws):
            return
        rev = ctx.base.rev if ctx.base else "the base revision"
        bumped = versioning.bump(current.value)
        fix = Fix(f"Bump version to {bumped}", (Edit(current.span, bumped),)) if bumped else None
        hint = f" (e.g. {bumped})" if bumped else ""
        yield ctx.diagnostic(
            current.span,
            f"Prompt changed since {rev} but its version is still {current.value}; bump it{hint}",
            fix=fix,
        )


def _normalised(doc: Document, ignore_whitespace: bool) -> str:
    text = doc.source
    if doc.version is not None:
        span = doc.version.span
        text = text[: span.start] + "\x00VERSION\x00" + text[span.end :]
    if ignore_whitespace:
        text = _NEWLINES.sub("\n", _TRAILING.sub("", text)).rstrip("\n")
    return text
