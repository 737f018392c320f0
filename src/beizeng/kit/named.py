"""An institution or a county as a person reads it: its name, with its code kept for exports.

Issue 14 point 2: pages show institutions by their registry short name and counties by name,
never by code (staff know 汾阳农商银行, not FSRCU); the code stays in the markup so the Excel export
can add a code column beside the name (``http.export`` reads ``data-code``).
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup


@dataclass(frozen=True)
class Named:
    """A registry code with the name people read for it."""

    code: str
    name: str

    def __str__(self) -> str:
        return self.name

    def __html__(self) -> str:
        """The name in a span that carries the code for the export's code column."""
        return str(
            Markup('<span class="named" data-code="{}">{}</span>').format(self.code, self.name)
        )


def named(code: str | None, names: dict[str, str]) -> Named | None:
    """``code`` with its name from ``names`` (the code itself when the registry lacks it, so an
    unknown institution is still shown, not dropped); ``None`` stays ``None``."""
    if code is None:
        return None
    return Named(code, names.get(code, code))
