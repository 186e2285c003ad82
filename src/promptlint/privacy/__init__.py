"""Privacy checks: personal data (PII001/PII002), secrets (SEC001), hidden Unicode.

Heavy libraries (presidio, spaCy) are imported only by :mod:`.engine`, and only when a
text actually needs them (see :func:`.screen.needs_analysis`).
"""
