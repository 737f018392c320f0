"""The web app fixture for the demand pages' tests."""

from tests.web.conftest import platform

__all__ = ["platform"]
