"""HTML pages of the policy library: search, one policy, publish (pboc/gov), attachments."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from pydantic import Field

from beizeng.access.principal import Principal
from beizeng.http.deps import Db, Id, SettingsDep, allow
from beizeng.http.templating import render
from beizeng.kit.text import Line, OptionalLine, Text
from beizeng.library import rules, service

router = APIRouter()


@router.get("/policies", response_class=HTMLResponse)
def policies(
    request: Request,
    db: Db,
    viewer: Annotated[Principal | None, allow("policy.read")],
    q: str = "",
    tag: str = "",
) -> Response:
    hits = service.search(db, query=q[:200], tag=tag or None)
    return render(request, "policies.html", hits=hits, q=q, tag=tag, TAGS=rules.TAGS)


@router.post("/policies")
async def publish(
    db: Db,
    actor: Annotated[Principal, allow("policy.publish")],
    settings: SettingsDep,
    title: Annotated[Line, Form(max_length=300)],
    issuer: Annotated[Line, Form(max_length=120)],
    issued_on: Annotated[date, Form()],
    text: Annotated[Text, Form(max_length=rules.MAX_TEXT_CHARS)],
    number: Annotated[OptionalLine, Form(max_length=80)] = "",
    tags: Annotated[list[Annotated[str, Field(max_length=16)]] | None, Form()] = None,
    sizes: Annotated[OptionalLine, Form(max_length=100)] = "",
    counties: Annotated[OptionalLine, Form(max_length=200)] = "",
    industries: Annotated[OptionalLine, Form(max_length=100)] = "",
    attachments: Annotated[list[UploadFile] | None, File()] = None,
) -> Response:
    files = [(f.filename or "附件", await f.read()) for f in attachments or [] if f.filename]
    data = service.PolicyInput(
        title=title,
        issuer=issuer,
        issued_on=issued_on,
        text=text,
        number=number,
        tags=tuple(t for t in tags or [] if t in rules.TAGS),
        sizes=tuple(rules.split_list(sizes)),
        counties=tuple(rules.split_list(counties)),
        industries=tuple(x.upper() for x in rules.split_list(industries)),
    )
    policy = service.publish(db, principal=actor, data=data, settings=settings, attachments=files)
    return RedirectResponse(f"/policies/{policy.id}", status_code=303)


@router.get("/policies/{policy_id}", response_class=HTMLResponse)
def policy(
    request: Request,
    db: Db,
    viewer: Annotated[Principal | None, allow("policy.read")],
    policy_id: Id,
) -> Response:
    return render(request, "policy.html", view=service.get_policy(db, policy_id=policy_id))


@router.get("/policies/attachments/{attachment_id}")
def attachment(
    db: Db,
    viewer: Annotated[Principal | None, allow("policy.read")],
    settings: SettingsDep,
    attachment_id: Id,
) -> Response:
    path, name = service.attachment_file(db, attachment_id=attachment_id, settings=settings)
    headers = rules.attachment_headers(name)
    return FileResponse(path, media_type=headers.pop("Content-Type"), headers=headers)
