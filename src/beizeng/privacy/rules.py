"""Masking personal data and deciding what a screen shows (JR/T 0171-2020 个人金融信息保护技术规范).

JR/T 0171-2020 classes a resident ID number and a phone number as personal financial
information (C3/C2: 个人身份信息、联系方式); 7.1.2 asks for it to be masked when shown, exported or
echoed, and 7.1.3 for every access to the whole value to be limited to those who need it and
recorded. The one masking rule lives in ``beizeng.reference.identifiers`` (so the template
filters below the features use it too); this module applies it to fields, problems and rows.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace

from beizeng.errors import Problem
from beizeng.privacy.errors import PurposeRequired
from beizeng.reference.identifiers import (
    mask_identifier,
    mask_phone,
    mask_resident_id,
    mask_text,
)

__all__ = [
    "FIELDS",
    "PURPOSES",
    "Revealed",
    "Shown",
    "check_purpose",
    "mask",
    "mask_identifier",
    "mask_phone",
    "mask_resident_id",
    "mask_text",
    "masked_problem",
    "masked_row",
    "shown",
]

FIELDS: dict[str, str] = {
    "resident_id": "居民身份证号",
    "identifier": "证件号码",
    "phone": "联系电话",
}
"""The personal fields whose whole value is read only through ``privacy.service.reveal``."""

PURPOSES: tuple[str, ...] = (
    "联系企业办理融资需求",
    "走访对接无贷户",
    "核实主体身份",
    "督办核查",
)
"""Suggested purposes (a free text of 2–200 characters is accepted)."""

PURPOSE_MIN, PURPOSE_MAX = 2, 200


def mask(field: str, value: str | None) -> str:
    """``value`` masked by the rule of ``field`` ("—" for nothing)."""
    if value is None or not value.strip():
        return "—"
    if field == "phone":
        return mask_phone(value)
    if field == "resident_id":
        return mask_resident_id(value)
    return mask_identifier(value)


def check_purpose(purpose: str) -> str:
    """The stated purpose, trimmed; ``PurposeRequired`` when missing, too short or too long."""
    text = " ".join(purpose.split())
    if not PURPOSE_MIN <= len(text) <= PURPOSE_MAX:
        raise PurposeRequired()
    return text


@dataclass(frozen=True)
class Shown:
    """What a page shows of one personal field: the text, whether it is the whole value (the
    subject's own) and whether the viewer may ask for the whole value (logged)."""

    text: str
    whole: bool = False
    revealable: bool = False


@dataclass(frozen=True)
class Revealed:
    """A whole value read for a purpose (the read is logged): what the reveal page shows."""

    label: str
    subject_name: str
    value: str
    purpose: str
    back: str


def shown(field: str, value: str | None, *, own: bool, revealable: bool) -> Shown:
    """The subject sees its own value whole; everyone else the mask, with a reveal button
    when they may need it."""
    if own and value:
        return Shown(value, whole=True)
    return Shown(mask(field, value), revealable=revealable and bool(value))


def masked_problem(
    problem: Problem,
    *,
    identifier_columns: Collection[str] = (),
    phone_columns: Collection[str] = (),
) -> Problem:
    """A problem whose echoed value cannot leak a person's number (JR/T 0171-2020, 7.1.2):
    identifier columns masked as ids, phone columns as phones, any other value scrubbed of
    resident IDs and mobile numbers pasted into it. Row, column and rule are kept: they
    suffice to find and fix the cell."""
    value = problem.value
    if value is None or not value.strip():
        return problem
    if problem.column in identifier_columns:
        value = mask_identifier(value)
    elif problem.column in phone_columns:
        value = mask_phone(value)
    else:
        value = mask_text(value)
    return replace(problem, value=value)


def masked_row(values: Sequence[str | None], *, identifier_index: int) -> list[str | None]:
    """A row of an input file repeated in an error report: the identifier cell masked, the
    others scrubbed of resident IDs and mobile numbers."""
    out: list[str | None] = []
    for index, value in enumerate(values):
        if value is None:
            out.append(None)
        elif index == identifier_index:
            out.append(mask_identifier(value))
        else:
            out.append(mask_text(value))
    return out
