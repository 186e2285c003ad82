"""Subcommands of ``promptlint``: one module each, registered in :data:`COMMANDS`.

Each module has ``HELP`` (one line), ``configure(parser)`` (its arguments) and
``run(args, stdout, stderr) -> int``. Modules import nothing heavy at the top, so
building the parser (and ``promptlint --version``) stays fast; the work is imported
inside ``run``. A new capability is a new module here and a line in the table.
"""

from __future__ import annotations

COMMANDS: dict[str, str] = {
    "check": "promptlint.commands.check",
    "rule": "promptlint.commands.rule",
    "init": "promptlint.commands.init",
    "eval": "promptlint.commands.eval",
    "lsp": "promptlint.commands.lsp",
    "bom": "promptlint.commands.bom",
    "server": "promptlint.commands.server",
}
