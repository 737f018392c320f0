"""The one error base (CONVENTIONS rule 5).

Every expected failure is a ``BeizengError`` carrying a Chinese message for the user and an HTTP
status. The web renders it as JSON or an error page, the CLI prints it to stderr and exits
non-zero. Data problems found while reading a file are ``Problem`` values collected into one
``DataInvalid`` so that a clerk sees every error at once, not just the first.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


class BeizengError(Exception):
    """Base of all expected failures; ``message`` is shown to people as is."""

    status: int = 400

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFound(BeizengError):
    status = 404


class Conflict(BeizengError):
    status = 409


class NotPermitted(BeizengError):
    status = 403


class InvalidInput(BeizengError):
    status = 422


@dataclass(frozen=True)
class Problem:
    """One broken rule at one place of an input file.

    ``row`` is the 1-based line or sheet row a person sees in their editor (the header is
    row 1), or ``None`` for a problem with the whole file.
    """

    file: str
    row: int | None
    column: str | None
    value: str | None
    rule: str
    severity: str = "error"

    def describe(self) -> str:
        """One Chinese line naming file, row, column, value and rule."""
        parts = [f"文件 {self.file}"]
        if self.row is not None:
            parts.append(f"第 {self.row} 行")
        if self.column:
            parts.append(f"列「{self.column}」")
        if self.value is not None:
            shown = self.value if len(self.value) <= 60 else self.value[:57] + "…"
            parts.append(f"值「{shown}」")
        return "，".join(parts) + f"：{self.rule}"


class DataInvalid(InvalidInput):
    """A file broke one or more rules; nothing of it was stored."""

    def __init__(self, problems: Sequence[Problem], *, summary: str | None = None) -> None:
        errors = [p for p in problems if p.severity == "error"]
        head = summary or f"发现 {len(errors)} 处错误，未写入任何数据。"
        lines = [p.describe() for p in errors[:50]]
        if len(errors) > 50:
            lines.append(f"……另有 {len(errors) - 50} 处错误未列出")
        super().__init__("\n".join([head, *lines]))
        self.problems = list(problems)
