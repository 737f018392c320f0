"""The access matrix: every route × every principal, the expected outcome read from
``matrix.toml`` (data written from the issue and DESIGN, not from the policy), run on SQLite and
on PostgreSQL with one app and one data set per backend."""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.access.routes import served_routes
from tests.access.world import PRINCIPALS, SESSION_PRINCIPALS, TOKEN_PRINCIPALS, World, build
from tests.conftest import Template, _clone, _drop

MATRIX_FILE = Path(__file__).with_name("matrix.toml")
SAFE = frozenset({"GET", "HEAD", "OPTIONS"})
LONG = "长" * 5000
"""Longer than any text field: an allowed principal's write stops at validation (422)."""


def _load() -> tuple[dict[str, dict[str, Any]], dict[str, frozenset[str]]]:
    data = tomllib.loads(MATRIX_FILE.read_text(encoding="utf-8"))
    groups: dict[str, list[str]] = data["groups"]

    def expand(names: list[str]) -> set[str]:
        found: set[str] = set()
        for name in names:
            if name.startswith("@"):
                found |= expand(groups[name[1:]])
            else:
                assert name in PRINCIPALS, f"matrix.toml: unknown principal {name!r}"
                found.add(name)
        return found

    entries = {e["route"]: e for e in data["route"]}
    assert len(entries) == len(data["route"]), "matrix.toml names a route twice"
    return entries, {key: frozenset(expand(e["allow"])) for key, e in entries.items()}


ENTRIES, ALLOWED = _load()
CELLS = [(route, principal) for route in ENTRIES for principal in PRINCIPALS]


@pytest.fixture(scope="module")
def world(template: Template, tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    directory = tmp_path_factory.mktemp(f"matrix-{template.backend}")
    url = _clone(template, directory)
    built = build(url, directory / "home")
    try:
        yield built
    finally:
        built.close()
        built.engine.dispose()
        _drop(template, url)


def outcome(response: httpx.Response) -> str:
    """allowed | denied | error (a 5xx is never an expected answer)."""
    if response.status_code >= 500:
        return "error"
    if response.status_code in (401, 403):
        return "denied"
    location = response.headers.get("location", "")
    if response.is_redirect and location.startswith("/login?next="):
        return "denied"
    return "allowed"


def _fill(value: Any) -> Any:
    if value == "@long":
        return LONG
    if isinstance(value, dict):
        return {k: _fill(v) for k, v in value.items()}
    return value


def send(world: World, route: str, principal: str) -> httpx.Response:
    method, path = route.split(" ", 1)
    entry = ENTRIES[route]
    url = path.format(**world.ids)
    headers: dict[str, str] = {}
    if principal in TOKEN_PRINCIPALS:
        client = world.client("tokens")
        client.cookies.clear()
        headers["Authorization"] = f"Bearer {world.tokens[principal]}"
    else:
        client = world.client(principal)
        if method not in SAFE:
            headers["X-CSRF-Token"] = world.csrf[principal]
    body: dict[str, Any] = {}
    if method not in SAFE:
        if path.startswith("/api/"):
            body["json"] = _fill(entry.get("json", {}))
        elif "form" in entry:
            body["data"] = _fill(entry["form"])
    response = client.request(method, url, headers=headers, follow_redirects=False, **body)
    if principal in TOKEN_PRINCIPALS:
        client.cookies.clear()
    elif route == "POST /logout" or not client.cookies.get("beizeng_session"):
        world.sign_in(principal)  # signed out (or the session dropped): open it again
    return response


def test_every_served_route_has_a_row_and_every_row_is_served(world: World) -> None:
    served = {s.key for s in served_routes(world.app)}
    assert sorted(served - set(ENTRIES)) == [], "routes missing from matrix.toml"
    assert sorted(set(ENTRIES) - served) == [], "rows of matrix.toml that no route serves"


def test_the_fixture_principals_are_who_they_claim(world: World) -> None:
    for name in SESSION_PRINCIPALS:
        me = world.client(name).get("/api/me")
        assert me.status_code == 200, (name, me.text)
        assert me.json()["username"] == world.usernames[name]
    for name in TOKEN_PRINCIPALS:
        me = world.client("tokens").get(
            "/api/me", headers={"Authorization": f"Bearer {world.tokens[name]}"}
        )
        assert me.status_code == 200, (name, me.text)
    assert world.client("anonymous").get("/api/me").status_code == 401


@pytest.mark.parametrize(("route", "principal"), CELLS, ids=[f"{r} | {p}" for r, p in CELLS])
def test_cell(world: World, route: str, principal: str) -> None:
    expected = "allowed" if principal in ALLOWED[route] else "denied"
    response = send(world, route, principal)
    got = outcome(response)
    detail = response.headers.get("location") or response.text[:200]
    assert got == expected, f"{route} as {principal}: {response.status_code} {detail}"
