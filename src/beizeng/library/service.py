"""Use cases of the policy library: publish (with attachments under ``$BEIZENG_HOME/library``),
search through the jieba term index, and the policies that apply to an enterprise.

The home comes from the caller's ``settings`` (the app's, or the command's), never from
``get_settings()``: an app built on another home must find the attachments it stored
(consolidation issue, point 3).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from beizeng.access.policy import authorize
from beizeng.access.principal import Principal
from beizeng.config import Settings
from beizeng.enterprise.rules import SIZES
from beizeng.library import rules
from beizeng.library.errors import AttachmentMissing, PolicyInvalid, PolicyNotFound
from beizeng.library.repository import PolicyRepository
from beizeng.models.account import Enterprise
from beizeng.models.library import Policy, PolicyAttachment
from beizeng.reference.regions import is_luliang_county

MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
_SAFE = re.compile(r"[^\w.\-\u4e00-\u9fff]+")


@dataclass(frozen=True)
class PolicyInput:
    title: str
    issuer: str
    issued_on: date
    text: str
    number: str = ""
    tags: tuple[str, ...] = ()
    sizes: tuple[str, ...] = ()
    counties: tuple[str, ...] = ()
    industries: tuple[str, ...] = ()


def _check(data: PolicyInput) -> None:
    if not data.title.strip() or not data.text.strip() or not data.issuer.strip():
        raise PolicyInvalid("标题、发文机关和正文均为必填。")
    bad = [s for s in data.sizes if s not in SIZES]
    if bad:
        raise PolicyInvalid(f"企业规模「{'、'.join(bad)}」无效，可选：{'、'.join(SIZES)}。")
    bad = [c for c in data.counties if not is_luliang_county(c)]
    if bad:
        raise PolicyInvalid(f"县区代码「{'、'.join(bad)}」不是吕梁市所辖县区。")
    bad = [i for i in data.industries if not re.fullmatch(r"[A-T]", i)]
    if bad:
        raise PolicyInvalid(f"行业门类「{'、'.join(bad)}」无效：应为 A–T 的门类字母。")


def publish(
    session: Session,
    *,
    principal: Principal,
    data: PolicyInput,
    settings: Settings,
    attachments: list[tuple[str, bytes]] | None = None,
) -> Policy:
    """pboc or gov publishes a policy; it is indexed at once (title, number, issuer, tags, text).

    Attachments are written under ``settings``' home."""
    authorize(principal, "policy.publish")
    _check(data)
    policy = Policy(
        title=data.title.strip()[:300],
        issuer=data.issuer.strip()[:120],
        number=data.number.strip()[:80],
        issued_on=data.issued_on,
        text=data.text.strip(),
        tags=",".join(data.tags),
        sizes=",".join(data.sizes),
        counties=",".join(data.counties),
        industries=",".join(data.industries),
        published_by=principal.username,
    )
    repo = PolicyRepository(session)
    repo.add(policy)
    repo.replace_terms(
        policy.id,
        rules.index_terms(
            policy.title,
            policy.title,
            policy.number,
            policy.issuer,
            " ".join(data.tags),
            policy.text,
        ),
    )
    for name, content in attachments or []:
        _attach(session, settings.resolved_home, policy, name, content)
    return policy


def _attach(session: Session, home: Path, policy: Policy, name: str, content: bytes) -> None:
    if not content:
        return
    if len(content) > MAX_ATTACHMENT_BYTES:
        raise PolicyInvalid(f"附件「{name}」超过 20 MB。")
    digest = hashlib.sha256(content).hexdigest()
    safe = _SAFE.sub("_", Path(name).name)[:120] or "attachment"
    relative = Path("library") / str(policy.id) / f"{digest[:12]}-{safe}"
    target = home / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(content)
    PolicyRepository(session).add(
        PolicyAttachment(
            policy_id=policy.id,
            filename=safe,
            path=str(relative),
            size_bytes=len(content),
            sha256=digest,
        )
    )


@dataclass(frozen=True)
class Hit:
    policy: Policy
    matched: int
    of: int


def search(session: Session, *, query: str, tag: str | None = None, limit: int = 30) -> list[Hit]:
    """Policies whose index holds the query's tokens, most matched tokens first, then weight."""
    terms = rules.query_terms(query)
    repo = PolicyRepository(session)
    if not terms:
        found = [Hit(p, 0, 0) for p in repo.recent(limit)]
    else:
        matches = repo.match(terms, limit * 3)
        policies = repo.by_ids([m[0] for m in matches])
        found = [Hit(policies[p], hits, len(terms)) for p, hits, _ in matches]
    if tag:
        found = [h for h in found if tag in h.policy.tags.split(",")]
    return found[:limit]


@dataclass(frozen=True)
class PolicyView:
    policy: Policy
    attachments: list[PolicyAttachment]


def get_policy(session: Session, *, policy_id: int) -> PolicyView:
    repo = PolicyRepository(session)
    policy = repo.get(policy_id)
    if policy is None:
        raise PolicyNotFound()
    return PolicyView(policy, repo.attachments(policy_id))


def attachment_file(
    session: Session, *, attachment_id: int, settings: Settings
) -> tuple[Path, str]:
    """The stored file of an attachment under ``settings``' home, and the name to offer.

    A registered attachment whose file is gone (moved, deleted, a home restored without its
    files) is a 404 naming the file, not a 500 from the file response (point 9).
    """
    found = PolicyRepository(session).attachment(attachment_id)
    if found is None:
        raise PolicyNotFound()
    path = settings.resolved_home / found.path
    if not path.is_file():
        raise AttachmentMissing(found.filename)
    return path, found.filename


def _audience(policy: Policy) -> rules.Audience:
    split = [x for x in policy.sizes.split(",") if x], [x for x in policy.counties.split(",") if x]
    return rules.Audience(split[0], split[1], [x for x in policy.industries.split(",") if x])


def policies_for(session: Session, *, enterprise: Enterprise, limit: int = 10) -> list[Policy]:
    """The policies that apply to an enterprise (size, county, industry section), newest first."""
    return [
        p
        for p in PolicyRepository(session).all()
        if rules.applies(
            _audience(p),
            size=enterprise.size,
            county=enterprise.county_code,
            industry=enterprise.industry_code,
        )
    ][:limit]
