"""The hook mechanism itself: strict hooks fail their publisher, isolated ones keep going."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlalchemy.orm import Session

from beizeng.kit.hooks import Hook, get_hook


@dataclass(frozen=True)
class Happened:
    what: str


def test_an_isolated_hook_reports_the_failed_listener_and_runs_the_others(
    session: Session,
) -> None:
    hook: Hook[Happened] = Hook("test.isolated", Happened, strict=False)
    got: list[str] = []

    def fails(_s: Session, _e: Happened) -> None:
        raise ValueError("no")

    def works(_s: Session, e: Happened) -> None:
        got.append(e.what)

    hook.subscribe(fails)
    hook.subscribe(works)
    hook.subscribe(works)  # twice: once
    failed = hook.publish(session, Happened("x"))
    assert got == ["x"]
    assert failed == [f"{__name__}.{fails.__qualname__}"]
    assert get_hook("test.isolated") is hook
    assert hook.rebuild({"what": "y"}) == Happened("y")


def test_a_strict_hook_lets_the_failure_reach_the_publisher() -> None:
    hook: Hook[Happened] = Hook("test.strict", Happened, strict=True)

    def fails(_s: Session, _e: Happened) -> None:
        raise ValueError("no")

    hook.subscribe(fails)
    with pytest.raises(ValueError):
        hook.publish(None, Happened("x"))  # type: ignore[arg-type]


def test_an_isolated_hook_refuses_events_that_cannot_be_kept() -> None:
    with pytest.raises(TypeError):
        Hook("test.bad", dict, strict=False)
