"""Typed announcements from a lower feature to the features above it (CONVENTIONS rule 7).

A lower feature declares a ``Hook`` and publishes an event value when something happened (a
holiday year was loaded, a ledger submission was accepted); higher features subscribe at the
assembly points (``beizeng.assembly.wire``), so the lower feature never imports them.

Two kinds of hook:

- ``strict``: the subscribers are part of the publisher's unit of work; a failing subscriber
  fails the whole operation (loading a calendar year must not leave open deadlines counted on the
  old calendar).
- isolated (``strict=False``): each subscriber runs in its own savepoint; a failure is rolled
  back to that savepoint, logged, and handed to the failure sink (``beizeng.delivery`` keeps it
  for a later retry), and the publisher's own work stands. Events of isolated hooks are
  dataclasses of plain values, so that they can be kept and delivered again.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Generic, Protocol, TypeVar

from sqlalchemy.orm import Session

E = TypeVar("E")

Subscriber = Callable[[Session, E], object]
"""A listener; what it returns (a count, for its own tests) is ignored."""

log = logging.getLogger("beizeng.hooks")


class FailureSink(Protocol):
    def __call__(
        self, session: Session, *, hook: str, subscriber: str, payload: dict[str, Any], error: str
    ) -> None: ...


_REGISTRY: dict[str, Hook[Any]] = {}
_SINK: list[FailureSink] = []


def subscriber_name(subscriber: Callable[..., object]) -> str:
    """``module.qualname``: how a kept failure names the listener to deliver to again."""
    return f"{subscriber.__module__}.{getattr(subscriber, '__qualname__', repr(subscriber))}"


def set_failure_sink(sink: FailureSink) -> None:
    """Where isolated failures go (set once at the assembly points)."""
    _SINK[:] = [sink]


def get_hook(name: str) -> Hook[Any] | None:
    return _REGISTRY.get(name)


@dataclass
class Hook(Generic[E]):
    """A named announcement that subscribers receive in the publisher's session."""

    name: str
    event_type: type[E]
    strict: bool
    _subscribers: list[Subscriber[E]] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.strict and not dataclasses.is_dataclass(self.event_type):
            raise TypeError(f"hook {self.name}: isolated hooks carry dataclass events")
        _REGISTRY[self.name] = self

    def subscribe(self, subscriber: Subscriber[E]) -> None:
        """Add ``subscriber`` once (wiring twice, as tests and the demo may, changes nothing)."""
        if subscriber not in self._subscribers:
            self._subscribers.append(subscriber)

    def unsubscribe(self, subscriber: Subscriber[E]) -> None:
        if subscriber in self._subscribers:
            self._subscribers.remove(subscriber)

    @property
    def subscribers(self) -> tuple[Subscriber[E], ...]:
        return tuple(self._subscribers)

    def subscriber(self, name: str) -> Subscriber[E] | None:
        return next((s for s in self._subscribers if subscriber_name(s) == name), None)

    def publish(self, session: Session, event: E) -> list[str]:
        """Deliver ``event``; returns the names of the isolated subscribers that failed."""
        failed: list[str] = []
        for subscriber in self._subscribers:
            if self.strict:
                subscriber(session, event)
                continue
            error = self.deliver(session, subscriber, event)
            if error is None:
                continue
            name = subscriber_name(subscriber)
            failed.append(name)
            payload = dataclasses.asdict(event)  # type: ignore[call-overload]
            for sink in _SINK:
                sink(session, hook=self.name, subscriber=name, payload=payload, error=error)
        return failed

    def deliver(self, session: Session, subscriber: Subscriber[E], event: E) -> str | None:
        """Run one subscriber in a savepoint; on failure log it and return what went wrong."""
        try:
            with session.begin_nested():
                subscriber(session, event)
        except Exception as exc:  # isolated by contract: logged and kept, the publisher goes on
            log.exception("hook %s: subscriber %s failed", self.name, subscriber_name(subscriber))
            return f"{type(exc).__name__}: {exc}"[:2000]
        return None

    def rebuild(self, payload: dict[str, Any]) -> E:
        """The event again from a kept payload."""
        return self.event_type(**payload)
