"""The issue parameters of the bulletin and the notices, checked alike on the command line and in
the web (issue 14 point 5: the issue date and the document number are parameters).

Pure: a value in, the checked value out, or a ``ValueError`` whose Chinese text says what the
value should be; the boundary names the parameter (``--date`` on the command line, ``date`` in a
query). The 发文字号 follows GB/T 9704-2012 §7.2.4: the issuing organ's code, the year in full
in 六角括号 〔〕 and the sequence number in Arabic digits without padding, followed by 号
(吕银发〔2022〕12号).
"""

from __future__ import annotations

import re
from datetime import date

FIRST_YEAR, LAST_YEAR = 2000, 2100
"""The years an issue date may name: a later one would push the rectification deadline (working
days on) past the calendar, an earlier one is a typing error."""

NUMBER = re.compile(r"[^\s〔〕\[\]()（）]{1,20}〔\d{4}〕[1-9]\d{0,5}号")
"""机关代字〔年份〕序号号: an organ code of up to 20 characters, a four-digit year, a sequence
number without leading zeros (GB/T 9704-2012 §7.2.4)."""

NUMBER_EXAMPLE = "吕银发〔2022〕12号"


def signed_on(value: str) -> date:
    """The issue date (成文日期) written ``YYYY-MM-DD``, within ``FIRST_YEAR``–``LAST_YEAR``."""
    try:
        day = date.fromisoformat(value.strip())
    except ValueError:
        raise ValueError("不是成文日期，格式须为 YYYY-MM-DD，如 2023-01-16") from None
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise ValueError(f"超出范围，成文日期的年份须在 {FIRST_YEAR}–{LAST_YEAR} 之间")
    return day


def document_number(value: str) -> str:
    """The document number (发文字号) in the form of GB/T 9704-2012 §7.2.4, spaces around it
    removed."""
    text = value.strip()
    if not NUMBER.fullmatch(text):
        raise ValueError(
            f"不是发文字号，须为「机关代字〔年份〕序号号」（GB/T 9704），如 {NUMBER_EXAMPLE}"
        )
    return text
