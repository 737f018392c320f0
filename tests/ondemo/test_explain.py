"""``beizeng monitor explain`` on the demo reproduces every dashboard figure it links from
(issue 14 "done when"): the city's board (pboc), a county's (the 兴县 sub-branch) and a bank's
(工行吕梁分行), every figure of every metric they link, compared with the command's JSON value in
the unit the figure is shown in.

A target's derived figure (同比增速, 同比增量 …) links to the explain of that measure
(``--measure``), whose value it must be. A board links some two thousand figures (every month of
the trends, every county and bank); the subject's own figures at the year ends the targets read
are checked, and every other metric of the subject at its latest month."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from decimal import Decimal

import pytest
from fastapi.testclient import TestClient

from beizeng import db
from beizeng.cli.app import run
from beizeng.config import get_settings
from beizeng.demand.demo import PASSWORD_FILE
from beizeng.web.app import create_app
from tests.dashboard.readable import Key, linked_figures, shown
from tests.ondemo.conftest import ONDEMO, DemoRun
from tests.web.conftest import login

pytestmark = ONDEMO

BOARDS = {"pboc": "141100", "pboc_xing": "141123", "icbc": "ICBCLL"}
"""The demo user whose board is read, and the subject the board is of."""
YEAR_ENDS = ("2022-12", "2021-12", "2020-12")


@pytest.fixture
def in_demo(demo_run: DemoRun, monkeypatch: pytest.MonkeyPatch) -> Iterator[DemoRun]:
    """The environment of an operator of the demo's home (its own SQLite database)."""
    for name in [n for n in os.environ if n.startswith("BEIZENG_")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("BEIZENG_HOME", str(demo_run.home))
    get_settings.cache_clear()
    db.get_engine.cache_clear()
    yield demo_run
    db.get_engine().dispose()
    db.get_engine.cache_clear()
    get_settings.cache_clear()


@pytest.fixture
def explain(
    in_demo: DemoRun, capsys: pytest.CaptureFixture[str]
) -> Callable[[Key], Decimal | None]:
    """The value ``beizeng monitor explain --format json`` gives for a key."""

    def value(key: Key) -> Decimal | None:
        period, metric, subject, measure = key
        capsys.readouterr()
        code = run(
            ["monitor", "explain", "--period", period, "--metric", metric, "--subject", subject]
            + ["--measure", measure, "--format", "json"]
        )
        out = capsys.readouterr()
        assert code == 0, out.err
        answer = json.loads(out.out)
        found = answer["value"] if answer["measured"] is None else answer["measured"]["value"]
        return None if found is None else Decimal(str(found))

    return value


def _board(in_demo: DemoRun, username: str) -> str:
    password = (in_demo.home / PASSWORD_FILE).read_text(encoding="utf-8").strip()
    with TestClient(create_app()) as client:
        login(client, username, password)
        response = client.get("/dashboard")
    assert response.status_code == 200, response.text[-500:]
    return response.text


@pytest.mark.parametrize("username", list(BOARDS))
def test_every_linked_figure_is_the_explains_value(
    in_demo: DemoRun, explain: Callable[[Key], Decimal | None], username: str
) -> None:
    linked = linked_figures(_board(in_demo, username))
    chosen = _chosen(linked, BOARDS[username])
    checked = 0
    for key in chosen:
        value = explain(key)
        for figure, unit in linked[key]:
            assert shown(value, key[1], unit, key[3]) == (figure, unit), key
            checked += 1
    metrics = {key[1] for key in linked if key[2] == BOARDS[username]}
    assert metrics == {key[1] for key in chosen} and len(metrics) >= 6, metrics
    assert checked >= 10


def _chosen(linked: dict[Key, set[tuple[Decimal, str]]], subject: str) -> list[Key]:
    """The subject's figures at the year ends a 2022-12 evaluation reads, and for a metric shown
    at no year end (a trend only) its latest month."""
    own = sorted(k for k in linked if k[2] == subject)
    chosen = [k for k in own if k[0] in YEAR_ENDS]
    for metric in {k[1] for k in own} - {k[1] for k in chosen}:
        chosen.append(max((k for k in own if k[1] == metric), key=lambda k: k[0]))
    return chosen
