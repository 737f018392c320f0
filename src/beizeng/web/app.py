"""The app factory: the only place that assembles the platform's pages and API (C-4.4.2)."""

from __future__ import annotations

from importlib import resources

from fastapi import Depends, FastAPI
from fastapi.staticfiles import StaticFiles
from sqlalchemy import Engine
from sqlalchemy.orm import sessionmaker
from starlette.middleware.sessions import SessionMiddleware
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from beizeng import assembly, db
from beizeng.account import endpoints as account_api
from beizeng.account import pages as account_pages
from beizeng.account import service as accounts
from beizeng.config import Settings, get_settings
from beizeng.dashboard import pages as dashboard_pages
from beizeng.deadline import endpoints as deadline_api
from beizeng.deadline import pages as deadline_pages
from beizeng.demand import endpoints as demand_api
from beizeng.demand import pages as demand_pages
from beizeng.demand import rules as demand_rules
from beizeng.enterprise import pages as enterprise_pages
from beizeng.enterprise import rules as enterprise_rules
from beizeng.event import pages as event_pages
from beizeng.health import endpoints as health_api
from beizeng.holiday import pages as holiday_pages
from beizeng.http import errors, openapi, security, templating
from beizeng.kit.clock import Clock, SystemClock
from beizeng.library import pages as library_pages
from beizeng.monitor import endpoints as monitor_api
from beizeng.monitor import pages as monitor_pages
from beizeng.notice import endpoints as notice_api
from beizeng.notice import pages as notice_pages
from beizeng.notification import endpoints as notification_api
from beizeng.notification import pages as notification_pages
from beizeng.outreach import pages as outreach_pages
from beizeng.privacy import pages as privacy_pages
from beizeng.product import endpoints as product_api
from beizeng.product import pages as product_pages
from beizeng.product import rules as product_rules
from beizeng.reports import pages as reports_pages
from beizeng.submission import endpoints as submission_api
from beizeng.submission import pages as submission_pages
from beizeng.tools import endpoints as tools_api
from beizeng.tools import pages as tools_pages

API_DESCRIPTION = """吕梁市综合金融服务平台接口：产品与四项清单、融资需求与受理回复、需求匹配。

银行系统使用 API 令牌（`Authorization: Bearer bz_…`）调用；令牌在「账户」页面创建，
只保存哈希，可限定权限范围、设定有效期并随时撤销。金额单位为元（两位小数字符串），
利率为小数（0.0435 = 4.35%）。
"""


def create_app(
    settings: Settings | None = None, *, clock: Clock | None = None, engine: Engine | None = None
) -> FastAPI:
    """Build the platform for ``settings`` (default: the environment's) on ``engine``."""
    settings = settings or get_settings()
    assembly.wire()
    engine = engine or db.make_engine(settings.resolved_database_url)
    db.ensure_current(engine)
    app = FastAPI(
        title="倍增 · 吕梁市综合金融服务平台",
        description=API_DESCRIPTION,
        version="1.0",
        docs_url=None,  # served by http.openapi: FastAPI's page has an inline script
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    app.state.settings = settings
    app.state.clock = clock or SystemClock()
    app.state.engine = engine
    app.state.sessions = sessionmaker(bind=engine, expire_on_commit=False)
    app.state.authenticator = accounts
    templating.add_labels(
        STATUSES=demand_rules.STATUSES,
        CHANNELS=demand_rules.CHANNELS,
        REJECT_REASONS=demand_rules.REJECT_REASONS,
        ENTITY_KINDS=enterprise_rules.ENTITY_KINDS,
        SIZES=enterprise_rules.SIZES,
        GUARANTEES=product_rules.GUARANTEES,
        PRODUCT_KINDS=product_rules.PRODUCT_KINDS,
        FOUR_LISTS=product_rules.FOUR_LISTS,
    )
    app.add_middleware(
        SessionMiddleware,
        secret_key=settings.resolved_secret_key(),
        session_cookie="beizeng_session",
        max_age=settings.session_max_age,
        same_site="lax",
        https_only=settings.secure_cookies,
    )
    app.mount(
        "/static",
        StaticFiles(directory=str(resources.files("beizeng.http") / "static")),
        name="static",
    )
    # Added last, so outermost: the real client's address before anything reads it (the
    # sign-in throttle counts per address), the security headers on every response.
    app.add_middleware(ProxyHeadersMiddleware, trusted_hosts=settings.trusted_proxies)
    app.add_middleware(
        security.SecurityHeaders, overrides={openapi.DOCS_PATH: security.DOCS_POLICY}
    )
    errors.install(app)
    openapi.install(app)
    for router in (
        account_pages.router,
        enterprise_pages.router,
        product_pages.router,
        demand_pages.router,
        deadline_pages.router,
        tools_pages.router,
        outreach_pages.router,
        event_pages.router,
        library_pages.router,
        dashboard_pages.router,
        monitor_pages.router,
        reports_pages.router,
        holiday_pages.router,
        privacy_pages.router,
        notification_pages.router,
        submission_pages.router,
        notice_pages.router,
    ):
        app.include_router(
            router,
            include_in_schema=False,
            dependencies=[
                Depends(holiday_pages.banner),
                Depends(account_pages.second_factor_reminder),
                Depends(notification_pages.unread_badge),
            ],
        )
    for router in (
        account_api.router,
        product_api.router,
        demand_api.router,
        deadline_api.router,
        notification_api.router,
        submission_api.router,
        notice_api.router,
        tools_api.router,
        monitor_api.router,
    ):
        app.include_router(router, prefix="/api")
    app.include_router(health_api.router)
    return app
