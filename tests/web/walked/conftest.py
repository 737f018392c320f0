"""One access world and one walk of its pages per backend, shared by the export and the
readability tests (issue 14 points 1, 2 and 4).

Building the world and opening every page as pboc, gov and a bank is the costly part of both
modules, so it is a session fixture here, and both modules carry the ``pagewalk`` xdist group:
under ``--dist loadgroup`` one worker runs them all and builds the walk once per backend.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from tests.access.world import World, build
from tests.conftest import Template, _clone, _drop
from tests.web.walked.pagewalk import Page, walk

GROUP = pytest.mark.xdist_group("pagewalk")
"""The mark both modules carry, so that one worker builds the walk."""


@dataclass(frozen=True)
class Walked:
    world: World
    pages: list[Page]


@pytest.fixture(scope="session")
def walked(template: Template, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Walked]:
    """The access world with a bank's capacity entered (so the outreach page lists banks) and
    every page pboc, gov and the bank open in it."""
    directory = tmp_path_factory.mktemp(f"walked-{template.backend}")
    url = _clone(template, directory)
    built = build(url, directory / "home")
    response = built.client("pboc").post(
        "/outreach/capacity",
        data={"institution_code": built.ids["bank_code"], "capacity": "12000"},
        headers={"X-CSRF-Token": built.csrf["pboc"]},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    try:
        yield Walked(built, list(walk(built)))
    finally:
        built.close()
        built.engine.dispose()
        _drop(template, url)


@pytest.fixture
def world(walked: Walked) -> World:
    return walked.world
