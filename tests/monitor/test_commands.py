"""``beizeng monitor`` answers a wrong ``--target`` instead of printing nothing (point 9), and
dates bulletins and notices with today's date in China by default (point 3)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from beizeng.kit.clock import FrozenClock
from beizeng.reports import commands
from tests.conftest import CliResult


def test_rank_with_an_unknown_target_fails_listing_the_rankable_targets(
    example_home: Path, cli: Callable[..., CliResult]
) -> None:
    result = cli("monitor", "rank", "--period", "2022-12", "--target", "nope")
    assert result.exit_code == 1
    assert "目标「nope」不在目标计划中。可排名的目标：" in result.stderr
    assert "inclusive_vs_loans（普惠小微贷款增速高于各项贷款增速）" in result.stderr
    assert result.stdout == "" and "Traceback" not in result.stderr


def test_rank_with_a_city_only_target_says_it_is_not_ranked_per_institution(
    example_home: Path, cli: Callable[..., CliResult]
) -> None:
    result = cli("monitor", "rank", "--period", "2022-12", "--target", "loan_growth")
    assert result.exit_code == 1
    assert "目标「loan_growth」没有按机构评估的结果，无法排名" in result.stderr


def test_rank_with_a_known_target_shows_only_that_table(
    example_home: Path, cli: Callable[..., CliResult]
) -> None:
    result = cli("monitor", "rank", "--period", "2022-12", "--target", "inclusive_vs_loans")
    assert result.exit_code == 0, result.stderr
    assert "普惠小微贷款增速高于各项贷款增速" in result.stdout
    assert "普惠小微贷款户数高于上年同期" not in result.stdout


def test_the_default_signing_date_is_today_in_china_not_on_the_machine(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """At 20:00 UTC on 15 January it is already 16 January in Lüliang."""
    evening = FrozenClock(datetime(2023, 1, 15, 20, 0, tzinfo=UTC))
    monkeypatch.setattr(commands, "SystemClock", lambda: evening)
    assert commands._date(None) == date(2023, 1, 16)
    assert commands._date(date(2023, 1, 10)) == date(2023, 1, 10)  # --date parsed by cli.params
