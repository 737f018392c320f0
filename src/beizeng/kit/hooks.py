"""Typed announcements from a lower feature to the features above it (CONVENTIONS rule 7).

A lower feature declares a ``Hook`` and publishes an event value when something happened (a
holiday year was loaded, a ledger submission was accepted); higher features subscribe at the
assembly points (``beizeng.assembly.wire``), so the lower feature never imports them.

Two kinds of hook:

- ``strict``: the subscribers are part of the publisher's unit of work; a failing subscriber
  fails the whole operation (loading a calendar year must not leave open deadlines counted on the
  old calendar).
- isolated (``strict=False``): each subscriber runs in its own savepoint; a failure is rolled
  back to that savepoint and logged, and the publisher's own work stands.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from sqlalchemy.orm import Session

E = TypeVar("E")

Subscriber = Callable[[Session, E], object]
"""A listener; what it returns (a count, for its own tests) is ignored."""

log = logging.getLogger("beizeng.hooks")


@dataclass
class Hook(Generic[E]):
    """A named announcement that subscribers receive in the publisher's session."""

    name: str
    strict: bool
    _subscribers: list[Subscriber[E]] = field(default_factory=list)

    def subscribe(self, subscriber: Subscriber[E]) -> None:
        """Add ``subscriber`` once (wiring twice, as tests and the demo may, changes nothing)."""
        if subscriber not in self._subscribers:
            self._subscribers.append(subscriber)

    @property
    def subscribers(self) -> tuple[Subscriber[E], ...]:
        return tuple(self._subscribers)

    def publish(self, session: Session, event: E) -> list[tuple[Subscriber[E], Exception]]:
        """Deliver ``event``; returns the isolated subscribers that failed, with their errors."""
        failures: list[tuple[Subscriber[E], Exception]] = []
        for subscriber in self._subscribers:
            if self.strict:
                subscriber(session, event)
                continue
            try:
                with session.begin_nested():
                    subscriber(session, event)
            except Exception as exc:  # isolated by contract: logged, the publisher goes on
                log.exception("hook %s: subscriber %s failed", self.name, _name(subscriber))
                failures.append((subscriber, exc))
        return failures


def _name(subscriber: Callable[..., object]) -> str:
    return f"{subscriber.__module__}.{getattr(subscriber, '__qualname__', subscriber)}"
