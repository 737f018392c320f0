"""A platform app on a fresh database with a frozen clock, and a browser-like client."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from beizeng import db
from beizeng.account import totp
from beizeng.config import Settings
from beizeng.kit.clock import FrozenClock
from beizeng.web.app import create_app
from tests.account.factories import NOW, PASSWORD

_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@dataclass
class Platform:
    engine: Engine
    clock: FrozenClock
    client_factory: Callable[[], TestClient]

    def session(self) -> Session:
        session = Session(self.engine, expire_on_commit=False)
        session.info["actor"] = "test"
        return session

    def client(self, username: str | None = None) -> TestClient:
        client = self.client_factory()
        if username:
            login(client, username)
        return client


def csrf(client: TestClient, path: str = "/login") -> str:
    match = _CSRF.search(client.get(path).text)
    assert match, f"no CSRF token on {path}"
    return match.group(1)


def login(client: TestClient, username: str, password: str = PASSWORD) -> None:
    token = csrf(client)
    response = client.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": token},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text


def login_with_code(
    client: TestClient, username: str, secret: str, at: datetime, password: str = PASSWORD
) -> None:
    """Sign in with the password, then the authenticator's code at ``at`` (the app's clock)."""
    token = csrf(client)
    response = client.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": token},
        follow_redirects=False,
    )
    assert response.status_code == 303 and response.headers["location"] == "/login/code"
    response = client.post(
        "/login/code",
        data={"code": totp.code_at(secret, at), "csrf_token": csrf(client, "/login/code")},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text


def post_form(client: TestClient, path: str, data: dict[str, object], *, page: str = "/") -> object:
    return client.post(
        path, data={**data, "csrf_token": csrf(client, page)}, follow_redirects=False
    )


@pytest.fixture
def platform(tmp_path: Path, fresh_db_url: str) -> Iterator[Platform]:
    engine = db.make_engine(fresh_db_url)
    settings = Settings(home=tmp_path / "home", database_url=fresh_db_url)
    clock = FrozenClock(NOW)
    app = create_app(settings, clock=clock, engine=engine)
    clients: list[TestClient] = []

    def factory() -> TestClient:
        client = TestClient(app, base_url="http://testserver")
        clients.append(client)
        return client

    yield Platform(engine, clock, factory)
    for c in clients:
        c.close()
    engine.dispose()
