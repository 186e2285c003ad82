"""Run-scoped services lent to rules and detectors (a neutral module: no rule imports)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from promptlint.llm import ModelClient
from promptlint.store import Store


@dataclass
class Services:
    """What a run lends its rules: one per run (a CLI invocation, a language server).

    Rules read their state from here, never from module globals, so two runs in one
    process (the language server's workspaces, a test) cannot see each other's caches,
    clients or network setting.

    * ``store``: the run's content-addressed cache (namespaces per consumer);
    * ``allow_network``: whether a rule may call a model at all (off in the language
      server; a rule also needs its own option, such as CON001's ``judge-model``);
    * ``notices``: one-line messages for the user (the edge decides where they go),
      de-duplicated, never printed from inside a rule;
    * ``today``: the date deprecations are judged on — fixed by a test, or by
      ``PROMPTLINT_TODAY`` for reproducible output; None: the clock's, asked each time
      (a language server outlives a day).
    """

    store: Store = field(default_factory=lambda: Store.memory())
    allow_network: bool = True
    notices: list[str] = field(default_factory=list)
    today: dt.date | None = None
    _clients: dict[str, ModelClient] = field(default_factory=dict, repr=False)

    def current_date(self) -> dt.date:
        if self.today is not None:
            return self.today
        from promptlint.models import today_from_environment

        return today_from_environment() or dt.date.today()

    def notice(self, message: str) -> None:
        if message not in self.notices:
            self.notices.append(message)

    def model_client(self, namespace: str, *, timeout: float = 60.0) -> ModelClient:
        """The run's client for one consumer (its own cache namespace), created once."""
        client = self._clients.get(namespace)
        if client is None:
            client = ModelClient(self.store, namespace=namespace, timeout=timeout, allow_network=self.allow_network)
            self._clients[namespace] = client
        return client
