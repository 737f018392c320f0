"""The ``beizeng`` console command. ``app.py`` assembles the feature command groups.

Nothing below the assembly imports this package (the features' commands print through
``beizeng.console``), so it can load the root app at once: ``app.py`` itself imports no feature
until a command runs.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from beizeng.cli.app import run


def main(argv: Sequence[str] | None = None) -> None:
    """Console entry point: run the command and exit with its code."""
    sys.exit(run(list(argv) if argv is not None else sys.argv[1:]))
