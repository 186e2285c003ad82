"""promptlint: a linter suite and pre-commit hook for LLM prompt files.

The public entry points are the ``promptlint`` command (:mod:`promptlint.cli`) and
:func:`promptlint.engine.lint_source` for programs that want diagnostics for a string.
"""

__version__ = "0.1.0"
