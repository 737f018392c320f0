"""The vectorised SQL rules agree with the scalar functions of ``beizeng.reference``."""

from __future__ import annotations

import functools
from collections.abc import Iterator

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from beizeng.errors import InvalidInput
from beizeng.ledger import checks, duck
from beizeng.reference.identifiers import (
    USCC_ALPHABET,
    resident_id_check_char,
    uscc_check_char,
    validate_resident_id,
    validate_uscc,
)
from beizeng.reference.industries import normalise_industry


@pytest.fixture(scope="module")
def con() -> Iterator[duckdb.DuckDBPyConnection]:
    connection = duck.connect()
    yield connection
    connection.close()


def _scalar(con: duckdb.DuckDBPyConnection, sql: str, value: str) -> object:
    found = con.execute(f"SELECT {sql} FROM (SELECT ?::VARCHAR AS v)", [value]).fetchone()
    assert found is not None
    return found[0]


def _accepted(validator: object, value: str) -> bool:
    try:
        validator(value)  # type: ignore[operator]
    except InvalidInput:
        return False
    return True


def _sql_id_verdict(con: duckdb.DuckDBPyConnection, value: str, borrower_type: str) -> bool:
    """True when the ledger's borrower_id rule accepts ``value`` for ``borrower_type``."""
    rule = checks._id_check(())
    sql = (
        f"SELECT {rule} FROM (SELECT v AS borrower_id, {checks.halfwidth('v')} AS n_borrower_id,"
        f" {checks.quote(borrower_type)} AS n_borrower_type FROM (SELECT ?::VARCHAR AS v))"
    )
    found = con.execute(sql, [value]).fetchone()
    assert found is not None
    return found[0] is None


uscc_bodies = st.text(alphabet=USCC_ALPHABET, min_size=17, max_size=17)
resident_bodies = st.builds(
    lambda area, born, seq: f"{area}{born.year:04d}{born.month:02d}{born.day:02d}{seq:03d}",
    st.sampled_from(["141102", "142301", "110105", "360426", "141181"]),
    st.dates(),
    st.integers(0, 999),
)


@settings(max_examples=300, deadline=None)
@given(body=uscc_bodies)
def test_sql_uscc_check_character_equals_the_scalar_function(
    con: duckdb.DuckDBPyConnection, body: str
) -> None:
    assert _scalar(con, checks.uscc_check_sql("v"), body + "0") == uscc_check_char(body)


@settings(max_examples=300, deadline=None)
@given(body=st.text(alphabet="0123456789", min_size=17, max_size=17))
def test_sql_resident_id_check_character_equals_the_scalar_function(
    con: duckdb.DuckDBPyConnection, body: str
) -> None:
    assert _scalar(con, checks.resident_check_sql("v"), body + "0") == resident_id_check_char(body)


@settings(max_examples=300, deadline=None)
@given(
    body=st.one_of(uscc_bodies, st.just("91110000600037341")),
    last=st.sampled_from(list(USCC_ALPHABET) + [""]),
)
def test_sql_uscc_rule_accepts_exactly_what_validate_uscc_accepts(
    con: duckdb.DuckDBPyConnection, body: str, last: str
) -> None:
    code = body + (last or uscc_check_char(body))
    assert _sql_id_verdict(con, code, "enterprise") == _accepted(validate_uscc, code)


@settings(max_examples=300, deadline=None)
@given(body=resident_bodies, last=st.sampled_from(list("0123456789X") + [""]))
def test_sql_resident_id_rule_accepts_what_validate_resident_id_accepts(
    con: duckdb.DuckDBPyConnection, body: str, last: str
) -> None:
    number = body + (last or resident_id_check_char(body))
    (today,) = con.execute("SELECT current_date").fetchone()  # the SQL rule's own today
    validate = functools.partial(validate_resident_id, today=today)
    assert _sql_id_verdict(con, number, "farmer") == _accepted(validate, number)


@pytest.mark.parametrize(
    ("value", "kind", "ok"),
    [
        ("91110000600037341L", "enterprise", True),
        ("914403001922038216", "individual_business", True),
        ("91110000600037341N", "enterprise", False),
        ("91350211M0000XUF46", "enterprise", False),
        ("11010519491231002X", "personal", True),
        ("11010519491231002x", "micro_owner", True),
        ("36042619910102009X", "farmer", False),
        ("360426199113010079", "personal", False),
        ("3.60426E+17", "personal", False),
    ],
)
def test_official_identifier_examples_are_judged_as_facts_md_says(
    con: duckdb.DuckDBPyConnection, value: str, kind: str, ok: bool
) -> None:
    assert _sql_id_verdict(con, value, kind) is ok


def _sql_industry(con: duckdb.DuckDBPyConnection, value: str) -> object:
    code = checks.halfwidth("v", drop=r"\s")
    sql = (
        f"SELECT {checks.industry_sql('c', 'p', 's')} FROM (SELECT c, p, {checks.section_sql('p')} AS s"
        f" FROM (SELECT c, {checks.industry_parts_sql('c')} AS p FROM (SELECT {code} AS c FROM"
        " (SELECT ?::VARCHAR AS v))))"
    )
    found = con.execute(sql, [value]).fetchone()
    assert found is not None
    return found[0]


@settings(max_examples=400, deadline=None)
@given(
    letter=st.sampled_from(list("ABCHRTUZcx") + [""]),
    digits=st.text(alphabet="0123456789", min_size=0, max_size=5),
    space=st.sampled_from(["", " ", "\u3000"]),
)
def test_sql_industry_code_equals_normalise_industry(
    con: duckdb.DuckDBPyConnection, letter: str, digits: str, space: str
) -> None:
    value = f"{letter}{space}{digits}"
    try:
        expected: str | None = normalise_industry(value)
    except InvalidInput:
        expected = None
    assert _sql_industry(con, value) == expected


def test_division_sections_follow_the_standard_table() -> None:
    sections = checks.division_sections()
    assert sections[0] == "A" and sections[5] == "B" and sections[29] == "C"  # 01, 06, 30
    assert sections[61] == "H" and sections[96] == "T"  # 62 catering, 97
