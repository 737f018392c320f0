"""HTML pages of products and the four lists: public catalogue, versions, editing."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from beizeng.access.principal import Principal
from beizeng.http.deps import Db, Id, Now, allow
from beizeng.http.params import AsOf, Code, Filter, Page
from beizeng.http.templating import render
from beizeng.product import service
from beizeng.product.schemas import FourListWrite, ProductForm

router = APIRouter()


@router.get("/products", response_class=HTMLResponse)
def products(
    request: Request,
    db: Db,
    viewer: Annotated[Principal | None, allow("product.browse")],
    institution: Filter = None,
    kind: Filter = None,
    page: Page = 1,
) -> Response:
    result = service.list_products(
        db, principal=viewer, institution_code=institution, kind=kind, page=page
    )
    return render(
        request,
        "products.html",
        result=result,
        page=page,
        kind=kind or "",
        institution=institution or "",
        publishers=service.publishers(db),
    )


@router.get("/products/new", response_class=HTMLResponse)
def new_product(
    request: Request, actor: Annotated[Principal, allow("product.publish")]
) -> Response:
    return render(request, "product_form.html", product=None)


@router.post("/products/new")
def create_product(
    db: Db,
    actor: Annotated[Principal, allow("product.publish")],
    now: Now,
    form: Annotated[ProductForm, Form()],
) -> Response:
    product = service.publish_product(db, principal=actor, terms=form.to_terms(), now=now)
    return RedirectResponse(f"/products/{product.id}", status_code=303)


@router.get("/products/{product_id}", response_class=HTMLResponse)
def product(
    request: Request,
    db: Db,
    viewer: Annotated[Principal | None, allow("product.browse")],
    product_id: Id,
    at: AsOf = None,
) -> Response:
    view = service.get_product(db, principal=viewer, product_id=product_id)
    past = service.product_as_of(db, principal=viewer, product_id=product_id, at=at) if at else None
    versions = service.product_versions(db, principal=viewer, product_id=product_id)
    return render(request, "product.html", view=view, p=view.product, versions=versions, past=past)


@router.get("/products/{product_id}/edit", response_class=HTMLResponse)
def edit_product(
    request: Request, db: Db, actor: Annotated[Principal, allow("product.publish")], product_id: Id
) -> Response:
    view = service.get_product(db, principal=actor, product_id=product_id)
    return render(request, "product_form.html", product=view.product)


@router.post("/products/{product_id}/edit")
def update_product(
    db: Db,
    actor: Annotated[Principal, allow("product.publish")],
    now: Now,
    product_id: Id,
    form: Annotated[ProductForm, Form()],
) -> Response:
    service.update_product(
        db, principal=actor, product_id=product_id, terms=form.to_terms(), now=now
    )
    return RedirectResponse(f"/products/{product_id}", status_code=303)


@router.post("/products/{product_id}/status")
def product_status(
    db: Db,
    actor: Annotated[Principal, allow("product.publish")],
    now: Now,
    product_id: Id,
    status: Annotated[str, Form(max_length=16)],
) -> Response:
    service.set_product_status(db, principal=actor, product_id=product_id, status=status, now=now)
    return RedirectResponse(f"/products/{product_id}", status_code=303)


@router.get("/institutions/{code}/lists", response_class=HTMLResponse)
def four_lists(
    request: Request,
    db: Db,
    viewer: Annotated[Principal | None, allow("product.browse")],
    code: Code,
    at: AsOf = None,
) -> Response:
    view = service.four_lists(db, principal=viewer, institution_code=code, at=at)
    return render(request, "four_lists.html", view=view, at=at)


@router.get("/lists/edit", response_class=HTMLResponse)
def edit_lists(
    request: Request, db: Db, actor: Annotated[Principal, allow("lists.publish")]
) -> Response:
    code = actor.institution_code or ""
    view = service.four_lists(db, principal=actor, institution_code=code) if code else None
    current = {row.kind: row for row in view.lists} if view else {}
    return render(request, "four_lists_form.html", current=current)


@router.post("/lists/{kind}")
def save_list(
    db: Db,
    actor: Annotated[Principal, allow("lists.publish")],
    now: Now,
    kind: Code,
    data: Annotated[FourListWrite, Form()],
) -> Response:
    service.set_four_list(db, principal=actor, kind=kind, data=data, now=now)
    return RedirectResponse(f"/institutions/{actor.institution_code}/lists", status_code=303)
