"""Errors that end a run with exit code 2 and a one-line message (never a traceback)."""

from __future__ import annotations


class PromptlintError(Exception):
    """A usage, configuration or plugin error: the message is shown as-is to the user."""


class ConfigError(PromptlintError):
    pass


class PluginError(PromptlintError):
    pass
