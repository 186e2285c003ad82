"""The warm analysis process: ``promptlint server``.

A pre-commit hook that pays seconds for ``import spacy`` and a pipeline load on every
commit gets skipped. The server is a long-lived process that keeps those models loaded
and lints for ``promptlint check`` over a Unix domain socket, then exits after an idle
timeout. It is an optimisation only: every path where it is missing, dead, slow, stale
or not allowed ends in the same in-process analysis with the same findings.

* :mod:`.runtime` — where the socket lives (a private per-user folder) and who may talk;
* :mod:`.protocol` — what crosses the socket (length-prefixed JSON frames);
* :mod:`.daemon` — the server loop (``promptlint server run``);
* :mod:`.client` — what ``check`` calls: ask, fall back, spawn in the background.
"""

from __future__ import annotations
