"""Docs are checked (CONVENTIONS rule 11): the CLI reference and the settings page stay true."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from beizeng.access.statement import markdown_table
from beizeng.config import Settings

ROOT = Path(__file__).resolve().parents[1]


def test_cli_reference_matches_the_help_of_every_command(tmp_path: Path) -> None:
    out = tmp_path / "cli.md"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "typer",
            "beizeng.cli.app",
            "utils",
            "docs",
            "--name",
            "beizeng",
            "--title",
            "beizeng 命令行参考",
            "--output",
            str(out),
        ],
        check=True,
        capture_output=True,
    )
    committed = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert committed == out.read_text(encoding="utf-8"), "docs/cli.md is stale: run `make docs`"


def test_every_setting_is_documented() -> None:
    page = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
    for name in Settings.model_fields:
        assert f"BEIZENG_{name.upper()}" in page, (
            f"BEIZENG_{name.upper()} is not in docs/configuration.md"
        )


def test_the_access_page_shows_the_policy_as_the_code_decides_it() -> None:
    page = (ROOT / "docs" / "access.md").read_text(encoding="utf-8")
    table = markdown_table()
    assert table in page, (
        "docs/access.md differs from the policy; paste the output of "
        "`python -c 'from beizeng.access.statement import markdown_table; print(markdown_table())'`"
    )
