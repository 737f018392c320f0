"""Every rule of the ledger contract as a DuckDB SQL expression (no I/O: SQL text only).

Validation is vectorised (issue 3, speed): the file is read as text into a table ``raw``, one
statement builds ``staged`` (trimmed text plus normalised values ``n_*``), and each column's rules
become one ``CASE`` that yields the Chinese message of the first rule the cell breaks, or NULL.
Identifier check digits are SQL too, generated from the same constants as the scalar functions
of ``beizeng.reference.identifiers`` (GB 32100-2015, GB 11643-1999) so both always agree.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from beizeng.ledger import rules
from beizeng.ledger.rules import Kind
from beizeng.reference.identifiers import (
    RESIDENT_ID_WEIGHTS,
    USCC_ALPHABET,
    USCC_AUTHORITIES,
    USCC_WEIGHTS,
)
from beizeng.reference.industries import SECTIONS, divisions
from beizeng.reference.regions import luliang_counties

RESIDENT_CHECK = "10X98765432"
"""GB 11643-1999: check = RESIDENT_CHECK[Σ dᵢ·wᵢ mod 11]."""
EARLIEST_BIRTH = "1880-01-01"
"""As ``identifiers.validate_resident_id``: a birth before 1880 is not plausible."""
USCC_PREFIXES = tuple(a + k for a, (_, kinds) in USCC_AUTHORITIES.items() for k in kinds)
"""Allowed positions 1–2 of a USCC: registration authority and kind of entity."""

_FULL = "".join(chr(c + 0xFEE0) for c in range(0x21, 0x7F)) + "\u3000"
_HALF = "".join(chr(c) for c in range(0x21, 0x7F)) + " "

MONEY_RE = r"[0-9]{1,16}(\.[0-9]{1,2})?"
RATE_RE = r"-?[0-9]{1,6}(\.[0-9]+)?"
SCIENTIFIC_RE = r"-?[0-9]+(\.[0-9]+)?[eE][+-]?[0-9]+"
DATE_FORMATS = "['%Y-%m-%d', '%Y/%m/%d']"
USCC_RE = "[" + USCC_ALPHABET + "]{18}"

REQUIRED = "必填项为空"
SCIENTIFIC = (
    "显示为科学计数法：这是 Excel 把长号码当作数字保存造成的损坏，18 位号码的末几位已变成 0、"
    "无法恢复；请把该列设为“文本”格式，按原始凭证重新录入后再导出"
)


def halfwidth(expr: str, *, drop: str = r"[\s\-]") -> str:
    """Full-width characters → ASCII, ``drop`` removed, upper case: the normalisation the scalar
    functions of ``beizeng.reference`` do with NFKC.

    ``translate`` over the full-width alphabet is slow, so plain ASCII values without anything
    to drop (nearly all) take a fast path that only upper-cases.
    """
    folded = f"translate({expr}, {quote(_FULL)}, {quote(_HALF)})"
    full = f"upper(regexp_replace({folded}, {quote(drop)}, '', 'g'))"
    plain = f"strlen({expr}) = length({expr}) AND NOT regexp_matches({expr}, {quote(drop)})"
    return f"CASE WHEN {plain} THEN upper({expr}) ELSE {full} END"


def quote(text: str) -> str:
    """An SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


def _weighted_sum(chars: str, value: str, weights: Sequence[int]) -> str:
    """Σ value(cᵢ)·wᵢ over the first len(weights) characters of ``chars``, one list expression.

    A list and a lambda rather than 17 ``substr`` terms: DuckDB binds every function call of a
    statement anew, and the unrolled sum cost ~4 ms of binding per statement (most of a small
    file's import), while the list form runs as fast on a million rows.
    """
    padded = f"rpad(left({chars}, {len(weights)}), {len(weights)}, '0')"  # never a length error
    return (
        f"CAST(list_dot_product(list_transform(string_split({padded}, ''), lambda c: {value}),"
        f" {list(weights)}) AS INTEGER)"
    )


def uscc_check_sql(expr: str) -> str:
    """The USCC check character of an 18-character code ``expr`` (GB 32100-2015, clause 4.2)."""
    alphabet = quote(USCC_ALPHABET)
    terms = _weighted_sum(expr, f"instr({alphabet}, c) - 1", USCC_WEIGHTS)
    return f"substr({alphabet}, ((31 - ({terms} % 31)) % 31) + 1, 1)"


def resident_check_sql(expr: str) -> str:
    """The resident-ID check character of an 18-character number ``expr`` (GB 11643-1999)."""
    terms = _weighted_sum(expr, "ascii(c) - 48", RESIDENT_ID_WEIGHTS)
    return f"substr({quote(RESIDENT_CHECK)}, ({terms} % 11) + 1, 1)"


def birth_date_sql(expr: str) -> str:
    """The birth date inside a resident ID, NULL when it is not a real date."""
    return f"try_strptime(substr({expr}, 7, 8), '%Y%m%d')::DATE"


def division_sections() -> str:
    """Section letters of divisions 01, 02, … as one string (a space for a missing division), so
    the section of division ``d`` is ``substr(this, d, 1)``: no join, no long ``CASE``."""
    table = divisions()
    last = max(int(code) for code in table)
    return "".join(table.get(f"{d:02d}", (" ", ""))[0] for d in range(1, last + 1))


def industry_sql(code: str, parts: str, section: str) -> str:
    """Canonical GB/T 4754-2017 code (section letter + digits, e.g. C3011), NULL when invalid;
    the same rules as ``reference.industries.normalise_industry``.

    ``parts`` is ``industry_parts_sql(code)`` and ``section`` is ``section_sql(parts)``, each
    computed one projection earlier (evaluated once per row).
    """
    letters = ", ".join(quote(letter) for letter in SECTIONS)
    return (
        f"CASE WHEN {parts}.digits = '' THEN CASE WHEN {code} IN ({letters}) THEN {code} END"
        f" WHEN {section} NOT IN ('', ' ') AND ({parts}.letter = '' OR {parts}.letter = {section})"
        f" THEN {section} || {parts}.digits END"
    )


def section_sql(parts: str) -> str:
    """The section letter of the division in ``parts.digits`` ('' or ' ' when unknown)."""
    return (
        f"CASE WHEN {parts}.digits <> '' THEN substr({quote(division_sections())},"
        f" CAST(left({parts}.digits, 2) AS INTEGER), 1) END"
    )


def industry_parts_sql(code: str) -> str:
    """``{letter, digits}`` of a code shaped like ``C3011`` or ``3011`` (empty strings if not)."""
    return f"regexp_extract({code}, '^([A-Z]?)([0-9]{{2,4}})$', ['letter', 'digits'])"


def _enum_sql(expr: str, column: str) -> str:
    """English word for an enum cell; exact words first (cheap), then case-insensitively."""
    exact = [(english, english) for english in rules.ENUMS[column]]
    exact += [(chinese, english) for english, chinese in rules.ENUMS[column].items()]
    fast = " ".join(f"WHEN {quote(word)} THEN {quote(english)}" for word, english in exact)
    slow = " ".join(
        f"WHEN {quote(word)} THEN {quote(english)}"
        for word, english in rules.enum_words(column).items()
    )
    return f"CASE {expr} {fast} ELSE CASE lower(trim({expr})) {slow} END END"


def _bool_sql(expr: str) -> str:
    true = ", ".join(quote(w) for w in rules.TRUE_WORDS)
    false = ", ".join(quote(w) for w in rules.FALSE_WORDS)
    return (
        f"CASE {expr} WHEN '是' THEN TRUE WHEN '否' THEN FALSE ELSE CASE"
        f" WHEN lower(trim({expr})) IN ({true}) THEN TRUE"
        f" WHEN lower(trim({expr})) IN ({false}) THEN FALSE END END"
    )


def _money_sql(expr: str) -> str:
    return (
        f"CASE WHEN regexp_full_match({expr}, '{MONEY_RE}') THEN CAST({expr} AS DECIMAL(18,2))"
        f" WHEN regexp_full_match(trim({expr}), '{MONEY_RE}')"
        f" THEN CAST(trim({expr}) AS DECIMAL(18,2)) END"
    )


def _rate_sql(expr: str) -> str:
    return (
        f"CASE WHEN regexp_full_match({expr}, '{RATE_RE}') THEN CAST({expr} AS DOUBLE)"
        f" WHEN regexp_full_match(trim({expr}), '{RATE_RE}') THEN CAST(trim({expr}) AS DOUBLE)"
        f" WHEN regexp_full_match(trim({expr}), '{RATE_RE}%')"
        f" THEN CAST(rtrim(trim({expr}), '%') AS DOUBLE) / 100 END"
    )


def staged_sql(mapping: Mapping[str, str], *, source: str, keep: Sequence[str] = ()) -> str:
    """``SELECT`` building the staged table from the text rows of ``source``.

    ``mapping``: canonical column → source column name; ``keep``: source columns passed through
    (the XLSX row numbers). Only projections: the staged table keeps the file's row order, so a
    CSV row's number is ``rowid + 2``.
    """
    text = ", ".join([*keep, *(_text_sql(name, raw) for name, raw in mapping.items())])
    normal: list[str] = []
    for column in rules.COLUMNS:
        name = column.name
        if column.kind is Kind.ENUM:
            normal.append(f"{_enum_sql(name, name)} AS n_{name}")
        elif column.kind is Kind.MONEY:
            normal.append(f"{_money_sql(name)} AS n_{name}")
        elif column.kind is Kind.DATE:
            normal.append(
                f"coalesce(try_strptime({name}, {DATE_FORMATS}),"
                f" try_strptime(trim({name}), {DATE_FORMATS}))::DATE AS n_{name}"
            )
        elif column.kind is Kind.RATE:
            normal.append(f"{_rate_sql(name)} AS n_{name}")
        elif column.kind is Kind.BOOL:
            normal.append(f"{_bool_sql(name)} AS n_{name}")
    counties = ", ".join(quote(region.code) for region in luliang_counties())
    industry = halfwidth("industry_code", drop=r"\s")
    return f"""
        WITH t AS (SELECT {text} FROM {source}),
        u AS (
            SELECT t.*, nullif({halfwidth("borrower_id")}, '') AS n_borrower_id,
                   {industry} AS _industry
            FROM t
        ),
        v AS (SELECT u.*, {industry_parts_sql("_industry")} AS _parts FROM u),
        w AS (SELECT v.*, {section_sql("_parts")} AS _section FROM v)
        SELECT w.* EXCLUDE (_industry, _parts, _section), {", ".join(normal)},
               {industry_sql("_industry", "_parts", "_section")} AS n_industry_code,
               CASE WHEN county_code IN ({counties}) THEN county_code
                    WHEN trim(county_code) IN ({counties}) THEN trim(county_code)
               END AS n_county_code
        FROM w
    """


def duplicates_sql(row_expr: str) -> str:
    """Loan ids given more than once, with the first row that has each."""
    return (
        f"SELECT loan_id, min(r) AS first_row FROM (SELECT {row_expr} AS r, loan_id FROM staged"
        " WHERE loan_id IS NOT NULL) GROUP BY loan_id HAVING count(*) > 1"
    )


def _text_sql(name: str, raw: str) -> str:
    """The staged text of a column: empty → NULL. Only free-text columns are trimmed here;
    every normalisation trims lazily (a string function on every cell of a million-row file
    costs more than the whole CSV parse), so values are reported as the file wrote them."""
    trimmed = rules.BY_NAME[name].kind in (Kind.ID, Kind.TEXT) and name != "borrower_id"
    value = f"trim({_ident(raw)})" if trimmed else _ident(raw)
    return f"nullif({value}, '') AS {name}"


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


@dataclass(frozen=True)
class Check:
    """The rules of one column: an SQL expression yielding a Chinese message or NULL."""

    column: str
    message: str
    severity: str = "error"


def _required(name: str) -> str:
    return f"WHEN {_blank(name)} THEN {quote(REQUIRED)}"


def _blank(name: str) -> str:
    return f"({name} IS NULL OR trim({name}) = '')"


def _enum_check(name: str) -> str:
    words = "/".join(rules.ENUMS[name].values())
    english = "/".join(rules.ENUMS[name])
    return quote(f"不是有效的取值：应为 {words}（或 {english}）")


def _id_check(unknown_addresses: Sequence[str]) -> str:
    """GB 32100-2015 and GB 11643-1999, in the order of ``reference.identifiers``' rules.

    ``unknown_addresses``: address codes of the file's resident IDs that never existed in
    GB/T 2260 (looked up once per distinct code, not per row).
    """
    uscc = ", ".join(quote(t) for t in rules.USCC_TYPES)
    resident = ", ".join(quote(t) for t in rules.RESIDENT_ID_TYPES)
    prefixes = ", ".join(quote(p) for p in USCC_PREFIXES)
    b = "n_borrower_id"
    born = birth_date_sql(b)
    is_uscc = f"n_borrower_type IN ({uscc})"
    is_resident = f"n_borrower_type IN ({resident})"
    unknown = ""
    if unknown_addresses:
        codes = ", ".join(quote(code) for code in unknown_addresses)
        unknown = (
            f"WHEN {is_resident} AND left({b}, 6) IN ({codes})"
            " THEN '公民身份号码的地址码不是 GB/T 2260 中出现过的行政区划代码'"
        )
    return f"""CASE WHEN n_borrower_id IS NULL THEN {quote(REQUIRED)}
        WHEN regexp_full_match(borrower_id, '{SCIENTIFIC_RE}') THEN {quote("证件号码" + SCIENTIFIC)}
        WHEN {is_uscc} AND NOT regexp_full_match({b}, '{USCC_RE}')
            THEN '统一社会信用代码应为 18 位数字或大写字母（不含 I、O、S、V、Z）（GB 32100-2015）'
        WHEN {is_uscc} AND left({b}, 2) NOT IN ({prefixes})
            THEN '统一社会信用代码第 1–2 位（登记管理部门、机构类别）无效（GB 32100-2015）'
        WHEN {is_uscc} AND NOT regexp_full_match(substr({b}, 3, 6), '[0-9]{{6}}')
            THEN '统一社会信用代码第 3–8 位应为登记管理机关的行政区划码（GB 32100-2015）'
        WHEN {is_uscc} AND {uscc_check_sql(b)} <> right({b}, 1)
            THEN '统一社会信用代码校验码错误（GB 32100-2015），请核对号码'
        WHEN {is_resident} AND regexp_full_match({b}, '[0-9]{{15}}')
            THEN '这是 15 位的第一代身份证号码，须填写 18 位公民身份号码（GB 11643-1999）'
        WHEN {is_resident} AND NOT regexp_full_match({b}, '[0-9]{{17}}[0-9X]')
            THEN '公民身份号码应为 18 位：17 位数字加 1 位数字或 X（GB 11643-1999）'
        WHEN {is_resident} AND {resident_check_sql(b)} <> right({b}, 1)
            THEN '公民身份号码校验码错误（GB 11643-1999），请核对号码'
        WHEN {is_resident} AND NOT coalesce({born} BETWEEN DATE '{EARLIEST_BIRTH}' AND current_date, FALSE)
            THEN '公民身份号码中的出生日期无效（GB 11643-1999）'
        {unknown}
    END"""


def _money_check(name: str) -> str:
    return f"""CASE WHEN n_{name} IS NOT NULL THEN NULL {_required(name)}
        WHEN {name} LIKE '%万%' THEN '金额单位应为元，不接受万元：请换算为元后填写（如 12.5万 填 125000）'
        WHEN regexp_full_match(trim({name}), '-?[0-9]{{1,3}}(,[0-9]{{3}})+(\\.[0-9]*)?')
            THEN '金额不能含千位分隔符（逗号）：单位为元，请填写如 1234567.89'
        WHEN regexp_full_match(trim({name}), '-[0-9]+(\\.[0-9]*)?') THEN '金额不能为负数'
        WHEN regexp_full_match(trim({name}), '[0-9]+\\.[0-9]{{3,}}')
            THEN '金额最多保留两位小数（单位为元，精确到分）'
        ELSE '不是有效金额：应为以元为单位的非负数，最多两位小数' END"""


def _date_check(name: str, period_end: date) -> str:
    extra = ""
    if name == "start_date":
        extra = (
            f"WHEN n_start_date > DATE '{period_end.isoformat()}'"
            f" THEN '发放日期晚于报送期末 {period_end.isoformat()}：月末快照中不能有尚未发放的贷款'"
        )
    if name == "maturity_date":
        extra = "WHEN n_start_date IS NOT NULL AND n_maturity_date <= n_start_date THEN '到期日期必须晚于发放日期'"
    return f"""CASE WHEN n_{name} IS NULL THEN CASE {_required(name)}
        WHEN regexp_full_match(trim({name}), '[0-9]{{5}}(\\.[0-9]+)?')
            THEN '这是 Excel 日期序列号（如 44562 即 2022-01-01）：CSV 中请填写 YYYY-MM-DD 格式的日期，把该列设为“日期”格式后重新导出'
        ELSE '日期无效：应为 YYYY-MM-DD 格式的真实日期' END
        {extra} END"""


def _conditional_enum_check(name: str, label: str) -> str:
    return f"""CASE
        WHEN n_borrower_type = 'enterprise' AND {_blank(name)}
            THEN '借款人类型为企业时必须填写{label}'
        WHEN n_borrower_type IS NOT NULL AND n_borrower_type <> 'enterprise' AND NOT {_blank(name)}
            THEN '仅企业填写{label}：借款人类型不是企业时请留空'
        WHEN n_{name} IS NULL AND NOT {_blank(name)} THEN {_enum_check(name)} END"""


def error_checks(period_end: date, unknown_addresses: Sequence[str] = ()) -> list[Check]:
    """The errors, column by column; ``period_end`` is the snapshot's month end."""
    checks = [
        Check(
            "loan_id",
            f"""CASE WHEN loan_id IS NULL THEN {quote(REQUIRED)}
                WHEN regexp_full_match(loan_id, '{SCIENTIFIC_RE}') THEN {quote("借据编号" + SCIENTIFIC)}
                END""",
        ),
        Check("borrower_id", _id_check(unknown_addresses)),
        Check("borrower_name", f"CASE WHEN borrower_name IS NULL THEN {quote(REQUIRED)} END"),
    ]
    for column in rules.COLUMNS:
        name = column.name
        if name in ("enterprise_size", "ownership"):
            checks.append(Check(name, _conditional_enum_check(name, column.chinese)))
        elif column.kind is Kind.ENUM:
            checks.append(
                Check(
                    name,
                    f"CASE WHEN n_{name} IS NOT NULL THEN NULL {_required(name)}"
                    f" ELSE {_enum_check(name)} END",
                )
            )
        elif column.kind is Kind.MONEY:
            checks.append(Check(name, _money_check(name)))
        elif column.kind is Kind.DATE:
            checks.append(Check(name, _date_check(name, period_end)))
        elif column.kind is Kind.BOOL:
            checks.append(
                Check(
                    name,
                    f"CASE WHEN n_{name} IS NOT NULL THEN NULL {_required(name)}"
                    " ELSE '应为 是/否（或 true/false、1/0、Y/N）' END",
                )
            )
    checks += [
        Check(
            "industry_code",
            f"""CASE WHEN n_industry_code IS NOT NULL THEN NULL {_required("industry_code")} ELSE
                '不是有效的国民经济行业代码（GB/T 4754-2017）：应为门类字母和/或 2–4 位数字，如 C3011，且门类与大类一致' END""",
        ),
        Check(
            "county_code",
            f"""CASE WHEN n_county_code IS NOT NULL THEN NULL {_required("county_code")} ELSE
                '不是吕梁市所辖县（市、区）的行政区划代码（GB/T 2260），如 141102 离石区' END""",
        ),
        Check(
            "interest_rate",
            f"""CASE WHEN n_interest_rate IS NOT NULL THEN NULL {_required("interest_rate")} ELSE
                '不是有效利率：请按小数填写年利率，如 0.0435（或 4.35%）' END""",
        ),
    ]
    return checks


def warning_checks(previous_end: date) -> list[Check]:
    """Suspicious but legal rows: listed, not fatal (issue 3, validation).

    The first-loan warning concerns loans granted this month (after ``previous_end``): a loan
    that was a first loan when granted keeps its flag in later snapshots.
    """
    low, high = rules.RATE_WARN_LOW, rules.RATE_WARN_HIGH
    return [
        Check(
            "balance",
            "CASE WHEN n_balance > n_credit_line THEN '贷款余额大于单户授信总额，请核实' END",
            "warning",
        ),
        Check(
            "interest_rate",
            f"CASE WHEN n_interest_rate < {low} OR n_interest_rate > {high}"
            " THEN '年利率超出 0–36% 的合理区间，请核实（按小数填写，0.0435 表示 4.35%）' END",
            "warning",
        ),
        Check(
            "first_loan",
            f"CASE WHEN n_first_loan AND n_start_date > DATE '{previous_end.isoformat()}'"
            " AND n_borrower_id IN (SELECT borrower_id FROM _previous)"
            " THEN '本月新发放的首贷户贷款，但该借款人上月末已在本机构有贷款，请核实' END",
            "warning",
        ),
    ]


def problems_sql(checks: list[Check], *, row_expr: str) -> str:
    """One row per broken rule: (row, column, value, rule, severity), duplicates included.

    One scan of ``staged``: a row passes when every check yields NULL (nearly all rows), and only
    the rows that fail are unnested into one problem per broken rule. Needs ``_dups`` (from
    ``duplicates_sql``) and ``_previous(borrower_id)``.
    """
    order = {name: i for i, name in enumerate(rules.COLUMN_NAMES)}
    broken = " OR ".join(f"m{i} IS NOT NULL" for i in range(len(checks)))
    entries = ", ".join(
        f"{{'col': {quote(c.column)}, 'value': {c.column}, 'ord': {order[c.column]},"
        f" 'rule': m{i}, 'severity': {quote(c.severity)}}}"
        for i, c in enumerate(checks)
    )
    columns = ", ".join(sorted({c.column for c in checks}))
    messages = ", ".join(f"{c.message} AS m{i}" for i, c in enumerate(checks))
    return f"""
        SELECT _row, p.col, p.value, p.ord, p.rule, p.severity FROM (
            SELECT _row, unnest([{entries}]) AS p
            FROM (SELECT {row_expr} AS _row, {columns}, {messages} FROM staged)
            WHERE {broken}
        ) WHERE p.rule IS NOT NULL
        UNION ALL
        SELECT dup_row, 'loan_id', loan_id, {order["loan_id"]},
               '借据编号在文件中重复：与第 ' || first_row || ' 行相同', 'error'
        FROM (SELECT {row_expr} AS dup_row, loan_id FROM staged
              WHERE loan_id IN (SELECT loan_id FROM _dups)) JOIN _dups USING (loan_id)
        WHERE dup_row <> first_row
    """


def typed_select() -> str:
    """The stored columns with their contract types, from ``staged``."""
    cols: list[str] = []
    for column in rules.COLUMNS:
        name = column.name
        if column.kind in (Kind.ID, Kind.TEXT) and name != "borrower_id":
            cols.append(name)
        elif name == "borrower_id":
            cols.append("n_borrower_id AS borrower_id")
        else:
            cols.append(f"n_{name}::{rules.DUCK_TYPES[column.kind]} AS {name}")
    return "SELECT " + ", ".join(cols) + " FROM staged"
