"""The tiny demo, run once as a newcomer runs it (``beizeng demo run``, issue 14 "done when"),
for the tests that check what the demo produced: its bulletin rendered to PDF and its
dashboards traced with ``beizeng monitor explain``.

The run takes a minute, so it is a session fixture and every module here carries the ``ondemo``
xdist group: under ``--dist loadgroup`` one worker runs them all and runs the demo once.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ONDEMO = pytest.mark.xdist_group("ondemo")
"""The mark every module of this package carries."""


@dataclass(frozen=True)
class DemoRun:
    home: Path
    stdout: str


@pytest.fixture(scope="session")
def demo_run(tmp_path_factory: pytest.TempPathFactory) -> DemoRun:
    """The tiny demo (seed 2) in a home and SQLite database of its own, LibreOffice rendering
    its bulletin's PDF."""
    home = tmp_path_factory.mktemp("demo-home")
    env = {k: v for k, v in os.environ.items() if not k.startswith("BEIZENG_")}
    env["BEIZENG_HOME"] = str(home)
    program = Path(sys.executable).with_name("beizeng")
    done = subprocess.run(
        [str(program), "demo", "run", "--scale", "tiny", "--seed", "2", "--no-serve"],
        env=env,
        capture_output=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stderr.decode("utf-8")
    return DemoRun(home, done.stdout.decode("utf-8"))
