"""A real ``beizeng serve`` on PostgreSQL with the production settings of docs/deployment.md.

The settings come from deploy/beizeng.env.example (which the page shows verbatim); only the
places differ: a temporary home, a clone of the migrated test database, a free port. The server
is started as a subprocess the way systemd starts it, probed like nginx and monitoring do, and
stopped with SIGTERM.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from beizeng import db
from beizeng.holiday.service import coverage_gaps
from beizeng.kit.clock import SystemClock, today
from beizeng.models.account import LoginAttempt
from tests.deploy.files import read_env

BEIZENG = Path(sys.executable).with_name("beizeng")
STARTUP_SECONDS = 90  # the machine is shared; importing the app takes a few seconds


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _load_missing_years(env: dict[str, str], tmp_path: Path) -> None:
    """Load a notice for each year of the next 30 days the package does not cover (as the page
    says to, with ``beizeng calendar load``), so that readiness does not depend on the date."""
    engine = db.make_engine(env["BEIZENG_DATABASE_URL"])
    try:
        start = today(SystemClock())
        with Session(engine) as session:
            gaps = coverage_gaps(session, start=start, end=start + timedelta(days=31))
    finally:
        engine.dispose()
    for year in gaps:
        notice = tmp_path / f"{year}.toml"
        notice.write_text(
            f'year = {year}\nsource = "测试用通知"\nholidays = ["{year}-01-01"]\nworkdays = []\n',
            encoding="utf-8",
        )
        subprocess.run(
            [str(BEIZENG), "calendar", "load", str(notice)],
            env=env,
            check=True,
            capture_output=True,
        )


@dataclass
class Server:
    url: str
    env: dict[str, str]


@pytest.fixture
def server(tmp_path: Path, fresh_db_url: str) -> Iterator[Server]:
    settings = read_env()
    settings.update(
        BEIZENG_HOME=str(tmp_path / "home"),
        BEIZENG_DATABASE_URL=fresh_db_url,
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("BEIZENG_")} | settings
    _load_missing_years(env, tmp_path)
    port = _free_port()
    log = (tmp_path / "server.log").open("w")
    process = subprocess.Popen(
        [str(BEIZENG), "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while True:
            assert process.poll() is None, (tmp_path / "server.log").read_text()
            try:
                if httpx.get(f"{url}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "beizeng serve did not answer /healthz"
            time.sleep(0.3)
        yield Server(url, env)
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


@pytest.mark.parametrize("template", ["postgresql"], indirect=True)
def test_the_documented_settings_serve_a_ready_platform_behind_https(server: Server) -> None:
    ready = httpx.get(f"{server.url}/readyz", timeout=30)
    assert ready.status_code == 200, ready.text
    assert ready.json()["status"] == "ready"

    # nginx's headers, from 127.0.0.1 (the trusted proxy)
    forwarded = {"X-Forwarded-For": "203.0.113.7", "X-Forwarded-Proto": "https"}
    page = httpx.get(f"{server.url}/login", headers=forwarded, timeout=30)
    assert page.status_code == 200
    cookie = page.headers["set-cookie"]
    assert cookie.startswith("beizeng_session=")
    attributes = {part.strip().lower() for part in cookie.split(";")[1:]}
    assert "secure" in attributes and "httponly" in attributes

    # A Secure cookie is not sent back over plain HTTP by a client, so pass it on by hand.
    session_cookie = cookie.split(";", 1)[0]
    token = page.text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    failed = httpx.post(
        f"{server.url}/login",
        data={"username": "nobody", "password": "wrong", "csrf_token": token},
        headers={**forwarded, "Cookie": session_cookie},
        timeout=30,
    )
    assert failed.status_code == 401

    # The same headers from another address (127.0.0.2, not a trusted proxy) are not believed.
    elsewhere = httpx.Client(transport=httpx.HTTPTransport(local_address="127.0.0.2"), timeout=30)
    with elsewhere:
        spoofed = elsewhere.post(
            f"{server.url}/login",
            data={"username": "nobody", "password": "wrong", "csrf_token": token},
            headers={**forwarded, "Cookie": session_cookie},
        )
    assert spoofed.status_code == 401

    engine = db.make_engine(server.env["BEIZENG_DATABASE_URL"])
    try:
        with Session(engine) as session:
            stmt = select(LoginAttempt.address).order_by(LoginAttempt.id)
            assert session.scalars(stmt).all() == ["203.0.113.7", "127.0.0.2"]
    finally:
        engine.dispose()
