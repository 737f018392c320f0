"""Text that people type, checked before it reaches a rule or the database (hardening, issue 12
point 6, finding 6).

PostgreSQL refuses a NUL character in a text column: without these types a ``\\x00`` in a
purpose, a title or a query string was a 500 on PostgreSQL and stored as is on SQLite. Other
control characters are invisible in the pages and the exported workbooks, and a value of spaces
passes ``min_length`` while saying nothing. Each type is a pydantic ``Annotated`` string, so an
offending value is a 422 naming the field, in Chinese, like any other broken bound:

* :data:`Text`: free text over lines (a purpose, a message, a policy's text); not blank.
* :data:`OptionalText`: the same where empty is allowed; only spaces count as empty.
* :data:`Line`: one line (a name, a title, a code); not blank.
* :data:`OptionalLine`: one line where empty is allowed; only spaces count as empty.

:func:`safe_filename` and :func:`upload_name` are the same care for an uploaded file's name.
"""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator

from beizeng.errors import InvalidInput

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_LINE_BREAK = re.compile(r"[\r\n\u2028\u2029]")

NUL_MESSAGE = "不能包含控制字符（如 NUL）"
BLANK_MESSAGE = "不能只有空格"
LINE_MESSAGE = "不能换行"


def _no_control(value: str) -> str:
    if _CONTROL.search(value):
        raise ValueError(NUL_MESSAGE)
    return value


def _text(value: str) -> str:
    _no_control(value)
    if not value.strip():
        raise ValueError(BLANK_MESSAGE)
    return value


def _optional_text(value: str) -> str:
    _no_control(value)
    return value if value.strip() else ""


def _line(value: str) -> str:
    if _LINE_BREAK.search(value):
        raise ValueError(LINE_MESSAGE)
    return _text(value)


def _optional_line(value: str) -> str:
    if _LINE_BREAK.search(value):
        raise ValueError(LINE_MESSAGE)
    return _optional_text(value)


Text = Annotated[str, AfterValidator(_text)]
OptionalText = Annotated[str, AfterValidator(_optional_text)]
Line = Annotated[str, AfterValidator(_line)]
OptionalLine = Annotated[str, AfterValidator(_optional_line)]

_UNSAFE_NAME = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]')
MAX_FILENAME = 200


def safe_filename(name: str | None) -> str | None:
    """The name of an uploaded file if it can be a file's name in a folder of ours, else None.

    Only a plain name qualifies: no folder part, no ``.`` or ``..``, no hidden-file dot first,
    no control or reserved characters (Windows' too: the home may be copied to a share), at
    most 200 characters. A browser sends the bare name, so a person never meets the refusal
    unless the file's own name is unusable.
    """
    if name is None:
        return None
    name = name.strip()
    if not name or len(name) > MAX_FILENAME or name.startswith("."):
        return None
    if _UNSAFE_NAME.search(name) or name.endswith((" ", ".")):
        return None
    return name


class FilenameInvalid(InvalidInput):
    """An uploaded file whose name cannot name a file of ours (``..``, a folder part, control
    or reserved characters); refused before anything is written (finding 6)."""

    def __init__(self) -> None:
        super().__init__(
            "上传文件的文件名无效：请使用普通文件名（如 首贷名单.xlsx），不要包含"
            ' / \\ : * ? " < > | 等字符，不要以 . 开头，长度不超过 200 个字符。'
        )


def upload_name(name: str | None) -> str:
    """:func:`safe_filename`, or :class:`FilenameInvalid`."""
    safe = safe_filename(name)
    if safe is None:
        raise FilenameInvalid()
    return safe
