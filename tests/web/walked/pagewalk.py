"""Every HTML page a principal can open in the access world, for the export and readability
tests: the served GET routes (not the API, not the downloads), their ids from the world."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import httpx
from lxml import html as lxml_html

from tests.access.routes import served_routes
from tests.access.world import World

DOWNLOADS = re.compile(
    r"\.(png|svg|pdf|docx|xlsx|csv)$|/download$|/documents/|/attachments/|/errors/"
)
"""Routes that answer a file, not a page."""

WALKERS = ("pboc", "gov", "bank")


@dataclass(frozen=True)
class Page:
    principal: str
    path: str
    response: httpx.Response

    @property
    def tree(self) -> lxml_html.HtmlElement:
        return lxml_html.document_fromstring(self.response.text)


def page_paths(world: World) -> list[str]:
    """The path of every served HTML GET route, its parameters filled from the world's ids."""
    paths = set()
    for served in served_routes(world.app):
        if served.method != "GET" or served.is_api or DOWNLOADS.search(served.path):
            continue
        try:
            paths.add(served.path.format(**world.ids))
        except KeyError:  # a parameter the world has no id for
            continue
    return sorted(paths)


def walk(world: World, principals: tuple[str, ...] = WALKERS) -> Iterator[Page]:
    """Each page that answers 200 with HTML for each principal."""
    for principal in principals:
        client = world.client(principal)
        for path in page_paths(world):
            response = client.get(path, follow_redirects=False)
            if response.status_code == 200 and "text/html" in response.headers["content-type"]:
                yield Page(principal, path, response)
