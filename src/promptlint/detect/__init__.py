"""Detectors: text in, findings out, with no knowledge of rules or configuration.

``secrets`` finds API keys, tokens, private keys and passwords (SEC001); ``unicode``
finds invisible and bidirectional characters and confusable letters (UNI001, UNI002).
Rules in :mod:`promptlint.rules.builtin` turn their findings into diagnostics.
"""
