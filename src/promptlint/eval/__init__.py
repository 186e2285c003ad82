"""The smoke-eval stage: golden sets sent through the target model (``promptlint eval``).

* :mod:`.golden` pairs prompts with golden sets and reads them (work tree or index);
  the format itself is parsed by :mod:`promptlint.document.golden` (pure, shared with
  the EVAL rules);
* :mod:`.select` picks the golden sets a run covers (named, ``--all``, changed);
* :mod:`.cases` resolves each case's settings and renders it (:mod:`.render`);
* :mod:`.run` plans the requests, estimates their cost before anything is sent, sends
  them through the one model client, judges and grades (:mod:`.assertions`);
* :mod:`.report` prints text, JSON and JUnit; :mod:`.progress` the live display;
* :mod:`.promptfoo` reads an existing promptfoo config's tests.

Nothing here imports litellm: :mod:`promptlint.llm` does, and only when a request is
actually sent, so a fully cached run and ``--dry-run`` never pay for it.
"""
