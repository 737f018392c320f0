"""Pure rules of the policy library (C-4.4.2 credit policies on the platform): tokenising
Chinese text for the search index, and which policies apply to an enterprise."""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

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
