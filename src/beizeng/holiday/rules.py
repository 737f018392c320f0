"""Reading one year of the State Council's holiday notice from its TOML file (a contract).

The file (``beizeng calendar load FILE.toml``)::

    year = 2027
    source = "国办发明电〔2026〕N号"
    holidays = ["2027-01-01", "2027-02-06", …]   # days off, weekends inside a holiday included
    workdays = ["2027-02-14", …]                  # weekend days made working days (调休上班)

Every problem of a file is reported at once, each naming the field, the value and the rule, so
pboc can mend the file in one pass; a file with any problem loads nothing.
"""

from __future__ import annotations

import hashlib
import json
import re
import tomllib
from dataclasses import dataclass
from datetime import date

from beizeng.errors import DataInvalid, Problem
from beizeng.reference.workdays import YearDays

FIELDS = ("year", "source", "holidays", "workdays")
_WEEKDAYS = "一二三四五六日"


@dataclass(frozen=True)
class Notice:
    """A valid year of a notice: what the calendar needs, and a digest of its content."""

    days: YearDays

    @property
    def year(self) -> int:
        return self.days.year

    @property
    def holidays(self) -> list[str]:
        return sorted(d.isoformat() for d in self.days.holidays)

    @property
    def workdays(self) -> list[str]:
        return sorted(d.isoformat() for d in self.days.workdays)

    @property
    def sha256(self) -> str:
        """The digest of the content (year, source, dates): "the same notice" means this."""
        return content_digest(self.year, self.days.source, self.holidays, self.workdays)


def content_digest(year: int, source: str, holidays: list[str], workdays: list[str]) -> str:
    body = json.dumps([year, source, sorted(holidays), sorted(workdays)], ensure_ascii=False)
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def _label(day: date) -> str:
    return f"{day.isoformat()}（星期{_WEEKDAYS[day.weekday()]}）"


def _dates(
    file: str, name: str, value: object, year: int | None, problems: list[Problem]
) -> list[date]:
    if not isinstance(value, list):
        problems.append(Problem(file, None, name, str(value), '应为日期列表，如 ["2027-01-01"]'))
        return []
    seen: set[date] = set()
    days: list[date] = []
    for item in value:
        text = item.isoformat() if isinstance(item, date) else str(item)
        try:
            day = item if isinstance(item, date) else date.fromisoformat(str(item))
            if len(text) != 10:
                raise ValueError
        except ValueError:
            problems.append(Problem(file, None, name, text, "日期格式须为 YYYY-MM-DD"))
            continue
        if year is not None and day.year != year:
            problems.append(Problem(file, None, name, text, f"日期不在 {year} 年内"))
        if day in seen:
            problems.append(Problem(file, None, name, text, "日期重复"))
        seen.add(day)
        days.append(day)
    return days


def parse_notice(content: bytes, *, file: str) -> Notice:
    """The notice in ``content``, or ``DataInvalid`` with every problem of the file.

    Rules: the file is UTF-8 TOML with exactly the four fields; ``year`` a whole number; every
    date a real ``YYYY-MM-DD`` in ``year``, none twice; no date both a holiday and a working day;
    every ``workdays`` date a Saturday or Sunday (a weekday is a working day anyway, so listing
    one means the file is wrong).
    """
    if not content.strip():
        raise DataInvalid([Problem(file, None, None, None, "文件为空")])
    try:
        data = tomllib.loads(content.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise DataInvalid([Problem(file, None, None, None, "文件不是 UTF-8 编码的文本")]) from None
    except tomllib.TOMLDecodeError as exc:
        # Python 3.11's error carries the place only in its English text: "(at line 3, column 5)"
        place = re.search(r"line (\d+), column (\d+)", str(exc))
        line = int(place.group(1)) if place else None
        where = f"（第 {line} 行第 {place.group(2)} 列附近）" if place else ""
        raise DataInvalid(
            [Problem(file, line, None, None, f"不是有效的 TOML 文件{where}")]
        ) from None
    problems: list[Problem] = []
    for name in FIELDS:
        if name not in data:
            problems.append(Problem(file, None, name, None, "缺少此项"))
    for name in sorted(set(data) - set(FIELDS)):
        problems.append(Problem(file, None, name, str(data[name]), "不是节假日文件的字段"))
    year = data.get("year")
    if "year" in data and (
        not isinstance(year, int) or isinstance(year, bool) or not 1900 < year < 9999
    ):
        problems.append(Problem(file, None, "year", str(year), "应为四位年份，如 2027"))
        year = None
    source = data.get("source")
    if "source" in data and (not isinstance(source, str) or not source.strip()):
        problems.append(
            Problem(file, None, "source", str(source), "应填写通知文号，如 国办发明电〔2026〕N号")
        )
    elif isinstance(source, str) and len(source.strip()) > 200:
        problems.append(Problem(file, None, "source", source[:40] + "…", "不超过 200 个字符"))
    valid_year = year if isinstance(year, int) else None
    holidays = _dates(file, "holidays", data.get("holidays", []), valid_year, problems)
    workdays = _dates(file, "workdays", data.get("workdays", []), valid_year, problems)
    for day in sorted(set(holidays) & set(workdays)):
        problems.append(
            Problem(file, None, "holidays/workdays", day.isoformat(), "同一日期不能既放假又上班")
        )
    for day in workdays:
        if day.weekday() < 5:
            problems.append(
                Problem(file, None, "workdays", _label(day), "调休上班日应为周六或周日")
            )
    if problems:
        raise DataInvalid(problems)
    assert isinstance(year, int) and isinstance(source, str)
    return Notice(YearDays(year, source.strip(), frozenset(holidays), frozenset(workdays)))
