"""The route walk of the access model (access-model issue, point 1): every route declares exactly
one action, every declared action is in the policy, and every action of the policy is performed
by some route or use case."""

from __future__ import annotations

import re
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

import pytest
from fastapi import APIRouter, Depends, FastAPI

from beizeng import db
from beizeng.access.policy import ACTIONS
from beizeng.config import Settings
from beizeng.http.deps import allow, route_actions
from beizeng.web.app import create_app
from tests.access.routes import Served, served_routes

SRC = Path(str(resources.files("beizeng")))
_USE = re.compile(
    r"\b(?:authorize|decide|may|allow|allow_anyone|ActionGuard|PublicGuard)\(\s*"
    r"(?:[^()\"]*?,\s*)?\"([a-z_]+\.[a-z_]+)\""
)


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FastAPI]:
    home = tmp_path_factory.mktemp("routes")
    url = f"sqlite:///{home / 'routes.db'}"
    engine = db.make_engine(url)
    db.upgrade(engine)
    yield create_app(Settings(home=home, database_url=url), engine=engine)
    engine.dispose()


def guard_problems(app: FastAPI) -> list[str]:
    """Every route of ``app`` without exactly one declared action, or with an unknown one."""
    problems = []
    for served in served_routes(app):
        actions = route_actions(served.route)
        if len(actions) != 1:
            problems.append(f"{served.key}: declares {actions or 'no action'}")
        problems += [f"{served.key}: unknown action {a!r}" for a in actions if a not in ACTIONS]
    return problems


def used_in_source() -> set[str]:
    """The actions that the source performs by name (authorize, may, allow…)."""
    used: set[str] = set()
    for path in SRC.rglob("*.py"):
        if path.parts[-2:] == ("access", "policy.py"):
            continue
        used |= set(_USE.findall(path.read_text(encoding="utf-8")))
    return used


def test_the_walk_finds_the_pages_the_api_and_the_probes(app: FastAPI) -> None:
    keys = {s.key for s in served_routes(app)}
    for key in (
        "GET /",
        "POST /login",
        "GET /api/demands",
        "PUT /api/lists/{kind}",
        "GET /healthz",
    ):
        assert key in keys
    assert len(keys) == len(served_routes(app)), "a (method, path) is served twice"
    assert not any(k.startswith(("GET /static", "GET /api/openapi")) for k in keys)


def test_every_route_declares_exactly_one_known_action(app: FastAPI) -> None:
    assert guard_problems(app) == []


def test_every_action_of_the_policy_is_performed_somewhere(app: FastAPI) -> None:
    by_routes = {a for s in served_routes(app) for a in route_actions(s.route)}
    unused = sorted(set(ACTIONS) - by_routes - used_in_source())
    assert unused == [], f"actions that no route or use case performs: {unused}"


def test_every_action_named_in_the_source_is_in_the_policy() -> None:
    assert sorted(used_in_source() - set(ACTIONS)) == []


def test_the_walk_catches_a_route_without_a_guard_and_one_with_two() -> None:
    def banner() -> None:
        return None

    router = APIRouter()

    @router.get("/forgotten")
    def forgotten() -> dict[str, str]:
        return {}

    @router.post("/doubled", dependencies=[allow("demand.read"), allow("demand.reply")])
    def doubled() -> dict[str, str]:
        return {}

    @router.get("/guarded", dependencies=[allow("demand.read")])
    def guarded() -> dict[str, str]:
        return {}

    inner = APIRouter()

    @inner.get("/nested")
    def nested() -> dict[str, str]:
        return {}

    router.include_router(inner, prefix="/deep")
    made_up = FastAPI()
    made_up.include_router(router, prefix="/made-up", dependencies=[Depends(banner)])

    @made_up.get("/direct")
    def direct() -> dict[str, str]:
        return {}

    problems = guard_problems(made_up)
    assert any(p.startswith("GET /made-up/forgotten: declares no action") for p in problems)
    assert any(p.startswith("POST /made-up/doubled: declares") for p in problems)
    assert any(p.startswith("GET /made-up/deep/nested: declares no action") for p in problems)
    assert any(p.startswith("GET /direct: declares no action") for p in problems)
    assert not any("/guarded" in p for p in problems)
    assert len(problems) == 4


def test_the_action_of_a_route_is_found_through_the_include(app: FastAPI) -> None:
    served: dict[str, Served] = {s.key: s for s in served_routes(app)}
    assert route_actions(served["GET /api/demands"].route) == ["demand.read"]
    assert route_actions(served["POST /logout"].route) == ["session.sign_out"]
