"""What a person reads on a page (issue 14 points 1-3): the visible text has no scientific
notation and no bare institution code, and every figure of a monitor metric links to its
explain. Shared by the dashboard's and the monitoring pages' tests."""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

from lxml import html as lxml_html

from beizeng.kit import numbers
from beizeng.monitor.metrics import get_metric
from beizeng.monitor.rules import RATE_MEASURES

SCIENTIFIC = re.compile(r"(?<![0-9A-Za-z_.])\d+\.?\d*[eE][+-]?\d+(?![0-9A-Za-z_])")
"""A number in scientific notation standing as a word (1e6, 2.13e+09), not random characters."""
EXPLAIN = "/monitor/explain?"
FIGURES = (
    "//table[@id='targets']//td[contains(@class, 'actual')]"
    " | //table[contains(@class, 'chart-table')]"
    " | //section[@id='branches']//table | //section[@id='obligations']//td[contains(@class, 'obligation')]"
)
"""Every figure of a monitor metric: the targets' actuals (a constant benchmark such as 10% is
no metric), the charts' tables, the branches, the platform obligations."""


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


Key = tuple[str, str, str, str]
"""An explain query: period, metric, subject and measure (``value`` unless a derived one)."""


def linked_figures(page: str) -> dict[Key, set[tuple[Decimal, str]]]:
    """The figures under :data:`FIGURES` that link to an explain, by the explain they link to:
    each as the exact value and the unit it is shown in (``data-value``, ``data-unit``)."""
    found: dict[Key, set[tuple[Decimal, str]]] = {}
    for span in figures(page, FIGURES):
        link, value = explain_link(span), span.get("data-value")
        if link is not None and value is not None:
            key = (link["period"], link["metric"], link["subject"], link.get("measure", "value"))
            found.setdefault(key, set()).add((Decimal(value), span.get("data-unit") or ""))
    return found


def shown(
    value: Decimal | None, metric: str, unit: str, measure: str = "value"
) -> tuple[Decimal | None, str]:
    """How a metric's value (or its derived ``measure``: a growth is a fraction) reads in the
    unit a figure uses (万元/亿元 for money), as the figure's ``data-value`` and ``data-unit``
    would hold it."""
    money = unit if unit in ("万元", "亿元", "元") else "万元"
    word = "fraction" if measure in RATE_MEASURES else get_metric(metric).unit
    expected = numbers.metric(value, word, money)
    return expected.value, expected.unit
