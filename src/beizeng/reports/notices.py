"""Supervision notices of the 双线 mechanism (C-3.1.2), composed from an evaluation.

"双线" means a supervision notice (督导通报) to the financial institution and a request for help
(协助工作要求) to its superior management bank, "passing on the policy pressure". Each document
lists the targets the institution failed with the numbers, and the notice names the day by which
its rectification measures are due on the platform (issue 13 point 3). Pure: values in, documents
out.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from beizeng.monitor.evaluation import Evaluation, Subject, TargetResult
from beizeng.reports.bulletin import describe
from beizeng.reports.document import Block, Heading, OfficialDocument, Paragraph
from beizeng.reports.formats import month_end
from beizeng.reports.rectification import chinese_date


def _failed_blocks(results: Sequence[TargetResult], evaluation: Evaluation) -> list[Block]:
    """One numbered heading （一）（二）… per failed target (numbers generated on rendering,
    ``document.numbered``) with the sentence of its figures; platform targets (C-3.4.1,
    C-3.4.2) come from the same evaluation and are listed like the others."""
    blocks: list[Block] = []
    for result in results:
        blocks.append(Heading(result.target.title, level=2))
        blocks.append(Paragraph(describe(result, evaluation)))
    return blocks


def compose_notice(
    subject: Subject,
    results: Sequence[TargetResult],
    evaluation: Evaluation,
    *,
    number: str,
    signed_on: date,
    deadline: date | None = None,
    workdays: int = 15,
) -> OfficialDocument:
    """The notice to the institution that failed ``results``; measures are due by ``deadline``
    (``workdays`` working days after ``signed_on``)."""
    plan = evaluation.plan
    when = month_end(evaluation.period)
    blocks: list[Block] = [
        Paragraph(
            f"根据金融支持市场主体倍增工程考核监测评价体系，截至{when}，你行有{len(results)}项目标"
            "未达到要求，现予督导通报。具体情况如下："
        ),
        Heading("未达标情况"),
        *_failed_blocks(results, evaluation),
        Heading("整改要求"),
        Paragraph(
            "请你行高度重视，认真分析原因，制定切实可行的整改措施，于本通报印发之日起"
            f"{workdays}个工作日内"
            + (f"（{chinese_date(deadline)}前）" if deadline else "")
            + f"通过金融支持市场主体倍增工程平台签收本通报并报送整改措施，报送{plan.issuer}。"
            "人民银行将持续跟进监测，并在下期通报中反映整改情况。"
        ),
    ]
    return OfficialDocument(
        mark=f"{plan.issuer}文件",
        number=number,
        title=f"关于{subject.name}金融支持市场主体倍增工程\n有关指标未达标的督导通报",
        recipients=f"{subject.name}：",
        blocks=tuple(blocks),
        signature=plan.issuer,
        signed_on=signed_on,
        copy_to=subject.superior or "",
    )


def compose_letter(
    subject: Subject,
    results: Sequence[TargetResult],
    evaluation: Evaluation,
    *,
    number: str,
    signed_on: date,
) -> OfficialDocument:
    """The letter asking the institution's superior management bank for help."""
    plan = evaluation.plan
    superior = subject.superior or ""
    when = month_end(evaluation.period)
    blocks: list[Block] = [
        Paragraph(
            f"按照“双线三级”信贷调控工作机制，现将贵行辖属{subject.name}截至{when}金融支持市场主体"
            f"倍增工程目标未达标情况函告如下："
        ),
        *_failed_blocks(results, evaluation),
        Paragraph(
            f"商请贵行加强对{subject.name}的督导，在信贷规模、内部资金转移定价、考核激励等方面给予"
            "倾斜支持，推动其尽快达到目标要求。"
        ),
    ]
    return OfficialDocument(
        mark=f"{plan.issuer}函",
        number=number,
        title=f"关于商请督促{subject.name}\n落实金融支持市场主体倍增工程目标的函",
        recipients=f"{superior}：",
        blocks=tuple(blocks),
        signature=plan.issuer,
        signed_on=signed_on,
    )
