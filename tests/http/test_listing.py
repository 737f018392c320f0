"""Server-side paging, sorting and filtering of long tables (issue 14 point 4)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import quote

from lxml import html as lxml_html
from starlette.requests import Request

from beizeng.http.listing import Listing, listing
from beizeng.http.templating import templates


@dataclass(frozen=True)
class Loan:
    id: int
    bank: str
    amount: Decimal | None


ROWS = [
    Loan(i, "汾阳农商银行" if i % 3 else "农行吕梁分行", None if i % 10 == 0 else Decimal(i % 7))
    for i in range(1, 121)
]
SORTS = {"amount": lambda r: r.amount, "id": lambda r: r.id}
FILTERS = {"bank": lambda r: r.bank}


def request(query: str, path: str = "/loans") -> Request:
    return Request(
        {
            "type": "http",
            "method": "GET",
            "path": path,
            "query_string": quote(query, safe="=&%").encode(),
            "headers": [],
        }
    )


def listed(query: str = "", **kwargs: object) -> Listing[Loan]:
    return listing(request(query), ROWS, sorts=SORTS, filters=FILTERS, **kwargs)  # type: ignore[arg-type]


def test_pages_fifty_rows_at_a_time() -> None:
    first, last = listed(), listed("page=3")
    assert [r.id for r in first.rows] == list(range(1, 51))
    assert (first.total, first.pages, first.page) == (120, 3, 1)
    assert [r.id for r in last.rows] == list(range(101, 121))
    assert (last.first_index, last.last_index) == (101, 120)


def test_bad_or_out_of_range_pages_are_clamped() -> None:
    assert listed("page=99").page == 3
    assert listed("page=0").page == 1
    assert listed("page=-4").page == 1
    assert listed("page=abc").page == 1
    assert listed("page=99999999999999999999999").page == 1


def test_sorts_stably_with_missing_values_last_in_both_directions() -> None:
    up = listed("sort=amount").rows + listed("sort=amount&page=2").rows
    amounts = [r.amount for r in up]
    assert amounts[:3] == [Decimal(0)] * 3
    present = [a for a in amounts if a is not None]
    assert present == sorted(present)
    everything = listed("sort=amount&export=xlsx").rows
    assert all(r.amount is None for r in everything[-12:])
    # stable: rows with equal amounts keep their original order
    zeros = [r.id for r in everything if r.amount == 0]
    assert zeros == sorted(zeros)
    down = listed("sort=amount&desc=1&export=xlsx").rows
    assert down[0].amount == Decimal(6)
    assert all(r.amount is None for r in down[-12:])
    sixes = [r.id for r in down if r.amount == 6]
    assert sixes == sorted(sixes)


def test_unknown_sort_key_is_ignored_and_the_default_used() -> None:
    assert listed("sort=__class__").sort is None
    assert [r.id for r in listed("sort=nope").rows][:3] == [1, 2, 3]
    chosen = listed("sort=nope", default_sort="id", default_desc=True)
    assert chosen.sort == "id" and chosen.rows[0].id == 120


def test_filters_are_case_insensitive_substrings() -> None:
    rows = [Loan(1, "ABC Bank", None), Loan(2, "Other", None)]
    found = listing(request("q_bank=abc"), rows, sorts=SORTS, filters=FILTERS)
    assert [r.id for r in found.rows] == [1]
    assert found.filters == {"bank": "abc"}
    abc_bank = listed("q_bank=农行")
    assert abc_bank.total == 40 and all(r.bank == "农行吕梁分行" for r in abc_bank.rows)
    assert listed("q_bank=%20%20").total == 120  # blank is no filter


def test_export_returns_every_filtered_row_unpaged() -> None:
    exported = listed("export=xlsx&page=2&q_bank=汾阳")
    assert exported.exporting and exported.total == 80 and len(exported.rows) == 80


def test_links_keep_the_other_parameters() -> None:
    chosen = listed("period=2022-06&sort=id&page=2")
    assert chosen.href(page=3) == "/loans?period=2022-06&sort=id&page=3"
    assert chosen.sort_href("id") == "/loans?period=2022-06&sort=id&desc=1"
    assert listed("sort=id&desc=1").sort_href("id") == "/loans?sort=id"
    assert chosen.sort_href("amount") == "/loans?period=2022-06&sort=amount"
    filtered = listed("period=2022-06&q_bank=x&page=2&export=xlsx")
    assert filtered.hidden_fields() == [("period", "2022-06")]
    assert filtered.unfiltered_href() == "/loans?period=2022-06"


PAGE = """{% import "_listing.html" as lst %}
{{ lst.filter_form(listing, [("bank", "银行")]) }}
<table><thead><tr>{{ lst.sort_header(listing, "amount", "金额（万元）") }}</tr></thead></table>
{{ lst.pager(listing) }}"""


def render(chosen: Listing[Loan]) -> lxml_html.HtmlElement:
    return lxml_html.fromstring(templates.env.from_string(PAGE).render(listing=chosen))


def test_macros_draw_sort_header_pager_and_filter_form() -> None:
    page = render(listed("sort=amount&page=2&q_bank=汾阳&period=2022-06"))
    th = page.xpath("//th")[0]
    assert th.get("aria-sort") == "ascending"
    assert th.xpath("a[@class='sort']")[0].get("href").endswith("sort=amount&desc=1")
    assert th.xpath(".//*[@data-no-export]")[0].text == "▲"
    assert page.xpath("//nav[@class='pager']/span[@class='pager-page']")[0].text == "第 2 / 2 页"
    assert page.xpath("//a[@rel='prev']") and not page.xpath("//a[@rel='next']")
    hidden = {i.get("name"): i.get("value") for i in page.xpath("//form//input[@type='hidden']")}
    assert hidden == {"sort": "amount", "period": "2022-06"}
    assert page.xpath("//input[@name='q_bank']")[0].get("value") == "汾阳"


def test_pager_is_left_out_of_an_export() -> None:
    assert not render(listed("export=xlsx")).xpath("//nav[@class='pager']")


def test_two_prefixed_listings_on_one_page_read_and_keep_their_own_parameters() -> None:
    query = "period=2022-06&a_sort=id&a_desc=1&a_page=2&b_q_bank=农行&b_page=1&q_bank=x"
    first = listed(query, prefix="a_")
    second = listed(query, prefix="b_")
    assert (first.sort, first.desc, first.page, first.filters) == ("id", True, 2, {})
    assert [r.id for r in first.rows][:2] == [70, 69]
    assert (second.sort, second.page, second.total) == (None, 1, 40)
    assert second.filters == {"bank": "农行"}
    assert first.href(page=3) == (
        "/loans?period=2022-06&a_sort=id&a_desc=1&b_q_bank=农行&b_page=1&q_bank=x&a_page=3"
    ).replace("农行", quote("农行"))
    assert second.sort_href("amount").endswith("&b_sort=amount")
    assert "b_page" not in second.sort_href("amount") and "a_page=2" in second.sort_href("id")
    assert second.hidden_fields() == [
        ("period", "2022-06"),
        ("a_sort", "id"),
        ("a_desc", "1"),
        ("a_page", "2"),
        ("q_bank", "x"),
    ]
    assert first.unfiltered_href() == (
        "/loans?period=2022-06&a_sort=id&a_desc=1&b_q_bank=" + quote("农行") + "&b_page=1&q_bank=x"
    )


def test_a_prefixed_filter_form_names_its_boxes_with_the_prefix() -> None:
    page = render(listed("b_q_bank=汾阳", prefix="b_"))
    box = page.xpath("//input[@type='search']")[0]
    assert (box.get("name"), box.get("value")) == ("b_q_bank", "汾阳")
    assert (
        page.xpath("//th/a")[0].get("href") == "/loans?b_q_bank=" + quote("汾阳") + "&b_sort=amount"
    )
