"""``python -m promptlint`` runs the command-line interface."""

import sys

from promptlint.cli import main

sys.exit(main())
