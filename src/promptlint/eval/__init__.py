"""The smoke-eval stage: golden sets sent through the target model (``promptlint eval``).

* :mod:`.golden` pairs prompts with golden sets and reads them (work tree or index);
* :mod:`.render` turns a prompt and a case's vars into chat messages;
* :mod:`.assertions` grades an answer (promptfoo's assertion types);
* :mod:`.plan` builds the requests and estimates their cost before anything is sent;
* :mod:`.run` sends them through the one model client and aggregates the results;
* :mod:`.report` prints text, JSON and JUnit; :mod:`.progress` the live display;
* :mod:`.promptfoo` reads an existing promptfoo config's tests.

Nothing here imports litellm: :mod:`promptlint.llm` does, and only when a request is
actually sent, so a fully cached run and ``--dry-run`` never pay for it.
"""
