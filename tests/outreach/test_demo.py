"""The outreach demo step skips a demo bank account that does not exist, and only that: any
other failure is a bug and is not swallowed (consolidation issue, point 9)."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from beizeng.outreach import demo
from tests.outreach.helpers import NOW


def test_missing_demo_bank_accounts_are_skipped(session: Session) -> None:
    assert demo._contacts(session, NOW) == 0  # no demo accounts at all: nothing recorded


def test_an_unexpected_failure_while_recording_contacts_is_not_hidden(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(session: Session, username: str) -> object:
        raise RuntimeError("a bug, not a missing account")

    monkeypatch.setattr(demo, "principal_named", broken)
    with pytest.raises(RuntimeError, match="a bug"):
        demo._contacts(session, NOW)
