"""JSON API of products and the four lists."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from beizeng.access.principal import Principal
from beizeng.http.deps import Db, Id, Now, allow
from beizeng.http.params import AsOf, Code, Filter
from beizeng.product import service
from beizeng.product.schemas import (
    FourListRead,
    FourListWrite,
    ProductRead,
    ProductTerms,
    ProductVersionRead,
)

router = APIRouter(tags=["产品与四项清单"])


@router.get("/products", response_model=list[ProductRead], summary="产品列表")
def list_products(
    db: Db,
    viewer: Annotated[Principal | None, allow("product.browse")],
    institution: Filter = None,
    kind: Filter = None,
    page: int = Query(default=1, ge=1, le=100000),
    per_page: int = Query(default=30, ge=1, le=100),
) -> list[ProductRead]:
    """已发布的产品；机构用户还能看到本机构已下架的产品。"""
    result = service.list_products(
        db, principal=viewer, institution_code=institution, kind=kind, page=page, per_page=per_page
    )
    return [ProductRead.model_validate(p) for p in result.items]


@router.post(
    "/products",
    response_model=ProductRead,
    status_code=201,
    summary="发布产品",
)
def publish(
    db: Db, actor: Annotated[Principal, allow("product.publish")], now: Now, terms: ProductTerms
) -> ProductRead:
    """发布本机构的新产品（需要 products:write）。"""
    return ProductRead.model_validate(
        service.publish_product(db, principal=actor, terms=terms, now=now)
    )


@router.get("/products/{product_id}", response_model=ProductRead, summary="产品详情")
def get_product(
    db: Db, viewer: Annotated[Principal | None, allow("product.browse")], product_id: Id
) -> ProductRead:
    return ProductRead.model_validate(
        service.get_product(db, principal=viewer, product_id=product_id).product
    )


@router.put("/products/{product_id}", response_model=ProductRead, summary="修改产品")
def update(
    db: Db,
    actor: Annotated[Principal, allow("product.publish")],
    now: Now,
    product_id: Id,
    terms: ProductTerms,
) -> ProductRead:
    """修改产品条件；旧条件保留为历史版本。"""
    product = service.update_product(
        db, principal=actor, product_id=product_id, terms=terms, now=now
    )
    return ProductRead.model_validate(product)


@router.get(
    "/products/{product_id}/versions",
    response_model=list[ProductVersionRead],
    summary="产品历史版本",
)
def versions(
    db: Db,
    viewer: Annotated[Principal | None, allow("product.browse")],
    product_id: Id,
    at: AsOf = None,
) -> list[ProductVersionRead]:
    """全部版本，或 ``at`` 时刻有效的版本。"""
    if at is not None:
        return [
            ProductVersionRead.model_validate(
                service.product_as_of(db, principal=viewer, product_id=product_id, at=at)
            )
        ]
    return [
        ProductVersionRead.model_validate(v)
        for v in service.product_versions(db, principal=viewer, product_id=product_id)
    ]


@router.get("/institutions/{code}/lists", response_model=list[FourListRead], summary="机构四项清单")
def four_lists(
    db: Db,
    viewer: Annotated[Principal | None, allow("product.browse")],
    code: Code,
    at: AsOf = None,
) -> list[FourListRead]:
    """尽职免责清单仅人民银行与本机构人员可见。"""
    view = service.four_lists(db, principal=viewer, institution_code=code, at=at)
    return [FourListRead.model_validate(row) for row in view.lists]


@router.put("/lists/{kind}", response_model=FourListRead, summary="发布清单新版本")
def save_list(
    db: Db,
    actor: Annotated[Principal, allow("lists.publish")],
    now: Now,
    kind: Code,
    data: FourListWrite,
) -> FourListRead:
    return FourListRead.model_validate(
        service.set_four_list(db, principal=actor, kind=kind, data=data, now=now)
    )
