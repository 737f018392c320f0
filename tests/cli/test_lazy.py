"""The root CLI imports a feature's commands only when that feature is invoked."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from beizeng.cli.app import RefGroup, RootGroup
from beizeng.cli.lazy import load_command, load_group


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
    tables = [RootGroup.lazy, RootGroup.commands_lazy, RefGroup.lazy]
    return {target.partition(":")[0] for table in tables for target, _ in table.values()}


@pytest.mark.parametrize("name", list(RootGroup.lazy))
def test_the_table_help_equals_the_group_own_help(name: str) -> None:
    target, short_help = RootGroup.lazy[name]
    group = load_group(target, name)
    assert group.name == name
    assert group.help == short_help


@pytest.mark.parametrize("name", list(RootGroup.commands_lazy))
def test_the_table_help_of_a_lazy_command_is_its_first_line(name: str) -> None:
    target, short_help = RootGroup.commands_lazy[name]
    command = load_command(target, name, rich_markup_mode="rich")
    assert command.name == name
    assert command.help is not None and command.help.splitlines()[0] == short_help


@pytest.mark.parametrize("name", list(RefGroup.lazy))
def test_the_ref_table_help_equals_the_subgroup_own_help(name: str) -> None:
    target, short_help = RefGroup.lazy[name]
    assert load_group(target, name).help == short_help


def test_root_help_lists_every_group_without_importing_any_feature() -> None:
    output, modules = _modules_after(["--help"])
    for name in [*RootGroup.commands_lazy, *RootGroup.lazy]:
        assert f" {name} " in output
    assert not _feature_modules() & modules
    assert "matplotlib" not in modules
    assert "beizeng.db" not in modules


def test_config_show_does_not_load_the_database_layer(home: Path) -> None:
    output, modules = _modules_after(["config", "show"])
    assert "BEIZENG_HOME" in output
    assert "beizeng.db" not in modules and "alembic" not in modules


def test_ref_help_lists_workdays_without_importing_the_holiday_commands() -> None:
    output, modules = _modules_after(["ref", "--help"])
    assert " workdays " in output
    assert "beizeng.holiday.commands" not in modules


def test_invoking_one_group_imports_only_that_group() -> None:
    output, modules = _modules_after(["ref", "uscc", "91110000600037341L"])
    assert "校验通过" in output
    assert _feature_modules() & modules == {"beizeng.reference.commands"}


def test_ref_workdays_runs_the_holiday_feature_commands(home: Path) -> None:
    output, modules = _modules_after(["ref", "workdays", "between", "2023-01-20", "2023-01-30"])
    assert "工作日计数" in output
    assert _feature_modules() & modules == {
        "beizeng.reference.commands",
        "beizeng.holiday.commands",
    }
