"""The parameter book: which value of a tool parameter is in force on a date.

Every rate, share, quota, cap and eligibility list of the policy tools is a dated value
(C-3.2.1 … C-4.3.1): the 2022 values of reference/facts.md ship as the default set and 2023's
changes are new rows. Pure: values in, values out.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from beizeng.tools.parameter.errors import ParameterFileInvalid, ParameterMissing

PER_BANK = "*"
"""Scope of the default value that applies to every bank without a row of its own."""


@dataclass(frozen=True)
class ParameterValue:
    """One dated value; ``effective_to`` is exclusive and open when ``None``."""

    tool: str
    name: str
    scope: str
    effective_from: date
    effective_to: date | None
    value: Any
    note: str | None = None

    def in_force(self, on: date) -> bool:
        return self.effective_from <= on and (self.effective_to is None or on < self.effective_to)

    @property
    def key(self) -> tuple[str, str, str, date]:
        return (self.tool, self.name, self.scope, self.effective_from)


class ParameterBook:
    """An immutable set of dated parameter values with lookups by date and scope."""

    def __init__(self, values: Iterable[ParameterValue]) -> None:
        self._values = tuple(sorted(values, key=lambda v: v.key))

    @property
    def values(self) -> tuple[ParameterValue, ...]:
        return self._values

    def find(self, tool: str, name: str, on: date, scope: str = "") -> ParameterValue | None:
        """The value in force on ``on`` for ``scope``, falling back to the per-bank default."""
        for wanted in (scope, PER_BANK) if scope else ("",):
            hits = [
                v
                for v in self._values
                if v.tool == tool and v.name == name and v.scope == wanted and v.in_force(on)
            ]
            if hits:
                return max(hits, key=lambda v: v.effective_from)
        return None

    def get(self, tool: str, name: str, on: date, scope: str = "") -> Any:
        found = self.find(tool, name, on, scope)
        if found is None:
            raise ParameterMissing(tool, name, on, scope)
        return found.value

    def optional(self, tool: str, name: str, on: date, scope: str = "") -> Any:
        found = self.find(tool, name, on, scope)
        return None if found is None else found.value

    def decimal(self, tool: str, name: str, on: date, scope: str = "") -> Decimal:
        return Decimal(str(self.get(tool, name, on, scope)))

    def optional_decimal(self, tool: str, name: str, on: date, scope: str = "") -> Decimal | None:
        value = self.optional(tool, name, on, scope)
        return None if value is None else Decimal(str(value))


def _check_value(raw: Any, where: str) -> Any:
    """Numbers must be strings (exact) or integers/booleans; floats would lose the fen."""
    if isinstance(raw, float):
        raise ParameterFileInvalid(f'{where}：取值 {raw} 是浮点数，请写成字符串（例如 "0.0175"）。')
    if isinstance(raw, str) and raw and raw[0].isdigit():
        try:
            Decimal(raw)
        except InvalidOperation as exc:
            raise ParameterFileInvalid(f"{where}：取值「{raw}」不是有效的数字。") from exc
    return raw


def parse_toml(text: str, *, source: str) -> list[ParameterValue]:
    """Parse a parameter file (``[[parameter]]`` tables); every problem names the entry."""
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ParameterFileInvalid(f"参数文件 {source} 不是有效的 TOML：{exc}") from exc
    entries: Sequence[Any] = doc.get("parameter", [])
    out: list[ParameterValue] = []
    seen: set[tuple[str, str, str, date]] = set()
    for index, entry in enumerate(entries, start=1):
        where = f"参数文件 {source} 第 {index} 个 [[parameter]]"
        missing = [k for k in ("tool", "name", "from", "value") if k not in entry]
        if missing:
            raise ParameterFileInvalid(f"{where} 缺少字段：{'、'.join(missing)}。")
        start, end = entry["from"], entry.get("to")
        if not isinstance(start, date) or (end is not None and not isinstance(end, date)):
            raise ParameterFileInvalid(f"{where}：from/to 必须是日期，例如 2022-04-01。")
        if end is not None and end <= start:
            raise ParameterFileInvalid(f"{where}：to（{end}）必须晚于 from（{start}）。")
        value = ParameterValue(
            tool=str(entry["tool"]),
            name=str(entry["name"]),
            scope=str(entry.get("scope", "")),
            effective_from=start,
            effective_to=end,
            value=_check_value(entry["value"], where),
            note=entry.get("note"),
        )
        if value.key in seen:
            raise ParameterFileInvalid(f"{where} 与前面的条目重复（同一参数、范围与生效日期）。")
        seen.add(value.key)
        out.append(value)
    return out
