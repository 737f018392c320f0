"""The trend page's subject choices read as the other monitoring pages name subjects (issue 14
point 2): each ``<option>`` shows the name the evaluation page's ``Named`` cells show for the
same code, never the code itself (a ``Named`` span cannot sit inside an ``<option>``: the
option carries the code as its value and the name as its text)."""

from __future__ import annotations

import re

from tests.outreach.web import platform, staffed
from tests.web.conftest import Platform

__all__ = ["platform", "staffed"]

OPTION = re.compile(r'<option value="([^"]+)"[^>]*>([^<]*)</option>')
NAMED = re.compile(r'<span class="named" data-code="([^"]+)">([^<]*)</span>')


def test_the_trend_subjects_are_offered_by_the_names_the_evaluation_shows(
    staffed: Platform,
) -> None:
    client = staffed.client("pboc1")
    trends = client.get("/monitor/trends").text
    select = trends[
        trends.index('<select name="subject">') : trends.index(
            "</select>", trends.index('<select name="subject">')
        )
    ]
    options = dict(OPTION.findall(select))
    named = dict(NAMED.findall(client.get("/monitor").text))
    assert {"ICBCLL", "ABCLL", "141100", "national"} <= named.keys() <= options.keys()
    assert all(options[code] == name for code, name in named.items())
    assert all(text and text != code for code, text in options.items())
    assert options["141102"] == "离石区"
