"""VER003 invalid-version."""

from __future__ import annotations

import re
from collections.abc import Iterator

from promptlint import versioning
from promptlint.diagnostics import Diagnostic, Severity
from promptlint.document.model import Document
from promptlint.rules.base import Option, RuleContext, RuleMeta


class InvalidVersion:
    """The version header holds a value that is not a version.

    ## What it does
    Flags a version that is not SemVer (`1.4.2`, `2.0.0-rc.1`; a leading `v` is
    tolerated), a plain integer (`7`), or a date-like CalVer (`2024.05`, `2024-05-17`,
    `2024.05.17.2`; the pattern is configurable).

    ## Why is this bad?
    Tools that compare or bump versions (VER002 among them) cannot order `1.0` against
    `1.0.1`, and YAML reads an unquoted `1.10` as the number 1.1. A value like `latest`
    or `TBD` says nothing about which prompt ran.

    ## Example
    ```yaml
    version: 1.0
    ```

    ## Use instead
    ```yaml
    version: 1.0.0
    ```

    ## Options
    - `calver-pattern` (regex): which date-like values are accepted.
    """

    meta = RuleMeta(
        code="VER003",
        name="invalid-version",
        summary="Version header value is not SemVer, an integer or a date",
        default_severity=Severity.ERROR,
        options={"calver-pattern": Option("str", versioning.DEFAULT_CALVER, "Regex for accepted date-like versions.")},
    )

    def check(self, doc: Document, ctx: RuleContext) -> Iterator[Diagnostic]:
        version = doc.version
        if version is None:
            return
        pattern = str(ctx.options["calver-pattern"])
        try:
            re.compile(pattern)
        except re.error:
            pattern = versioning.DEFAULT_CALVER
        if versioning.kind_of(version.value, pattern) is None:
            shown = version.value or "(not a scalar)"
            yield ctx.diagnostic(
                version.span,
                f"Invalid version {shown!r}: use SemVer (1.2.3), an integer, or a date (2024.05.17)",
            )
