"""Channels that also send a notification outside the platform (e-mail, SMS …).

No external service is reachable from the sub-branch's network here, so the default channel only
logs what it would send (``$BEIZENG_HOME/logs/notifications.log``); a deployment registers a real
channel with :func:`register` at its assembly point (issue 13 point 5: "a pluggable channel with a
log-only default").
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

log = logging.getLogger("beizeng.notification")


@dataclass(frozen=True)
class Outgoing:
    user_id: int
    kind: str
    title: str
    link: str


class Channel(Protocol):
    name: str

    def send(self, message: Outgoing, *, home: Path) -> None: ...


class LogChannel:
    """Writes one line per message to the home's ``logs/notifications.log``."""

    name = "log"

    def send(self, message: Outgoing, *, home: Path) -> None:
        folder = home / "logs"
        folder.mkdir(parents=True, exist_ok=True)
        line = f"{message.user_id}\t{message.kind}\t{message.title}\t{message.link}\n"
        with (folder / "notifications.log").open("a", encoding="utf-8") as fh:
            fh.write(line)


_CHANNELS: list[Channel] = [LogChannel()]


def register(channel: Channel) -> None:
    """Add a channel (once per name)."""
    if all(c.name != channel.name for c in _CHANNELS):
        _CHANNELS.append(channel)


def channels() -> list[Channel]:
    return list(_CHANNELS)


def deliver(message: Outgoing, *, home: Path) -> None:
    """Send through every channel; a failing channel is logged, never fails the request (the
    in-app notification is already stored)."""
    for channel in _CHANNELS:
        try:
            channel.send(message, home=home)
        except Exception:  # a channel is someone else's service: isolate it
            log.exception("notification channel %s failed", channel.name)
