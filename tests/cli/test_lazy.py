"""The root CLI imports a feature's commands only when that feature is invoked."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from beizeng.cli.app import RootGroup
from beizeng.cli.lazy import load_group


def _modules_after(argv: list[str]) -> tuple[str, set[str]]:
    """Run the CLI in a fresh interpreter; return its output and the modules it imported."""
    script = (
        "import contextlib, io, json, sys\n"
        "from beizeng.cli.app import run\n"
        "out = io.StringIO()\n"
        "with contextlib.redirect_stdout(out):\n"
        f"    run({argv!r})\n"
        "print(json.dumps([out.getvalue(), sorted(sys.modules)]))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], check=True, capture_output=True)
    output, modules = json.loads(done.stdout)
    return output, set(modules)


def _feature_modules() -> set[str]:
    return {target.partition(":")[0] for target, _ in RootGroup.lazy.values()}


@pytest.mark.parametrize("name", list(RootGroup.lazy))
def test_the_table_help_equals_the_group_own_help(name: str) -> None:
    target, short_help = RootGroup.lazy[name]
    group = load_group(target, name)
    assert group.name == name
    assert group.help == short_help


def test_root_help_lists_every_group_without_importing_any_feature() -> None:
    output, modules = _modules_after(["--help"])
    for name in RootGroup.lazy:
        assert f" {name} " in output
    assert not _feature_modules() & modules
    assert "matplotlib" not in modules


def test_invoking_one_group_imports_only_that_group() -> None:
    output, modules = _modules_after(["ref", "uscc", "91110000600037341L"])
    assert "校验通过" in output
    assert _feature_modules() & modules == {"beizeng.reference.commands"}
