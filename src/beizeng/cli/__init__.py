"""The ``beizeng`` console command. ``app.py`` assembles the feature command groups."""

from __future__ import annotations

import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> None:
    """Console entry point: run the command and exit with its code."""
    from beizeng.cli.app import run

    sys.exit(run(list(argv) if argv is not None else sys.argv[1:]))
