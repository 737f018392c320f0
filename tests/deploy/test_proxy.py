"""Behind nginx: the client address comes from X-Forwarded-For, but only from a trusted proxy.

uvicorn's ProxyHeadersMiddleware is what ``beizeng serve`` switches on; here it wraps the app
in-process, the way uvicorn does, and the address a failed sign-in records shows what the
platform saw (the lock-out throttles per address).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from beizeng import db
from beizeng.config import Settings, get_settings
from beizeng.kit.clock import FrozenClock
from beizeng.models.account import LoginAttempt
from beizeng.web.app import create_app
from tests.conftest import CliResult
from tests.health.conftest import READY_DAY
from tests.web.conftest import csrf

FORWARDED = {"X-Forwarded-For": "203.0.113.7", "X-Forwarded-Proto": "https"}


@pytest.fixture
def proxied(tmp_path: Path, fresh_db_url: str) -> Iterator[tuple[Any, Engine]]:
    engine = db.make_engine(fresh_db_url)
    settings = Settings(home=tmp_path / "home", database_url=fresh_db_url)
    app = create_app(settings, clock=FrozenClock(READY_DAY), engine=engine)
    # uvicorn types its middleware with its own ASGI aliases; the app is a plain ASGI app.
    yield ProxyHeadersMiddleware(app, trusted_hosts=settings.trusted_proxies), engine  # type: ignore[arg-type]
    engine.dispose()


def recorded_address(app: Any, engine: Engine, *, client: str, headers: dict[str, str]) -> str:
    """Fail a sign-in from ``client`` with ``headers``; the address the platform recorded."""
    with TestClient(app, client=(client, 51234)) as browser:
        response = browser.post(
            "/login",
            data={"username": "nobody", "password": "wrong", "csrf_token": csrf(browser)},
            headers=headers,
        )
    assert response.status_code == 401
    with Session(engine) as session:
        stmt = select(LoginAttempt.address).order_by(LoginAttempt.id.desc()).limit(1)
        return str(session.scalar(stmt))


def test_a_trusted_proxy_passes_on_the_client_address(proxied: tuple[Any, Engine]) -> None:
    app, engine = proxied
    assert recorded_address(app, engine, client="127.0.0.1", headers=FORWARDED) == "203.0.113.7"


def test_an_untrusted_address_cannot_claim_another(proxied: tuple[Any, Engine]) -> None:
    app, engine = proxied
    address = recorded_address(app, engine, client="198.51.100.9", headers=FORWARDED)
    assert address == "198.51.100.9"


def test_trusted_proxies_is_127_0_0_1_unless_configured() -> None:
    assert Settings().trusted_proxies == "127.0.0.1"


def test_serve_hands_the_trusted_proxies_to_uvicorn(
    cli: Callable[..., CliResult], monkeypatch: pytest.MonkeyPatch
) -> None:
    import uvicorn

    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(uvicorn, "run", lambda *a, **kw: calls.append(kw))
    monkeypatch.setenv("BEIZENG_TRUSTED_PROXIES", "10.0.0.2,10.0.0.3")
    get_settings.cache_clear()
    result = cli("serve", "--port", "8123")
    assert result.exit_code == 0, result.stderr
    assert calls[0]["proxy_headers"] is True
    assert calls[0]["forwarded_allow_ips"] == "10.0.0.2,10.0.0.3"
    assert calls[0]["port"] == 8123
