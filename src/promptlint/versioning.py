"""Version header values: what is accepted, how to bump one, how to write one.

Shared by the VER rules (which do not import each other). Accepted values follow
DESIGN.md: SemVer (an optional leading ``v`` is tolerated, as written in many prompt
headers), a plain integer, or a date-like CalVer matched by a configurable pattern.
"""

from __future__ import annotations

import re

SEMVER = re.compile(
    r"^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)"
    r"(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
    r"(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$"
)
INTEGER = re.compile(r"^v?\d+$")
DEFAULT_CALVER = r"^\d{4}([.-])(0?[1-9]|1[0-2])(\1(0?[1-9]|[12]\d|3[01]))?([.-]\d+)?$"


def kind_of(value: str, calver_pattern: str = DEFAULT_CALVER) -> str | None:
    """``semver``, ``integer``, ``calver``, or None when the value is not accepted."""
    if SEMVER.match(value):
        return "semver"
    if INTEGER.match(value):
        return "integer"
    if re.match(calver_pattern, value):
        return "calver"
    return None


def bump(value: str) -> str | None:
    """The next version: the patch (or the pre-release number) of SemVer, or integer + 1.

    CalVer has no mechanical successor (it is a date), so it returns None.
    """
    m = SEMVER.match(value)
    if m:
        prefix = "v" if value.startswith("v") else ""
        major, minor, patch, pre = m.group(1), m.group(2), m.group(3), m.group(4)
        if pre:
            parts = pre.split(".")
            if parts[-1].isdigit():
                parts[-1] = str(int(parts[-1]) + 1)
                return f"{prefix}{major}.{minor}.{patch}-{'.'.join(parts)}"
            return f"{prefix}{major}.{minor}.{patch}-{pre}.1"
        return f"{prefix}{major}.{minor}.{int(patch) + 1}"
    if INTEGER.match(value):
        prefix = "v" if value.startswith("v") else ""
        return f"{prefix}{int(value.lstrip('v')) + 1}"
    return None
