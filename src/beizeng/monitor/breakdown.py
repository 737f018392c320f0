"""A target's breakdown (issue 14 point 3): every subject's actual, benchmark, margin and
verdict for one target of the active plan, each actual linked to its explain.

The rows are the evaluation page's (``views.evaluation_page``: same evaluation, same scope of a
county sub-branch, same units), cut to one target, so the breakdown cannot disagree with the
table it is reached from (C-3.1.1 follow-up monitoring; C-3.1.2 the levels judged).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from beizeng.access.principal import Principal
from beizeng.errors import NotFound
from beizeng.kit.periods import Period
from beizeng.monitor import views
from beizeng.monitor.plan import Target


class TargetNotInPlan(NotFound):
    """A target id the active plan does not have; the message lists those it has."""


@dataclass(frozen=True)
class TargetPage:
    context: views.MonitorContext
    target: Target
    rows: list[views.ResultRow]

    @property
    def unit(self) -> str:
        """One target, one unit (the column headers'): the first row's."""
        return self.rows[0].unit if self.rows else ""

    @property
    def met(self) -> int:
        return sum(1 for r in self.rows if r.met is True)


def target_page(
    session: Session, *, principal: Principal, target_id: str, period: Period | None
) -> TargetPage:
    """The target ``target_id`` for every subject it judges at ``period`` (default: latest)."""
    page = views.evaluation_page(session, principal=principal, period=period)
    targets = page.context.plan.plan.targets
    target = next((t for t in targets if t.id == target_id), None)
    if target is None:
        known = "、".join(f"{t.id}（{t.title}）" for t in targets)
        raise TargetNotInPlan(f"目标「{target_id}」不在当前目标计划中。计划中的目标：{known}。")
    return TargetPage(page.context, target, [r for r in page.rows if r.target == target_id])
