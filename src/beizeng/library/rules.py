"""Pure rules of the policy library (C-4.4.2 credit policies on the platform): tokenising
Chinese text for the search index, and which policies apply to an enterprise."""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import PurePath
from urllib.parse import quote

import jieba

TAGS: tuple[str, ...] = (
    "普惠小微",
    "绿色",
    "科技",
    "首贷",
    "涉农",
    "制造业",
    "民营",
    "稳岗",
    "能源转型",
)
_WORD = re.compile(r"[\w\u4e00-\u9fff]", re.UNICODE)
_STOP = frozenset(
    [
        "的",
        "了",
        "和",
        "与",
        "及",
        "或",
        "在",
        "对",
        "为",
        "是",
        "等",
        "中",
        "按",
        "由",
        "将",
        "其",
        "之",
        "并",
        "于",
        "以",
        "各",
        "有",
        "不",
        "可",
        "要",
        "应",
        "向",
        "把",
    ]
)
MAX_TERM = 64

MAX_TEXT_CHARS = 200_000
"""A policy's text at most: a long notice is some 30 000 characters; the limit keeps one
publication from filling the term index (the pages refuse a longer text with a 422 naming it)."""


@cache
def _tokenizer() -> jieba.Tokenizer:
    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    for tag in TAGS:
        tokenizer.add_word(tag)
    return tokenizer


def tokens(text: str) -> list[str]:
    """Search-mode tokens (jieba ``cut_for_search``: words and their sub-words), lower-case,
    without punctuation and stop words, so 普惠小微企业 is found by 普惠, 小微 and 普惠小微."""
    out = []
    for token in _tokenizer().cut_for_search(text):
        word = token.strip().lower()
        if word and _WORD.search(word) and word not in _STOP and len(word) <= MAX_TERM:
            out.append(word)
    return out


def index_terms(*fields: str) -> dict[str, int]:
    """Term → weight for the index: how often each token occurs across the fields."""
    return dict(Counter(t for field in fields for t in tokens(field)))


def query_terms(query: str) -> list[str]:
    """Distinct tokens of a query, in order."""
    return list(dict.fromkeys(tokens(query)))


def split_list(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"[,，、;；\s]+", text) if p.strip()]


@dataclass(frozen=True)
class Audience:
    """Whom a policy is for; empty means everyone."""

    sizes: Sequence[str]
    counties: Sequence[str]
    industries: Sequence[str]  # GB/T 4754 section letters


def applies(
    audience: Audience, *, size: str | None, county: str | None, industry: str | None
) -> bool:
    """A policy applies when every condition it sets holds for the enterprise (unknown facts
    never exclude: an enterprise without a size still sees policies for small firms)."""
    if audience.sizes and size and size not in audience.sizes:
        return False
    if audience.counties and county and county not in audience.counties:
        return False
    section = industry[0] if industry else None
    return not (audience.industries and section and section not in audience.industries)


ATTACHMENT_TYPES: dict[str, str] = {
    ".pdf": "application/pdf",
    ".doc": "application/msword",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xls": "application/vnd.ms-excel",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
}
"""The types an attachment is served as; anything else is ``application/octet-stream``.

An uploaded ``.html`` or ``.svg`` served as ``text/html`` or ``image/svg+xml`` would run its
script in the platform's origin, with the reader's session (stored XSS). None of these types
runs script; they are what policy notices come as (hardening, issue 12 point 6).
"""

ATTACHMENT_POLICY = "sandbox; default-src 'none'; frame-ancestors 'none'"
"""The CSP of a served attachment: even opened in the browser, it runs nothing."""


def attachment_headers(filename: str) -> dict[str, str]:
    """The headers of a served attachment: its allow-listed type, always a download.

    ``filename*`` (RFC 6266, RFC 5987) carries the Chinese name; ``filename`` is an ASCII
    fallback for the rare client without it. ``nosniff`` keeps the browser from guessing a
    type the allow-list refused.
    """
    suffix = PurePath(filename).suffix.lower()
    fallback = "attachment" + (suffix if suffix in ATTACHMENT_TYPES else "")
    return {
        "Content-Type": ATTACHMENT_TYPES.get(suffix, "application/octet-stream"),
        "Content-Disposition": (
            f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"
        ),
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": ATTACHMENT_POLICY,
    }
