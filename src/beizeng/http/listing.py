"""Long tables paged, sorted and filtered on the server (issue 14 point 4).

A page hands its rows and the keys people may sort and filter by; the query says the rest:
``sort`` (a key), ``desc`` (1 for descending), ``page`` (1-based, 50 rows a page) and
``q_<name>`` (a case-insensitive substring of the filter's text). Odd values never fail a page:
an unknown sort key is ignored, a page out of range is clamped. With ``export=xlsx`` every row
(filtered and sorted, unpaged) is returned, so the exported table holds what the filter shows.
The macros in ``_listing.html`` draw the sort headers, the pager and the filter form.

Several listings on one page keep apart by a ``prefix``: a listing made with ``prefix="bills_"``
reads ``bills_sort``, ``bills_desc``, ``bills_page`` and ``bills_q_<name>``, and its links and
filter form keep every other listing's parameters as they are. Without a prefix the names are
the plain ones above.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar
from urllib.parse import urlencode

from starlette.requests import Request

Row = TypeVar("Row")

PER_PAGE = 50
EXPORT_PARAM, EXPORT_FORMAT = "export", "xlsx"
FILTER_PREFIX = "q_"
MAX_FILTER_CHARS = 100


@dataclass(frozen=True)
class Listing(Generic[Row]):
    """One page of rows and the query that chose it, able to link to its neighbours."""

    rows: list[Row]
    total: int
    page: int
    pages: int
    per_page: int
    sort: str | None
    desc: bool
    filters: dict[str, str]
    query: tuple[tuple[str, str], ...]
    path: str
    exporting: bool
    prefix: str = ""
    """Put before each of this listing's query parameters (several listings on one page)."""

    def param(self, name: str) -> str:
        """The query parameter this listing reads for ``name`` (``sort``, ``page``, ``q_bank`` …)."""
        return self.prefix + name

    @property
    def first_index(self) -> int:
        """The 1-based position of the page's first row (0 for an empty listing)."""
        return (self.page - 1) * self.per_page + 1 if self.rows else 0

    @property
    def last_index(self) -> int:
        return self.first_index + len(self.rows) - 1 if self.rows else 0

    def href(self, **changes: str | int | None) -> str:
        """This page's URL with this listing's parameters ``changes`` applied (``sort``,
        ``desc``, ``page``, prefixed as the listing reads them; ``None`` drops one), every other
        query parameter kept."""
        named = {self.param(k): v for k, v in changes.items()}
        kept = [(k, v) for k, v in self.query if k not in named]
        kept += [(k, str(v)) for k, v in named.items() if v is not None]
        return f"{self.path}?{urlencode(kept)}" if kept else self.path

    def sort_href(self, key: str) -> str:
        """Sort by ``key``; a second click on the current key reverses it. Back to page 1."""
        desc = "1" if self.sort == key and not self.desc else None
        return self.href(sort=key, desc=desc, page=None)

    def hidden_fields(self) -> list[tuple[str, str]]:
        """The query parameters a filter form carries along: the sort, the page's own
        parameters and the other listings', not this listing's filters and page number nor an
        export."""
        return [(k, v) for k, v in self.query if not self._state(k)]

    def unfiltered_href(self) -> str:
        """The same page without this listing's filters, from its first page."""
        kept = self.hidden_fields()
        return f"{self.path}?{urlencode(kept)}" if kept else self.path

    def _state(self, key: str) -> bool:
        return key.startswith(self.param(FILTER_PREFIX)) or key in (
            self.param("page"),
            EXPORT_PARAM,
            "table",
        )


def _page_number(raw: str | None) -> int:
    try:
        return max(1, int(raw)) if raw and len(raw) <= 9 else 1
    except ValueError:
        return 1


def _sorted(rows: list[Row], key: Callable[[Row], Any], desc: bool) -> list[Row]:
    """Stable sort by ``key``, rows whose key is ``None`` last whatever the direction."""
    present = [r for r in rows if key(r) is not None]
    absent = [r for r in rows if key(r) is None]
    return sorted(present, key=key, reverse=desc) + absent


def listing(
    request: Request,
    rows: Sequence[Row],
    *,
    sorts: Mapping[str, Callable[[Row], Any]],
    filters: Mapping[str, Callable[[Row], str | None]] | None = None,
    per_page: int = PER_PAGE,
    default_sort: str | None = None,
    default_desc: bool = False,
    prefix: str = "",
) -> Listing[Row]:
    """``rows`` filtered, sorted and cut to the page the request's query asks for (its
    parameters named with ``prefix`` put before them)."""
    params = request.query_params
    wanted: dict[str, str] = {}
    chosen = list(rows)
    for name, text in (filters or {}).items():
        needle = (params.get(prefix + FILTER_PREFIX + name) or "").strip()[:MAX_FILTER_CHARS]
        if needle:
            wanted[name] = needle
            folded = needle.casefold()
            chosen = [r for r in chosen if folded in (text(r) or "").casefold()]
    sort = params.get(prefix + "sort")
    if sort in sorts:
        desc = params.get(prefix + "desc") in ("1", "true")
    else:
        sort, desc = (default_sort, default_desc) if default_sort in sorts else (None, False)
    if sort is not None:
        chosen = _sorted(chosen, sorts[sort], desc)
    exporting = params.get(EXPORT_PARAM) == EXPORT_FORMAT
    total = len(chosen)
    pages = max(1, -(-total // per_page))
    page = 1 if exporting else min(_page_number(params.get(prefix + "page")), pages)
    shown = chosen if exporting else chosen[(page - 1) * per_page : page * per_page]
    return Listing(
        rows=shown,
        total=total,
        page=page,
        pages=pages,
        per_page=per_page,
        sort=sort,
        desc=desc,
        filters=wanted,
        query=tuple(params.multi_items()),
        path=request.url.path,
        exporting=exporting,
        prefix=prefix,
    )
