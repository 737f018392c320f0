"""``beizeng ref …``: look up identifiers, regions, industries, enterprise size and working days.

``ref workdays`` counts on the loaded holiday calendar, so its commands are the holiday
feature's (``holiday/commands.py``); the root table (``cli/app.py``) adds them to this group
when it runs, and the reference data imports no feature.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from beizeng.console.output import console
from beizeng.console.params import parse_decimal
from beizeng.kit.clock import SystemClock, today
from beizeng.reference import identifiers, industries, regions, sizing
from beizeng.reference.identifiers import AddressCode

ref_app = typer.Typer(
    help="参考代码查询：统一社会信用代码、身份证号码、行政区划、行业分类、企业划型、工作日。",
    no_args_is_help=True,
)

_LEVELS = {"province": "省级", "city": "地级", "county": "县级"}
_WEEKDAYS = "一二三四五六日"


def fields_table(title: str, rows: list[tuple[str, str]]) -> Table:
    """A two-column table of ``rows`` (item, content), escaped: the shape of every ``ref`` answer."""
    table = Table("项目", "内容", title=title)
    for name, value in rows:
        table.add_row(escape(name), escape(value))
    return table


def _address(code: str, info: AddressCode | None) -> str:
    if info is None:
        return f"{code}（未在 GB/T 2260 中找到）"
    text = f"{code} {info.name}"
    if info.years and not info.years.endswith("-"):
        text += f"（{info.years} 年使用）"
    if info.successor:
        text += f"，现为 {info.successor} {regions.get_region(info.successor).name}"
    return text


def day_label(d: date) -> str:
    """``2023-01-16（星期一）``."""
    return f"{d.isoformat()}（星期{_WEEKDAYS[d.weekday()]}）"


@ref_app.command("uscc")
def uscc(code: Annotated[str, typer.Argument(help="统一社会信用代码（18 位）")]) -> None:
    """校验统一社会信用代码（GB 32100-2015）并拆解各部分。"""
    parts = identifiers.describe_uscc(code)
    rows = [
        ("统一社会信用代码", parts.code),
        ("登记管理部门", parts.authority),
        ("机构类别", parts.kind),
        ("登记管理机关行政区划码", _address(parts.region_code, parts.region)),
        ("主体标识码", parts.subject),
        ("校验码", f"{parts.check}（正确）"),
    ]
    console.print(fields_table("统一社会信用代码校验通过", rows))


@ref_app.command("id")
def resident_id(number: Annotated[str, typer.Argument(help="18 位公民身份号码")]) -> None:
    """校验公民身份号码（GB 11643-1999），显示脱敏号码、出生日期、性别和地址码。"""
    facts = identifiers.describe_resident_id(number, today=today(SystemClock()))
    rows = [
        ("号码（脱敏）", facts.masked),
        ("出生日期", facts.birth_date.isoformat()),
        ("性别", identifiers.SEX_NAMES[facts.sex]),
        ("地址码", _address(facts.address_code, facts.address)),
    ]
    console.print(fields_table("公民身份号码校验通过", rows))


@ref_app.command("region")
def region(
    code_or_name: Annotated[
        str, typer.Argument(help="行政区划代码或名称，如 141100、吕梁、柳林县")
    ],
) -> None:
    """查询山西省、吕梁市及所辖县（市、区）的行政区划代码（GB/T 2260）及其下级。"""
    found = regions.find_region(code_or_name)
    parent = regions.get_region(found.parent).name if found.parent else "—"
    rows = [
        ("代码", found.code),
        ("名称", found.name),
        ("全称", found.full_name),
        ("级别", _LEVELS.get(found.level, found.level)),
        ("上级", parent),
    ]
    console.print(fields_table("行政区划", rows))
    below = regions.children(found.code)
    if below:
        table = Table("代码", "名称", "级别", title=f"{escape(found.name)}下辖 {len(below)} 个区划")
        for child in below:
            table.add_row(
                escape(child.code),
                escape(child.name),
                escape(_LEVELS.get(child.level, child.level)),
            )
        console.print(table)


@ref_app.command("industry")
def industry(code: Annotated[str, typer.Argument(help="行业代码，如 C3011、3011、C30、C")]) -> None:
    """查询国民经济行业分类（GB/T 4754-2017）：门类、大类、所属行业组和划型行业。"""
    canonical = industries.normalise_industry(code)
    groups = [industries.INDUSTRY_GROUPS[key].name for key in industries.groups_of(canonical)]
    rows = [
        ("规范代码", canonical),
        ("分类", industries.describe_industry(canonical)),
        ("所属行业组", "、".join(groups) or "—"),
        (f"企业划型行业（{sizing.STANDARD_2011}）", sizing.sizing_group_label(canonical)),
    ]
    console.print(fields_table("行业分类", rows))


@ref_app.command("size")
def size(
    industry_code: Annotated[str, typer.Option("--industry", help="行业代码（GB/T 4754-2017）")],
    employees: Annotated[int | None, typer.Option(help="从业人员（人）")] = None,
    revenue: Annotated[
        Decimal | None, typer.Option(parser=parse_decimal, help="营业收入（万元）")
    ] = None,
    assets: Annotated[
        Decimal | None, typer.Option(parser=parse_decimal, help="资产总额（万元）")
    ] = None,
) -> None:
    """按工信部联企业〔2011〕300号划分企业规模（大型、中型、小型、微型）。"""
    result = sizing.classify_enterprise(
        industry_code,
        employees=employees,
        revenue_wan=revenue,
        assets_wan=assets,
    )
    rows = [
        ("行业", industries.describe_industry(industry_code)),
        ("划型行业", result.group),
        ("企业规模", result.size_name),
        ("依据", result.rule),
        ("标准", result.standard),
    ]
    console.print(fields_table("企业划型", rows))
