"""What a person reads on a page (issue 14 points 1-3): the visible text has no scientific
notation and no bare institution code, and every figure of a monitor metric links to its
explain. Shared by the dashboard's and the monitoring pages' tests."""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import parse_qs, urlsplit

from lxml import html as lxml_html

SCIENTIFIC = re.compile(r"\d\.?\d*[eE][+-]?\d")
EXPLAIN = "/monitor/explain?"


def _tree(page: str) -> lxml_html.HtmlElement:
    tree = lxml_html.fromstring(page)
    for hidden in tree.xpath(
        "//script | //style | //*[local-name()='style'] | //*[local-name()='metadata']"
    ):
        hidden.drop_tree()
    return tree


def visible_text(page: str) -> str:
    """The text of the page's body (and the charts' titles), without attributes, scripts,
    styles or the SVG's metadata."""
    body = _tree(page).xpath("//body")[0]
    return " ".join(body.itertext())


def bare_codes(page: str, codes: Iterable[str]) -> list[str]:
    """The registry codes that appear as words of the visible text."""
    text = visible_text(page)
    return [c for c in codes if re.search(rf"(?<![A-Za-z0-9]){re.escape(c)}(?![A-Za-z0-9])", text)]


def scientific(page: str) -> list[str]:
    return SCIENTIFIC.findall(visible_text(page))


def figures(page: str, scope: str) -> list[lxml_html.HtmlElement]:
    """The number spans (``kit.numbers.Shown``) under the elements matched by XPath ``scope``."""
    return [
        span
        for root in _tree(page).xpath(scope)
        for span in root.xpath(".//span[contains(concat(' ', @class, ' '), ' num ')]")
    ]


def explain_link(span: lxml_html.HtmlElement) -> dict[str, str] | None:
    """The explain query a figure links to (period, metric, subject), or None."""
    for anchor in span.iterancestors("a"):
        href = anchor.get("href", "")
        if href.startswith(EXPLAIN):
            return {k: v[0] for k, v in parse_qs(urlsplit(href).query).items()}
    return None


def unlinked(page: str, scope: str) -> list[str]:
    """The figures under ``scope`` that do not link to an explain."""
    return [span.text_content() for span in figures(page, scope) if explain_link(span) is None]
