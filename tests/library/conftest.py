"""The platform app for the library's pages (attachments are stored under the app's home)."""

from tests.web.conftest import platform

__all__ = ["platform"]
