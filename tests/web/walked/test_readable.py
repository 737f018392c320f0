"""Pages people read show names, not codes, and numbers without exponents (issue 14 points 1
and 2): the visible text of the pages pboc, gov and a bank open has no scientific notation and
no bare registry code (codes only in attributes, for links and the export's code column)."""

from __future__ import annotations

import re

import pytest
from lxml import html as lxml_html
from sqlalchemy import select

from beizeng.models.institution import Institution
from tests.access.world import World
from tests.web.walked.conftest import GROUP, Walked
from tests.web.walked.pagewalk import Page

pytestmark = GROUP

SCIENTIFIC = re.compile(r"(?<![0-9A-Za-z_.])\d+(?:\.\d+)?[eE][+-]?\d+(?![0-9A-Za-z_])")
"""A number in scientific notation standing as a word (not inside a token's or a secret's
random characters, such as a token prefix ``bz_a2e3f``)."""
OWNED = re.compile(
    r"^/(tools|outreach|submissions|notices|demands|products|events|lists|supervision|privacy"
    r"|inbox|account|institutions)\b"
)
"""The pages of this part (the dashboard and monitoring pages have their own tests)."""


@pytest.fixture
def pages(walked: Walked) -> list[Page]:
    return [p for p in walked.pages if OWNED.match(p.path)]


@pytest.fixture
def codes(world: World) -> set[str]:
    with world.session() as s:
        return set(s.scalars(select(Institution.code)))


def visible_text(tree: lxml_html.HtmlElement) -> str:
    # <code> holds machine strings (a token prefix, a secret), never a number to read.
    for hidden in tree.xpath("//script|//style|//head|//option|//input|//textarea|//code"):
        hidden.drop_tree()
    return tree.text_content()


def test_the_walk_covers_the_tools_and_outreach_pages(pages: list[Page]) -> None:
    paths = {p.path for p in pages}
    assert {"/tools", "/tools/guarantee", "/outreach", "/demands", "/products"} <= paths
    assert any(p.startswith("/tools/relending/") for p in paths)


def test_no_page_shows_a_number_in_scientific_notation(pages: list[Page]) -> None:
    for page in pages:
        found = SCIENTIFIC.findall(visible_text(page.tree))
        assert not found, (page.principal, page.path, found)


def test_no_page_shows_a_bare_institution_code(pages: list[Page], codes: set[str]) -> None:
    pattern = re.compile(
        r"(?<![A-Za-z0-9])(" + "|".join(map(re.escape, codes)) + r")(?![A-Za-z0-9])"
    )
    for page in pages:
        found = pattern.findall(visible_text(page.tree))
        assert not found, (page.principal, page.path, found)


def test_codes_stay_in_attributes_for_the_export(world: World) -> None:
    tree = lxml_html.document_fromstring(world.client("pboc").get("/outreach").text)
    (cell,) = tree.xpath("//table[@id='capacity']//span[@class='named']")
    assert cell.get("data-code") == world.ids["bank_code"] and cell.text == "矩阵银行吕梁分行"
    (held,) = tree.xpath("//table[@id='capacity']//td[2]")
    assert held.text_content() == "12,000"


def test_tools_amounts_are_grouped_in_wan_and_rates_in_percent(world: World) -> None:
    tree = lxml_html.document_fromstring(world.client("pboc").get("/tools").text)
    (row,) = tree.xpath("//table[@id='batches']/tbody/tr")
    cells = [c.text_content() for c in row.xpath("td")]
    assert cells[2] == "矩阵银行吕梁分行" and cells[4] == "50.00" and cells[5] == "2.00"
