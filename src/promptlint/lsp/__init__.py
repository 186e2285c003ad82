"""``promptlint lsp``: the language server, a thin edge around the engine.

LSP types come in, the same config resolution and the same lint entry points as
``promptlint check`` run (:func:`promptlint.linting.lint_text`,
:func:`promptlint.runner.lint_cached`), LSP types go out. Nothing here decides what a
finding is; it only converts, schedules and applies.

* :mod:`.convert` — diagnostics, ranges and edits between promptlint and LSP (pure);
* :mod:`.actions` — quick fixes, fix-all and "disable for this line" edits (pure);
* :mod:`.hover` — the rule documentation shown on a finding (pure);
* :mod:`.folders` — per-workspace config resolver, services and base revisions;
* :mod:`.scheduler` — debounced, versioned linting in two lanes (fast rules, then the
  rules that load models), so a keystroke never waits for spaCy;
* :mod:`.code_actions` — which actions a request gets, as workspace edits;
* :mod:`.stdio` — the transport (a pipe read by the event loop);
* :mod:`.server` — the pygls wiring.

pygls and lsprotocol are imported only by this package, which only ``promptlint lsp``
imports.
"""
