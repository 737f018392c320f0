"""Errors of monitoring: plans that cannot be read, metrics and subjects that do not exist."""

from __future__ import annotations

from beizeng.errors import Conflict, InvalidInput, NotFound


class PlanInvalid(InvalidInput):
    """A plan file broke a rule; the message names the file, the target and the field."""


class MetricUnknown(InvalidInput):
    """A metric slug that is not registered."""


class SubjectUnknown(NotFound):
    """A subject code (county, institution, group) that does not exist."""


class MonitorNoData(NotFound):
    """No accepted ledger snapshot exists for the period asked for."""


class TargetUnknown(InvalidInput):
    """A ``--target`` that is not a target ranked per institution; the message lists those that
    are, so a mistyped id is answered rather than met with silence (consolidation issue,
    point 9)."""


class PlanTooLarge(InvalidInput):
    """An uploaded plan file over the cap: a plan is a few kilobytes of TOML."""

    def __init__(self, file: str, limit: int) -> None:
        super().__init__(f"计划文件 {file} 超过 {limit // 1024} KB，不是目标计划文件。")


class PlanDuplicate(Conflict):
    """A plan whose text is already stored as a version: choose that version instead."""

    def __init__(self, version: int) -> None:
        super().__init__(
            f"该计划文件与已载入的第 {version} 版内容完全相同，未重复保存；"
            f"如需使用，请在版本列表中选用第 {version} 版。"
        )


class PlanVersionUnknown(NotFound):
    def __init__(self, version_id: int) -> None:
        super().__init__(f"目标计划版本（编号 {version_id}）不存在。")


class PlanVersionNumberUnknown(NotFound):
    def __init__(self, version: int) -> None:
        super().__init__(
            f"没有第 {version} 版目标计划；用 beizeng monitor plan list 查看已载入的版本。"
        )


class PlanLoadedMeanwhile(Conflict):
    """Two loads at once took the same version number: the second is refused, nothing kept."""

    def __init__(self) -> None:
        super().__init__("另一位用户刚刚载入了目标计划，本次未保存；请刷新版本列表后重试。")


class MeasureUnknown(InvalidInput):
    """A measure that is neither the value nor a derived measure of ``rules.MEASURE_TERMS``."""
