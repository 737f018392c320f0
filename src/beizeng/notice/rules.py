"""Pure rules of the notices' follow-up (C-3.1.2 双线: the notice goes to the institution, the
letter to its superior management bank; C-3.1.1 follow-up monitoring).

Who a notice is for, which documents each recipient may download and the bounds of filed
measures. The stages and the deadline are ``reports.rectification``'s, shared with the bulletin.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from beizeng.reports.rectification import REMIND_WORKDAYS, STAGES, FollowUp, Stage, stage

__all__ = [
    "REMIND_WORKDAYS",
    "STAGES",
    "FollowUp",
    "Stage",
    "stage",
]

Recipient = Literal["institution", "superior"]
DocumentKind = Literal["notice", "letter"]
DOCUMENT_NAMES: dict[str, str] = {"notice": "督导通报", "letter": "商请督促函"}

MAX_MEASURE_CHARS = 20_000
"""Rectification measures' text at most (a long plan is some 5 000 characters)."""
MAX_ATTACHMENTS = 10
MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class Addressee:
    """What the principal's institution is to a notice."""

    institution_id: int | None
    institution_name: str | None


def recipient(
    notice_institution_id: int, notice_superior: str | None, who: Addressee
) -> Recipient | None:
    """``institution`` for the institution noticed, ``superior`` for its superior management
    bank (the letter's addressee, matched by the registry's name), None for anyone else."""
    if who.institution_id is not None and who.institution_id == notice_institution_id:
        return "institution"
    if notice_superior and who.institution_name and who.institution_name == notice_superior:
        return "superior"
    return None


def may_download(recipient_: Recipient | None, kind: DocumentKind) -> bool:
    """The institution downloads its notice; the superior bank the letter and the notice (it is
    copied to it, 抄送); trackers (``None`` here means pboc/gov, decided by the caller) both."""
    if recipient_ == "institution":
        return kind == "notice"
    return True


def check_measures(text: str, files: list[tuple[str, int]]) -> list[str]:
    """Problems of filed measures (text, then each file by name), in Chinese; empty when fine."""
    problems: list[str] = []
    if not text.strip():
        problems.append("整改措施：请填写整改措施的内容。")
    elif len(text) > MAX_MEASURE_CHARS:
        problems.append(f"整改措施：不能超过 {MAX_MEASURE_CHARS} 个字符（现有 {len(text)} 个）。")
    if len(files) > MAX_ATTACHMENTS:
        problems.append(f"附件：最多 {MAX_ATTACHMENTS} 个（现有 {len(files)} 个）。")
    for name, size in files:
        if size == 0:
            problems.append(f"附件「{name}」：文件是空的。")
        elif size > MAX_ATTACHMENT_BYTES:
            problems.append(f"附件「{name}」：超过 20 MB。")
    return problems
