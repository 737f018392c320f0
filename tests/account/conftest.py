"""Fixtures of the account tests: the web app fixture for the sign-in pages."""

from __future__ import annotations

from tests.web.conftest import platform  # noqa: F401  (the web app fixture, for page tests)
