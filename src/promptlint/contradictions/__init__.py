"""CON001: contradictory instructions, found offline.

:mod:`.vocabulary` loads the topic packs (YAML), :mod:`.instructions` turns prompt text
into instruction units (polarity, scope, topic mentions, length limits),
:mod:`.compare` decides which pairs cannot both be obeyed, :mod:`.judge` optionally asks
a model about the pairs the offline engine could not decide.
"""
