"""Typed options, as rules and detectors declare them.

A neutral module: rules declare options in their metadata, and detectors (PII, CON001's
vocabulary) validate the same values, without detectors importing the rule layer.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Option:
    """A typed rule option. ``kind`` is one of: int, float, str, bool, list[str], dict[str,int]."""

    kind: str
    default: Any
    help: str
    choices: tuple[str, ...] = ()
    minimum: float | None = None
    # A further check on the converted value (raises ValueError with a message).
    check: Callable[[Any], None] | None = None

    def validate(self, value: Any) -> Any:
        """Return the value converted to the option's type, or raise ``ValueError``."""
        converted = self._convert(value)
        if self.check is not None:
            self.check(converted)
        return converted

    def _convert(self, value: Any) -> Any:
        if self.kind == "bool":
            if not isinstance(value, bool):
                raise ValueError(f"expected true or false, got {value!r}")
            return value
        if self.kind == "int":
            if isinstance(value, bool) or not isinstance(value, int):
                raise ValueError(f"expected an integer, got {value!r}")
            return self._check_minimum(value)
        if self.kind == "float":
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise ValueError(f"expected a number, got {value!r}")
            return self._check_minimum(float(value))
        if self.kind == "str":
            if not isinstance(value, str):
                raise ValueError(f"expected a string, got {value!r}")
            if self.choices and value not in self.choices:
                raise ValueError(f"expected one of {', '.join(self.choices)}, got {value!r}")
            return value
        if self.kind == "list[str]":
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ValueError(f"expected a list of strings, got {value!r}")
            return tuple(value)
        if self.kind == "dict[str,int]":
            if not isinstance(value, dict) or not all(
                isinstance(k, str) and isinstance(v, int) and not isinstance(v, bool) for k, v in value.items()
            ):
                raise ValueError(f"expected a table of string = integer, got {value!r}")
            return dict(value)
        raise AssertionError(f"unknown option kind {self.kind}")

    def _check_minimum(self, value: float) -> Any:
        if self.minimum is not None and value < self.minimum:
            raise ValueError(f"must be at least {self.minimum:g}, got {value!r}")
        return value
