"""The web platform fixture of tests/web for the inbox pages."""

from tests.web.conftest import platform

__all__ = ["platform"]
