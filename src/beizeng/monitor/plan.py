"""The plan as data: a TOML file of targets, parsed into immutable values (no ``eval``).

A target compares a measure of a metric (``left``) with a constant or with another measure
(``right``) using an operator, for one subject or for every subject of a kind; a target with
several ``checks`` holds only when all of them hold (两增, C-4.5.1). A user copies the file and
changes numbers or adds targets for another year without touching code (issue 4, "The plan as
data"). Every error names the file, the target and the field, in Chinese.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from beizeng.kit.periods import Period, PeriodInvalid
from beizeng.monitor.errors import PlanInvalid
from beizeng.monitor.metrics import REGISTRY
from beizeng.monitor.rules import MEASURES, OPERATORS

SUBJECT_KINDS: dict[str, str] = {
    "city": "全市",
    "counties": "各县（市、区）",
    "banks": "各银行机构",
    "insurers": "各保险机构",
    "institutions": "各金融机构",
    "national": "全国性银行",
    "local": "地方法人金融机构",
}
"""Keywords a target's ``subjects`` may use besides explicit county or institution codes."""

SINGLE_SUBJECTS = frozenset({"city", "national", "local"})
_CODE = re.compile(r"^[A-Za-z0-9]{1,32}$")
_ID = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
_PLAN_KEYS = {"id", "title", "issuer", "year", "parameters", "targets"}
_PARAMETER_KEYS = {"inclusive_threshold", "mid_long_term_years"}
_TARGET_KEYS = {"id", "title", "clause", "subjects", "left", "op", "right", "checks", "due"}
_CHECK_KEYS = {"left", "op", "right"}
_OPERAND_KEYS = {"metric", "measure", "over", "subject"}


@dataclass(frozen=True)
class Operand:
    """A measure of a metric (optionally divided by another metric), or a constant."""

    metric: str | None = None
    measure: str = "value"
    over: str | None = None
    subject: str | None = None
    """None: the subject being judged; else a fixed one (``national``, ``city``, a code)."""
    constant: Decimal | None = None

    @property
    def is_constant(self) -> bool:
        return self.constant is not None


@dataclass(frozen=True)
class Check:
    left: Operand
    op: str
    right: Operand


@dataclass(frozen=True)
class Target:
    id: str
    title: str
    clause: str
    subjects: tuple[str, ...]
    checks: tuple[Check, ...]
    due: Period | None = None
    """The month end from which the target is judged (C-3.4.1: 2022-06); None: every period."""


@dataclass(frozen=True)
class Plan:
    id: str
    title: str
    issuer: str
    year: int
    inclusive_threshold: Decimal
    mid_long_term_years: int
    targets: tuple[Target, ...]
    source: str

    def metrics(self) -> set[str]:
        """Every metric the plan's targets read."""
        out: set[str] = set()
        for target in self.targets:
            for check in target.checks:
                for operand in (check.left, check.right):
                    out.update(m for m in (operand.metric, operand.over) if m)
        return out


_TARGETS_HEADER = re.compile(r"^\s*\[\[\s*targets\s*\]\]")
_TOP_KEY = re.compile(r"^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=")
_TABLE_HEADER = re.compile(r"^\s*\[\s*([A-Za-z_][A-Za-z0-9_]*)\s*\]")
_TOML_POSITION = re.compile(r"^(?P<detail>.*) \(at line (?P<line>\d+), column (?P<column>\d+)\)$")


def _header_lines(text: str) -> list[int]:
    """The line number of each ``[[targets]]`` header, in order (the n-th target starts there)."""
    return [n for n, line in enumerate(text.splitlines(), start=1) if _TARGETS_HEADER.match(line)]


def _top_level_lines(text: str) -> dict[str, int]:
    """Where each top-level key or table (``[parameters]``) is written, for messages."""
    out: dict[str, int] = {}
    for n, line in enumerate(text.splitlines(), start=1):
        if _TARGETS_HEADER.match(line):
            break
        table = _TABLE_HEADER.match(line)
        key = table or _TOP_KEY.match(line)
        if key is not None:
            out.setdefault(key.group(1), n)
    return out


def toml_problem(source: str, exc: tomllib.TOMLDecodeError) -> str:
    """A TOML syntax error in Chinese with the line and column tomllib found it at."""
    found = _TOML_POSITION.match(str(exc))
    if found is None:
        return f"计划文件 {source} 不是有效的 TOML：{exc}"
    return (
        f"计划文件 {source} 不是有效的 TOML：第 {found['line']} 行第 {found['column']} 列有语法错误"
        f"（{found['detail']}）。请检查引号、等号和方括号是否成对。"
    )


class _Reader:
    """Collects every problem of one file before raising, so a user fixes them all at once."""

    def __init__(self, source: str, text: str = "") -> None:
        self.source = source
        self.problems: list[str] = []
        self.lines = _header_lines(text)
        self.keys = _top_level_lines(text)
        self.line: int | None = None
        """The line where the target being read starts (its ``[[targets]]``)."""

    def problem(self, target: str | None, field: str, rule: str) -> None:
        where = f"计划文件 {self.source}"
        if target is not None:
            where += f"，目标「{target}」"
        line = self.line if target is not None else self.keys.get(field.split(".")[0])
        at = "" if line is None else f"（第 {line} 行{'起的目标' if target is not None else ''}）"
        self.problems.append(f"{where}，字段「{field}」：{rule}{at}")

    def unknown_keys(
        self, data: dict[str, Any], allowed: set[str], target: str | None, prefix: str = ""
    ) -> None:
        for key in sorted(set(data) - allowed):
            self.problem(
                target, prefix + key, f"不认识的字段，可用字段：{'、'.join(sorted(allowed))}"
            )

    def text(
        self,
        data: dict[str, Any],
        key: str,
        target: str | None,
        *,
        required: bool = True,
        default: str = "",
    ) -> str:
        value = data.get(key)
        if value is None:
            if required:
                self.problem(target, key, "必须填写")
            return default
        if not isinstance(value, str) or not value.strip():
            self.problem(target, key, f"应为非空文字，实际为「{value}」")
            return default
        return value.strip()

    def operand(self, raw: Any, target: str, field: str) -> Operand:
        if isinstance(raw, Decimal | int) and not isinstance(raw, bool):
            return Operand(constant=Decimal(raw))
        if not isinstance(raw, dict):
            self.problem(
                target, field, f"应为数字或 {{ metric = …, measure = … }}，实际为「{raw}」"
            )
            return Operand(constant=Decimal(0))
        self.unknown_keys(raw, _OPERAND_KEYS, target, field + ".")
        metric = raw.get("metric")
        if metric not in REGISTRY:
            self.problem(
                target,
                f"{field}.metric",
                f"指标「{metric}」不存在，可用指标：{'、'.join(REGISTRY)}",
            )
        measure = raw.get("measure", "value")
        if measure not in MEASURES:
            self.problem(
                target, f"{field}.measure", f"度量「{measure}」不存在，可用：{'、'.join(MEASURES)}"
            )
        over = raw.get("over")
        if over is not None and over not in REGISTRY:
            self.problem(target, f"{field}.over", f"指标「{over}」不存在")
        subject = raw.get("subject")
        if subject is not None and (
            not isinstance(subject, str)
            or (subject in SUBJECT_KINDS and subject not in SINGLE_SUBJECTS)
            or not _CODE.match(subject)
        ):
            self.problem(
                target,
                f"{field}.subject",
                f"「{subject}」应为 city、national、local 或一个机构/县区代码",
            )
        return Operand(metric=metric, measure=measure, over=over, subject=subject)

    def due(self, raw: Any, target: str) -> Period | None:
        """The optional ``due = "YYYY-MM"`` of a target (a month end, written as text)."""
        if raw is None:
            return None
        if isinstance(raw, str):
            try:
                return Period.parse(raw)
            except PeriodInvalid as exc:
                self.problem(target, "due", str(exc))
                return None
        self.problem(
            target, "due", f'应为加引号的年月文字 "YYYY-MM"（如 "2022-06"），实际为「{raw}」'
        )
        return None

    def check(self, raw: dict[str, Any], target: str, prefix: str) -> Check:
        self.unknown_keys(raw, _CHECK_KEYS, target, prefix)
        for key in ("left", "op", "right"):
            if key not in raw:
                self.problem(target, prefix + key, "必须填写")
        op = raw.get("op", ">")
        if op not in OPERATORS:
            self.problem(target, prefix + "op", f"运算符「{op}」无效，可用：{'、'.join(OPERATORS)}")
        left = self.operand(raw.get("left", {}), target, prefix + "left")
        if left.is_constant:
            self.problem(target, prefix + "left", "左侧必须是指标的度量，不能是常数")
        right = self.operand(raw.get("right", Decimal(0)), target, prefix + "right")
        return Check(left, op, right)

    def target(self, raw: Any, index: int, seen: set[str]) -> Target | None:
        self.line = self.lines[index] if index < len(self.lines) else None
        try:
            return self._target(raw, index, seen)
        finally:
            self.line = None

    def _target(self, raw: Any, index: int, seen: set[str]) -> Target | None:
        if not isinstance(raw, dict):
            self.problem(None, f"targets[{index + 1}]", "每个目标应为一个表 [[targets]]")
            return None
        target_id = raw.get("id")
        label = target_id if isinstance(target_id, str) else f"第 {index + 1} 个"
        if not isinstance(target_id, str) or not _ID.match(target_id):
            self.problem(label, "id", f"「{target_id}」应为小写英文字母、数字和下划线，字母开头")
        elif target_id in seen:
            self.problem(label, "id", "目标编号重复")
        seen.add(str(target_id))
        self.unknown_keys(raw, _TARGET_KEYS, label)
        title = self.text(raw, "title", label)
        clause = self.text(raw, "clause", label, required=False)
        subjects = raw.get("subjects", ["city"])
        if not isinstance(subjects, list) or not subjects:
            self.problem(label, "subjects", '应为非空列表，例如 ["city", "banks"]')
            subjects = []
        for subject in subjects:
            if not isinstance(subject, str) or not (
                subject in SUBJECT_KINDS or _CODE.match(subject)
            ):
                self.problem(
                    label,
                    "subjects",
                    f"「{subject}」不是主体类别（{'、'.join(SUBJECT_KINDS)}）或机构/县区代码",
                )
        checks: list[Check] = []
        if "checks" in raw:
            if any(k in raw for k in ("left", "op", "right")):
                self.problem(label, "checks", "checks 与 left/op/right 只能二选一")
            raw_checks = raw["checks"]
            if not isinstance(raw_checks, list) or not raw_checks:
                self.problem(label, "checks", "应为非空的 [[targets.checks]] 列表")
                raw_checks = []
            for i, raw_check in enumerate(raw_checks):
                if isinstance(raw_check, dict):
                    checks.append(self.check(raw_check, label, f"checks[{i + 1}]."))
                else:
                    self.problem(label, f"checks[{i + 1}]", "应为一个表")
        else:
            checks.append(self.check({k: raw[k] for k in raw if k in _CHECK_KEYS}, label, ""))
        due = self.due(raw.get("due"), label)
        return Target(str(target_id), title, clause, tuple(subjects), tuple(checks), due)


def parse_plan(text: str, *, source: str) -> Plan:
    """Parse a plan file's text; ``source`` (the file name) appears in every error."""
    try:
        data = tomllib.loads(text, parse_float=Decimal)
    except tomllib.TOMLDecodeError as exc:
        raise PlanInvalid(toml_problem(source, exc)) from None
    reader = _Reader(source, text)
    reader.unknown_keys(data, _PLAN_KEYS, None)
    plan_id = reader.text(data, "id", None)
    title = reader.text(data, "title", None)
    issuer = reader.text(data, "issuer", None, required=False, default="中国人民银行吕梁市中心支行")
    year = data.get("year")
    if not isinstance(year, int) or isinstance(year, bool) or not 2000 <= year <= 2100:
        reader.problem(None, "year", f"应为年份（如 2022），实际为「{year}」")
        year = 0
    parameters = data.get("parameters", {})
    if not isinstance(parameters, dict):
        reader.problem(None, "parameters", "应为一个表 [parameters]")
        parameters = {}
    reader.unknown_keys(parameters, _PARAMETER_KEYS, None, "parameters.")
    threshold = parameters.get("inclusive_threshold", 10_000_000)
    if not isinstance(threshold, int | Decimal) or isinstance(threshold, bool) or threshold <= 0:
        reader.problem(
            None, "parameters.inclusive_threshold", f"应为正数（元），实际为「{threshold}」"
        )
        threshold = 10_000_000
    years = parameters.get("mid_long_term_years", 1)
    if not isinstance(years, int) or isinstance(years, bool) or years <= 0:
        reader.problem(
            None, "parameters.mid_long_term_years", f"应为正整数（年），实际为「{years}」"
        )
        years = 1
    raw_targets = data.get("targets")
    if not isinstance(raw_targets, list) or not raw_targets:
        reader.problem(None, "targets", "至少需要一个 [[targets]]")
        raw_targets = []
    seen: set[str] = set()
    targets = [reader.target(raw, i, seen) for i, raw in enumerate(raw_targets)]
    if reader.problems:
        head = f"计划文件 {source} 有 {len(reader.problems)} 处错误："
        raise PlanInvalid("\n".join([head, *reader.problems]))
    return Plan(
        id=plan_id,
        title=title,
        issuer=issuer,
        year=int(year),
        inclusive_threshold=Decimal(threshold),
        mid_long_term_years=int(years),
        targets=tuple(t for t in targets if t is not None),
        source=source,
    )
