"""Few-shot example detection (DESIGN.md "Few-shot examples").

A few-shot example is a demonstration written into the file. Finding them matters
because the PII rule treats personal data inside a demonstration as an error (it is
a real trace pasted as an example) and elsewhere as a warning. The detectors, each
conservative on its own:

* ``chat``: user/assistant turns that come before the final user turn of a chat
  prompt; a fully literal conversation (no template at all) is itself a demonstration.
* ``frontmatter``: the items of an ``examples:`` key.
* ``tag``: ``<example>``/``<examples>`` blocks.
* ``heading``: a section whose heading names an example (``## Examples``,
  ``### Example 2``, ``EXAMPLE:``, ``**Example 1**``), up to the next heading or the
  paragraph that holds the templated query.
* ``pairs``: ``Input:``/``Output:``, ``User:``/``Assistant:``, ``Q:``/``A:``,
  ``Customer:``/``Agent:`` (and any label pair that repeats) whose both sides are
  literal text.

Material injected at run time (``{{examples}}``, a ``{% for %}`` over examples) is not a
demonstration: blocks whose content is only template code are dropped.

The detectors live in two modules: :mod:`.structured` reads structure the file
declares (chat turns, ``examples:`` keys) and merges overlapping detections;
:mod:`.prose` finds demonstrations written as text (tags, headings, label pairs).
"""

from promptlint.document.parsers.fewshot.prose import INPUT_LABELS, OUTPUT_LABELS, from_text
from promptlint.document.parsers.fewshot.structured import from_chat, from_mapping, is_literal, is_templated, merge

__all__ = [
    "INPUT_LABELS", "OUTPUT_LABELS", "from_chat", "from_mapping", "from_text", "is_literal", "is_templated", "merge",
]  # fmt: skip
