"""Pure decisions of health and readiness: what each check's facts mean and what to do.

Liveness (``/healthz``) says only that the process answers. Readiness (``/readyz``,
``beizeng doctor``) says whether the platform can serve correctly now: the database answers, its
schema is at the migration head, the accepted ledger files are where the records say, and the
working-day calendar is official for the coming month (the five-working-day reply clock of
C-3.4.2 and the outreach deadlines are counted on it; a year without a loaded State Council
notice is counted provisionally, see ``beizeng.reference.workdays``).

The service gathers the facts (I/O); these functions turn them into ``Check`` values whose
``detail`` and ``remedy`` are the Chinese text shown to operators.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

CALENDAR_HORIZON = timedelta(days=30)
"""How far ahead the calendar must be official: a reply deadline set today lies within it."""

LEDGER_SAMPLE = 50
"""Current submissions whose Parquet files are checked per run (all of them when fewer)."""

TITLES: dict[str, str] = {
    "database": "数据库连接",
    "migrations": "数据库结构",
    "ledger": "台账文件",
    "calendar": "节假日安排",
}
"""Check name → its Chinese title, in the order the checks run and are shown."""

FolderState = Literal["ok", "missing", "not_a_directory", "unreadable"]


@dataclass(frozen=True)
class Check:
    """The outcome of one readiness check.

    ``name`` is the stable identifier monitoring keys on; ``detail`` says what was found and
    ``remedy`` (empty when the check passed) what an operator should do.
    """

    name: str
    ok: bool
    detail: str
    remedy: str = ""

    @property
    def title(self) -> str:
        return TITLES.get(self.name, self.name)


def is_ready(checks: Sequence[Check]) -> bool:
    """Ready when there is at least one check and every check passed."""
    return bool(checks) and all(check.ok for check in checks)


def not_checked(name: str, because: str) -> Check:
    """A check that could not run because an earlier one failed; it counts as failed."""
    return Check(name, False, f"未检查：{because}", "先处理上面未通过的检查项")


def database_check(error: str | None) -> Check:
    """The database answered a trivial query (``error`` is None) or it did not."""
    if error is None:
        return Check("database", True, "数据库可以连接")
    return Check(
        "database",
        False,
        f"无法连接数据库（{error}）",
        "确认数据库服务已启动、BEIZENG_DATABASE_URL 的地址、用户与密码正确、"
        "运行平台的用户可以访问该数据库",
    )


def migrations_check(current: bool) -> Check:
    """The schema stands at the one migration head (``beizeng.db.is_current``)."""
    if current:
        return Check("migrations", True, "数据库结构为最新版本")
    return Check(
        "migrations",
        False,
        "数据库结构不是最新版本（迁移未执行到最新）",
        "运行 beizeng db upgrade",
    )


def ledger_check(*, folder: FolderState, recorded: int, sampled: int, missing: int) -> Check:
    """The ledger folder is usable and the sampled current submissions' files are readable.

    ``recorded`` is the number of current submissions in the database, ``sampled`` how many of
    their files were looked at, ``missing`` how many of those were absent or not Parquet. A home
    that has accepted no ledger yet has no folder; that is ready (the first import creates it).
    """
    restore = "从最近的备份恢复数据目录：beizeng backup restore FILE --home DIR"
    if folder == "missing":
        if recorded == 0:
            return Check("ledger", True, "尚未接收台账；台账目录将在首次导入时创建")
        return Check(
            "ledger",
            False,
            f"台账目录不存在，但数据库登记了 {recorded} 份现行台账",
            f"确认 BEIZENG_HOME 指向正确的数据目录；否则{restore}",
        )
    if folder == "not_a_directory":
        return Check(
            "ledger", False, "台账目录的位置是一个文件而不是目录", "确认 BEIZENG_HOME 设置正确"
        )
    if folder == "unreadable":
        return Check(
            "ledger",
            False,
            "台账目录无法读取（权限不足）",
            "让运行平台的用户可以读取数据目录，例如 chown -R beizeng: $BEIZENG_HOME",
        )
    if missing:
        return Check(
            "ledger",
            False,
            f"抽查 {sampled} 份现行台账，其中 {missing} 个 Parquet 文件缺失或无法读取",
            f"运行 beizeng ledger verify 列出全部问题文件；{restore}",
        )
    if recorded == 0:
        return Check("ledger", True, "台账目录可读，尚未接收台账")
    return Check(
        "ledger", True, f"台账目录可读，抽查 {sampled} 份现行台账（共 {recorded} 份）文件齐全"
    )


def calendar_window(today: date) -> tuple[date, date]:
    """The days whose working-day status must be official: today and the next 30 days."""
    return today, today + CALENDAR_HORIZON


def calendar_check(*, start: date, end: date, gaps: Sequence[int]) -> Check:
    """Every year between ``start`` and ``end`` is covered by the package or a loaded notice.

    ``gaps`` are the years covered by neither; their days would be counted provisionally
    (weekends off, weekdays on), which can move a deadline across a holiday.
    """
    span = f"{start.isoformat()} 至 {end.isoformat()}"
    if not gaps:
        return Check("calendar", True, f"节假日安排覆盖 {span}")
    years = "、".join(str(year) for year in sorted(gaps))
    return Check(
        "calendar",
        False,
        f"{years} 年的节假日安排尚未载入，{span} 的工作日只能暂按周一至周五计算",
        f"载入 {years} 年节假日安排：beizeng calendar load FILE.toml",
    )


def calendar_unreadable(error: str) -> Check:
    return Check(
        "calendar",
        False,
        f"无法读取已载入的节假日安排（{error}）",
        "运行 beizeng db upgrade 后重试",
    )


def ledger_unreadable(error: str) -> Check:
    return Check(
        "ledger",
        False,
        f"无法从数据库读取台账登记（{error}）",
        "运行 beizeng db upgrade 后重试",
    )
