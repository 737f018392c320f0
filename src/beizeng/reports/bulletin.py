"""The periodic bulletin (定期通报, C-3.1.1, C-4.5.3) composed from an evaluation.

Every sentence is generated from the numbers: the city's and the groups' progress against each
target, the institutions that failed each target named, tables by institution and by county,
charts, and how the last supervision notices were followed: acknowledged, measures filed on time,
late or not at all (from the tracking data, ``rectification``), and who improved since. Pure:
values in, an ``OfficialDocument`` out (rendering is ``officialdoc.render``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from beizeng.kit import numbers, png_charts
from beizeng.kit.numbers import MoneyUnit
from beizeng.monitor.evaluation import (
    CheckOutcome,
    Evaluation,
    Improvement,
    Indicator,
    Subject,
    TargetResult,
    Trend,
    operand_name,
    rank,
)
from beizeng.monitor.metrics import REGISTRY
from beizeng.monitor.plan import Target
from beizeng.monitor.rules import MEASURES, OPERATORS, RATE_MEASURES
from beizeng.reports.document import (
    Block,
    Cell,
    Figure,
    Heading,
    OfficialDocument,
    Paragraph,
    Table,
)
from beizeng.reports.formats import display_unit, gap, margin, month_end, show, shown
from beizeng.reports.rectification import Rectification, rectification_sentence

INSTITUTION_COLUMNS = ("loans", "inclusive_smb", "inclusive_smb_borrowers", "first_loan_borrowers")
COLUMN_NAMES = {
    "loans": "各项贷款",
    "inclusive_smb": "普惠小微",
    "inclusive_smb_borrowers": "普惠户数",
    "first_loan_borrowers": "首贷户数",
}
MONEY_CHARS = 10
"""The widest balance a table shows in 万元 ("999,999.99", just under 100 亿元): beyond it the
table is in 亿元, so that a 7-column table keeps every figure on one line in 小四."""
VERDICTS = {True: "达标", False: "未达标", None: "无法评估"}
PLATFORM = "platform"
"""The ``Kind`` of the metrics judged from platform data (C-3.4.1, C-3.4.2), not ledgers."""


@dataclass(frozen=True)
class BulletinOptions:
    number: str
    """发文字号, e.g. 银吕发〔2022〕12号 (configurable)."""
    signed_on: date
    recipients: str = "人民银行各县（市）支行，各银行业金融机构，各保险公司吕梁分公司："
    copy_to: str = "吕梁市人民政府金融办，吕梁银保监分局。"
    rectification_workdays: int = 15
    """The working days the next-steps paragraph gives failing institutions (the setting)."""


def is_platform(target: Target) -> bool:
    """A target on the platform's service obligations: its first check reads a platform metric
    (四项清单 C-3.4.1, 融资申请答复 C-3.4.2). False for every target while the registry has no
    platform metric."""
    left = target.checks[0].left if target.checks else None
    metric = None if left is None or left.metric is None else REGISTRY.get(left.metric)
    return metric is not None and str(metric.kind) == PLATFORM


def describe(result: TargetResult, evaluation: Evaluation) -> str:
    """One sentence of the bulletin for one result, generated from its numbers."""
    who = result.subject.name
    parts: list[str] = []
    for outcome in result.checks:
        left = outcome.check.left
        assert left.metric is not None
        metric = REGISTRY[left.metric]
        text = who
        if left.measure in RATE_MEASURES:
            indicator = evaluation.indicator(left.metric, result.subject.level, result.subject.code)
            if indicator is not None and indicator.snapshots.value.value is not None:
                text += f"{metric.name}余额{show(indicator.snapshots.value.value, metric.unit)}，"
                text += MEASURES[left.measure]
            else:
                text += f"{metric.name}{MEASURES[left.measure]}"
        else:
            text += operand_name(left)
        text += show(outcome.actual.value, outcome.unit)
        right = outcome.check.right
        word = OPERATORS[outcome.check.op][0]
        if right.is_constant:
            text += f"，目标为{word}{show(outcome.benchmark.value, outcome.unit)}"
        else:
            fixed = evaluation_subject_name(right.subject, evaluation)
            text += f"，{fixed}{operand_name(right)}{show(outcome.benchmark.value, outcome.unit)}"
        parts.append(text)
    sentence = "；".join(parts)
    if result.met is True:
        return f"{sentence}，达到目标。"
    if result.met is False:
        failed = next(o for o in result.checks if o.verdict.met is False)
        return f"{sentence}，未达到目标，相差{gap(failed)}。"
    return f"暂无法评估{who}该项目标：{result.verdict.reason}。"


def evaluation_subject_name(code: str | None, evaluation: Evaluation) -> str:
    if code is None:
        return ""
    for s in evaluation.subjects:
        if s.code == code:
            return s.name
    return code


def _first_failed(result: TargetResult) -> CheckOutcome:
    return next(o for o in result.checks if o.verdict.met is False)


def _institution_summary(results: Sequence[TargetResult]) -> str:
    met = [r for r in results if r.met is True]
    failed = [r for r in results if r.met is False]
    unknown = [r for r in results if r.met is None]
    text = f"参与评估的{len(results)}家机构中，{len(met)}家达标"
    if failed:
        names = "、".join(f"{r.subject.name}（差{gap(_first_failed(r))}）" for _, r in rank(failed))
        text += f"，{len(failed)}家未达标：{names}"
    if unknown:
        text += (
            f"；{len(unknown)}家因数据缺失暂无法评估：{'、'.join(r.subject.name for r in unknown)}"
        )
    return text + "。"


def _money_unit(values: Iterable[Decimal | None]) -> MoneyUnit:
    """万元 unless a figure of the table would be wider than ``MONEY_CHARS`` in 万元."""
    return numbers.fit_money_unit(values, MONEY_CHARS)


def _subject_table(evaluation: Evaluation, level: str, title: str, first: str) -> Table:
    """Balances, growth and borrower counts of every subject of ``level`` with loans."""
    subjects = []
    for subject in evaluation.subjects:
        loans = evaluation.indicator("loans", level, subject.code)
        if subject.level != level or loans is None or loans.snapshots.value.value is None:
            continue  # insurers report statistics only: no row in a loan table
        subjects.append(subject)

    def item(metric: str, subject: Subject) -> Indicator | None:
        return evaluation.indicator(metric, level, subject.code)

    balances = [
        None if (i := item(m, s)) is None else i.snapshots.value.value
        for s in subjects
        for m in INSTITUTION_COLUMNS
        if REGISTRY[m].unit == "yuan"
    ]
    unit = _money_unit(balances)
    header = [first]
    for metric in INSTITUTION_COLUMNS:
        spec = REGISTRY[metric]
        if spec.unit == "yuan":
            header += [f"{COLUMN_NAMES[metric]}（{unit}）", "同比（%）"]
        else:
            header.append(f"{COLUMN_NAMES[metric]}（{display_unit(spec.unit)}）")
    rows: list[tuple[Cell, ...]] = []
    for subject in subjects:
        cells: list[Cell] = [subject.name]
        for metric in INSTITUTION_COLUMNS:
            spec = REGISTRY[metric]
            found = item(metric, subject)
            value = None if found is None else found.snapshots.value.value
            cells.append(shown(value, spec.unit, unit))
            if spec.unit == "yuan":
                growth = None if found is None else found.snapshots.measure("growth").value
                cells.append(numbers.rate(growth))
        rows.append(tuple(cells))
    return Table(title, tuple(header), tuple(rows))


def _ranking_table(results: Sequence[TargetResult], title: str) -> Table:
    """Institutions ranked by their margin on one target, figures in the target's unit."""
    first_unit = results[0].first.unit if results else "fraction"
    unit = _money_unit(v for r in results for v in (r.first.actual.value, r.first.benchmark.value))
    shown_unit = display_unit(first_unit, unit)
    change_unit = numbers.change(None, first_unit, unit).unit
    rows: list[tuple[Cell, ...]] = []
    for position, r in rank(results):
        first = r.first
        rows.append(
            (
                numbers.count(position, unit="", reason="无法评估，不排名"),
                r.subject.name,
                shown(first.actual.value, first.unit, unit),
                shown(first.benchmark.value, first.unit, unit),
                margin(first, unit),
                VERDICTS[r.met],
            )
        )
    header = (
        "名次",
        "机构",
        f"本机构（{shown_unit}）",
        f"比较基准（{shown_unit}）",
        f"差额（{change_unit}）",
        "结果",
    )
    return Table(title, header, tuple(rows))


def _charts(evaluation: Evaluation, trends: Sequence[Trend]) -> list[Block]:
    blocks: list[Block] = []
    by_metric = {t.metric: t for t in trends}
    lines = [by_metric[m] for m in ("loans", "inclusive_smb") if m in by_metric]
    if lines:
        labels = [str(p) for p, _ in lines[0].points]
        series = [
            (REGISTRY[t.metric].name, [None if v is None else float(v) / 1e8 for _, v in t.points])
            for t in lines
        ]
        png = png_charts.line_chart("全市贷款余额走势（近24个月）", labels, series, unit="亿元")
        blocks.append(Figure("全市各项贷款与普惠小微贷款余额走势", png))
    counties = [s for s in evaluation.subjects if s.level == "county"]
    if counties:
        series = []
        for metric in ("loans", "inclusive_smb"):
            values = []
            for s in counties:
                item = evaluation.indicator(metric, "county", s.code)
                growth = None if item is None else item.snapshots.measure("growth").value
                values.append(None if growth is None else float(growth) * 100)
            series.append((f"{REGISTRY[metric].name}同比", values))
        png = png_charts.bar_chart(
            "各县（市、区）贷款增速",
            [s.name for s in counties],
            series,
            unit="%",
            reference=10.0,
            reference_label="目标 10%",
        )
        blocks.append(Figure("各县（市、区）各项贷款与普惠小微贷款同比增速", png))
    return blocks


def _improvement_blocks(
    items: Sequence[Improvement],
    evaluation: Evaluation,
    rectification: Rectification | None = None,
    today: date | None = None,
) -> list[Block]:
    tracked = rectification is not None and bool(rectification.notices)
    if not items and not tracked:
        return [Paragraph("上期未发出督导通报，或被督导机构本期暂无可比数据。")]
    titles = {t.id: t.title for t in evaluation.plan.targets}
    improved = [i for i in items if i.improved]
    if rectification is not None and tracked:
        text = rectification_sentence(rectification, today or date.max)
    else:
        text = f"上期（{items[0].noticed_for}）共向{len(items)}家机构发出督导通报。"
    if improved:
        text += (
            "本期已整改达标的有："
            + "；".join(
                f"{i.subject.name}（{'、'.join(titles.get(t, t) for t in i.now_met)}）"
                for i in improved
            )
            + "。"
        )
    elif items:
        text += "本期尚无机构整改达标。"
    still = [i for i in items if i.still_failing]
    if still:
        text += (
            "仍未达标的有："
            + "；".join(
                f"{i.subject.name}（{'、'.join(titles.get(t, t) for t in i.still_failing)}）"
                for i in still
            )
            + "。"
        )
    return [Paragraph(text)]


def _platform_blocks(evaluation: Evaluation, targets: Sequence[Target]) -> list[Block]:
    """The section on the platform's service obligations (issue 14 point 7; C-3.4.1 four
    lists, C-3.4.2 five working days): per target the late banks named with their figures, or
    one sentence that all were on time."""
    blocks: list[Block] = []
    late_anywhere = False
    for target in targets:
        results = evaluation.results_of(target.id)
        banks = [r for r in results if r.subject.level == "institution"]
        late = [r for _, r in rank([r for r in banks if r.met is False])]
        late_anywhere = late_anywhere or bool(late)
        text = "".join(describe(r, evaluation) for r in results if r not in banks)
        unknown = [r for r in banks if r.met is None]
        if banks and len(unknown) == len(banks):
            text += f"参与评估的{len(banks)}家机构均暂无法评估：{unknown[0].verdict.reason}"
        elif banks:
            text += f"参与评估的{len(banks)}家机构中，{sum(1 for r in banks if r.met)}家按期履行"
            if late:
                text += f"，{len(late)}家未按期：" + "；".join(_late(r) for r in late)
            if unknown:
                names = "、".join(r.subject.name for r in unknown)
                text += f"；{len(unknown)}家暂无法评估：{names}"
        blocks += [Heading(target.title, level=2), Paragraph(text.rstrip("。") + "。")]
    if not late_anywhere:
        return [Paragraph("各银行业金融机构均已按期履行综合金融服务平台服务义务。"), *blocks]
    return blocks


def _late(result: TargetResult) -> str:
    """「甲银行（四项清单按期公布2项，目标为不低于4项，差2项）」."""
    outcome = _first_failed(result)
    word = OPERATORS[outcome.check.op][0]
    left = outcome.check.left
    name = REGISTRY[left.metric].name if left.metric else operand_name(left)
    return (
        f"{result.subject.name}（{name}{show(outcome.actual.value, outcome.unit)}，"
        f"目标为{word}{show(outcome.benchmark.value, outcome.unit)}，差{gap(outcome)}）"
    )


def compose_bulletin(
    evaluation: Evaluation,
    *,
    trends: Sequence[Trend],
    improvements: Sequence[Improvement],
    options: BulletinOptions,
    with_charts: bool = True,
    rectification: Rectification | None = None,
) -> OfficialDocument:
    """The bulletin for ``evaluation.period`` as an ``OfficialDocument``; ``rectification`` is
    the tracking of the last notices (stages judged on the bulletin's date). Headings, tables
    and figures are numbered when rendered (``document.numbered``), so a target without a
    city-level subject or an absent section leaves no gap."""
    period = evaluation.period
    plan = evaluation.plan
    results = evaluation.results
    platform = [t for t in plan.targets if is_platform(t)]
    targets = [t for t in plan.targets if t not in platform]
    aggregate = [r for r in results if r.subject.level != "institution" and r.target in targets]
    met = sum(1 for r in aggregate if r.met is True)
    blocks: list[Block] = [
        Paragraph(
            f"根据《中国人民银行吕梁市中心支行关于金融支持吕梁市场主体倍增工程的实施意见》"
            f"建立的考核监测评价体系，现将截至{month_end(period)}{plan.title}完成情况通报如下。"
            f"本期全市及机构类别层面共评估{len(aggregate)}项，达标{met}项。"
        ),
        Heading("全市主要目标完成情况"),
    ]
    for target in targets:
        rows = [r for r in aggregate if r.target.id == target.id]
        if rows:
            blocks.append(Heading(target.title, level=2))
            blocks.append(Paragraph("".join(describe(r, evaluation) for r in rows)))
    blocks.append(Heading("各金融机构目标完成情况"))
    per_institution = [
        t
        for t in targets
        if any(r.subject.level == "institution" for r in evaluation.results_of(t.id))
    ]
    for target in per_institution:
        rows = [r for r in evaluation.results_of(target.id) if r.subject.level == "institution"]
        blocks.append(Heading(target.title, level=2))
        blocks.append(Paragraph(_institution_summary(rows)))
    blocks.append(_subject_table(evaluation, "institution", "分机构主要指标", "机构"))
    first_ranked = next(iter(per_institution), None)
    if first_ranked is not None:
        blocks.append(
            _ranking_table(
                [
                    r
                    for r in evaluation.results_of(first_ranked.id)
                    if r.subject.level == "institution"
                ],
                f"“{first_ranked.title}”机构排名",
            )
        )
    blocks.append(Heading("分县（市、区）情况"))
    blocks.append(_subject_table(evaluation, "county", "分县（市、区）主要指标", "县（市、区）"))
    if with_charts:
        blocks.append(Heading("主要指标走势"))
        blocks.extend(_charts(evaluation, trends))
    if platform:
        blocks.append(Heading("综合金融服务平台服务义务落实情况"))
        blocks.extend(_platform_blocks(evaluation, platform))
    blocks.append(Heading("上期督导通报整改情况"))
    blocks.extend(_improvement_blocks(improvements, evaluation, rectification, options.signed_on))
    blocks.append(Heading("下一步工作要求"))
    blocks.append(
        Paragraph(
            "各金融机构要对照目标逐项查找差距，未达标机构要于通报印发后"
            f"{options.rectification_workdays}个工作日内向人民银行吕梁市中心支行报送整改措施，"
            "加大普惠小微、首贷、信用贷款和中长期贷款投放力度，确保全年目标如期实现。"
        )
    )
    return OfficialDocument(
        mark=f"{plan.issuer}文件",
        number=options.number,
        title=f"{plan.issuer}\n关于{month_end(period)}金融支持市场主体\n倍增工程指标完成情况的通报",
        recipients=options.recipients,
        blocks=tuple(blocks),
        signature=plan.issuer,
        signed_on=options.signed_on,
        copy_to=options.copy_to,
    )
