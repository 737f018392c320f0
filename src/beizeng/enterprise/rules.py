"""Pure rules of the enterprise profile.

Sizes follow 工信部联企业〔2011〕300号 through ``beizeng.reference.sizing``; an individual
business (个体工商户) has no size class, it is a kind of its own in product conditions.
"""

from __future__ import annotations

ENTITY_KINDS: dict[str, str] = {
    "enterprise": "企业",
    "individual_business": "个体工商户",
}

SIZES: dict[str, str] = {
    "large": "大型企业",
    "medium": "中型企业",
    "small": "小型企业",
    "micro": "微型企业",
}


def needs_size(kind: str) -> bool:
    """Only enterprises are sized; individual businesses are matched by their kind."""
    return kind == "enterprise"


def entity_label(kind: str, size: str | None) -> str:
    """How matching explanations name the applicant (小型企业, 个体工商户 …)."""
    if kind == "enterprise" and size:
        return SIZES[size]
    return ENTITY_KINDS.get(kind, kind)
