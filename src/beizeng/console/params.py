"""Command-line values every command shares: dates, amounts, periods, quarters.

A raw ``date.fromisoformat`` or ``Decimal()`` in a command turns ``--date 2022/07/05`` or
``--amount 1,000`` into an unexpected exception, which the CLI can only report as 「内部错误」.
The parsers here are Typer ``parser=`` callables: a value in the wrong form becomes a usage
error (exit 2) whose one Chinese line names the option, the value and the form expected, before
any database is opened. Use them as ``typer.Option("--date", parser=parse_date)``.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation

import typer

from beizeng.kit.periods import Period, PeriodInvalid, Quarter

_GROUPED = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
"""An amount written with thousands separators, as clerks copy it from a statement: 1,234.50."""


class ValueMalformed(typer.BadParameter):
    """A value in the wrong form, told in Chinese.

    Typer formats ``BadParameter`` as "Invalid value for '--x': …"; this one formats the whole
    line in Chinese. Typer attaches the parameter after the parser raised, which is how the
    message learns the option's name without each command repeating it.
    """

    def __init__(self, value: str, problem: str) -> None:
        super().__init__(problem)
        self.value = value
        self.problem = problem

    def format_message(self) -> str:
        return f"{self._name()} 的值「{self.value}」{self.problem}"

    def _name(self) -> str:
        if self.param is None:
            return "参数"
        if self.param.param_type_name == "option" and self.param.opts:
            return self.param.opts[0]
        return self.param.metavar or str(self.param.name).upper()


def parse_date(value: str | date) -> date:
    """``YYYY-MM-DD`` (ISO 8601, the form of every date in the ledgers and templates)."""
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise ValueMalformed(value, "不是日期：格式须为 YYYY-MM-DD，如 2022-07-05") from None


def parse_decimal(value: str | Decimal) -> Decimal:
    """A finite number; thousands separators (``1,000``, ``1,234.5``) are read as such.

    Only correctly grouped commas are accepted: ``1,00`` is more likely a decimal comma typed by
    mistake than a thousand, so it is refused rather than read as 100.
    """
    if isinstance(value, Decimal):
        return value
    text = value.strip()
    if _GROUPED.match(text):
        text = text.replace(",", "")
    try:
        number = Decimal(text)
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite():
        raise ValueMalformed(value, "不是数字：如 1000、1,000 或 0.0175") from None
    return number


def parse_period(value: str | Period) -> Period:
    """A month end ``YYYY-MM``, the period of every ledger and statistic."""
    if isinstance(value, Period):
        return value
    try:
        return Period.parse(value)
    except PeriodInvalid:
        raise ValueMalformed(value, "不是期间：须为 YYYY-MM（月份 01–12），如 2022-06") from None


def parse_quarter(value: str | Quarter) -> Quarter:
    """A quarter ``YYYYQn``, the unit of the support-tool statements."""
    if isinstance(value, Quarter):
        return value
    try:
        return Quarter.parse(value)
    except PeriodInvalid:
        raise ValueMalformed(value, "不是季度：格式须为 YYYYQn，如 2022Q2") from None
