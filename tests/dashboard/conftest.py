"""The app with two lending banks and their users (shared with the outreach tests)."""

from tests.outreach.web import platform, staffed

__all__ = ["platform", "staffed"]
